/**
 * `ohwb check`: runs the data tests (transforms/tests/*.sql) against a built
 * warehouse; exits 1 when any test fails.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError } from "../../core/errors.js";
import { configMessages, warehouseMessages as message } from "../../core/messages.js";
import { gateOf, gateReport } from "../../jobs/data-test-gate.js";
import { runDataTests } from "../../transforms/data-tests.js";
import { lastTransformAsOf } from "../../transforms/run-transforms.js";
import { checkAsOf } from "../../transforms/sql-parameters.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import type { Command } from "../command.js";
import { commandConfig, configOption, configUsage } from "../command-config.js";
import { monthsOption } from "../months-option.js";

export const checkCommand: Command = {
  name: "check",
  usage: `Usage: ohwb check [--warehouse FILE] [--as-of YYYY-MM-DD] [--freshness-months N] [--json]

Runs every data test in transforms/tests: each returns the rows that break a
rule (unique and not-null keys, accepted values, referential integrity,
'All staff groups' = Σ staff groups, published-rate reconciliation, freshness).

Options:
  --warehouse FILE        the DuckDB warehouse file (default: config \`warehouse\`)
  --as-of DATE            date to judge freshness against (default: the last transform's as-of)
  --freshness-months N    the latest month loaded must be within N months of the as-of date (default 3)
  --json                  print the results as JSON on stdout
${configUsage(24)}
  -h, --help              show this help`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        warehouse: { type: "string" },
        "as-of": { type: "string" },
        "freshness-months": { type: "string", default: "3" },
        json: { type: "boolean", default: false },
        ...configOption,
      },
    });
    const warehousePath = values.warehouse ?? commandConfig(values.config).warehouse;
    if (!existsSync(warehousePath))
      throw new ConfigError(configMessages.warehouseMissing(warehousePath, "ohwb check"));
    const freshnessMonths = monthsOption("freshness-months", values["freshness-months"]);
    const warehouse = await openWarehouse(warehousePath);
    try {
      const asOf = values["as-of"]
        ? checkAsOf(values["as-of"])
        : await lastTransformAsOf(warehouse.connection);
      if (!asOf) throw new ConfigError(message.checkNoTransformRun(warehousePath));
      const results = await runDataTests(warehouse.connection, { asOf, freshnessMonths });
      const failed = results.filter((r) => !r.passed && r.severity === "error").length;
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({ asOf, freshnessMonths, passed: failed === 0, results }, null, 2)}\n`,
        );
      } else {
        for (const result of results.filter((r) => r.passed)) process.stdout.write(`pass  ${result.name}\n`);
        for (const line of gateReport(gateOf(results))) process.stdout.write(`${line}\n`);
      }
      process.stderr.write(`${message.checkSummary(results.length - failed, failed)}\n`);
      return failed === 0 ? 0 : 1;
    } finally {
      warehouse.close();
    }
  },
};
