/**
 * `ohwb transform`: builds the SQL models (transforms/models) into the
 * warehouse in dependency order, and/or writes the data dictionary.
 */
import { writeFileSync } from "node:fs";
import { replaceFile } from "../../core/replace-file.js";
import { buildAndPublish } from "../../jobs/build-and-publish.js";
import { defaultFreshness, gateReport } from "../../jobs/data-test-gate.js";
import { jobMessages } from "../../jobs/job-messages.js";
import { renderDataDictionary } from "../../transforms/data-dictionary.js";
import { loadModels } from "../../transforms/model-catalogue.js";
import { orderedSelection } from "../../transforms/selected-transforms.js";
import { transformMessages as message } from "../../transforms/transform-messages.js";
import { loadValueModel, resolveValueModelPath } from "../../transforms/value-model-config.js";
import { analystSnapshotPath } from "../../warehouse/analyst/analyst-snapshot.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { warehouseMessages } from "../../warehouse/warehouse-messages.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";
import { monthsOption } from "../months-option.js";
import { createOption, refuseMissingWarehouse } from "../warehouse-create-option.js";

export const transformCommand: Command = defineCommand({
  name: "transform",
  description: `Builds the models in transforms/models (staging → dimensions → facts → marts)
as tables in the warehouse, in dependency order, in one transaction. After the
first build it is incremental: only models fed by landing tables with new rows
are rebuilt, and only the months and entities those rows touch (see
transforms/incremental-transforms.ts). Then the data tests run (as \`ohwb check\`)
and, only if no error-severity test fails, it publishes the read-only analyst
snapshot (<warehouse>.analyst.duckdb) that \`ohwb query\` and \`ohwb export\` read.
When a test fails, the previous snapshot stays, the failures are listed and the
exit code is 1.`,
  options: {
    warehouse: {
      type: "string",
      value: "FILE",
      help: `the DuckDB warehouse file (schema migrations are applied on open; default: config \`warehouse\`, $OHWB_WAREHOUSE, ./ohwb.duckdb)`,
    },
    ...createOption,
    "as-of": {
      type: "string",
      value: "DATE",
      help: `build as of this date: open absences count up to it (default: the data's own, the last day of the latest month of the FTE feed)`,
    },
    "force-as-of": { type: "boolean", help: `allow an --as-of later than the data reaches` },
    full: { type: "boolean", help: `rebuild every model from scratch` },
    select: {
      type: "string",
      value: "SELECTOR",
      multiple: true,
      help: `rebuild only these models, whole, and run only their data tests (dbt's syntax: MODEL, MODEL+ and what depends on it, +MODEL and what it reads, +MODEL+, @MODEL; space-separated selectors or repeated --select are a union, comma-joined ones an intersection). Uses the last build's as-of and landing rows: build first with a plain \`ohwb transform\`; events ingested since wait for the next one`,
    },
    "freshness-warn-months": {
      type: "string",
      value: "N",
      help: `warn when the latest month is more than N months old`,
      default: String(defaultFreshness.warnMonths),
    },
    "freshness-months": {
      type: "string",
      value: "N",
      help: `fail (and hold back the snapshot) beyond N months`,
      default: String(defaultFreshness.errorMonths),
    },
    dictionary: {
      type: "string",
      value: "OUT.md",
      help: `write the data dictionary generated from the models' headers; without --warehouse, only the dictionary is written`,
    },
    json: { type: "boolean", help: `print the result (models, tests, snapshot) as JSON on stdout` },
    ...configOption,
  },
  after: `The value model (config \`valueModel\`, $OHWB_VALUE_MODEL) feeds the value marts.
Per-model lines and the summary go to stderr; stdout carries only --json.`,
  async run({ values }) {
    const config = commandConfig(values.config);
    const models = loadModels();
    if (values.dictionary) {
      const text = renderDataDictionary(models);
      await replaceFile(values.dictionary, (temp) => writeFileSync(temp, text));
      log.info(message.dictionaryWritten(values.dictionary, models.length));
      if (!values.warehouse) return 0;
    }
    if (values.select) orderedSelection(models, values.select); // a mistyped model fails before any file is opened
    const valueModel = loadValueModel(resolveValueModelPath(config.valueModel));
    const warehousePath = values.warehouse ?? config.warehouse;
    refuseMissingWarehouse(warehousePath, "ohwb transform", values.create);
    const freshness = {
      warnMonths: monthsOption("freshness-warn-months", values["freshness-warn-months"]),
      errorMonths: monthsOption("freshness-months", values["freshness-months"]),
    };
    const warehouse = await openWarehouse(warehousePath);
    try {
      const began = performance.now();
      const result = await buildAndPublish(warehouse.connection, {
        warehousePath,
        asOf: values["as-of"],
        forceAsOf: values["force-as-of"],
        full: values.full,
        select: values.select,
        models,
        valueModel,
        freshness,
        profile: config.transform.profile ? (line) => log.info(line) : undefined,
      });
      const { transform, gate } = result;
      for (const build of transform.builds) {
        log.info(
          `${build.layer.padEnd(10)} ${build.name.padEnd(34)} ${String(build.rows).padStart(9)} rows  ${build.milliseconds.toFixed(0).padStart(6)} ms`,
        );
      }
      log.info(
        message.built(
          transform.builds.length,
          jobMessages.asOfChosen(result.asOf, result.asOfSource),
          performance.now() - began,
        ),
      );
      log.info(message.mode(transform.mode, transform.reason));
      const pending = Object.values(transform.newRows).reduce((sum, n) => sum + n, 0);
      if (transform.mode === "selected" && pending > 0) log.info(message.selectPending(pending));
      for (const line of gateReport(gate)) log.info(line);
      const failed = gate.errors.length;
      const warned = gate.warnings.length;
      log.info(message.checkSummary(gate.results.length - failed - warned, failed, warned));
      if (warned > 0) log.info(jobMessages.gateWarnings(warned));
      if (result.snapshotPath) log.info(warehouseMessages.analystSnapshotPublished(result.snapshotPath));
      else log.info(jobMessages.gateHeld(failed, analystSnapshotPath(warehousePath)));
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify(
            {
              asOf: result.asOf,
              asOfSource: result.asOfSource,
              mode: transform.mode,
              ...(transform.selected ? { selected: transform.selected } : {}),
              models: transform.builds,
              tests: gate.results,
              published: result.snapshotPath !== undefined,
              snapshot: result.snapshotPath ?? null,
            },
            null,
            2,
          )}\n`,
        );
      }
      return gate.passed ? 0 : 1;
    } finally {
      warehouse.close();
    }
  },
});
