/**
 * `ohwb dead-letters`: what ingest refused. `list` counts them by topic and
 * reason without the key; `export` opens the sealed originals with the pseudonym
 * key and writes them as NDJSON for `ohwb ingest --from-file` to replay after a fix.
 */

import { existsSync } from "node:fs";
import { configMessages } from "../../core/core-messages.js";
import { openDuckDbFile } from "../../core/duckdb.js";
import { UsageError } from "../../core/errors.js";
import { exportDeadLetters } from "../../ingest/dead-letter-export.js";
import { sealPlaintextDeadLetters } from "../../ingest/dead-letter-migration.js";
import { DeadLetterQuarantine } from "../../ingest/dead-letter-quarantine.js";
import { deadLetterReasons } from "../../ingest/dead-letter-reasons.js";
import { formatDeadLetterSummary, readDeadLetterSummary } from "../../ingest/dead-letter-summary.js";
import { DeadLetterError } from "../../ingest/ingest-errors.js";
import { deadLetterMessages as message } from "../../ingest/ingest-messages.js";
import { tableColumns } from "../../ingest/landing-schema.js";
import { resolvePseudonymKey } from "../../ingest/pseudonymise.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";

export const deadLettersCommand: Command = defineCommand({
  name: "dead-letters",
  operands: "<list|export>",
  description: `Forms:
  ohwb dead-letters list [--json] [options]
  ohwb dead-letters export --reason R --out FILE.ndjson [options]

Dead letters keep each refused message's key, headers and value sealed
(AES-256-GCM, key derived from the pseudonym key), since they can hold staff
identifiers in clear; reason, issues, event id and type, topic/partition/offset
and received_at stay readable.

  list     counts by topic and reason (no key needed, nothing decrypted)
  export   writes the original values of the chosen dead letters, one per line,
           to a new file (mode 0600; it holds identifiers in clear). After fixing
           the cause, replay it with \`ohwb ingest --from-file FILE.ndjson\`.
           Empty, truncated (over 1 MiB) and multi-line non-JSON values are
           skipped, and so are values sealed under another key (if all are,
           the key is wrong and the export fails).`,
  options: {
    warehouse: {
      type: "string",
      value: "FILE",
      help: `DuckDB file (default: config \`warehouse\`, $OHWB_WAREHOUSE, ./ohwb.duckdb)`,
    },
    json: { type: "boolean", help: `list: machine-readable output` },
    reason: {
      type: "string",
      value: "R",
      help: `export: only this reason (${deadLetterReasons.join(", ")})`,
    },
    "all-reasons": { type: "boolean", help: `export: every reason` },
    topic: { type: "string", value: "T", help: `export: only this topic` },
    out: { type: "string", value: "FILE", help: `export: the NDJSON file to create (never overwritten)` },
    demo: { type: "boolean", help: `export: use the demo key file, as \`ohwb ingest --demo\` does` },
    ...configOption,
  },
  after: `export needs the key the warehouse was loaded with: OHWB_PSEUDONYM_KEY, or the
config's pseudonymKeyFile. Another key fails with "the dead letters were sealed
with a different key".`,
  async run({ values, positionals }) {
    const [action] = positionals;
    if (action !== "list" && action !== "export")
      throw new UsageError(message.deadLetterUnknownAction(action ?? ""), { code: "DEAD_LETTER_ACTION" });
    const config = commandConfig(values.config);
    const path = values.warehouse ?? config.warehouse;
    if (!existsSync(path))
      throw new DeadLetterError(
        "DEAD_LETTER_NO_WAREHOUSE",
        configMessages.warehouseMissing(path, "ohwb dead-letters"),
      );

    if (action === "list") {
      const warehouse = await openDuckDbFile(path, { readOnly: true });
      try {
        if ((await tableColumns(warehouse.connection, "dead_letter")).length === 0)
          throw new DeadLetterError("DEAD_LETTER_NO_TABLE", message.deadLetterNoTable(path));
        const summary = await readDeadLetterSummary(warehouse.connection);
        process.stdout.write(
          `${values.json ? JSON.stringify(summary, null, 2) : formatDeadLetterSummary(summary)}\n`,
        );
      } finally {
        warehouse.close();
      }
      return 0;
    }

    if (!values.out)
      throw new UsageError(message.deadLetterExportNeedsOut(), { code: "DEAD_LETTER_EXPORT_OUT" });
    if (values.reason === undefined && !values["all-reasons"])
      throw new UsageError(message.deadLetterExportNeedsReason(), { code: "DEAD_LETTER_EXPORT_REASON" });
    if (values.reason !== undefined && !(deadLetterReasons as readonly string[]).includes(values.reason))
      throw new UsageError(message.deadLetterUnknownReason(values.reason, deadLetterReasons), {
        code: "DEAD_LETTER_UNKNOWN_REASON",
      });
    const key = resolvePseudonymKey(values.demo, { keyFile: config.pseudonymKeyFile });
    const quarantine = DeadLetterQuarantine.fromPseudonymKey(key.key);
    const warehouse = await openDuckDbFile(path);
    try {
      if ((await tableColumns(warehouse.connection, "dead_letter")).length === 0)
        throw new DeadLetterError("DEAD_LETTER_NO_TABLE", message.deadLetterNoTable(path));
      // An older version's plaintext rows are sealed first, so there is one way to read them.
      const sealed = await sealPlaintextDeadLetters(warehouse.connection, quarantine);
      if (sealed > 0) log.info(message.deadLetterPlaintextSealed(sealed));
      const result = await exportDeadLetters(warehouse.connection, quarantine, {
        reason: values.reason,
        topic: values.topic,
        out: values.out,
      });
      log.info(message.deadLetterExportWritten(result.written, result.path));
      const { empty, truncated, multiline, otherKey } = result.skipped;
      if (empty + truncated + multiline + otherKey > 0)
        log.info(message.deadLetterExportSkipped(empty, truncated, multiline, otherKey));
      if (result.compacted > 0) log.info(message.deadLetterExportCompacted(result.compacted));
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    } finally {
      warehouse.close();
    }
  },
});
