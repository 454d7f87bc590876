/**
 * Every user-facing message in one place (as vega-lite keeps src/log/message.ts),
 * so wording stays consistent and each says what to do next.
 */
export const message = {
  localBrokerNoJars: (version: string, dir: string) =>
    `The local Kafka broker's jars (Apache Kafka ${version}) are not in ${dir}. ` +
    "Run `bash scripts/bootstrap.sh` (it fetches them from Maven Central with Maven), " +
    "or set KAFKA_BROKERS to use your own cluster.",
  localBrokerNoJava: (detail: string) =>
    `Cannot run Java for the local Kafka broker (${detail}). Install a JRE 17 or later ` +
    "(`apt-get install openjdk-17-jre-headless`, or run `bash scripts/bootstrap.sh` as root).",
  localBrokerStarting: (version: string, nodes: number) =>
    `starting Apache Kafka ${version} (${nodes} KRaft node${nodes === 1 ? "" : "s"}) on 127.0.0.1 …`,
  localBrokerUp: (bootstrap: string, ms: number, dataDir: string, kept: boolean) =>
    `local Kafka broker up in ${(ms / 1000).toFixed(1)} s: KAFKA_BROKERS=${bootstrap}\n` +
    `log in ${dataDir}${kept ? " (kept)" : " (temporary, deleted on exit)"}; Ctrl-C stops it`,
  localBrokerStopping: () => "stopping the local Kafka broker …",
  localBrokerStartFailed: (detail: string) => `The local Kafka broker did not start: ${detail}`,
  localBrokerNodeCount: (value: string) => `The local Kafka broker runs 1 to 5 nodes, got "${value}".`,
  localBrokerNoSuchNode: (id: number, count: number) =>
    `The local Kafka cluster has nodes 1 to ${count}; there is no node ${id}.`,
  localBrokerDataMismatch: (dir: string, kept: number, asked: number) =>
    `${dir} holds the log of a ${kept}-node local cluster, not ${asked}. Use --brokers ${kept}, or another --data folder.`,
  brokerUnreachable: (brokers: string, detail: string) =>
    `Cannot reach Kafka at ${brokers} (${detail}). Start a broker there (\`ohwb broker\` runs a local one for development, ` +
    "then use the bootstrap address it prints), or point KAFKA_BROKERS or the config's kafka.brokers at your cluster.",
  kafkaBrokersMalformed: (value: string) =>
    `KAFKA_BROKERS must be a comma-separated list of host:port, got "${value}".`,
  // ── Warehouse file (core/duckdb.ts) ─────────────────────────────────────────
  warehouseOpenFailed: (path: string, detail: string, locked: boolean) =>
    locked
      ? `The warehouse ${path} is in use by another process (${detail}). Stop the other \`ohwb\` process (e.g. a running \`ohwb ingest\`) and try again.`
      : `Cannot open the warehouse ${path}: ${detail}`,

  // ── Ingest (ingest/, ohwb ingest, ohwb status) ──────────────────────────────
  ingestPseudonymKeyMissing: () =>
    "OHWB_PSEUDONYM_KEY is not set, and ingest will not store staff identifiers without pseudonymising them. " +
    "Set it to a secret of at least 32 characters (e.g. `export OHWB_PSEUDONYM_KEY=$(openssl rand -hex 32)`), " +
    "or run with --demo to generate a throwaway key kept outside the warehouse.",
  ingestPseudonymKeyTooShort: (length: number) =>
    `OHWB_PSEUDONYM_KEY is ${length} characters long; use at least 32 (e.g. \`openssl rand -hex 32\`).`,
  ingestDemoKeyCreated: (path: string) =>
    `demo mode: generated a pseudonym key in ${path} (kept outside the warehouse)`,
  ingestDemoKeyUnreadable: (path: string, detail: string) =>
    `Cannot read or create the demo pseudonym key ${path}: ${detail}`,
  ingestNoTopics: () => "No topics to consume: pass --topics a,b or check the contracts' topic list.",
  ingestUntilIdleInvalid: (value: string) => `--until-idle takes a number of seconds, got "${value}".`,
  ingestFileMissing: (path: string) => `Cannot read ${path}: no such file.`,
  ingestFileReadFailed: (path: string, detail: string) => `Reading ${path} failed: ${detail}`,
  ingestFileContent: (path: string, bytes: number, sha256: string) =>
    `ingest: ${path}: ${bytes} bytes, sha256 ${sha256.slice(0, 16)}…; lines of this content already loaded or dead-lettered are skipped, other content loads in full (events already loaded are dropped by event_id)`,
  ingestFileChangedWhileLoading: (path: string) =>
    `${path} changed while it was being loaded. What loaded is kept (idempotent by event_id); rerun once the file is complete.`,
  ingestBatchFailed: (topic: string, partition: number, detail: string) =>
    `Loading a batch from ${topic}[${partition}] into the warehouse failed and was rolled back: ${detail}`,
  ingestGapsFound: (gaps: string[]) =>
    `Kafka deleted messages before the warehouse loaded them (retention): ${gaps.join("; ")}. ` +
    "The ranges are recorded in the warehouse (see `ohwb status`). Replay them from the source system if you can, " +
    "then run `ohwb ingest --accept-gaps` to carry on from the oldest message Kafka still holds.",
  ingestGapsAccepted: (gaps: string[]) =>
    `accepted a gap (recorded in ingest_gaps): Kafka had deleted ${gaps.join("; ")} before they were loaded`,
  ingestDecodeWorkerFailed: (detail: string) => `A decode worker stopped (${detail}).`,
  ingestDecodedOnLoaderThread: (detail: string) =>
    `${detail} Its batch is decoded on the loader's thread instead (nothing is lost); a fresh worker starts with the next batch.`,
  ingestDecodeDisagreed: (where: string) =>
    `A decode worker refused the message at ${where}, which the loader's thread accepts; the batch was not loaded (please report this as a bug).`,
  ingestLandingRowCount: (table: string, inserted: number, expected: number) =>
    `Inserting into ${table} wrote ${inserted} rows instead of ${expected}; the batch was rolled back (please report this as a bug).`,
  ingestLandingUnknownColumn: (table: string, column: string) =>
    `The landing table ${table} has a column ${column} that ingest does not fill; the warehouse's landing layout is newer or older than this version of ohwb (run its migrations, or use the matching version).`,
  ingestInvalidStops: (topic: string, partition: number, offset: string, reason: string) =>
    `Stopped at an invalid message (${reason}) at ${topic}[${partition}] offset ${offset}, as --on-invalid fail asks; ` +
    "its batch was not loaded, so the next run starts from it. Fix or remove the message at the source, or run with --on-invalid dead-letter to set it aside.",
  ingestOnInvalidBad: (value: string) => `--on-invalid takes dead-letter or fail, got "${value}".`,
  ingestDlqMirrorFailed: (count: number, detail: string) =>
    `could not mirror ${count} dead letter(s) to <topic>.dlq (${detail}); they are kept in dead_letter (\`ohwb dead-letters\`)`,
  ingestTopicsNotReady: (topics: string, seconds: number) =>
    `Kafka did not report leaders for ${topics} within ${seconds} s of creating them. The broker may still be starting: try again shortly.`,
  ingestTopicCreateFailed: (topic: string, detail: string) => `Cannot create topic ${topic}: ${detail}`,
  ingestStopping: (signal: string) =>
    `ingest: ${signal} received, finishing the batch in flight and committing…`,
  ingestRejoined: (groupId: string) =>
    `rejoined consumer group ${groupId} (a rebalance, e.g. after a broker outage); resuming from the warehouse's offsets`,
  ingestConsumerCrashed: (detail: string, restartInMs: number) =>
    `ingest: the Kafka consumer stopped (${detail}); reconnecting in ${restartInMs} ms`,
  statusWarehouseMissing: (path: string) =>
    `No warehouse at ${path}. Run \`ohwb ingest --warehouse ${path}\` first, or pass --warehouse.`,
  statusBrokerUnavailable: (detail: string) =>
    `high-water marks unavailable (${detail}); showing warehouse offsets only`,
} as const;

// ---- Event contracts (contracts/) ----
export const contractMessages = {
  /** One-line human summary of a failed validation. */
  contractValidationSummary: (subject: string, issues: readonly { path: string; message: string }[]) => {
    const shown = issues.slice(0, 3).map((i) => `${i.path || "(event)"}: ${i.message}`);
    const more = issues.length > 3 ? `; and ${issues.length - 3} more` : "";
    return `${subject} rejected (${issues.length} issue${issues.length === 1 ? "" : "s"}): ${shown.join("; ")}${more}`;
  },
  contractNotAnObject: (received: string) => `An event must be a JSON object, received ${received}`,
  contractUnknownEventType: (eventType: string, known: number) =>
    `Unknown event_type "${eventType}": not one of the ${known} contracted event types (see contracts/generated/CONTRACTS.md)`,
  contractUnknownSchemaVersion: (eventType: string, version: string, versions: readonly number[]) =>
    `${eventType} has no schema_version ${version}; known versions: ${versions.join(", ")}`,
  contractMissingEventType: () =>
    "event_type is required and must be a string naming a contracted event type",
  contractMissingSchemaVersion: () => "schema_version is required and must be a positive integer",
  contractUnrecognizedKey: (key: string) =>
    `Unrecognized key "${key}": not part of this contract version (add it to the contract first)`,
  contractUnrecognizedKeyWithheld: () =>
    "Unrecognized key, name withheld (it is no contract's field name and could be an identifier): export the dead letter with the key to see it",
  contractUpcastFailed: (from: number, to: number, detail: string) =>
    `Upcasting from v${from} to v${to} produced an invalid event: ${detail}`,
  contractWithoutVersions: (eventType: string) => `Contract ${eventType} defines no schema versions`,
  contractInternalError: (detail: string) => `Validation failed unexpectedly: ${detail}`,
  contractsExportWritten: (count: number, dir: string) => `wrote ${count} generated contract files to ${dir}`,
  contractsExportFresh: (count: number, dir: string) =>
    `${count} generated contract files in ${dir} are up to date`,
  contractsExportStale: (files: readonly string[]) =>
    `generated contract files are stale (${files.length}): ${files.join(", ")}. Run \`ohwb contracts export\` and commit the result.`,
} as const;

// ---- Warehouse schema and reference imports (warehouse/; transforms/ has transform-messages.ts) ----
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

// ---- Dashboards (dashboards/: SPC, disclosure control, charts, rendering) ----
export const dashboardMessages = {
  spcTooFewPoints: (count: number) =>
    `An XmR chart needs at least 2 values to compute a moving range, got ${count}. MDC guidance advises at least 15–20 points before trusting the limits.`,
  spcNonFinite: () =>
    "XmR values must be finite numbers; leave suppressed months out rather than passing null or NaN.",
  spcBadRuleLength: (name: string, value: number) =>
    `${name} must be an integer of at least 2, got ${value}.`,
  funnelBadTarget: (p0: number) =>
    `The funnel plot target proportion must be strictly between 0 and 1, got ${p0}. Is the England row missing or suppressed?`,
  funnelNoEngland: (staffGroup: string, monthEnd: string) =>
    `No unsuppressed England row for "${staffGroup}" in ${monthEnd}: the funnel plot needs it as its target. Pass englandRate explicitly or include the England row.`,
  disclosureBadCount: (value: unknown) =>
    `Counts for disclosure control must be non-negative integers, got ${String(value)}.`,
  disclosureRaggedTable: (row: number, expected: number, got: number) =>
    `Table row ${row} has ${got} cells, expected ${expected} (one per column).`,
  disclosureViolations: (dir: string, count: number, first: readonly string[]) =>
    `${dir} is not publishable: ${count} disclosure violation${count === 1 ? "" : "s"} (domain notes §10). First: ${first.join("; ")}. Fix the producing step; never hand-edit outputs.`,
  disclosureUnreadableManifest: (file: string, detail: string) =>
    `Cannot read the disclosure manifest ${file}: ${detail}`,
  chartNoRows: (chart: string, detail: string) => `No rows to draw the ${chart} chart: ${detail}.`,
  renderFailed: (detail: string) => `Rendering the chart failed: ${detail}`,
  renderFontMissing: (path: string) =>
    `Font file ${path} is missing. Install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) or pass fontFiles.`,
} as const;

// ---- Provenance of published figures (dashboards/provenance.ts) ----
export const provenanceMessages = {
  sources: (asOf: string | null, benchmarkMonths: string | null, reasonFiles: readonly string[]) =>
    [
      `Data as of ${asOf ?? "(no transform run recorded)"}.`,
      benchmarkMonths
        ? `Published figures: NHS England, NHS Sickness Absence benchmarking tool, monthly publications ${benchmarkMonths}.`
        : "No NHS England benchmarking publication is loaded.",
      reasonFiles.length > 0 ? `National absence by reason: NHS England (${reasonFiles.join(", ")}).` : "",
      "OH, ESR absence, cost and ROI figures: the organisations' own events, reporting organisations only where coverage says so.",
    ]
      .filter(Boolean)
      .join(" "),
} as const;

// ---- Coverage of the event feeds (dashboards/coverage.ts, mart_coverage) ----
export const coverageMessages = {
  label: (reporting: number, expected: number, all: number, monthEnd: string, partial: boolean) => {
    const others = all - reporting;
    const counted =
      expected > 0
        ? `${reporting} of ${expected} organisations reporting`
        : `${all} organisation${all === 1 ? "" : "s"} reporting (no reference list for the area)`;
    return `${counted}${expected > 0 && others > 0 ? ` (and ${others} not on the reference list)` : ""}, ${monthEnd.slice(0, 7)}${partial ? ": reporting organisations only, not the whole area" : ""}.`;
  },
} as const;

// ---- Dashboard site (dashboards/site/, ohwb dashboards build) ----
export const dashboardSiteMessages = {
  spcNote: () =>
    "The staff-group filter picks the series; the period filter picks the months. Mean, process limits and special-cause signals are recomputed from the months shown, so they describe the selected period only.",
  spcUnavailable: (staffGroup: string) =>
    `Not enough published months to draw an SPC chart for ${staffGroup}: rates from small numbers are withheld.`,
  staffGroupNote: (withComparator: boolean) =>
    `Shows the end month of the selected period${withComparator ? "; black ticks mark the England rate" : ""}. Withheld groups are marked, never shown as zero.`,
  staffGroupUnavailable: (monthEnd: string) => `No published staff-group rates for ${monthEnd}.`,
  funnelHeading: (groupLabel: string) =>
    `${groupLabel.charAt(0).toUpperCase()}${groupLabel.slice(1)} compared with each other (funnel plot)`,
  funnelNote: (monthEnd: string, groupLabel: string) =>
    `Latest month (${monthEnd}); the staff-group filter applies, the period filter does not. Only ${groupLabel} are compared, against their pooled rate; limits are adjusted for overdispersion (Spiegelhalter), so "outside 99.8%" means more than the usual variation between trusts.`,
  funnelUnavailable: (staffGroup: string, groupLabel: string) =>
    `No funnel plot of ${groupLabel} for ${staffGroup}: no such organisation has a published rate.`,
  spcWindowTooShort: () =>
    "Only one published month in the selected period: an SPC chart needs at least 2. Widen the period.",
  spcWindowRecomputed: () =>
    "Mean, process limits and signals are computed from the selected period's months only (lower is better).",
  ohChartNote: () =>
    "From the warehouse's OH events, all staff groups, whole series: the filters do not apply. Counts below England level are rounded to 5 with 1–7 withheld; percentages from fewer than 8 cases are withheld.",
  siteNeedsWarehouse: () => "ohwb dashboards build needs --warehouse FILE and --out DIR.",
  siteUnknownSubcommand: (name: string) =>
    `Unknown dashboards subcommand "${name}"; use: ohwb dashboards build.`,
  siteNoRows: (warehouse: string) =>
    `${warehouse} has no mart_absence_benchmark rows. Import the NHS benchmarking CSVs (ohwb import nhs-absence) and run ohwb transform first.`,
  siteAssetMissing: (path: string) =>
    `Browser asset ${path} is missing; run npm install (vega, vega-lite and vega-embed are dependencies).`,
  siteBuilding: (dir: string) => `building the dashboard site in ${dir}`,
  siteBuiltDetail: (pages: number) => `${pages} pages, disclosure check passed`,
} as const;

// ---- Output directories of ohwb dashboards build and ohwb pack (dashboards/output-directory.ts) ----
export const outputDirectoryMessages = {
  outputNotOurs: (dir: string, entries: number, first: readonly string[]) =>
    `Refusing to build into ${dir}: it already holds ${entries} file${entries === 1 ? "" : "s"} or folder${entries === 1 ? "" : "s"} (${first.join(", ")}${entries > first.length ? ", …" : ""}) that an ohwb build did not write, and every build empties its output directory first. Choose a new or empty directory with --out, or delete this one yourself if nothing in it is needed.`,
  outputNotDirectory: (dir: string) =>
    `Cannot build into ${dir}: it exists and is not a directory. Choose a new or empty directory with --out.`,
  outputIsSymlink: (dir: string) =>
    `Refusing to build into ${dir}: it is a symbolic link, and the build empties its output directory. Pass the real directory the link points to, or a new or empty directory, with --out.`,
} as const;

// ---- The shipped NHS England reference data (core/reference-data.ts) ----
export const referenceDataMessages = {
  referenceMissing: (path: string, origin: string) =>
    `No NHS England reference data at ${path} (${originText(origin)}). The project ships it in reference/nhs-sickness-absence/; pass --reference DIR|FILE (a benchmarking CSV, a folder of them, or a reference folder with benchmarking/ inside), or set referenceData in the configuration (OHWB_REFERENCE_DIR) to such a folder.`,
  referenceEmpty: (path: string, origin: string) =>
    `No benchmarking CSVs (*.csv) in ${path} (${originText(origin)}). Pass --reference DIR|FILE naming NHS England sickness absence benchmarking CSVs, or set referenceData (OHWB_REFERENCE_DIR) to a folder with benchmarking/ inside.`,
  referenceNotCsv: (path: string) =>
    `${path} is not a CSV file. Pass --reference with an NHS England sickness absence benchmarking CSV (or a folder of them).`,
} as const;

function originText(origin: string): string {
  if (origin === "--reference") return "named by --reference or the command line";
  if (origin === "referenceData") return "named by the configuration's referenceData, or OHWB_REFERENCE_DIR";
  return "the project's own copy: is the checkout complete?";
}

// ---- Synthetic event generator (generator/, ohwb generate) ----
export const generatorMessages = {
  generatorReferenceUnreadable: (file: string, detail: string) =>
    `Cannot read the reference organisations file ${file} (${detail}). Pass --reference DIR|FILE with NHS England sickness absence benchmarking CSVs, or set OHWB_REFERENCE_DIR; the project ships them in reference/nhs-sickness-absence/.`,
  generatorTooManyOrgs: (asked: number, available: number) =>
    `--orgs ${asked} asks for more organisations than the reference data has (${available} provider trusts); use at most ${available}.`,
  generatorBadOption: (name: string, value: string, expected: string) =>
    `--${name} must be ${expected}, got "${value}".`,
  generatorNoTarget: () =>
    "Say where the events go: --to kafka, or --to FILE (.ndjson, or .ndjson.gz for gzip).",
  generatorTransactionalNeedsKafka: () =>
    "--transactional applies to Kafka only: use it with --to kafka (a file has no transactions).",
  generatorProgress: (events: number, bad: number, perSecond: number) =>
    `generate: ${events.toLocaleString("en-GB")} events (${bad.toLocaleString("en-GB")} bad), ${Math.round(perSecond).toLocaleString("en-GB")}/s`,
  generatorDone: (events: number, bad: number, seconds: number, target: string) =>
    `generate: wrote ${events.toLocaleString("en-GB")} events (${bad.toLocaleString("en-GB")} bad) to ${target} in ${seconds.toFixed(1)} s`,
} as const;

// ---- Analyst access (warehouse/analyst/: read-only query, scoped snapshots, exports) ----
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
  analystBadFormat: (value: string, known: readonly string[]) =>
    `Unknown --format "${value}"; known: ${known.join(", ")}.`,
  analystWarehouseMissing: (path: string) =>
    `No warehouse at ${path}. Pass --warehouse FILE (or set OHWB_WAREHOUSE), and run \`ohwb transform\` first.`,
  analystNoMarts: (path: string) =>
    `The warehouse ${path} has no mart_* or dim_* tables yet, so there is nothing for analysts to see. Run \`ohwb transform --warehouse ${path}\` first.`,
  analystSnapshotPublished: (path: string, tables: number, builtAt: string, asOf: string | null) =>
    `published the analyst snapshot ${path} (${tables} tables, built ${builtAt}${asOf ? `, marts as of ${asOf}` : ""})`,
  analystSnapshotNote: (path: string, builtAt: string, asOf: string | null) =>
    `analyst snapshot ${path}, built ${builtAt}${asOf ? `, marts as of ${asOf}` : ""}; \`--refresh\` rebuilds it from the warehouse`,
  analystExportNeedsOut: () => "ohwb export needs --out DIR.",
  analystExported: (table: string, rows: number, path: string) => `${table}: ${rows} rows → ${path}`,
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
  analystDuckDbNeedsScope: () =>
    "ohwb export --format duckdb writes one ICS's own snapshot file, so it needs --scope ics:CODE (the full snapshot is <warehouse>.analyst.duckdb already).",
  analystOutExists: (path: string) =>
    `${path} already exists; ohwb query does not replace a file unless you pass --force.`,
  analystOutIsDatabase: (path: string) =>
    `${path} is a DuckDB database (a warehouse or an analyst snapshot); ohwb query never writes over one, even with --force. Choose another --out FILE.`,
  analystOutIsDirectory: (path: string) => `${path} is a directory; --out needs a file name.`,
  analystSnapshotDamaged: (path: string, detail: string) =>
    `The analyst snapshot ${path} is damaged and cannot be read (${detail}). It is only a copy of the warehouse's marts: rebuild it with \`ohwb query --refresh "SELECT 1"\` (same --warehouse), or \`ohwb transform\`, which republishes it.`,
  analystSnapshotRebuilt: (path: string) =>
    `the analyst snapshot ${path} was not a DuckDB database (damaged or overwritten): rebuilt it from the warehouse`,
} as const;

// ---- Evidence packs (dashboards/pack/, `ohwb pack`) ----
export const packMessages = {
  packTwoSources: (eventDays: string, publishedDays: string, difference: string, publishedCost: string) =>
    `Two sources for FTE days lost: this cost prices ${eventDays} FTE days from the organisations' own ESR events; NHS England's published benchmark, in the headline, has ${publishedDays} (a difference of ${difference}). Priced the same way, the published days would cost ${publishedCost}.`,
  packPublishedReasons: (from: string, to: string, top: string, files: string, beside: boolean) =>
    `Published, England (NHS England, national sickness absence by reason, ${from === to ? from : `${from} to ${to}`}; ${files}): the largest reasons were ${top}.${beside ? " The breakdown above comes from the reporting organisations' own ESR events; this one covers every NHS organisation in England, as published." : ""}`,
  packCoverage: (label: string) => `Coverage: ${label}`,
  /** Inserted after "Sickness absence" when the figure is not the area's total. */
  packReportingOnly: (reporting: number, area: string) =>
    ` at the ${reporting} organisation${reporting === 1 ? "" : "s"} reporting ESR events (not ${area}'s total)`,
  /** Why a pack shows no return on investment, one reason per mart_value_roi.roi_status. */
  packRoiMissing: (status: string, baseline: string) => {
    switch (status) {
      case "baseline_period":
        return `No return on investment for this quarter: its months are the baseline (${baseline}) that later months are compared with.`;
      case "no_absence_data":
        return "No return on investment: there is no ESR absence data for this scope and quarter, so no days saved can be measured.";
      case "no_service_cost":
        return "No return on investment: no OH service cost was recorded for this scope and quarter.";
      case "no_baseline":
        return `No return on investment: there are no absence months in the baseline (${baseline}) to compare the quarter with. Load the baseline months, or configure another baseline in the value model.`;
      default:
        return "No return on investment: the warehouse has neither absence data nor OH service costs for this scope and quarter.";
    }
  },
  packBadQuarter: (value: string) =>
    `--quarter must look like 2025-Q1 (a calendar quarter: Q1 = Jan–Mar, Q4 = Oct–Dec), got "${value}".`,
  packBadScope: (value: string) =>
    `--scope must be england, region:CODE, ics:CODE or org:CODE (e.g. region:Y60, ics:QHL, org:RRK), got "${value}".`,
  packNoAbsence: (scope: string, quarter: string) =>
    `No published sickness absence for ${scope} in ${quarter} (all staff groups) in mart_absence_benchmark: check the scope code and that the quarter's months are loaded (\`ohwb import\`, then \`ohwb transform\`).`,
  packTooFewMonths: (months: number) =>
    `Only ${months} published month${months === 1 ? "" : "s"} up to the quarter's end, too few for an SPC chart (at least 2 are needed).`,
  packOhSectionsOmitted: (what: readonly string[], quarter: string) =>
    `The warehouse has no figures on ${what.join("; ")} for this scope in ${quarter}, so the pack leaves those sections out (load OH events with \`ohwb ingest\` and run \`ohwb transform\` to add them).`,
  packNoMartRows: (what: string, quarter: string) =>
    `The warehouse has no ${what} for this scope in ${quarter}, so this section has no figures.`,
  packDataTestsFailed: (warehouse: string, failing: readonly string[]) =>
    `Refusing to publish an evidence pack: the warehouse ${warehouse} fails ${failing.length} data test${failing.length === 1 ? "" : "s"} (${failing.join(", ")}). Run \`ohwb check --warehouse ${warehouse}\` for details and fix the data first.`,
  packNoTransformRun: (warehouse: string) =>
    `The warehouse ${warehouse} has no finished transform run, so its data cannot be checked. Run \`ohwb transform --warehouse ${warehouse}\` first.`,
  packNeeds: (what: string) => `ohwb pack needs ${what}.`,
  packBuilding: (quarter: string, scope: string) => `building the ${scope} evidence pack for ${quarter}`,
  packBuiltDetail: (dir: string, sections: number, charts: number, tables: number) =>
    `${sections} sections, ${charts} charts, ${tables} data files in ${dir}`,
} as const;

// ---- One-command demo (cli/demo/, `ohwb demo`) ----
export const demoMessages = {
  demoBadOption: (name: string, value: string, expected: string) =>
    `--${name} must be ${expected}, got "${value}".`,
  demoStepStart: (index: number, total: number, name: string) => `[${index}/${total}] ${name} …`,
  demoStepProgress: (index: number, total: number, name: string, detail: string) =>
    `[${index}/${total}] ${name} … ${detail}`,
  demoStepDone: (index: number, total: number, name: string, seconds: number, detail: string) =>
    `[${index}/${total}] ${name} … done in ${seconds.toFixed(1)} s${detail ? ` (${detail})` : ""}`,
  demoStepSkipped: (index: number, total: number, name: string, why: string) =>
    `[${index}/${total}] ${name} … SKIPPED: ${why}`,
  demoStepFailed: (index: number, total: number, name: string, seconds: number) =>
    `[${index}/${total}] ${name} … FAILED after ${seconds.toFixed(1)} s`,
  demoNoBenchmark: () => "no published benchmark was imported (see the reference-data step above)",
  demoChecksFailed: (failing: readonly string[]) =>
    `${failing.length} data test${failing.length === 1 ? "" : "s"} failed: ${failing.join(", ")}`,
  demoUsingBroker: (brokers: string) => `using the Kafka cluster at KAFKA_BROKERS=${brokers}`,
  demoLocalBroker: (bootstrap: string, version: string) =>
    `local Apache Kafka ${version} broker at ${bootstrap} (stopped when the demo ends)`,
  demoFreshWarehouse: (path: string) =>
    `starting from a fresh warehouse ${path} (the demo's broker starts empty each run, so an old warehouse's Kafka offsets would not match it)`,
  demoKeyCreated: (source: string) =>
    `generated a demo pseudonym key, kept outside the warehouse in ${source}`,
  demoKeySource: (source: string) => `pseudonym key: ${source === "env" ? "OHWB_PSEUDONYM_KEY" : source}`,
  demoFailed: (step: string, detail: string) => `the demo stopped at "${step}": ${detail}`,
  demoSummary: (s: {
    seconds: number;
    warehouse: string;
    snapshot: string | undefined;
    siteIndexUrl: string | undefined;
    pack: string | undefined;
    queryCommand: string;
    generated: number;
    bad: number;
    loaded: number;
    duplicates: number;
    deadLettersByReason: readonly (readonly [string, number])[];
    referenceRows: number | undefined;
    checksPassed: number;
    keySource: string | undefined;
  }) =>
    [
      `OHWB demo finished in ${s.seconds.toFixed(1)} s.`,
      ``,
      `  warehouse        ${s.warehouse}`,
      `  analyst snapshot ${s.snapshot ?? "(not published)"}`,
      `  dashboards       ${s.siteIndexUrl ? `open ${s.siteIndexUrl} in a browser (works offline)` : "(not built: no NHS reference data)"}`,
      `  evidence pack    ${s.pack ? `${s.pack}/pack.pdf and index.html` : "(not built: no NHS reference data)"}`,
      `  try a query      ${s.queryCommand}`,
      ``,
      `  events generated ${s.generated.toLocaleString("en-GB")} (${s.bad.toLocaleString("en-GB")} deliberately bad)`,
      `  events loaded    ${s.loaded.toLocaleString("en-GB")} (${s.duplicates} duplicates skipped)`,
      `  dead letters     ${
        s.deadLettersByReason.length === 0
          ? "none"
          : s.deadLettersByReason.map(([reason, n]) => `${reason} ${n}`).join(", ")
      }`,
      `  NHS 2023 import  ${s.referenceRows === undefined ? "skipped (reference CSVs missing)" : `${s.referenceRows.toLocaleString("en-GB")} rows`}`,
      `  data tests       ${s.checksPassed} passed`,
      `  pseudonym key    ${s.keySource === "env" ? "from OHWB_PSEUDONYM_KEY" : `${s.keySource ?? "?"} (outside the warehouse)`}`,
      ``,
      `Running the demo again with the same options starts from a fresh warehouse in the same place.`,
    ].join("\n"),
} as const;

// ── Configuration file (core/config.ts) ──────────────────────────────────────
export const configMessages = {
  configMissing: (path: string) =>
    `Configuration file ${path} does not exist. Copy ohwb.config.example.json there, or drop --config/OHWB_CONFIG to use the defaults.`,
  configUnreadable: (path: string, detail: string) =>
    `Cannot read the configuration file ${path}: ${detail}. It must be a JSON object; see ohwb.config.example.json.`,
  configInvalid: (where: string, issues: readonly string[]) =>
    `Invalid configuration (${where}):\n${issues.map((issue) => `  - ${issue}`).join("\n")}\nSee ohwb.config.example.json for every setting and its default.`,
  pseudonymKeyFileMissing: (path: string) =>
    `The pseudonym key file ${path} (config pseudonymKeyFile) does not exist. Put the HMAC key (at least 32 characters) in it, set OHWB_PSEUDONYM_KEY, or run ingest with --demo to create a demo key there.`,
  warehouseMissingCreate: (path: string, command: string) =>
    `No warehouse at ${path}. Check the path (--warehouse, config \`warehouse\`, OHWB_WAREHOUSE), or add --create to ${command} to start a new, empty one there.`,
  wholeMonths: (option: string, value: string) =>
    `--${option} must be a whole number of months, got "${value}".`,
  warehouseMissing: (path: string, command: string) =>
    `No warehouse at ${path}. Give ${command} --warehouse FILE, or set \`warehouse\` in the configuration file (or OHWB_WAREHOUSE).`,
  configSource: (path: string | null) =>
    path
      ? `configuration: ${path} (plus environment overrides)`
      : "configuration: defaults plus environment overrides (no file)",
  configSchemaWritten: (path: string) => `wrote ${path}`,
  configSchemaFresh: (path: string) => `${path} is up to date`,
  configSchemaStale: (path: string) =>
    `${path} is stale or missing: run \`ohwb config schema --write\` after changing core/config.ts.`,
} as const;

// ── Schedule (ohwb schedule) ──────────────────────────────────────────────────
export const scheduleMessages = {
  scheduleBadCron: (job: string, cron: string) =>
    `schedule.${job}.cron "${cron}" is not a cron expression node-cron accepts (5 fields, or 6 with seconds first, e.g. "*/15 * * * *" or "0 6 3 1,4,7,10 *").`,
  scheduleBadTimezone: (timezone: string) =>
    `schedule.timezone "${timezone}" is not a time zone this Node.js knows (use an IANA name such as Europe/London or UTC).`,
  scheduleNothingEnabled: () =>
    "Nothing to schedule: schedule.refresh.enabled and schedule.packs.enabled are both false in the configuration.",
  scheduleRefreshNeedsKey: () =>
    "The refresh job ingests events, which needs the pseudonymisation key: set OHWB_PSEUDONYM_KEY, or pseudonymKeyFile in the configuration (or disable schedule.refresh).",
  scheduleStarted: (
    warehouse: string,
    timezone: string,
    jobs: readonly { name: string; cron: string; next: string }[],
  ) =>
    `schedule: holding ${warehouse}; ${jobs.map((j) => `${j.name} "${j.cron}" (next ${j.next})`).join(", ")}, in ${timezone}. Ctrl-C stops after the running job.`,
  scheduleStopping: (signal: string) =>
    `schedule: ${signal} received, finishing the running job, then stopping.`,
  scheduleStopped: (runs: number, failed: number) =>
    `schedule: stopped after ${runs} run${runs === 1 ? "" : "s"}${failed > 0 ? `, ${failed} failed` : ""}.`,
  scheduleOnceFailed: (failed: number) =>
    `schedule --once: ${failed} run${failed === 1 ? "" : "s"} failed; see the lines above and the schedule_runs table.`,
  scheduleInterrupted: (runs: number) =>
    `schedule: ${runs} run${runs === 1 ? "" : "s"} left 'running' by an earlier process marked failed (interrupted).`,
  interruptedError: () => "interrupted: the scheduler process ended before this run finished",
  runStarted: (job: string, label: string, trigger: string) =>
    `schedule: ${job} ${label} started (${trigger})`,
  runFinished: (job: string, label: string, status: string, seconds: number, detail: string) =>
    `schedule: ${job} ${label} ${status} in ${seconds.toFixed(1)} s${detail ? `: ${detail}` : ""}`,
  runSkipped: (job: string, scheduledFor: string, reason: string) =>
    `schedule: ${job} tick ${scheduledFor} skipped: ${reason}`,
  skippedStillRunning: () => "the previous run of this job was still running or waiting for the warehouse",
  skippedMissed: () => "missed (the process was busy when it was due)",
  skippedStopping: () => "the scheduler was stopping",
  refreshDetail: (r: {
    loaded: number;
    deadLetters: number;
    mode: string;
    models: number;
    testsPassed: number;
    failingTests: readonly string[];
    snapshot: string;
  }) =>
    `loaded ${r.loaded} event${r.loaded === 1 ? "" : "s"} (${r.deadLetters} dead letter${r.deadLetters === 1 ? "" : "s"}); ${r.mode} transform, ${r.models} models; data tests ${r.testsPassed} passed` +
    `${r.failingTests.length > 0 ? `, ${r.failingTests.length} FAILED (${r.failingTests.join(", ")}): packs will refuse to publish` : ""}; analyst snapshot ${r.snapshot}`,
  packDetail: (dir: string, sections: number, charts: number, tables: number) =>
    `${dir}: ${sections} sections, ${charts} charts, ${tables} data tables`,
  packsAllPresent: (quarters: string, scopes: number) =>
    `every pack is present for ${quarters} × ${scopes} scope${scopes === 1 ? "" : "s"}`,
} as const;

// ── Dead letters (ingest/dead-letter-*.ts, ohwb dead-letters) ─────────────────
export const deadLetterMessages = {
  deadLetterKeyMismatch: () =>
    "the dead letters were sealed with a different key. Use the pseudonym key this warehouse was loaded " +
    "with (OHWB_PSEUDONYM_KEY, or the config's pseudonymKeyFile); without it they cannot be opened.",
  deadLetterSealedUnreadable: (field: string) =>
    `a sealed dead-letter ${field} is damaged or in an unknown format and cannot be opened.`,
  deadLetterPlaintextSealed: (rows: number) =>
    `sealed ${rows} dead letter(s) stored in clear by an older version (key, headers, value now encrypted)`,
  deadLetterWarehouseMissing: (path: string) =>
    `No warehouse at ${path}. Pass --warehouse, or run \`ohwb ingest\` first.`,
  deadLetterNoTable: (path: string) =>
    `The warehouse ${path} has no dead_letter table: nothing was ingested.`,
  deadLetterUnknownAction: (action: string) =>
    `Unknown action "${action}": use \`ohwb dead-letters list\` or \`ohwb dead-letters export\`.`,
  deadLetterExportNeedsOut: () => "export needs --out FILE.ndjson (where to write the original messages).",
  deadLetterExportNeedsReason: () =>
    "export needs --reason R (e.g. VALIDATION_FAILED), or --all-reasons to export every dead letter.",
  deadLetterUnknownReason: (reason: string, known: readonly string[]) =>
    `Unknown dead-letter reason "${reason}"; one of: ${known.join(", ")}.`,
  deadLetterExportExists: (path: string) =>
    `${path} already exists; the export holds staff identifiers in clear, so it is never overwritten. Choose another --out.`,
  deadLetterExportWritten: (written: number, path: string) =>
    `wrote ${written} original message(s) to ${path} (mode 0600: it holds staff identifiers in clear; ` +
    `delete it after replaying with \`ohwb ingest --from-file ${path}\`)`,
  deadLetterExportSkipped: (empty: number, truncated: number, multiline: number, otherKey: number) =>
    `skipped ${empty} empty, ${truncated} truncated (over 1 MiB) and ${multiline} multi-line non-JSON message(s), ` +
    `which no line can replay, and ${otherKey} sealed with a different key`,
  deadLetterExportCompacted: (count: number) =>
    `${count} JSON message(s) spanning several lines were written on one line (whitespace only)`,
  deadLetterListEmpty: () => "dead letters: none",
  deadLetterPlaintextPending: () =>
    "some dead letters are still stored in clear by an older version; the next `ohwb ingest` (or `ohwb dead-letters export`) with the key seals them",
} as const;

// ---- The command line itself (cli/ohwb.ts) ----
export const cliMessages = {
  rootDescription: () => "Occupational health and wellbeing evidence warehouse.",
  rootFooter: () => "Run `ohwb help <command>` (or `ohwb <command> --help`) for a command's options.",
  unknownCommand: (name: string) => `no command "${name}".`,
  usageHint: (command: string) => `Run \`ohwb ${command} --help\` for its options.`,
  fileNotFound: (path: string) => `Cannot read ${path}: no such file. Check the path and try again.`,
  filePermission: (path: string) => `Cannot access ${path}: permission denied.`,
  kafkaFailed: (detail: string, retriable: boolean) =>
    retriable
      ? `Kafka did not answer in time (${detail}). The broker may be starting or restarting: try again shortly.`
      : `Kafka refused the request: ${detail}`,
  progressStarted: (label: string) => `${label} …`,
  progressRunning: (label: string, seconds: number, detail: string) =>
    `${label} … ${seconds.toFixed(0)} s${detail ? ` (${detail})` : ""}`,
  progressDone: (label: string, seconds: number, result: string) =>
    `${label} … done in ${seconds.toFixed(1)} s${result ? ` (${result})` : ""}`,
  unexpected: (detail: string) =>
    `Unexpected error: ${detail}. Set OHWB_DEBUG=1 to see where it came from, and please report it.`,
} as const;

// ---- Jobs: build, test, publish (jobs/) ----
export const jobMessages = {
  noDataAsOf: () =>
    "The warehouse has no data yet, so it has no as-of date of its own. " +
    "Load the feeds first (`ohwb ingest`, `ohwb import nhs-absence`), or pass --as-of YYYY-MM-DD.",
  asOfBeyondData: (asOf: string, ofData: string) =>
    `--as-of ${asOf} is after the latest month the data covers (${ofData}): months without FTE would show ` +
    `absence rates above 100%. Leave --as-of out to build as of ${ofData}, or add --force-as-of if you mean it.`,
  asOfChosen: (asOf: string, source: "data" | "given") =>
    source === "data" ? `${asOf} (the latest month of the data)` : asOf,
  testFailed: (test: {
    name: string;
    description: string;
    severity: "warn" | "error";
    failingRows: number;
    error?: string;
  }) =>
    test.error
      ? `${test.severity === "error" ? "FAIL" : "WARN"} ${test.name}: could not run (${test.error}). Rebuild with \`ohwb transform --full\`; if it persists, the test's SQL needs fixing.`
      : `${test.severity === "error" ? "FAIL" : "WARN"} ${test.name}: ${test.failingRows} ${test.failingRows === 1 ? "row breaks" : "rows break"} the rule "${test.description}".`,
  testSampleRow: (row: Record<string, unknown>) =>
    `      ${Object.entries(row)
      .map(([column, value]) => `${column} = ${value === null ? "NULL" : String(value)}`)
      .join(", ")}`,
  gateHeld: (errors: number, snapshot: string) =>
    `${errors} data ${errors === 1 ? "test" : "tests"} failed, so the analyst snapshot was NOT republished: ${snapshot} still holds the last build that passed. ` +
    "Fix the source data (or the feed) and run `ohwb transform` again; `ohwb check` re-runs the tests alone.",
  snapshotHeld: (snapshot: string) => `not republished (${snapshot} keeps the last build that passed)`,
  gateWarnings: (warnings: number) =>
    `${warnings} data ${warnings === 1 ? "test" : "tests"} warned (published anyway)`,
} as const;
