/**
 * A pack from OH events: a year of synthetic events (generator) loaded through ingest's file path and
 * transformed, with no NHS England benchmark rows, so the absence sections fall back to the warehouse's
 * own ESR absence (mart_absence_rate) and the OH access and value sections carry figures. The narrative's
 * numbers are checked against the marts, and the outputs (OH counts included) pass the disclosure checker.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ingestCommand } from "../../cli/commands/ingest.js";
import { disclosePercentage } from "../../dashboards/disclosure/disclosure-control.js";
import { checkOutputs } from "../../dashboards/disclosure/output-checker.js";
import { buildEvidencePack, type PackBuildResult } from "../../dashboards/pack/build-pack.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { dataTestOutcome } from "../../dashboards/pack/publish-gate.js";
import { writeRecordsToFile } from "../../generator/file-sink.js";
import { generateBatches } from "../../generator/generate-events.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { rows } from "../transforms/warehouse-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-pack-oh-"));
const warehousePath = join(dir, "warehouse.duckdb");

describe("ohwb pack from a year of generated OH events", () => {
  let org: string;
  let built: PackBuildResult;
  let text: string;
  const quiet: { mockRestore(): unknown }[] = [];

  beforeAll(async () => {
    const file = join(dir, "events.ndjson.gz");
    await writeRecordsToFile(
      file,
      generateBatches({ orgs: 2, months: 12, seed: 11, scale: 0.3, start: "2024-01" }),
    );
    const savedKey = process.env.OHWB_PSEUDONYM_KEY;
    process.env.OHWB_PSEUDONYM_KEY = "pack-test-key-0123456789abcdef0123456789abcdef";
    quiet.push(vi.spyOn(process.stderr, "write").mockImplementation(() => true));
    quiet.push(vi.spyOn(process.stdout, "write").mockImplementation(() => true));
    try {
      expect(await ingestCommand.run(["--from-file", file, "--warehouse", warehousePath])).toBe(0);
    } finally {
      for (const q of quiet) q.mockRestore();
      if (savedKey === undefined) delete process.env.OHWB_PSEUDONYM_KEY;
      else process.env.OHWB_PSEUDONYM_KEY = savedKey;
    }
    const warehouse = await openWarehouse(warehousePath);
    try {
      await runTransforms(warehouse.connection, { asOf: "2024-12-31" });
      const [first] = await rows(
        warehouse.connection,
        "SELECT min(code) AS code FROM mart_absence_rate WHERE level = 'organisation'",
      );
      org = String(first?.code);
      // Generated data must pass every data test, so the pack publishes through the gate
      // (the refusal path is covered in pack-build.test.ts).
      const outcome = await dataTestOutcome(warehouse.connection, "2024-12-31");
      expect(outcome.failing).toEqual([]);
      built = await buildEvidencePack(warehouse.connection, {
        scope: parseScope(`org:${org}`),
        quarter: parseQuarter("2024-Q4"),
        dir: join(dir, "pack"),
        warehouseLabel: "generated.duckdb",
      });
    } finally {
      warehouse.close();
    }
    text = execFileSync("pdftotext", [join(built.dir, "pack.pdf"), "-"], { encoding: "utf8" }).replace(
      /\s+/g,
      " ",
    );
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("falls back to the warehouse's own absence and names the quarter rate from its sums", async () => {
    const warehouse = await openWarehouse(warehousePath);
    try {
      const [expected] = await rows(
        warehouse.connection,
        `SELECT sum(fte_days_lost) / sum(fte_days_available) * 100 AS rate FROM mart_absence_rate
         WHERE level = 'organisation' AND code = '${org}' AND staff_group = 'All staff groups'
           AND NOT suppressed AND month_end BETWEEN '2024-10-01' AND '2024-12-31'`,
      );
      const rate = `${Number(expected?.rate).toFixed(2)}%`;
      expect(built.content.headline[0]?.value).toBe(rate);
      expect(text).toContain(`in Q4 2024 (Oct–Dec) was ${rate}`);
      expect(text).toContain("come from this warehouse's own ESR absence episodes");
      expect(built.manifest.assumptions.absenceSource).toBe("mart_absence_rate");
    } finally {
      warehouse.close();
    }
  });

  it("reports OH access and value from the marts, with counts under disclosure control", async () => {
    const warehouse = await openWarehouse(warehousePath);
    try {
      const [dna] = await rows(
        warehouse.connection,
        `SELECT appointments_dna::BIGINT AS dna, appointments_booked::BIGINT AS booked FROM mart_appointment_dna
         WHERE period_kind = 'quarter' AND period_end = '2024-12-31' AND level = 'organisation' AND code = '${org}'`,
      );
      expect(Number(dna?.booked)).toBeGreaterThan(7);
      const n = Number(dna?.dna);
      // A withheld numerator (1–7) withholds the percentage too; otherwise rule 3 from unrounded counts.
      const share = n >= 1 && n <= 7 ? "*" : `${disclosePercentage(n, Number(dna?.booked))}%`;
      expect(text).toContain(`Did-not-attend rate: ${share} of booked appointments`);
      const csv = readFileSync(join(built.dir, "data", "oh-activity.csv"), "utf8");
      expect(csv.split("\n")[0]).toBe("quarter,level,code,measure,numerator_count,denominator_count,percent");
      const dnaRow = csv.split("\n").find((line) => line.includes(",did not attend,"));
      expect(dnaRow?.endsWith(`,${share.replace("%", "")}`)).toBe(true);
      const [cost] = await rows(
        warehouse.connection,
        `SELECT cost_of_absence_gbp::DOUBLE AS gbp FROM mart_sickness_cost WHERE period_kind = 'quarter'
         AND period_end = '2024-12-31' AND level = 'organisation' AND code = '${org}' AND staff_group = 'All staff groups'`,
      );
      expect(text).toContain(`cost an estimated £${Math.round(Number(cost?.gbp)).toLocaleString("en-GB")}`);
      expect(built.manifest.assumptions.sicknessCost).toBeDefined();
      expect(checkOutputs(built.dir)).toEqual([]);
      expect(built.manifest.inputs.dataTests.failed).toBe(0);
    } finally {
      warehouse.close();
    }
  });
});
