/**
 * `ohwb import nhs-absence`: loads NHS England's sickness absence benchmarking
 * CSVs as workforce.absence.monthly events through ingest's load path.
 * `ohwb import nhs-reasons`: loads NHS England's national by-reason CSVs into
 * the reference table ref_nhs_absence_reason.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError, UsageError } from "../../core/errors.js";
import { benchmarkingFiles, reasonFiles } from "../../core/reference-data.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { importNhsReasonFiles } from "../../warehouse/nhs-reasons-import.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { warehouseMessages as message } from "../../warehouse/warehouse-messages.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";
import { createOption, refuseMissingWarehouse } from "../warehouse-create-option.js";

export const importCommand: Command = defineCommand({
  name: "import",
  operands: "<nhs-absence|nhs-reasons> [FILE|DIR...]",
  description: `Loads NHS England's "NHS Sickness Absence benchmarking tool" CSVs (one per
month) as workforce.absence.monthly events, validated by the contract and
loaded through the same path as ingest. Re-importing a file loads nothing new.
Without FILE, the twelve 2023 CSVs the project ships are loaded
(reference/nhs-sickness-absence/benchmarking; the configuration's referenceData,
or OHWB_REFERENCE_DIR, names another folder);
a DIR stands for the CSVs in it.
An unknown staff-group label stops the import, naming the file and line.

nhs-reasons loads NHS England's national FTE days lost by reason (DATE,
STAFF_GROUP, REASON, FTE_DAYS_LOST) into ref_nhs_absence_reason; without FILE,
the CSVs shipped in reference/nhs-sickness-absence/reasons. A month published
again in a later file (by name) replaces the earlier figures.`,
  options: {
    warehouse: {
      type: "string",
      value: "FILE",
      help: `the DuckDB warehouse file (default: config \`warehouse\`, $OHWB_WAREHOUSE, ./ohwb.duckdb)`,
    },
    ...createOption,
    json: { type: "boolean", help: `print what each file loaded as JSON on stdout` },
    ...configOption,
  },
  async run({ values, positionals }) {
    const [source, ...files] = positionals;
    if (source !== "nhs-absence" && source !== "nhs-reasons") {
      throw new UsageError(source ? message.importUnknownSource(source) : message.importUsage());
    }
    const config = commandConfig(values.config);
    if (source === "nhs-reasons")
      return importReasons(files, values.warehouse ?? config.warehouse, values.create, config.referenceData);
    const paths =
      files.length === 0
        ? benchmarkingFiles({ configured: config.referenceData })
        : files.flatMap(benchmarkingOperand);
    const warehousePath = values.warehouse ?? config.warehouse;
    refuseMissingWarehouse(warehousePath, "ohwb import", values.create);
    const warehouse = await openWarehouse(warehousePath);
    try {
      const results = await importNhsAbsenceFiles(warehouse.connection, paths);
      if (values.json) {
        process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        return 0;
      }
      for (const r of results) {
        process.stdout.write(`${message.importLoaded(r.file, r.rows, r.loaded, r.duplicates, r.skipped)}\n`);
      }
      return 0;
    } finally {
      warehouse.close();
    }
  },
});

/**
 * An nhs-absence FILE|DIR operand, as benchmarkingFiles reads a --reference value, but refused in
 * import's own words: core's messages say "pass --reference", an option import does not have.
 */
function benchmarkingOperand(operand: string): string[] {
  const path = resolve(operand);
  if (!existsSync(path)) throw new ConfigError(message.importOperandMissing(operand), { path });
  if (statSync(path).isFile() && !/\.csv$/i.test(path))
    throw new ConfigError(message.importOperandNotCsv(operand), { path });
  try {
    return benchmarkingFiles({ flag: operand });
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(message.importOperandEmpty(operand), { path });
    throw error;
  }
}

/** A FILE, or every CSV in a DIR; none found is a usage error naming the path. */
function reasonPaths(target: string): string[] {
  const path = resolve(target);
  if (existsSync(path) && statSync(path).isDirectory()) {
    const csvs = readdirSync(path)
      .filter((f) => /\.csv$/i.test(f))
      .sort()
      .map((f) => join(path, f));
    if (csvs.length === 0) throw new ConfigError(message.importNoReasonFiles(path));
    return csvs;
  }
  return [path];
}

async function importReasons(
  files: string[],
  warehousePath: string,
  create: boolean | undefined,
  referenceData?: string,
): Promise<number> {
  const paths = files.length === 0 ? reasonFiles(referenceData) : files.flatMap(reasonPaths);
  if (paths.length === 0)
    throw new ConfigError(message.importNoReasonFiles("the reference folder's reasons/"));
  refuseMissingWarehouse(warehousePath, "ohwb import", create);
  const warehouse = await openWarehouse(warehousePath);
  try {
    for (const r of await importNhsReasonFiles(warehouse.connection, paths))
      process.stdout.write(`${message.importReasonsLoaded(r.file, r.rows)}\n`);
    return 0;
  } finally {
    warehouse.close();
  }
}
