import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseCsv } from "../../core/csv-records.js";
import { uuidV5 } from "../../warehouse/deterministic-uuid.js";
import {
  importNhsAbsenceFiles,
  mapNhsBenchmarkCsv,
  NHS_BENCHMARK_HEADER,
} from "../../warehouse/nhs-absence-import.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";

const header = NHS_BENCHMARK_HEADER.join(",");
const row = (staffGroup: string, lost = "10.5", available = "1000", rate = "1.05", orgName = "Test Trust") =>
  `31/01/2023,Y62,North West,QE1,"Lancashire and South Cumbria",RXX,${orgName},Acute,"Acute - Small",${staffGroup},${lost},${available},${rate}`;

const directories: string[] = [];
afterEach(() => {
  for (const d of directories.splice(0)) rmSync(d, { recursive: true, force: true });
});
function writeTemp(name: string, text: string): string {
  const directory = mkdtempSync(join(tmpdir(), "ohwb-import-"));
  directories.push(directory);
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

describe("CSV reader", () => {
  it("handles quoted commas, doubled quotes, CRLF and embedded newlines, with line numbers", () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n\nlast,1');
    expect(records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 3, fields: ["two\nlines", "z"] },
      { line: 6, fields: ["last", "1"] },
    ]);
  });
  it("rejects an unclosed quote", () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/never closed/);
  });
});

describe("NHS benchmarking CSV → workforce.absence.monthly", () => {
  it("maps labels to canonical staff groups, keeps quoted commas, and blank measures as suppressed nulls", () => {
    const text = [
      header,
      row('"Scientific, therapeutic & technical staff"'),
      row("HCHS Doctors", "", "", ""),
      row("Midwives", "1", "2", "3", '"Trust, The"'),
    ].join("\n");
    const mapped = mapNhsBenchmarkCsv("jan.csv", text);
    expect(mapped.map((m) => m.line)).toEqual([2, 3, 4]);
    expect(mapped[0]?.event.payload).toMatchObject({
      month_end: "2023-01-31",
      staff_group: "Scientific, therapeutic & technical staff",
      ics_name: "Lancashire and South Cumbria",
      is_suppressed: false,
      fte_days_lost: 10.5,
      fte_days_available: 1000,
      published_rate_pct: 1.05,
    });
    expect(mapped[1]?.event.payload).toMatchObject({
      staff_group: "HCHS doctors",
      is_suppressed: true,
      fte_days_lost: null,
      fte_days_available: null,
      published_rate_pct: null,
    });
    expect(mapped[2]?.event.payload.org_name).toBe("Trust, The");
  });

  it("fails loudly on an unknown staff group, naming file, line and label", () => {
    const text = [header, row("Midwives"), row("Wizards")].join("\n");
    expect(() => mapNhsBenchmarkCsv("feb.csv", text)).toThrow(/feb\.csv:3: unknown staff group "Wizards"/);
  });

  it("fails on a wrong header, a partial blank and a date that is not a month end", () => {
    expect(() => mapNhsBenchmarkCsv("x.csv", "DATE,ORG\n1,2")).toThrow(
      /not an NHS sickness absence benchmarking CSV/,
    );
    expect(() => mapNhsBenchmarkCsv("x.csv", [header, row("Midwives", "", "100", "")].join("\n"))).toThrow(
      /x\.csv:2: some but not all/,
    );
    expect(() =>
      mapNhsBenchmarkCsv("x.csv", [header, row("Midwives").replace("31/01/2023", "30/01/2023")].join("\n")),
    ).toThrow(/not a month end/);
  });

  it("derives the same event_id for the same organisation × staff group × month (UUIDv5)", () => {
    // RFC 4122 reference vector: the DNS namespace and www.example.com
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
    const a = mapNhsBenchmarkCsv("a.csv", [header, row("HCHS Doctors")].join("\n"));
    const b = mapNhsBenchmarkCsv("b.csv", [header, row("HCHS doctors", "99", "999", "9.91")].join("\n"));
    expect(a[0]?.event.event_id).toBe(b[0]?.event.event_id);
    const other = mapNhsBenchmarkCsv("c.csv", [header, row("Midwives")].join("\n"));
    expect(other[0]?.event.event_id).not.toBe(a[0]?.event.event_id);
  });

  it("loads through ingest's contract path; nothing loads when a file has a bad row; re-import is idempotent", async () => {
    const good = writeTemp(
      "2023-01.csv",
      [header, row("Midwives"), row("HCHS Doctors", "", "", "")].join("\n"),
    );
    const bad = writeTemp("2023-02.csv", [header, row("Wizards")].join("\n"));
    const warehousePath = writeTemp("w.duckdb", "");
    rmSync(warehousePath);
    const warehouse = await openWarehouse(warehousePath);
    try {
      await expect(importNhsAbsenceFiles(warehouse.connection, [good, bad])).rejects.toThrow(
        /2023-02\.csv:2: unknown staff group/,
      );
      const none = await warehouse.connection.runAndReadAll(
        "SELECT (SELECT count(*) FROM raw_workforce_absence_monthly) + (SELECT count(*) FROM event_index) AS n",
      );
      expect(Number(none.getRowObjectsJson()[0]?.n)).toBe(0); // nothing was loaded
      const first = await importNhsAbsenceFiles(warehouse.connection, [good]);
      expect(first).toMatchObject([{ rows: 2, loaded: 2 }]);
      const again = await importNhsAbsenceFiles(warehouse.connection, [good]);
      expect(again[0]?.loaded).toBe(0);
      const stored = (
        await warehouse.connection.runAndReadAll(
          "SELECT event_type, org_code, payload ->> 'staff_group' AS staff_group, (payload ->> 'is_suppressed')::BOOLEAN AS suppressed, payload ->> 'fte_days_lost' AS lost FROM raw_workforce_absence_monthly ORDER BY staff_group",
        )
      ).getRowObjectsJson();
      expect(stored).toEqual([
        {
          event_type: "workforce.absence.monthly",
          org_code: "X24",
          staff_group: "HCHS doctors",
          suppressed: true,
          lost: null,
        },
        {
          event_type: "workforce.absence.monthly",
          org_code: "X24",
          staff_group: "Midwives",
          suppressed: false,
          lost: "10.5",
        },
      ]);
    } finally {
      warehouse.close();
    }
  });
});
