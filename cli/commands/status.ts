/** `ohwb status`: how far ingest has got, per partition, and what it refused. */

import { existsSync } from "node:fs";
import { loadConfig } from "../../core/config.js";
import { configMessages } from "../../core/core-messages.js";
import { openDuckDbFile } from "../../core/duckdb.js";
import { ConfigError } from "../../core/errors.js";
import { ingestMessages } from "../../ingest/ingest-messages.js";
import { addHighWaterMarks, formatIngestStatus, readIngestStatus } from "../../ingest/status.js";
import type { Command } from "../command.js";
import { configOption, kafkaFromConfig } from "../command-config.js";
import { defineCommand } from "../define-command.js";

export const statusCommand: Command = defineCommand({
  name: "status",
  description: `Prints, per topic-partition, the warehouse's next offset against the broker's
high-water mark (when brokers are configured, by KAFKA_BROKERS or the config's
kafka.brokers, and reachable), dead-letter counts by reason and the time of the last load.`,
  options: {
    warehouse: {
      type: "string",
      value: "FILE",
      help: `DuckDB file (default: config \`warehouse\`, $OHWB_WAREHOUSE, ./ohwb.duckdb)`,
    },
    json: { type: "boolean", help: `machine-readable output` },
    ...configOption,
  },
  async run({ values }) {
    const { config, brokersConfigured } = loadConfig(values.config);
    const path = values.warehouse ?? config.warehouse;
    if (!existsSync(path)) throw new ConfigError(configMessages.warehouseMissing(path, "ohwb status"));
    const warehouse = await openDuckDbFile(path, { readOnly: true });
    let status: Awaited<ReturnType<typeof readIngestStatus>>;
    try {
      status = await readIngestStatus(warehouse.connection);
    } finally {
      warehouse.close();
    }
    if (brokersConfigured) {
      try {
        await addHighWaterMarks(
          status,
          kafkaFromConfig(config, "status", { retry: { retries: 1 }, connectionTimeout: 2_000 }),
        );
      } catch (error) {
        status.brokerNote = ingestMessages.statusBrokerUnavailable(
          error instanceof Error ? error.message : String(error),
        );
      }
    }
    process.stdout.write(`${values.json ? JSON.stringify(status, null, 2) : formatIngestStatus(status)}\n`);
    return 0;
  },
});
