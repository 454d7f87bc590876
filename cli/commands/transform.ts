/**
 * `ohwb transform`: builds the SQL models (transforms/models) into the
 * warehouse in dependency order, and/or writes the data dictionary.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { warehouseMessages as message } from "../../core/messages.js";
import { renderDataDictionary } from "../../transforms/data-dictionary.js";
import { runIncrementalTransforms } from "../../transforms/incremental-transforms.js";
import { loadModels } from "../../transforms/model-catalogue.js";
import { checkAsOf, todayUtc } from "../../transforms/sql-parameters.js";
import { loadValueModel, resolveValueModelPath } from "../../transforms/value-model-config.js";
import { publishAnalystSnapshot } from "../../warehouse/analyst/analyst-snapshot.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import type { Command } from "../command.js";
import { commandConfig, configOption, configUsage } from "../command-config.js";

export const transformCommand: Command = {
  name: "transform",
  usage: `Usage: ohwb transform [--warehouse FILE] [--full] [--as-of YYYY-MM-DD] [--dictionary OUT.md]
                      [--config FILE]

Builds the models in transforms/models (staging → dimensions → facts → marts)
as tables in the warehouse, in dependency order, in one transaction. After the
first build it is incremental: only models fed by landing tables with new rows
are rebuilt, and only the months and entities those rows touch (see
transforms/incremental-transforms.ts). Then it publishes the read-only analyst
snapshot (<warehouse>.analyst.duckdb) that \`ohwb query\` and \`ohwb export\` read.

Options:
  --warehouse FILE     the DuckDB warehouse file (schema migrations are applied on open;
                       default: config \`warehouse\`, $OHWB_WAREHOUSE, ./ohwb.duckdb)
  --as-of DATE         build as of this date: open absences count up to it (default: today, UTC)
  --full               rebuild every model from scratch
  --dictionary OUT.md  write the data dictionary generated from the models' headers;
                       without --warehouse, only the dictionary is written
${configUsage(21)}

The value model (config \`valueModel\`, $OHWB_VALUE_MODEL) feeds the value marts.
  -h, --help           show this help`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        warehouse: { type: "string" },
        "as-of": { type: "string" },
        full: { type: "boolean", default: false },
        dictionary: { type: "string" },
        ...configOption,
      },
    });
    const config = commandConfig(values.config);
    const models = loadModels();
    if (values.dictionary) {
      writeFileSync(values.dictionary, renderDataDictionary(models));
      process.stderr.write(`${message.transformDictionaryWritten(values.dictionary, models.length)}\n`);
      if (!values.warehouse) return 0;
    }
    const warehousePath = values.warehouse ?? config.warehouse;
    const asOf = checkAsOf(values["as-of"] ?? todayUtc());
    const warehouse = await openWarehouse(warehousePath);
    try {
      const began = performance.now();
      const result = await runIncrementalTransforms(warehouse.connection, {
        asOf,
        full: values.full,
        models,
        valueModel: loadValueModel(resolveValueModelPath(config.valueModel)),
      });
      for (const build of result.builds) {
        process.stdout.write(
          `${build.layer.padEnd(10)} ${build.name.padEnd(34)} ${String(build.rows).padStart(9)} rows  ${build.milliseconds.toFixed(0).padStart(6)} ms\n`,
        );
      }
      process.stderr.write(
        `${message.transformBuilt(result.builds.length, asOf, performance.now() - began)}\n`,
      );
      process.stderr.write(`${message.transformMode(result.mode, result.reason)}\n`);
      const snapshot = await publishAnalystSnapshot(warehouse.connection, warehousePath);
      process.stderr.write(`${message.analystSnapshotPublished(snapshot.path)}\n`);
      return 0;
    } finally {
      warehouse.close();
    }
  },
};
