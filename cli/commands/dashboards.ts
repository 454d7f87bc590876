/**
 * `ohwb dashboards build`: writes the static, offline dashboard site (England, regions, ICSs,
 * organisations) from the warehouse's NHS benchmark mart, disclosure-checked before it is done.
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { configMessages } from "../../core/core-messages.js";
import { ConfigError, UsageError } from "../../core/errors.js";
import { dashboardSiteMessages as message } from "../../dashboards/dashboard-messages.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";
import { progressLine } from "../progress-line.js";

export const dashboardsCommand: Command = defineCommand({
  name: "dashboards",
  operands: "<build>",
  description: `Writes DIR/index.html and a page for England, each region, each ICS and each
organisation in mart_absence_benchmark: an SPC chart of the rate over time, the
rate by staff group and (above organisation level) a funnel plot of
organisations, each with a description and a data table, plus staff-group and
period filters. vega, vega-lite and vega-embed are copied into DIR/assets, so
the site needs no network. Disclosure control is applied before drawing and
the finished directory is checked (assertPublishable); violations fail the build.
Like a pack, the site is published only from a warehouse that passes its data
tests (ohwb check); otherwise nothing is written and the last site stays.`,
  options: {
    warehouse: {
      type: "string",
      value: "FILE",
      help: `the DuckDB warehouse file (after ohwb import nhs-absence and ohwb transform; default: config \`warehouse\`)`,
    },
    json: { type: "boolean", help: `print the result (index page, pages) as JSON on stdout` },
    out: {
      type: "string",
      value: "DIR",
      help: `output directory, emptied first (only if new, empty or an earlier build's; default: config \`outputs.dashboards\`, out/dashboards)`,
    },
    "spc-rebase": {
      type: "string",
      value: "YYYY-MM,...",
      help: "recalculate SPC limits from these months on (Making Data Count rebasing, comma-separated YYYY-MM); otherwise the limits are the first 24 months'",
    },
    ...configOption,
  },
  async run({ values, positionals }) {
    // the heavy modules load only when the command runs, so its --help answers at once
    const { buildDashboardSite } = await import("../../dashboards/site/build-site.js");
    const { openWarehouse } = await import("../../warehouse/open-warehouse.js");
    const { assertWarehousePasses } = await import("../../dashboards/publish-gate.js");
    const { unusedRebaseMonths } = await import("../../dashboards/spc/spc-limits.js");
    const { readSiteMonths } = await import("../../dashboards/site/benchmark-source.js");
    const [sub] = positionals;
    if (sub !== "build") throw new UsageError(message.siteUnknownSubcommand(sub ?? ""));
    const config = commandConfig(values.config);
    const warehousePath = values.warehouse ?? config.warehouse;
    const out = values.out ?? config.outputs.dashboards;
    const rebaseAt = (values["spc-rebase"] ?? "")
      .split(",")
      .map((m) => m.trim())
      .filter(Boolean);
    const bad = rebaseAt.find((m) => !/^\d{4}-(0[1-9]|1[0-2])$/.test(m));
    if (bad !== undefined) throw new UsageError(message.siteBadRebaseMonth(bad));
    if (!existsSync(warehousePath))
      throw new ConfigError(configMessages.warehouseMissing(warehousePath, "ohwb dashboards build"));
    const warehouse = await openWarehouse(warehousePath);
    try {
      // The site is evidence as packs are: published only from a warehouse that passes its data tests.
      await assertWarehousePasses(warehouse.connection, basename(warehousePath), {
        publication: "the dashboard site",
      });
      if (rebaseAt.length > 0) {
        // a month outside the data rebases nothing: say so rather than build as if it had
        const months = await readSiteMonths(warehouse.connection);
        const unused = unusedRebaseMonths(months, rebaseAt);
        if (unused.length > 0)
          log.warn(message.siteRebaseUnused(unused, months[0]?.slice(0, 7), months.at(-1)?.slice(0, 7)));
      }
      const progress = progressLine(message.siteBuilding(out));
      const result = await buildDashboardSite(warehouse.connection, out, warehousePath, {
        coverageThresholdPct: config.coverageThresholdPct,
        // the configured limits (spc), as the packs use; --spc-rebase replaces the rebase months for this build
        spc: {
          baselineMonths: config.spc.baselineMonths,
          rebaseAt: rebaseAt.length > 0 ? rebaseAt : config.spc.rebaseAt,
        },
        // the configured targets, as the packs judge against them
        targets: config.targets,
      }).catch((error: unknown) => {
        progress.stop();
        throw error;
      });
      progress.done(message.siteBuiltDetail(result.pages.length));
      const index = join(result.dir, "index.html");
      if (values.json) {
        const report = {
          index,
          dir: result.dir,
          pages: result.pages.length,
          milliseconds: result.milliseconds,
        };
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else process.stdout.write(`${index}\n`);
      return 0;
    } finally {
      warehouse.close();
    }
  },
});
