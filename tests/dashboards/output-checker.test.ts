import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DisclosureViolationError } from "../../dashboards/dashboard-errors.js";
import { discloseAbsenceRates } from "../../dashboards/disclosure/disclosure-control.js";
import {
  assertPublishable,
  checkOutputs,
  type DisclosureViolation,
} from "../../dashboards/disclosure/output-checker.js";
import type { AbsenceMartRow } from "../../dashboards/mart-rows.js";
import { absenceMartFixture } from "./fixtures/absence-mart-fixture.js";

const PSEUDONYM = "ps_0123456789abcdef0123456789abcdef"; // ingest's format: ps_ + 32 hex

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ohwb-publish-"));
  writeCleanSite(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A small site that follows every rule, in every file type the checker reads. */
function writeCleanSite(root: string): void {
  mkdirSync(join(root, "charts"), { recursive: true });
  writeFileSync(
    join(root, "referrals.csv"),
    [
      "level,code,n_referrals,seen_count,pct_seen_10d",
      "england,ENG,*,10,*", // England too: it may be one trust
      "organisation,RXX,*,0,*",
      "organisation,RYY,25,1005,37.5",
      'ics,QHL,"1,000",15,50.0', // a quoted non-numeric value is not a count
    ].join("\n"),
  );
  writeFileSync(
    join(root, "absence.csv"),
    [
      "month_end,level,code,staff_group,fte_days_lost,fte_days_available,rate_pct,suppressed_reason",
      "2024-01-31,organisation,RXX,Midwives,,,,ESR_330",
      "2024-01-31,organisation,RXX,All staff groups,620.5,12300.25,5.04,",
    ].join("\r\n"),
  );
  writeFileSync(
    join(root, "charts", "spc.vl.json"),
    JSON.stringify({
      title: "SPC",
      data: { values: [{ month_end: "2024-01-31", rate_pct: 5.04, n_months: 25 }] },
    }),
  );
  writeFileSync(
    join(root, "charts", "spc.svg"),
    '<svg xmlns="http://www.w3.org/2000/svg"><text>Rate 5.04%</text></svg>',
  );
  writeFileSync(
    join(root, "index.html"),
    "<html><body><h1>Evidence pack</h1><p>Rates by staff group.</p></body></html>",
  );
  writeFileSync(
    join(root, "chart.png"),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0x49, 0x44, 0x41, 0x54, 0, 1, 2]),
  );
}

function kinds(violations: DisclosureViolation[]): string[] {
  return violations.map((v) => `${v.file}|${v.kind}`);
}

describe("output checker", () => {
  it("passes a clean directory", () => {
    expect(checkOutputs(dir)).toEqual([]);
    expect(() => assertPublishable(dir)).not.toThrow();
  });

  it("finds a staff pseudonym in CSV, JSON, HTML, SVG and a binary file, without echoing it", () => {
    writeFileSync(join(dir, "leak.csv"), `code,note\nRXX,${PSEUDONYM}\n`);
    writeFileSync(
      join(dir, "charts", "leak.json"),
      JSON.stringify({ data: { values: [{ who: PSEUDONYM }] } }),
    );
    writeFileSync(join(dir, "leak.html"), `<td>${PSEUDONYM}</td>`);
    writeFileSync(join(dir, "charts", "leak.svg"), `<svg><title>${PSEUDONYM}</title></svg>`);
    writeFileSync(
      join(dir, "leak.bin"),
      Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(PSEUDONYM), Buffer.from([0])]),
    );
    const v = checkOutputs(dir);
    expect(kinds(v).sort()).toEqual(
      ["leak.csv", "charts/leak.json", "leak.html", "charts/leak.svg", "leak.bin"]
        .map((f) => `${f}|staff_pseudonym`)
        .sort(),
    );
    expect(v.find((x) => x.file === "leak.csv")?.where).toBe("line 2");
    expect(JSON.stringify(v)).not.toContain(PSEUDONYM);
  });

  it("uses a configurable pseudonym pattern", () => {
    writeFileSync(join(dir, "other.txt"), "token STAFF-00042 appears");
    expect(checkOutputs(dir)).toEqual([]);
    expect(kinds(checkOutputs(dir, { pseudonymPattern: /STAFF-\d{5}/g }))).toEqual([
      "other.txt|staff_pseudonym",
    ]);
  });

  it("finds a staff id key carrying a value in CSV, JSON and text", () => {
    writeFileSync(join(dir, "ids.csv"), "staff_id,n_x\nE1234567,10\n");
    writeFileSync(join(dir, "ids.json"), JSON.stringify({ staff_id: "E1234567" }));
    writeFileSync(join(dir, "ids.html"), "<p data-x='1'>staff_id=E1234567</p>");
    writeFileSync(join(dir, "empty.json"), JSON.stringify({ staff_id: null, rows: [{ staff_id: "" }] }));
    const v = checkOutputs(dir);
    expect([...new Set(kinds(v))].sort()).toEqual([
      "ids.csv|staff_id",
      "ids.html|staff_id",
      "ids.json|staff_id",
    ]);
  });

  it("finds small and unrounded counts at every level, England too (CSV columns and JSON tables)", () => {
    writeFileSync(
      join(dir, "counts.csv"),
      "level,code,n_referrals\norganisation,RXX,3\nics,QHL,12\nengland,ENG,3\n",
    );
    writeFileSync(
      join(dir, "counts.json"),
      JSON.stringify({ data: { values: [{ code: "RXX", dna_count: 7 }] } }),
    );
    const v = checkOutputs(dir);
    expect(v.map((x) => [x.file, x.kind, x.where])).toEqual([
      ["counts.csv", "small_count", "line 2, column n_referrals"],
      ["counts.csv", "unrounded_count", "line 3, column n_referrals"],
      ["counts.csv", "small_count", "line 4, column n_referrals"],
      ["counts.json", "small_count", "$.data.values[0].dna_count"],
    ]);
  });

  it("reads count columns from a sidecar manifest, whose level exempts nothing", () => {
    writeFileSync(join(dir, "appointments.csv"), "code,attended\nRXX,12\n");
    expect(checkOutputs(dir)).toEqual([]); // "attended" is not a count by its name
    writeFileSync(
      join(dir, "appointments.csv.disclosure.json"),
      JSON.stringify({ countColumns: ["attended"] }),
    );
    expect(kinds(checkOutputs(dir))).toEqual(["appointments.csv|unrounded_count"]);
    writeFileSync(
      join(dir, "appointments.csv.disclosure.json"),
      JSON.stringify({ countColumns: ["attended"], level: "england" }),
    );
    expect(kinds(checkOutputs(dir))).toEqual(["appointments.csv|unrounded_count"]);
  });

  it("finds an FTE-day rate published from a denominator ≤ 330", () => {
    writeFileSync(
      join(dir, "rates.csv"),
      "level,code,fte_days_lost,fte_days_available,rate_pct\norganisation,RXX,12,330,3.64\norganisation,RYY,12,331,3.63\n",
    );
    writeFileSync(
      join(dir, "rates.json"),
      JSON.stringify([{ level: "england", fte_days_available: 300, rate_pct: 4 }]),
    );
    const v = checkOutputs(dir);
    expect(v.map((x) => [x.file, x.kind, x.where])).toEqual([
      ["rates.csv", "small_denominator", "line 2, column fte_days_available"],
      ["rates.json", "small_denominator", "$[0].fte_days_available"],
    ]);
    expect(v[0]?.detail).toContain("rate_pct 3.64");
  });

  it("assertPublishable throws a typed error listing every violation", () => {
    writeFileSync(join(dir, "bad.csv"), `level,n_x,who\norganisation,2,${PSEUDONYM}\n`);
    let caught: unknown;
    try {
      assertPublishable(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DisclosureViolationError);
    const error = caught as DisclosureViolationError;
    expect(error.code).toBe("DISCLOSURE_VIOLATION");
    expect((error.context.violations as DisclosureViolation[]).map((v) => v.kind).sort()).toEqual([
      "small_count",
      "staff_pseudonym",
    ]);
    expect(error.message).toMatch(/2 disclosure violations/);
    expect(error.message).not.toContain(PSEUDONYM);
  });

  it("fails raw mart rows (days kept for suppressed rows) and passes the same rows after disclosure control", () => {
    const columns = [
      "month_end",
      "level",
      "code",
      "staff_group",
      "fte_days_lost",
      "fte_days_available",
      "rate_pct",
    ];
    const toCsv = (rows: readonly AbsenceMartRow[]) =>
      [
        columns.join(","),
        ...rows.map((r) => columns.map((c) => `"${r[c as keyof AbsenceMartRow] ?? ""}"`).join(",")),
      ].join("\n");
    const mart = absenceMartFixture();
    writeFileSync(join(dir, "absence-export.csv"), toCsv(mart));
    const raw = checkOutputs(dir);
    expect(raw.length).toBe(24); // ZZD Central functions, every month
    expect(new Set(raw.map((v) => v.kind))).toEqual(new Set(["small_denominator"]));
    writeFileSync(join(dir, "absence-export.csv"), toCsv(discloseAbsenceRates(mart)));
    expect(checkOutputs(dir)).toEqual([]);
  });
});
