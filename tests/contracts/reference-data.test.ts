/**
 * The contracts against NHS England's real published files that the project
 * ships in reference/nhs-sickness-absence: the files are the ones its
 * SHA256SUMS names, every benchmarking CSV row becomes
 * a valid workforce.absence.monthly event (ODS formats, staff-group variants,
 * suppression), and the ESR reason labels match the reason files.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalStaffGroup, enumerations, validateEvent } from "../../contracts/index.js";
import { parseCsvObjects } from "../../core/csv-records.js";
import { benchmarkingFiles, reasonFiles, referenceDataDir } from "../../core/reference-data.js";

const referenceDir = referenceDataDir();

function readCsv(path: string): Record<string, string>[] {
  return parseCsvObjects(readFileSync(path, "utf8"));
}

const rows = benchmarkingFiles().flatMap((f) => readCsv(f));

function measure(text: string | undefined): number | null {
  return text === undefined || text.trim() === "" ? null : Number(text);
}

function rowToEvent(row: Record<string, string>, index: number): unknown {
  const [day, month, year] = (row.DATE ?? "").split("/");
  const lost = measure(row.FTE_DAYS_LOST);
  return {
    event_id: `00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`,
    event_type: "workforce.absence.monthly",
    schema_version: 1,
    occurred_at: `${year}-${month}-${day}T00:00:00Z`,
    source_system: "nhse-sickness-benchmarking",
    org_code: "X24",
    payload: {
      month_end: `${year}-${month}-${day}`,
      region_code: row.NHSE_REGION_CODE,
      region_name: row.NHSE_REGION_NAME,
      ics_code: row.ICS_CODE,
      ics_name: row.ICS_NAME,
      reporting_org_code: row.ORG_CODE,
      org_name: row.ORG_NAME,
      cluster_group: row.CLUSTER_GROUP,
      benchmark_group: row.BENCHMARK_GROUP,
      staff_group: canonicalStaffGroup(row.STAFF_GROUP ?? ""),
      is_suppressed: lost === null,
      fte_days_lost: lost,
      fte_days_available: measure(row.FTE_DAYS_AVAILABLE),
      published_rate_pct: measure(row.SICKNESS_ABSENCE_RATE_PERCENT),
    },
  };
}

describe("reference data", () => {
  it("ships the 2023 benchmarking months and the reason files unchanged (SHA256SUMS)", () => {
    const sums = readFileSync(join(referenceDir, "SHA256SUMS"), "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const [sum, file] = line.split(/\s+/);
        return { sum, file: file ?? "" };
      });
    const shipped = [...benchmarkingFiles(), ...reasonFiles()].map((f) => f.slice(referenceDir.length + 1));
    expect(sums.map((s) => s.file).sort()).toEqual(shipped.sort());
    expect(shipped.filter((f) => f.startsWith("benchmarking/"))).toHaveLength(12);
    for (const { sum, file } of sums) {
      const actual = createHash("sha256")
        .update(readFileSync(join(referenceDir, file)))
        .digest("hex");
      expect(actual, file).toBe(sum);
    }
  });

  it("reads all twelve 2023 benchmarking files", () => {
    expect(benchmarkingFiles()).toHaveLength(12);
    expect(rows.length).toBeGreaterThan(30_000);
  });

  it("maps every published staff-group label to a canonical one", () => {
    const labels = new Set(rows.map((r) => r.STAFF_GROUP ?? ""));
    for (const label of labels) expect(canonicalStaffGroup(label), label).toBeDefined();
    expect(canonicalStaffGroup("HCHS Doctors")).toBe("HCHS doctors");
    expect(canonicalStaffGroup("Other staff or those with unknown classification")).toBe(
      "Unknown classification",
    );
    expect(canonicalStaffGroup("  nurses AND health   visitors ")).toBe("Nurses & health visitors");
    expect(canonicalStaffGroup("All staff groups")).toBe("All staff groups");
    expect(canonicalStaffGroup("Astronauts")).toBeUndefined();
    expect(canonicalStaffGroup("")).toBeUndefined();
    expect(canonicalStaffGroup("__proto__")).toBeUndefined();
  });

  it("every benchmarking row (suppressed ones too) is a valid workforce.absence.monthly event", () => {
    let suppressed = 0;
    rows.forEach((row, index) => {
      const result = validateEvent(rowToEvent(row, index));
      if (!result.ok) throw new Error(`${row.DATE} ${row.ORG_CODE} ${row.STAFF_GROUP}: ${result.summary}`);
      if (row.FTE_DAYS_LOST === "") suppressed++;
    });
    expect(suppressed).toBeGreaterThan(0);
  });

  it("accepts every ODS code format in the files (trusts, ICBs, CSUs, 5-char bodies, regions, QZZ)", () => {
    const codes = new Set(rows.flatMap((r) => [r.ORG_CODE, r.ICS_CODE, r.NHSE_REGION_CODE]));
    for (const code of ["RRK", "RX6", "QE1", "0AR", "T1150", "8JX76", "Y56", "Y63", "QZZ"])
      expect(codes).toContain(code);
  });

  it("ESR reason labels match the published reason files exactly", () => {
    const published = new Set(
      readCsv(join(referenceDir, "reasons", "national-by-reason-2025-01.csv")).map((r) => r.REASON ?? ""),
    );
    const ours = enumerations.esrAbsenceReasons.values.map(
      (code) => `${code} ${enumerations.esrAbsenceReasons.labels[code]}`,
    );
    expect(new Set(ours)).toEqual(published);
    expect(ours).toHaveLength(25);
  });
});
