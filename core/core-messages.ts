/**
 * What core/ tells users: opening DuckDB files, the configuration file, the reference data.
 * One catalogue per stage (as vega-lite keeps src/log/message.ts), so wording stays
 * consistent and each message says what to do next.
 */
export const duckdbMessages = {
  warehouseOpenFailed: (path: string, detail: string, locked: boolean) =>
    locked
      ? `The warehouse ${path} is in use by another process (${detail}). Stop the other \`ohwb\` process (e.g. a running \`ohwb ingest\`) and try again.`
      : `Cannot open the warehouse ${path}: ${detail}`,
  notADuckDbFile: () =>
    "it is not a DuckDB database (its first bytes are not DuckDB's file header). Check the --warehouse path (or the config's `warehouse`)",
} as const;

// ── Writing a file whole (core/replace-file.ts) ──────────────────────────────
export const fileMessages = {
  outputNotRegularFile: (path: string, kind: string) =>
    `${path} is ${kind}, not a regular file; ohwb replaces only regular files (writing over it would swap it for a plain file), even with --force. Name a regular file to write to.`,
  outputCannotCreate: (path: string, folder: string) =>
    `Cannot write ${path}: no file can be made in ${folder} (the folder does not exist and cannot be made, or takes no new files). Choose a folder you can write to.`,
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
    `${noWarehouse(path)}, or add --create to ${command} to start a new, empty one there.`,
  wholeMonths: (option: string, value: string) =>
    `--${option} must be a whole number of months, got "${value}".`,
  /** The one wording for a warehouse file that is not there, whichever command looked for it. */
  warehouseMissing: (path: string, command: string) =>
    `${noWarehouse(path)}. ${command} reads a warehouse that \`ohwb ingest\` or \`ohwb import\` has loaded (\`--create\` starts a new one) and \`ohwb transform\` has built: check the path, or start one with \`ohwb demo\`.`,
  configSource: (path: string | null) =>
    path
      ? `configuration: ${path} (plus environment overrides)`
      : "configuration: defaults plus environment overrides (no file)",
  configSchemaWritten: (path: string) => `wrote ${path}`,
  configSchemaFresh: (path: string) => `${path} is up to date`,
  configSubcommand: (given: string) => `expected "show" or "schema", not "${given}".`,
  configSchemaStale: (path: string) =>
    `${path} is stale or missing: run \`ohwb config schema --write\` after changing core/config.ts.`,
} as const;

export const referenceDataMessages = {
  referenceMissing: (path: string, origin: string) =>
    `No NHS England reference data at ${path} (${originText(origin)}). The project ships it in reference/nhs-sickness-absence/; pass --reference DIR|FILE (a benchmarking CSV, a folder of them, or a reference folder with benchmarking/ inside), or set referenceData in the configuration (OHWB_REFERENCE_DIR) to such a folder.`,
  referenceEmpty: (path: string, origin: string) =>
    `No benchmarking CSVs (*.csv) in ${path} (${originText(origin)}). Pass --reference DIR|FILE naming NHS England sickness absence benchmarking CSVs, or set referenceData (OHWB_REFERENCE_DIR) to a folder with benchmarking/ inside.`,
  referenceNotCsv: (path: string) =>
    `${path} is not a CSV file. Pass --reference with an NHS England sickness absence benchmarking CSV (or a folder of them).`,
} as const;

function noWarehouse(path: string): string {
  return `No warehouse at ${path}. Check the path (--warehouse FILE, config \`warehouse\`, OHWB_WAREHOUSE)`;
}

function originText(origin: string): string {
  if (origin === "--reference") return "named by --reference or the command line";
  if (origin === "referenceData") return "named by the configuration's referenceData, or OHWB_REFERENCE_DIR";
  return "the project's own copy: is the checkout complete?";
}
