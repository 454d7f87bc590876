/**
 * What contracts/ tells users: generated contract files.
 * One catalogue per stage (as vega-lite keeps src/log/message.ts), so wording stays
 * consistent and each message says what to do next.
 */
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
  contractsSubcommand: (given: string) => `expected the subcommand "export", not "${given}".`,
  contractsExportStale: (files: readonly string[]) =>
    `generated contract files are stale (${files.length}): ${files.join(", ")}. Run \`ohwb contracts export\` and commit the result.`,
} as const;
