/** `ohwb query`: analyst SQL over the read-only analyst snapshot. */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import { replaceFile } from "../../core/replace-file.js";
import {
  analystError,
  DEFAULT_ANALYST_TIMEOUT_SECONDS,
  hasStatement,
  openAnalystConnection,
  type RenamedColumn,
  runAnalystQuery,
  withStatementLimit,
} from "../../warehouse/analyst/analyst-connection.js";
import { parseAnalystScope } from "../../warehouse/analyst/analyst-scope.js";
import { analystSnapshotPath } from "../../warehouse/analyst/analyst-snapshot.js";
import { writeArrowIpcFile } from "../../warehouse/analyst/arrow-ipc-file.js";
import { ensureAnalystSnapshot } from "../../warehouse/analyst/ensure-analyst-snapshot.js";
import { checkQueryOutput } from "../../warehouse/analyst/query-output-file.js";
import { formatQueryResult, queryFormats } from "../../warehouse/analyst/query-result-format.js";
import { AnalystQueryError } from "../../warehouse/warehouse-errors.js";
import { analystMessages as message } from "../../warehouse/warehouse-messages.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";
import { numberOption } from "../number-option.js";

const formats = [...queryFormats, "arrow"] as const;
type Format = (typeof formats)[number];

export const queryCommand: Command = defineCommand({
  name: "query",
  operands: "[sql]",
  description: `Runs one SQL statement against the analyst snapshot of the warehouse
(<warehouse>.analyst.duckdb: the mart_* and dim_* tables, no identifiers),
opened read-only with file access disabled. It never opens the warehouse itself
(unless the snapshot is missing or --refresh asks), so it runs while ingest
writes. See docs/analyst-guide.md.`,
  options: {
    file: {
      type: "string",
      value: "FILE",
      help: `read the SQL from FILE (\`-\` for stdin); one statement only`,
    },
    format: {
      type: "string",
      value: "FORMAT",
      help: `table, csv, json, or arrow (an Arrow IPC file for pandas, polars and R arrow; needs --out FILE.arrow, since binary output on a terminal is no use). NULL is empty in csv and null in json; NaN and ±Infinity are written as NaN, Infinity, -Infinity`,
      default: "table",
    },
    out: {
      type: "string",
      value: "FILE",
      help: `write the result to FILE instead of stdout (a new file; never over a DuckDB database such as the warehouse)`,
    },
    force: { type: "boolean", help: `let --out replace an existing file that is not a database` },
    scope: {
      type: "string",
      value: "ics:CODE",
      help: `only that ICS's organisations and its own ICB rows (a convenience, not access control: see docs/analyst-guide.md)`,
    },
    timeout: {
      type: "string",
      value: "SECONDS",
      help: `stop the statement after this long`,
      default: String(DEFAULT_ANALYST_TIMEOUT_SECONDS),
    },
    warehouse: {
      type: "string",
      value: "FILE",
      help: `DuckDB warehouse (default: config \`warehouse\`, $OHWB_WAREHOUSE, ./ohwb.duckdb)`,
    },
    snapshot: {
      type: "string",
      value: "FILE",
      help: `query this snapshot file instead (e.g. an ICS's own file from \`ohwb export --format duckdb --scope ics:CODE\`)`,
    },
    refresh: { type: "boolean", help: `republish the analyst snapshot from the warehouse first` },
    ...configOption,
  },
  async run({ values, positionals }) {
    const format = values.format as Format;
    if (!formats.includes(format)) {
      throw new UsageError(message.analystBadFormat(String(values.format), formats), {
        code: "ANALYST_BAD_FORMAT",
      });
    }
    if (format === "arrow" && !values.out) {
      throw new UsageError(message.analystArrowNeedsOut(), { code: "ANALYST_ARROW_NEEDS_OUT" });
    }
    if (values.file && values.file !== "-" && existsSync(values.file) && statSync(values.file).isDirectory())
      throw new AnalystQueryError("ANALYST_SQL_FILE_IS_FOLDER", message.analystSqlFileIsFolder(values.file));
    // `--file -` reads the SQL from stdin (fd 0), as psql and duckdb do.
    const sql = values.file
      ? readFileSync(values.file === "-" ? 0 : values.file, "utf8")
      : positionals.join(" ");
    // `;` or a lone comment holds no statement, whatever trim() says
    if (!hasStatement(sql)) throw new UsageError(message.analystNoSql(), { code: "ANALYST_NO_SQL" });
    const scope = parseAnalystScope(values.scope);
    const timeoutSeconds = timeoutOption(values.timeout);
    // an empty --out would otherwise fall through to stdout
    if (values.out !== undefined && values.out.trim() === "") {
      throw new UsageError(message.analystEmptyOut(), { code: "ANALYST_EMPTY_OUT" });
    }
    const config = commandConfig(values.config);
    const warehouse = values.warehouse ?? config.warehouse;
    const out = values.out;
    // Checked before any work, and again just before writing (the query may take a while).
    const protectedPaths = [resolve(warehouse), resolve(analystSnapshotPath(warehouse))];
    if (values.snapshot) {
      if (!existsSync(values.snapshot)) {
        throw new AnalystQueryError(
          "ANALYST_SNAPSHOT_MISSING",
          message.analystSnapshotMissing(values.snapshot),
        );
      }
      protectedPaths.push(resolve(values.snapshot));
    }
    if (out) checkQueryOutput(out, values.force, protectedPaths);
    const snapshot = values.snapshot
      ? { path: values.snapshot }
      : await ensureAnalystSnapshot(warehouse, values.refresh);
    if (snapshot.replacedDamaged) log.info(message.analystSnapshotRebuilt(snapshot.path));
    if (snapshot.published) {
      const { path, tables, builtAt, transformAsOf } = snapshot.published;
      log.info(message.analystSnapshotPublished(path, tables, builtAt, transformAsOf));
    }
    const analyst = await openAnalystConnection(
      snapshot.path,
      scope,
      { timeoutSeconds },
      values.snapshot ? "named" : "warehouse",
    );
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
      log.info(message.analystSnapshotNote(snapshot.path, info.builtAt, info.transformAsOf));
      if (format === "arrow") {
        const target = out as string; // checked above: arrow needs --out
        checkQueryOutput(target, values.force, protectedPaths);
        let written = { rows: 0, renamed: [] as RenamedColumn[] };
        await replaceFile(target, async (temp) => {
          written = await withStatementLimit(analyst, () => writeArrowIpcFile(analyst.connection, sql, temp));
        });
        noteRenamed(written.renamed);
        log.info(message.analystQueryWritten(written.rows, target, format));
        return 0;
      }
      const result = await runAnalystQuery(analyst, sql);
      noteRenamed(result.renamed ?? []);
      const text = formatQueryResult(result, format);
      if (out) {
        checkQueryOutput(out, values.force, protectedPaths);
        await replaceFile(out, (temp) => writeFileSync(temp, text));
        log.info(message.analystQueryWritten(result.rows.length, out, format));
      } else {
        process.stdout.write(text);
      }
    } finally {
      analyst.close();
    }
    return 0;
  },
});

function noteRenamed(renamed: readonly RenamedColumn[]): void {
  if (renamed.length > 0) log.info(message.analystColumnsRenamed(renamed));
}

/**
 * --timeout in seconds, through numberOption (so "", " " and "0x10" are refused, where Number()
 * read them as 0, 0 and 16); a negative one is refused too.
 */
function timeoutOption(value: string | undefined): number {
  const bad = () => new UsageError(message.analystBadTimeout(String(value)), { code: "ANALYST_BAD_TIMEOUT" });
  // numberOption takes Number()'s other spellings (0x10, 1e3, Infinity); seconds are written in decimal
  if (value === undefined || !/^\s*\+?\d*\.?\d+\s*$/.test(value)) throw bad();
  const seconds = numberOption("timeout", value, false);
  if (seconds === undefined || seconds < 0) throw bad();
  return seconds;
}
