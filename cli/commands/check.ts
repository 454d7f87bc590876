/**
 * `ohwb check`: runs the data tests declared beside the models (transforms/data-tests.ts) against a
 * built warehouse; exits 1 when any test of severity error fails (a `warn` test only warns).
 */
import { existsSync } from "node:fs";
import { configMessages } from "../../core/core-messages.js";
import { ConfigError } from "../../core/errors.js";
import { gateOf, gateReport } from "../../jobs/data-test-gate.js";
import { runDataTests } from "../../transforms/data-tests.js";
import { lastTransformAsOf } from "../../transforms/run-transforms.js";
import { checkAsOf } from "../../transforms/sql-parameters.js";
import { transformMessages as message } from "../../transforms/transform-messages.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";
import { monthsOption } from "../months-option.js";

export const checkCommand: Command = defineCommand({
  name: "check",
  description: `Runs every data test declared beside the models: the \`-- test:\` lines of each
model's header (unique and not-null keys, accepted values, relationships, row
conditions) and the custom SQL tests in transforms/models/*/<name>.test.sql
('All staff groups' = Σ staff groups, published-rate reconciliation, freshness).
Each returns the rows that break its rule; a failing \`warn\` test is reported
(WARN) without failing the check. \`ohwb transform --dictionary\` lists the same tests.`,
  options: {
    warehouse: {
      type: "string",
      value: "FILE",
      help: `the DuckDB warehouse file (default: config \`warehouse\`)`,
    },
    "as-of": {
      type: "string",
      value: "DATE",
      help: `date to judge freshness against (default: the last transform's as-of)`,
    },
    "freshness-months": {
      type: "string",
      value: "N",
      help: `the latest month loaded must be within N months of the as-of date`,
      default: "3",
    },
    json: { type: "boolean", help: `print the results as JSON on stdout` },
    ...configOption,
  },
  async run({ values }) {
    const warehousePath = values.warehouse ?? commandConfig(values.config).warehouse;
    if (!existsSync(warehousePath))
      throw new ConfigError(configMessages.warehouseMissing(warehousePath, "ohwb check"));
    const freshnessMonths = monthsOption("freshness-months", values["freshness-months"]);
    const asOfOption = values["as-of"] ? checkAsOf(values["as-of"]) : undefined;
    const warehouse = await openWarehouse(warehousePath);
    try {
      // Nothing built means nothing to test: every test would fail on a missing table, --as-of or not.
      const built = await lastTransformAsOf(warehouse.connection);
      if (!built) throw new ConfigError(message.checkNoTransformRun(warehousePath));
      const asOf = asOfOption ?? built;
      const results = await runDataTests(warehouse.connection, { asOf, freshnessMonths });
      const failed = results.filter((r) => r.status === "fail").length;
      const warned = results.filter((r) => r.status === "warn").length;
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({ asOf, freshnessMonths, passed: failed === 0, results }, null, 2)}\n`,
        );
      } else {
        for (const result of results.filter((r) => r.status === "pass"))
          process.stdout.write(`pass  ${result.name}\n`);
        for (const line of gateReport(gateOf(results))) process.stdout.write(`${line}\n`);
      }
      log.info(message.checkSummary(results.length - failed - warned, failed, warned));
      return failed === 0 ? 0 : 1;
    } finally {
      warehouse.close();
    }
  },
});
