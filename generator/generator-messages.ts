/**
 * What generator/ tells users.
 * One catalogue per stage (as vega-lite keeps src/log/message.ts), so wording stays
 * consistent and each message says what to do next.
 */
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
