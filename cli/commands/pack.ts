/**
 * `ohwb pack`: one quarterly evidence pack (PDF, HTML, charts, disclosure-controlled CSVs, manifest)
 * for England, a region, an ICS or an organisation. Refuses to publish from a warehouse that fails the
 * data tests, and fails if any output breaks the disclosure rules.
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { evidenceSettings } from "../../core/config.js";
import { configMessages } from "../../core/core-messages.js";
import { ConfigError, UsageError } from "../../core/errors.js";
import { packMessages as message } from "../../dashboards/dashboard-messages.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { packDirectory } from "../../jobs/schedule/pack-location.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";
import { progressLine } from "../progress-line.js";

export const packCommand: Command = defineCommand({
  name: "pack",
  description: `Builds a quarterly evidence pack into DIR: pack.pdf (index.html printed by Chromium: A4, tagged, contents, page n of N), index.html,
charts/*.svg and *.png, disclosure-controlled data/*.csv and manifest.json (inputs,
warehouse schema version, row counts, assumptions, SHA-256 of every file).

Quarters are CALENDAR quarters, as the warehouse marts report them:
  Q1 = Jan–Mar, Q2 = Apr–Jun, Q3 = Jul–Sep, Q4 = Oct–Dec
(NHS financial Q1, Apr–Jun, is calendar Q2). Changes are shown against the previous
quarter and the same quarter a year earlier.

The data tests (\`ohwb check\`) run first; any failing test stops the build. The finished
directory must pass the disclosure output check. Same warehouse + arguments give
byte-identical manifest.json and CSVs (no timestamps or absolute paths are written).`,
  options: {
    warehouse: {
      type: "string",
      value: "FILE",
      help: `the DuckDB warehouse file (built by \`ohwb transform\`; default: config \`warehouse\`)`,
    },
    quarter: { type: "string", value: "YYYY-QN", help: `e.g. 2025-Q1 (calendar quarter)` },
    scope: {
      type: "string",
      value: "SCOPE",
      help: `england | region:CODE | ics:CODE | org:CODE (e.g. region:Y60, ics:QHL, org:RRK)`,
    },
    out: {
      type: "string",
      value: "DIR",
      help: `output directory, emptied first (only if new, empty or an earlier build's; default: <config \`outputs.packs\`>/<quarter>/<scope>, e.g. out/packs/2025-Q1/ics-QHL)`,
    },
    "warehouse-label": {
      type: "string",
      value: "NAME",
      help: `how manifest.json names the warehouse (default: the file's name)`,
    },
    json: {
      type: "boolean",
      help: `print the result (directory, sections, charts, tables) as JSON on stdout`,
    },
    ...configOption,
  },
  async run({ values }) {
    // the heavy modules load only when the command runs, so its --help answers at once
    const { publishPack } = await import("../../jobs/publish-pack.js");
    const { openWarehouse } = await import("../../warehouse/open-warehouse.js");
    const config = commandConfig(values.config);
    if (!values.quarter) throw new UsageError(message.packNeeds("--quarter YYYY-QN"));
    if (!values.scope)
      throw new UsageError(message.packNeeds("--scope england|region:CODE|ics:CODE|org:CODE"));
    const quarter = parseQuarter(values.quarter);
    const scope = parseScope(values.scope);
    const warehousePath = values.warehouse ?? config.warehouse;
    // the scheduler's layout, so `ohwb schedule` sees a pack built by hand as present
    const out = values.out ?? packDirectory(config.outputs.packs, quarter, scope);
    if (!existsSync(warehousePath))
      throw new ConfigError(configMessages.warehouseMissing(warehousePath, "ohwb pack"));
    const warehouse = await openWarehouse(warehousePath);
    try {
      const progress = progressLine(message.packBuilding(values.quarter, values.scope));
      const result = await publishPack(warehouse.connection, {
        scope,
        quarter,
        dir: out,
        warehouseLabel: values["warehouse-label"] ?? basename(warehousePath),
        publication: config.publication,
        render: config.render,
        evidence: evidenceSettings(config),
      }).catch((error: unknown) => {
        progress.stop();
        throw error;
      });
      const { sections, charts, tables } = result.content;
      progress.done(message.packBuiltDetail(out, sections.length, charts.length, tables.length));
      if (values.json) {
        const report = { dir: out, sections: sections.length, charts: charts.length, tables: tables.length };
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else process.stdout.write(`${out}\n`);
      return 0;
    } finally {
      warehouse.close();
    }
  },
});
