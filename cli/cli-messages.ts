/**
 * What cli/ tells users: the command line itself and the demo.
 * One catalogue per stage (as vega-lite keeps src/log/message.ts), so wording stays
 * consistent and each message says what to do next.
 */
export const cliMessages = {
  rootDescription: () => "Occupational health and wellbeing evidence warehouse.",
  rootFooter: () => "Run `ohwb help <command>` (or `ohwb <command> --help`) for a command's options.",
  unknownCommand: (name: string) => `no command "${name}".`,
  usageHint: (command: string) => `Run \`ohwb ${command} --help\` for its options.`,
  badOption: (name: string, value: string, expected: string) =>
    `--${name} must be ${expected}, got "${value}".`,
  fileNotFound: (path: string) => `Cannot read ${path}: no such file. Check the path and try again.`,
  filePermission: (path: string) => `Cannot access ${path}: permission denied.`,
  fileIsDirectory: (path: string) => `${path} is a folder; a file name is needed there.`,
  fileInTheWay: (path: string) =>
    `${path} cannot be made a folder: a file of that name (or above it) is in the way. Choose another path or move the file.`,
  diskFull: (path: string) => `Cannot write ${path}: the disk is full. Free some space and try again.`,
  readOnlyFileSystem: (path: string) => `Cannot write ${path}: the file system is read-only.`,
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

export const demoMessages = {
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
