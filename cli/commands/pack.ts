/**
 * `ohwb pack`: one quarterly evidence pack (PDF, HTML, charts, disclosure-controlled CSVs, manifest)
 * for England, a region, an ICS or an organisation. Refuses to publish from a warehouse that fails the
 * data tests, and fails if any output breaks the disclosure rules.
 */
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../../core/errors.js";
import { packMessages as message } from "../../core/messages.js";
import { buildEvidencePack } from "../../dashboards/pack/build-pack.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import type { Command } from "../command.js";

export const packCommand: Command = {
  name: "pack",
  summary: "Build a quarterly evidence pack (PDF + HTML + charts + CSVs + manifest)",
  usage: `Usage: ohwb pack --warehouse FILE --quarter YYYY-QN --scope SCOPE --out DIR [--warehouse-label NAME]

Builds a quarterly evidence pack into DIR: pack.pdf (a page per section), index.html,
charts/*.svg and *.png, disclosure-controlled data/*.csv and manifest.json (inputs,
warehouse schema version, row counts, assumptions, SHA-256 of every file).

Quarters are CALENDAR quarters, as the warehouse marts report them:
  Q1 = Jan–Mar, Q2 = Apr–Jun, Q3 = Jul–Sep, Q4 = Oct–Dec
(NHS financial Q1, Apr–Jun, is calendar Q2). Changes are shown against the previous
quarter and the same quarter a year earlier.

The data tests (\`ohwb check\`) run first; any failing test stops the build. The finished
directory must pass the disclosure output check. Same warehouse + arguments give
byte-identical manifest.json and CSVs (no timestamps or absolute paths are written).

Options:
  --warehouse FILE         the DuckDB warehouse file (built by \`ohwb transform\`)
  --quarter YYYY-QN        e.g. 2025-Q1 (calendar quarter)
  --scope SCOPE            england | region:CODE | ics:CODE | org:CODE (e.g. region:Y60, ics:QHL, org:RRK)
  --out DIR                output directory (use a fresh one: files are written over, not removed)
  --warehouse-label NAME   how manifest.json names the warehouse (default: the file's name)
  -h, --help               show this help`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        warehouse: { type: "string" },
        quarter: { type: "string" },
        scope: { type: "string" },
        out: { type: "string" },
        "warehouse-label": { type: "string" },
      },
    });
    if (!values.warehouse) throw new ConfigError(message.packNeeds("--warehouse FILE"));
    if (!values.quarter) throw new ConfigError(message.packNeeds("--quarter YYYY-QN"));
    if (!values.scope)
      throw new ConfigError(message.packNeeds("--scope england|region:CODE|ics:CODE|org:CODE"));
    if (!values.out) throw new ConfigError(message.packNeeds("--out DIR"));
    const quarter = parseQuarter(values.quarter);
    const scope = parseScope(values.scope);
    const warehouse = await openWarehouse(values.warehouse);
    try {
      const result = await buildEvidencePack(warehouse.connection, {
        scope,
        quarter,
        dir: values.out,
        warehouseLabel: values["warehouse-label"] ?? basename(values.warehouse),
      });
      process.stdout.write(`${values.out}\n`);
      process.stderr.write(
        `${message.packBuilt(values.out, result.content.sections.length, result.content.charts.length, result.content.tables.length, result.milliseconds / 1000)}\n`,
      );
      return 0;
    } finally {
      warehouse.close();
    }
  },
};
