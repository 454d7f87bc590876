/** `ohwb query`: analyst SQL over the read-only analyst snapshot. */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { AnalystQueryError } from "../../core/errors.js";
import { analystMessages as message } from "../../core/messages.js";
import {
  analystError,
  openAnalystConnection,
  runAnalystQuery,
} from "../../warehouse/analyst/analyst-connection.js";
import { parseAnalystScope } from "../../warehouse/analyst/analyst-scope.js";
import { writeArrowIpcFile } from "../../warehouse/analyst/arrow-ipc-file.js";
import { ensureAnalystSnapshot } from "../../warehouse/analyst/ensure-analyst-snapshot.js";
import { formatQueryResult, queryFormats } from "../../warehouse/analyst/query-result-format.js";
import type { Command } from "../command.js";
import { commandConfig, configOption, configUsage } from "../command-config.js";

const formats = [...queryFormats, "arrow"] as const;
type Format = (typeof formats)[number];

export const queryCommand: Command = {
  name: "query",
  usage: `Usage: ohwb query "SQL" | --file q.sql [--format table|csv|json|arrow] [--out FILE]
                  [--scope ics:CODE] [--warehouse FILE] [--refresh] [--config FILE]

Runs one SQL statement against the analyst snapshot of the warehouse
(<warehouse>.analyst.duckdb: the mart_* and dim_* tables, no identifiers),
opened read-only with file access disabled. It never opens the warehouse itself
(unless the snapshot is missing or --refresh asks), so it runs while ingest
writes. See docs/analyst-guide.md.

Options:
  --file FILE        read the SQL from FILE (\`-\` for stdin); one statement only
  --format FORMAT    table (default), csv, json, or arrow (an Arrow IPC file for
                     pandas, polars and R arrow; needs --out FILE.arrow, since
                     binary output on a terminal is no use)
  --out FILE         write the result to FILE instead of stdout
  --scope ics:CODE   only that ICS's organisations and its own ICB rows
  --warehouse FILE   DuckDB warehouse (default: config \`warehouse\`, $OHWB_WAREHOUSE, ./ohwb.duckdb)
  --refresh          republish the analyst snapshot from the warehouse first
${configUsage(19)}
  -h, --help         show this help`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        file: { type: "string" },
        format: { type: "string", default: "table" },
        out: { type: "string" },
        scope: { type: "string" },
        warehouse: { type: "string" },
        refresh: { type: "boolean", default: false },
        ...configOption,
      },
    });
    const format = values.format as Format;
    if (!formats.includes(format)) {
      throw new AnalystQueryError(
        "ANALYST_BAD_FORMAT",
        message.analystBadFormat(String(values.format), formats),
      );
    }
    if (format === "arrow" && !values.out) {
      throw new AnalystQueryError("ANALYST_ARROW_NEEDS_OUT", message.analystArrowNeedsOut());
    }
    // `--file -` reads the SQL from stdin (fd 0), as psql and duckdb do.
    const sql = values.file
      ? readFileSync(values.file === "-" ? 0 : values.file, "utf8")
      : positionals.join(" ");
    if (sql.trim() === "") throw new AnalystQueryError("ANALYST_NO_SQL", message.analystNoSql());
    const scope = parseAnalystScope(values.scope);
    const config = commandConfig(values.config);
    const snapshot = await ensureAnalystSnapshot(values.warehouse ?? config.warehouse, values.refresh);
    if (snapshot.published) {
      const { path, tables, builtAt, transformAsOf } = snapshot.published;
      process.stderr.write(`${message.analystSnapshotPublished(path, tables, builtAt, transformAsOf)}\n`);
    }
    const analyst = await openAnalystConnection(snapshot.path, scope);
    try {
      const { info } = analyst;
      const statements = await analyst.connection.extractStatements(sql).catch((error: unknown) => {
        throw analystError(error);
      });
      if (statements.count > 1)
        throw new AnalystQueryError(
          "ANALYST_SEVERAL_STATEMENTS",
          message.analystSeveralStatements(statements.count),
        );
      process.stderr.write(
        `${message.analystSnapshotNote(snapshot.path, info.builtAt, info.transformAsOf)}\n`,
      );
      if (format === "arrow") {
        const out = values.out as string;
        const rows = await writeArrowIpcFile(analyst.connection, sql, out).catch((error: unknown) => {
          throw analystError(error);
        });
        process.stderr.write(`${message.analystQueryWritten(rows, out, format)}\n`);
        return 0;
      }
      const result = await runAnalystQuery(analyst, sql);
      const text = formatQueryResult(result, format);
      if (values.out) {
        writeFileSync(values.out, text);
        process.stderr.write(`${message.analystQueryWritten(result.rows.length, values.out, format)}\n`);
      } else {
        process.stdout.write(text);
      }
    } finally {
      analyst.close();
    }
    return 0;
  },
};
