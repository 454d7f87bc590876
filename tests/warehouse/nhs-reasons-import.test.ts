/**
 * `ohwb import nhs-reasons` on the by-reason CSVs the project ships: every row loads, a month published
 * again in a later file replaces the earlier figures, re-importing changes nothing, a bad row stops the
 * import naming file and line with nothing loaded, and the published mart shows each reason's share.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { importCommand } from "../../cli/commands/import.js";
import { reasonFiles } from "../../core/reference-data.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsReasonFiles } from "../../warehouse/nhs-reasons-import.js";
import { freshWarehouse, rows, type TestWarehouse } from "../transforms/warehouse-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-reasons-"));

describe("ohwb import nhs-reasons", () => {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await freshWarehouse();
  }, 60_000);
  afterAll(() => {
    t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads the shipped files, later files replacing the months they publish again", async () => {
    const files = reasonFiles();
    expect(files.map((f) => f.split("/").pop())).toEqual([
      "national-by-reason-12m-to-2025-01.csv",
      "national-by-reason-12m-to-2025-02.csv",
      "national-by-reason-2025-01.csv",
    ]);
    const results = await importNhsReasonFiles(t.connection, files);
    expect(results.map((r) => r.rows)).toEqual([300, 300, 25]);
    // 12 months to Jan 2025 and 12 to Feb 2025 overlap by 11: 13 months of 25 reasons
    const [count] = await rows(
      t.connection,
      "SELECT count(*)::INTEGER AS n, count(DISTINCT month_end)::INTEGER AS months FROM ref_nhs_absence_reason",
    );
    expect([count?.n, count?.months]).toEqual([325, 13]);
    const [jan] = await rows(
      t.connection,
      "SELECT fte_days_lost, source_file FROM ref_nhs_absence_reason WHERE month_end = DATE '2025-01-31' AND reason_code = 'S10'",
    );
    expect(jan?.source_file).toBe("national-by-reason-2025-01.csv"); // the last file by name wins
    expect(Number(jan?.fte_days_lost)).toBeCloseTo(638937.58153, 5);
    await importNhsReasonFiles(t.connection, files);
    const [again] = await rows(t.connection, "SELECT count(*)::INTEGER AS n FROM ref_nhs_absence_reason");
    expect(again?.n).toBe(325);
  });

  it("stops at a bad row, naming file and line, and loads nothing from any file", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(
      file,
      "DATE,STAFF_GROUP,REASON,FTE_DAYS_LOST\n2030-01-31,All staff groups,S10 Anxiety,12\n2030-01-31,All staff groups,Back,3\n",
    );
    await expect(importNhsReasonFiles(t.connection, [file])).rejects.toThrow(/bad\.csv:3: REASON "Back"/);
    const [n] = await rows(
      t.connection,
      "SELECT count(*)::INTEGER AS n FROM ref_nhs_absence_reason WHERE month_end = DATE '2030-01-31'",
    );
    expect(n?.n).toBe(0);
    // a date that is not on the calendar (Date.parse alone rolls 30 February over to 2 March)
    writeFileSync(
      file,
      "DATE,STAFF_GROUP,REASON,FTE_DAYS_LOST\n2030-02-30,All staff groups,S10 Anxiety,12\n",
    );
    await expect(importNhsReasonFiles(t.connection, [file])).rejects.toThrow(/bad\.csv:2: DATE "2030-02-30"/);
    writeFileSync(file, "DATE,REASON\n");
    await expect(importNhsReasonFiles(t.connection, [file])).rejects.toThrow(/Expected header/);
  });

  it("mart_published_absence_reason: each reason's share of the month's FTE days lost", async () => {
    await runTransforms(t.connection, { asOf: "2025-02-28" });
    const jan = await rows(
      t.connection,
      "SELECT reason_code, fte_days_lost, fte_days_lost_all_reasons, reason_share_pct FROM mart_published_absence_reason WHERE month_end = DATE '2025-01-31' AND staff_group = 'All staff groups' ORDER BY reason_code",
    );
    expect(jan).toHaveLength(25);
    const total = jan.reduce((s, r) => s + Number(r.fte_days_lost), 0);
    const s10 = jan.find((r) => r.reason_code === "S10");
    expect(Number(s10?.fte_days_lost_all_reasons)).toBeCloseTo(total, 4);
    expect(Number(s10?.reason_share_pct)).toBe(Math.round((638937.58153 / total) * 10000) / 100);
  });

  it("`ohwb import nhs-reasons` loads the shipped files by default and names an unknown source", async () => {
    const warehouse = join(dir, "cli.duckdb");
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      expect(await importCommand.run(["nhs-reasons", "--create", "--warehouse", warehouse])).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(out.join("")).toMatch(
      /national-by-reason-2025-01\.csv: 25 rows of national FTE days lost by reason/,
    );
    await expect(importCommand.run(["nhs-sickness", "--warehouse", warehouse])).rejects.toThrow(
      /known: nhs-absence, nhs-reasons/,
    );
  });
});
