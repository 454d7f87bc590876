/**
 * The national set of quarterly evidence packs: `node dist/bench/pack-national.js` (after `npm run
 * build`). Builds a warehouse from NHS England's 2023 sickness absence benchmark CSVs plus a year of
 * synthetic OH events for BENCH_OH_ORGS real trusts (default 60, 0 for none; `ohwb generate`'s
 * generator, 2023, staff scaled by 0.25, loaded through ingest's file path) — import + ingest +
 * transform timed separately — then runs the data tests and reads the shared inputs once, then builds the
 * Q4 2023 pack for England, every region and every ICS in the mart (PDF, HTML, SVG + PNG charts, CSVs,
 * manifest, disclosure check), one after another, and prints the timings.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../core/config.js";
import { benchmarkingFiles } from "../core/reference-data.js";
import { buildPack, preparePackInputs } from "../dashboards/pack/build-pack.js";
import { PackPrinter } from "../dashboards/pack/pack-pdf.js";
import { parseQuarter } from "../dashboards/pack/pack-quarter.js";
import { parseScope } from "../dashboards/pack/pack-scope.js";
import { writeRecordsToFile } from "../generator/file-sink.js";
import { generateBatches } from "../generator/generate-events.js";
import { BatchLoader } from "../ingest/batch-loader.js";
import { runFileIngest } from "../ingest/file-ingest.js";
import { Pseudonymiser } from "../ingest/pseudonymise.js";
import { runTransforms } from "../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../warehouse/nhs-absence-import.js";
import { openWarehouse } from "../warehouse/open-warehouse.js";

// The NHS England 2023 benchmarking CSVs the project ships (OHWB_REFERENCE_DIR overrides).
const files = benchmarkingFiles({ configured: loadConfig().config.referenceData });

const work = mkdtempSync(join(tmpdir(), "ohwb-bench-pack-"));
const warehouse = await openWarehouse(join(work, "warehouse.duckdb"));
try {
  let t = performance.now();
  await importNhsAbsenceFiles(warehouse.connection, files);
  const ohOrgs = Number(process.env.BENCH_OH_ORGS ?? 60);
  let ohEvents = 0;
  if (ohOrgs > 0) {
    const file = join(work, "events.ndjson.gz");
    await writeRecordsToFile(
      file,
      generateBatches({ orgs: ohOrgs, months: 12, seed: 1, scale: 0.25, start: "2023-01" }),
    );
    const loader = await BatchLoader.open(warehouse.connection, new Pseudonymiser("bench-key-".repeat(4)));
    const progress = await runFileIngest({ path: file, loader, progressIntervalMs: 60_000 });
    ohEvents = progress.loaded;
  }
  await runTransforms(warehouse.connection, { asOf: "2023-12-31" });
  const warehouseSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  const inputs = await preparePackInputs(warehouse.connection, "reference-2023.duckdb");
  const prepareSeconds = (performance.now() - t) / 1000;

  const codes = await warehouse.connection.runAndReadAll(
    "SELECT DISTINCT level, code FROM mart_absence_benchmark WHERE level IN ('region', 'ics') ORDER BY level DESC, code",
  );
  const scopes = [
    "england",
    ...codes.getRowObjectsJson().map((r) => `${r.level === "ics" ? "ics" : "region"}:${String(r.code)}`),
  ];
  const quarter = parseQuarter("2023-Q4");
  const times: number[] = [];
  let written = 0;
  t = performance.now();
  // One Chromium page prints every pack's PDF, as a scheduled national run does.
  const printer = await PackPrinter.launch(loadConfig().config.render.chromium);
  try {
    for (const scope of scopes) {
      const one = performance.now();
      const result = await buildPack(
        warehouse.connection,
        inputs,
        parseScope(scope),
        quarter,
        join(work, "packs", scope.replace(":", "-")),
        { printer },
      );
      written += result.manifest.files.length + 1;
      times.push(performance.now() - one);
    }
  } finally {
    await printer.close();
  }
  const packsSeconds = (performance.now() - t) / 1000;
  times.sort((a, b) => a - b);
  const regions = scopes.filter((s) => s.startsWith("region:")).length;
  const icss = scopes.filter((s) => s.startsWith("ics:")).length;
  process.stdout.write(
    `${[
      `Node ${process.version}; 2023 reference data + ${ohEvents.toLocaleString("en-GB")} synthetic OH events (${ohOrgs} trusts), ${written.toLocaleString("en-GB")} files written`,
      `warehouse (import + generate + ingest + transform): ${warehouseSeconds.toFixed(1)} s`,
      `data tests + shared inputs (once):        ${prepareSeconds.toFixed(1)} s`,
      `packs: England + ${regions} regions + ${icss} ICSs = ${scopes.length} packs in ${packsSeconds.toFixed(1)} s`,
      `per pack: median ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(0)} ms, max ${(times[times.length - 1] ?? 0).toFixed(0)} ms`,
      `national set total (inputs + packs):      ${(prepareSeconds + packsSeconds).toFixed(1)} s (target ≤ 60 s)`,
    ].join("\n")}\n`,
  );
} finally {
  warehouse.close();
  rmSync(work, { recursive: true, force: true });
}
