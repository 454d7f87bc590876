/**
 * What warehouse/ tells users: migrations, imports, the analyst snapshot, queries and exports.
 * One catalogue per stage (as vega-lite keeps src/log/message.ts), so wording stays
 * consistent and each message says what to do next.
 */
export const warehouseMessages = {
  warehouseSchemaTooNew: (path: string, found: number, known: number) =>
    `The warehouse ${path} is at schema version ${found}, but this version of ohwb only knows versions up to ${known}. ` +
    "It was written by a newer ohwb: upgrade ohwb rather than opening it with this one (nothing was changed).",
  warehouseMigrationFailed: (version: number, name: string, detail: string) =>
    `Warehouse migration ${String(version).padStart(4, "0")}-${name} failed and was rolled back: ${detail}`,
  warehouseMigrationsGap: (expected: number, found: number) =>
    `warehouse/migrations must be numbered 0001, 0002, … without gaps: expected ${String(expected).padStart(4, "0")}, found ${String(found).padStart(4, "0")}.`,
  analystSnapshotPublished: (path: string) =>
    `analyst snapshot published: ${path} (read by ohwb query / export)`,
  // transforms and data tests: transforms/transform-messages.ts
  importUsage: () =>
    "Usage: ohwb import nhs-absence|nhs-reasons [--warehouse FILE] [--config FILE] [FILE|DIR...]",
  importUnknownSource: (source: string) =>
    `Unknown import source "${source}"; known: nhs-absence, nhs-reasons.`,
  importNoReasonFiles: (path: string) =>
    `No by-reason CSVs found at ${path}: name a CSV or a folder of them (the project ships reference/nhs-sickness-absence/reasons).`,
  importReasonsLoaded: (file: string, rows: number) =>
    `${file}: ${rows} rows of national FTE days lost by reason (months published again replace earlier figures)`,
  importFileMissing: (path: string) => `No such file: ${path}`,
  // ohwb import takes its CSVs as operands; core's reference messages name generate's --reference
  importOperandMissing: (path: string) =>
    `No such file or folder: ${path}. Name NHS England sickness absence benchmarking CSVs (or folders of them) after \`ohwb import nhs-absence\`, or name none to load the configured referenceData (OHWB_REFERENCE_DIR) or the project's own copy.`,
  importOperandNotCsv: (path: string) =>
    `${path} is not a CSV file. \`ohwb import nhs-absence\` takes NHS England sickness absence benchmarking CSVs, or folders of them.`,
  importOperandEmpty: (path: string) =>
    `No benchmarking CSVs (*.csv) in ${path}. Name a folder of NHS England sickness absence benchmarking CSVs (or a reference folder with benchmarking/ inside) after \`ohwb import nhs-absence\`.`,
  importBadHeader: (file: string, expected: string, found: string, kind = "benchmarking") =>
    `${file}: not an NHS sickness absence ${kind} CSV. Expected header\n  ${expected}\nfound\n  ${found}`,
  importBadCsv: (file: string, line: number, detail: string) => `${file}:${line}: ${detail}`,
  importUnknownStaffGroup: (file: string, line: number, label: string) =>
    `${file}:${line}: unknown staff group "${label}". Add it as an alias in contracts/enumerations.ts (and the seed transforms/models/seeds/seed_staff_group_alias.sql) if it is a new wording of a known group; nothing from this file was loaded.`,
  importRejected: (file: string, rejected: number, first: string) =>
    `${file}: ${rejected} rows failed the workforce.absence.monthly contract and went to dead_letter; first: ${first}`,
  importLoaded: (file: string, rows: number, loaded: number, duplicates: number, skipped: number) =>
    `${file}: ${rows} rows, ${loaded} loaded, ${duplicates + skipped} already in the warehouse`,
} as const;

export const analystMessages = {
  analystSeveralStatements: (count: number) =>
    `The SQL holds ${count} statements; \`ohwb query\` runs one. Run them one at a time, or combine them with WITH … SELECT.`,
  analystReadOnly: (detail: string) =>
    "The warehouse is read-only for analysts: queries may only SELECT from the analyst tables " +
    "(no INSERT/CREATE/DELETE, COPY, ATTACH, INSTALL, SET or reading files such as read_csv). " +
    "To take data out use `ohwb export --format parquet|csv|arrow --out DIR`; to change data, ask the " +
    `warehouse owner to change the transform models. DuckDB said: ${detail}`,
  analystQueryFailed: (detail: string) => `The query failed: ${detail}`,
  analystBadScope: (value: string) =>
    `--scope must look like ics:CODE (an ICB code such as ics:QE1), got "${value}".`,
  analystUnknownScope: (code: string) =>
    `No organisation in the analyst snapshot belongs to ICS ${code}; check the code against \`SELECT DISTINCT ics_code, ics_name FROM dim_organisation\`.`,
  analystNoSql: () => 'ohwb query needs SQL: ohwb query "SELECT …" or ohwb query --file q.sql',
  analystSqlFileIsFolder: (path: string) => `--file ${path} is a folder; name the .sql file in it.`,
  analystBadFormat: (value: string, known: readonly string[]) =>
    `Unknown --format "${value}"; known: ${known.join(", ")}.`,
  analystNoMarts: (path: string) =>
    `The warehouse ${path} has no mart_* or dim_* tables yet, so there is nothing for analysts to see. Run \`ohwb transform --warehouse ${path}\` first.`,
  analystSnapshotPublished: (path: string, tables: number, builtAt: string, asOf: string | null) =>
    `published the analyst snapshot ${path} (${tables} tables, built ${builtAt}${asOf ? `, marts as of ${asOf}` : ""})`,
  analystSnapshotNote: (path: string, builtAt: string, asOf: string | null) =>
    `analyst snapshot ${path}, built ${builtAt}${asOf ? `, marts as of ${asOf}` : ""}; \`--refresh\` rebuilds it from the warehouse`,
  analystExportNeedsOut: () => "ohwb export needs --out DIR.",
  analystExported: (table: string, rows: number, path: string) => `${table}: ${rows} rows → ${path}`,
  analystExportedSnapshot: (tables: number, path: string) =>
    `${tables} ${tables === 1 ? "table" : "tables"} → ${path} (an analyst snapshot for \`ohwb query --snapshot\`)`,
  exportSourcePublished: () =>
    "NHS England, NHS Sickness Absence Rates: monthly benchmarking publications (mart_absence_benchmark)",
  // the shipped CSVs carry each release's reference month, not the day it was released: said, not guessed
  exportPublicationDateNotRecorded: () =>
    "publication date not recorded in the shipped data (it carries each release's reference month only)",
  exportSourceEvents: () => "the organisations' own ESR and occupational health events (every other mart)",
  exportEventsNote: () => "as loaded by ohwb ingest up to the data as-of date; coverage in mart_coverage",
  exportInfoWritten: (path: string, asOf: string | null, builtAt: string | null) =>
    `dates and sources → ${path} (data as of ${asOf ?? "unknown"}, snapshot built ${builtAt ?? "at an unrecorded time"})`,
  analystArrowNeedsOut: () =>
    "ohwb query --format arrow writes a binary Arrow IPC file, so it needs --out FILE.arrow (binary on a terminal is no use).",
  analystQueryWritten: (rows: number, path: string, format: string) => `${rows} rows → ${path} (${format})`,
  analystTimeout: (seconds: number) =>
    `The query ran for more than ${seconds} s and was stopped. Narrow it (a WHERE on month_end or code, fewer joins), or pass a larger --timeout SECONDS (0 = no limit) if it really needs longer.`,
  analystSpillLimit: (detail: string) =>
    `The query needed more temporary disk space than analysts are allowed and was stopped. Aggregate earlier or select fewer columns. DuckDB said: ${detail}`,
  analystSnapshotMissing: (path: string) =>
    `No snapshot file at ${path}. An ICS's own file comes from \`ohwb export --format duckdb --scope ics:CODE --out DIR\`.`,
  analystBadTimeout: (value: string) => `--timeout takes a number of seconds (0 = no limit), got "${value}".`,
  analystEmptyOut: () =>
    "--out needs a file name; it was given an empty one. Leave --out out to print to stdout.",
  analystDuckDbNeedsScope: () =>
    "ohwb export --format duckdb writes one ICS's own snapshot file, so it needs --scope ics:CODE (the full snapshot is <warehouse>.analyst.duckdb already).",
  analystOutExists: (path: string) =>
    `${path} already exists; ohwb query does not replace a file unless you pass --force.`,
  analystOutIsDatabase: (path: string) =>
    `${path} is a DuckDB database (a warehouse or an analyst snapshot); ohwb query never writes over one, even with --force. Choose another --out FILE.`,
  analystOutIsDirectory: (path: string) => `${path} is a directory; --out needs a file name.`,
  analystSnapshotDamaged: (path: string, detail: string) =>
    `The analyst snapshot ${path} is damaged and cannot be read (${detail}). It is only a copy of the warehouse's marts: rebuild it with \`ohwb query --refresh "SELECT 1"\` (same --warehouse), or \`ohwb transform\`, which republishes it.`,
  /** --snapshot named a DuckDB file that carries no analyst_snapshot_info (the warehouse itself, say). */
  analystNotASnapshotDatabase: (path: string) =>
    `${path} is a DuckDB database but not an analyst snapshot: it has no analyst_snapshot_info record (it may be a warehouse). Nothing in it was changed; do not delete it. An ICS's snapshot file is made by \`ohwb export --format duckdb --scope ics:CODE --out DIR\` (for --snapshot); the warehouse's own snapshot, <warehouse>.analyst.duckdb, is made by \`ohwb transform\` or \`ohwb query --refresh --warehouse FILE\` (query the whole warehouse with --warehouse, not --snapshot).`,
  /** --snapshot named a file DuckDB cannot open at all. */
  analystNotASnapshotFile: (path: string, detail: string) =>
    `${path} is not a DuckDB database, so it is not an analyst snapshot (${detail}). Nothing in it was changed. --snapshot takes a file made by \`ohwb export --format duckdb --scope ics:CODE --out DIR\` (run that again for a fresh one); to query the whole warehouse, pass --warehouse FILE instead of --snapshot.`,
  analystColumnsRenamed: (renamed: readonly { from: string; to: string }[]) =>
    `note: the result repeats column names, so ${renamed.map(({ from, to }) => `a second "${from}" is named "${to}"`).join(", ")} (as DuckDB names them); give each column its own AS name to choose.`,
  analystArrowUnrepresentable: (column: string, type: string, value: string, arrowType: string) =>
    `Column "${column}" (${type}) holds ${value}, which Arrow's ${arrowType} cannot hold exactly (an infinite or out-of-range date, or a number too large or too precise), so no Arrow file was written. CAST the column AS VARCHAR (exact text) or DOUBLE in the query, or use --format csv or json, which keep it exact.`,
  analystSnapshotRebuilt: (path: string) =>
    `the analyst snapshot ${path} was not a DuckDB database (damaged or overwritten): rebuilt it from the warehouse`,
} as const;
