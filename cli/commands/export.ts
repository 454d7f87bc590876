/** `ohwb export`: Parquet (partitioned by month) or CSV extracts of the analyst tables. */
import { join } from "node:path";
import { UsageError } from "../../core/errors.js";
import {
  EXPORT_INFO_FILE,
  type ExportFormat,
  exportAnalystTables,
  exportFormats,
  readExportInfo,
} from "../../warehouse/analyst/analyst-export.js";
import { parseAnalystScope } from "../../warehouse/analyst/analyst-scope.js";
import { ensureAnalystSnapshot } from "../../warehouse/analyst/ensure-analyst-snapshot.js";
import { analystMessages as message } from "../../warehouse/warehouse-messages.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";

export const exportCommand: Command = defineCommand({
  name: "export",
  description: `Writes every mart_* and dim_* table of the analyst snapshot to DIR:
  parquet  DIR/mart_x/month=YYYY-MM/*.parquet (Hive partitions), DIR/dim_x.parquet
  csv      DIR/<table>.csv with a header row
  arrow    DIR/<table>.arrow (Arrow IPC file, for pandas/polars/R arrow)
           (these three also write DIR/export-info.json: data as-of, snapshot build
           and export dates, sources and their publication dates, tables and rows)
  duckdb   DIR/analyst-ics-<CODE>.duckdb (needs --scope): a snapshot holding only
           that ICS's rows, mode 0640, to hand out under file permissions`,
  options: {
    format: {
      type: "string",
      value: "FORMAT",
      help: `parquet, csv, arrow or duckdb`,
      default: "parquet",
    },
    out: { type: "string", value: "DIR", help: `output directory (created if missing)` },
    scope: {
      type: "string",
      value: "ics:CODE",
      help: `only that ICS's organisations and its own ICB rows`,
    },
    warehouse: {
      type: "string",
      value: "FILE",
      help: `DuckDB warehouse (default: config \`warehouse\`, $OHWB_WAREHOUSE, ./ohwb.duckdb)`,
    },
    refresh: { type: "boolean", help: `republish the analyst snapshot from the warehouse first` },
    json: { type: "boolean", help: `print the exported tables (rows, files) as JSON on stdout` },
    ...configOption,
  },
  async run({ values }) {
    const format = values.format as ExportFormat;
    if (!exportFormats.includes(format)) {
      throw new UsageError(message.analystBadFormat(String(values.format), exportFormats), {
        code: "ANALYST_BAD_FORMAT",
      });
    }
    if (!values.out)
      throw new UsageError(message.analystExportNeedsOut(), { code: "ANALYST_EXPORT_NEEDS_OUT" });
    const scope = parseAnalystScope(values.scope);
    const config = commandConfig(values.config);
    const snapshot = await ensureAnalystSnapshot(
      values.warehouse ?? config.warehouse,
      values.refresh,
      "ohwb export",
    );
    if (snapshot.published) {
      const info = snapshot.published;
      log.info(message.analystSnapshotPublished(info.path, info.tables, info.builtAt, info.transformAsOf));
    }
    if (format === "duckdb") {
      // one file that holds tables: reported as tables, never as rows
      const files = await exportAnalystTables(snapshot.path, values.out, format, scope);
      if (values.json) process.stdout.write(`${JSON.stringify(files, null, 2)}\n`);
      else
        for (const file of files)
          process.stdout.write(`${message.analystExportedSnapshot(file.tables, file.path)}\n`);
      return 0;
    }
    const tables = await exportAnalystTables(snapshot.path, values.out, format, scope);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(tables, null, 2)}\n`);
      return 0;
    }
    for (const table of tables) {
      process.stdout.write(`${message.analystExported(table.table, table.rows, table.path)}\n`);
    }
    const info = readExportInfo(values.out);
    const path = join(values.out, EXPORT_INFO_FILE);
    process.stdout.write(`${message.exportInfoWritten(path, info.dataAsOf, info.snapshotBuiltAt)}\n`);
    return 0;
  },
});
