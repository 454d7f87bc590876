/**
 * The data has the intended NHS-like shape on a modest run (3 orgs × 12 months,
 * staff as in the reference CSV): figures recomputed from the events alone.
 */
import { describe, expect, test } from "vitest";
import { analyseStream, reasonShareInMonths } from "./absence-shape.js";
import { collect } from "./collect.js";

const records = await collect({ orgs: 3, months: 12, seed: 3, scale: 1, start: "2024-04" });
const shape = analyseStream(records, "2024-04-01", "2025-04-01");
const rate = (lost: number, available: number) => (lost / available) * 100;

describe("absence shape", () => {
  test("the overall sickness absence rate is NHS-like (4–6%)", () => {
    expect(shape.totalAvailable).toBeGreaterThan(1_000_000);
    const overall = rate(shape.totalLost, shape.totalAvailable);
    expect(overall).toBeGreaterThan(4);
    expect(overall).toBeLessThan(6);
  });

  test("S10 (anxiety/stress/depression) is about a quarter of FTE days lost", () => {
    const share = (shape.lostByReason.get("S10") ?? 0) / shape.totalLost;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
  });

  test("S13 (cold, cough, flu) has a winter peak: its share is higher in Dec–Feb than Jun–Aug", () => {
    const winter = reasonShareInMonths(shape, "S13", [12, 1, 2]);
    const summer = reasonShareInMonths(shape, "S13", [6, 7, 8]);
    expect(winter).toBeGreaterThan(summer * 1.5);
  });

  test("staff groups differ: doctors lowest, support to clinical staff above nurses", () => {
    const groupRate = (g: string) => rate(shape.lostByGroup.get(g) ?? 0, shape.availableByGroup.get(g) ?? 1);
    expect(groupRate("HCHS doctors")).toBeLessThan(groupRate("Nurses & health visitors"));
    expect(groupRate("Support to doctors, nurses & midwives")).toBeGreaterThan(groupRate("HCHS doctors") * 2);
  });

  test("every month's rate stays within a plausible band (no warm-up dip)", () => {
    // Monthly FTE days available ≈ total / 12; a dip in the first months would show missed carried-in absences.
    const monthlyAvailable = shape.totalAvailable / 12;
    for (const [month, byReason] of shape.lostByMonthReason) {
      const lost = [...byReason.values()].reduce((s, v) => s + v, 0);
      const r = rate(lost, monthlyAvailable);
      expect(r, month).toBeGreaterThan(3);
      expect(r, month).toBeLessThan(7.5);
    }
  });
});

describe("OH activity shape", () => {
  test("about 10% of booked appointments are did-not-attend (8–12%)", () => {
    expect(shape.appointmentsBooked).toBeGreaterThan(500);
    const dna = shape.dnas / shape.appointmentsBooked;
    expect(dna).toBeGreaterThan(0.08);
    expect(dna).toBeLessThan(0.12);
  });

  test("flu vaccinations are given only in September–February", () => {
    expect(shape.fluFrontline).toBeGreaterThan(100);
    for (const month of shape.fluMonths) expect([9, 10, 11, 12, 1, 2]).toContain(month);
  });

  test("high-risk exposures mostly get PEP within 60 minutes", () => {
    const exposures = records
      .filter((r) => r.eventType === "ohwb.exposure.incident")
      .map((r) => (JSON.parse(r.value) as { payload: Record<string, unknown> }).payload);
    expect(exposures.length).toBeGreaterThan(100);
    const pep = exposures.filter((p) => p.pep_first_dose_at !== null);
    for (const p of pep) expect(p.pep_indicated).toBe(true);
    const minutes = pep.map(
      (p) => (Date.parse(p.pep_first_dose_at as string) - Date.parse(p.exposed_at as string)) / 60_000,
    );
    expect(minutes.length).toBeGreaterThanOrEqual(10);
    expect(minutes.filter((m) => m <= 60).length / minutes.length).toBeGreaterThan(0.5);
  });

  test("monthly FTE rows: 'All staff groups' equals the sum of the groups for every org-month", () => {
    const sums = new Map<string, { groups: number; all: number }>();
    for (const r of records.filter((x) => x.eventType === "workforce.fte.monthly")) {
      const p = (JSON.parse(r.value) as { payload: Record<string, string | number> }).payload;
      const key = `${p.reporting_org_code}|${p.month_end}`;
      const s = sums.get(key) ?? { groups: 0, all: 0 };
      if (p.staff_group === "All staff groups") s.all = p.fte_days_available as number;
      else s.groups += p.fte_days_available as number;
      sums.set(key, s);
    }
    expect(sums.size).toBe(3 * 12);
    for (const s of sums.values()) expect(s.all).toBeCloseTo(s.groups, 1);
  });

  test("service costs arrive monthly for each org, with vaccine lines only in flu months", () => {
    const costs = records
      .filter((r) => r.eventType === "ohwb.service.cost")
      .map((r) => (JSON.parse(r.value) as { payload: Record<string, unknown> }).payload);
    const months = new Set(costs.map((p) => `${p.service_ods}|${p.period_start}`));
    expect(months.size).toBe(3 * 12);
    for (const p of costs.filter((c) => c.cost_type === "vaccine")) {
      expect([9, 10, 11, 12, 1, 2]).toContain(Number((p.period_start as string).slice(5, 7)));
    }
  });
});
