/** `ohwb query`: analyst SQL over the read-only analyst snapshot. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { AnalystQueryError } from "../../core/errors.js";
import { analystMessages as message } from "../../core/messages.js";
import { openAnalystConnection, runAnalystQuery } from "../../warehouse/analyst/analyst-connection.js";
import { parseAnalystScope } from "../../warehouse/analyst/analyst-scope.js";
import { ensureAnalystSnapshot } from "../../warehouse/analyst/ensure-analyst-snapshot.js";
import {
  formatQueryResult,
  type QueryFormat,
  queryFormats,
} from "../../warehouse/analyst/query-result-format.js";
import type { Command } from "../command.js";
import { defaultWarehousePath } from "./ingest.js";

export const queryCommand: Command = {
  name: "query",
  summary: "Run read-only analyst SQL over the marts and dimensions (table, CSV or JSON)",
  usage: `Usage: ohwb query "SQL" | --file q.sql [--format table|csv|json] [--scope ics:CODE]
                  [--warehouse FILE] [--refresh]

Runs one SQL statement against the analyst snapshot of the warehouse
(<warehouse>.analyst.duckdb: the mart_* and dim_* tables, no identifiers),
opened read-only with file access disabled. See docs/analyst-guide.md.

Options:
  --file FILE        read the SQL from FILE
  --format FORMAT    table (default), csv or json
  --scope ics:CODE   only that ICS's organisations and its own ICB rows
  --warehouse FILE   DuckDB warehouse (default $OHWB_WAREHOUSE or ./ohwb.duckdb)
  --refresh          republish the analyst snapshot from the warehouse first
  -h, --help         show this help`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        file: { type: "string" },
        format: { type: "string", default: "table" },
        scope: { type: "string" },
        warehouse: { type: "string" },
        refresh: { type: "boolean", default: false },
      },
    });
    const format = values.format as QueryFormat;
    if (!queryFormats.includes(format)) {
      throw new AnalystQueryError(
        "ANALYST_BAD_FORMAT",
        message.analystBadFormat(String(values.format), queryFormats),
      );
    }
    const sql = values.file ? readFileSync(values.file, "utf8") : positionals.join(" ");
    if (sql.trim() === "") throw new AnalystQueryError("ANALYST_NO_SQL", message.analystNoSql());
    const scope = parseAnalystScope(values.scope);
    const snapshot = await ensureAnalystSnapshot(values.warehouse ?? defaultWarehousePath(), values.refresh);
    if (snapshot.published) {
      const { path, tables, builtAt, transformAsOf } = snapshot.published;
      process.stderr.write(`${message.analystSnapshotPublished(path, tables, builtAt, transformAsOf)}\n`);
    }
    const analyst = await openAnalystConnection(snapshot.path, scope);
    try {
      const { info } = analyst;
      process.stderr.write(
        `${message.analystSnapshotNote(snapshot.path, info.builtAt, info.transformAsOf)}\n`,
      );
      const result = await runAnalystQuery(analyst, sql);
      process.stdout.write(formatQueryResult(result, format));
    } finally {
      analyst.close();
    }
    return 0;
  },
};
