/**
 * What ingest/ tells users: keys, files, batches, gaps, the consumer, and dead letters.
 * One catalogue per stage (as vega-lite keeps src/log/message.ts), so wording stays
 * consistent and each message says what to do next.
 */
export const ingestMessages = {
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
  ingestKafkaOnlyOptions: (names: readonly string[]) =>
    `${names.map((n) => `--${n}`).join(", ")} ${names.length === 1 ? "applies" : "apply"} to Kafka only; ` +
    `--from-file reads the file to its end and stops. Drop ${names.length === 1 ? "it" : "them"}, or drop --from-file to consume Kafka.`,
  ingestUntilIdleInvalid: (value: string) => `--until-idle takes a number of seconds, got "${value}".`,
  ingestProgressIntervalInvalid: (value: string) =>
    `--progress-interval takes a number of seconds above 0, got "${value}".`,
  ingestFileMissing: (path: string) => `Cannot read ${path}: no such file.`,
  ingestFileIsFolder: (path: string) =>
    `${path} is a folder; --from-file takes one NDJSON file (.ndjson or .ndjson.gz).`,
  ingestFileReadFailed: (path: string, detail: string) => `Reading ${path} failed: ${detail}`,
  ingestFileNotGzip: (path: string, detail: string) =>
    `${path} is not a valid gzip file (${detail}), though its name ends in .gz. Compress it again with gzip, or drop the .gz from its name if it is plain NDJSON.`,
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
  ingestLandingUnknownColumn: (table: string, column: string) =>
    `The landing table ${table} has a column ${column} that ingest does not fill; the warehouse's landing layout is newer or older than this version of ohwb (run its migrations, or use the matching version).`,
  ingestLandingRowCount: (table: string, inserted: number, expected: number) =>
    `Inserting into ${table} wrote ${inserted} rows instead of ${expected}; the batch was rolled back (please report this as a bug).`,
  ingestInvalidStops: (topic: string, partition: number, offset: string, reason: string) =>
    `Stopped at an invalid message (${reason}) at ${topic}[${partition}] offset ${offset}, as --on-invalid fail asks; ` +
    "its batch was not loaded, so the next run starts from it. Fix or remove the message at the source, or run with --on-invalid dead-letter to set it aside.",
  ingestOnInvalidBad: (value: string) => `--on-invalid takes dead-letter or fail, got "${value}".`,
  ingestDlqMirrorFailed: (count: number, detail: string) =>
    `could not mirror ${count} dead letter(s) to <topic>.dlq (${detail}); they are kept in dead_letter (\`ohwb dead-letters\`)`,
  ingestStopping: (signal: string) =>
    `ingest: ${signal} received, finishing the batch in flight and committing…`,
  ingestRejoined: (groupId: string) =>
    `rejoined consumer group ${groupId} (a rebalance, e.g. after a broker outage); resuming from the warehouse's offsets`,
  ingestConsumerCrashed: (detail: string, restartInMs: number) =>
    `ingest: the Kafka consumer stopped (${detail}); reconnecting in ${restartInMs} ms`,
  statusBrokerUnavailable: (detail: string) =>
    `high-water marks unavailable (${detail}); showing warehouse offsets only`,
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
