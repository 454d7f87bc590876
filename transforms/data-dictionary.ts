/**
 * The data dictionary (docs/data-dictionary.md), generated from the models'
 * headers: what each table holds, its upstream and downstream (lineage checked against the SQL,
 * model-lineage.ts), the data tests `ohwb check` runs on it (data-tests.ts), the shared macros, and
 * for every column its unit and meaning or formula. Marts come first because they are what analysts
 * and packs read.
 */
import { join, relative } from "node:path";
import { projectRoot } from "../core/project-root.js";
import { type DataTest, loadDataTests } from "./data-tests.js";
import { dependencyOrder } from "./dependency-order.js";
import { loadModels, type Model, modelLayers } from "./model-catalogue.js";
import { downstreamOf } from "./model-lineage.js";
import { loadMacros, type SqlMacro } from "./sql-macros.js";

export function dataDictionaryPath(): string {
  return join(projectRoot(), "docs", "data-dictionary.md");
}

const layerTitles: Record<Model["layer"], string> = {
  marts: "Marts",
  facts: "Facts",
  dimensions: "Dimensions",
  staging: "Staging",
  seeds: "Seeds",
};

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** A table padded the way Biome formats Markdown, so `biome check` leaves the generated file alone. */
function markdownTable(header: string[], body: string[][]): string[] {
  const widths = header.map((cell, i) =>
    Math.max(3, cell.length, ...body.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
}

/** A test as the dictionary lists it: the declaration, or a custom test's name and file. */
function describeTest(test: DataTest, model: string): string {
  const severity = test.severity === "warn" ? " (severity warn)" : "";
  if (test.path.endsWith(".test.sql"))
    return `\`${test.name}\` (custom SQL, \`${relative(projectRoot(), test.path)}\`)${severity}`;
  return `\`${test.name.replace(`${model}: `, "")}\`${severity}`;
}

const code = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(", ");

export function renderDataDictionary(
  models: Model[] = loadModels(),
  tests: readonly DataTest[] = loadDataTests(models),
  macros: readonly SqlMacro[] = loadMacros(),
): string {
  const ordered = dependencyOrder(models);
  const downstream = downstreamOf(models);
  const lines = [
    "# OHWB warehouse data dictionary",
    "",
    "Generated from the headers of transforms/models/**/*.sql by `ohwb transform --dictionary docs/data-dictionary.md`;",
    "do not edit by hand (tests/transforms/models-and-dictionary.test.ts fails when this file is stale).",
    "",
    "Rates are always recomputed from summed FTE days (never averaged); FTE days are calendar days weighted",
    "by contracted FTE, weekends included, as NHS England publishes them.",
  ];
  for (const layer of [...modelLayers].reverse()) {
    const inLayer = ordered
      .filter((model) => model.layer === layer)
      .sort((a, b) => a.name.localeCompare(b.name));
    if (inLayer.length === 0) continue;
    lines.push("", `## ${layerTitles[layer]}`);
    for (const model of inLayer) {
      lines.push("", `### ${model.name}`, "", model.description, "");
      if (model.depends.length > 0) lines.push(`Upstream: ${code([...model.depends].sort())}.`, "");
      if (model.reads.length > 0) lines.push(`Reads landing tables: ${code(model.reads)}.`, "");
      const readers = downstream.get(model.name) ?? [];
      if (readers.length > 0) lines.push(`Downstream: ${code(readers)}.`, "");
      const checks = tests.filter((test) => test.models.includes(model.name));
      if (checks.length > 0)
        lines.push("Data tests:", "", ...checks.map((test) => `- ${describeTest(test, model.name)}`), "");
      lines.push(
        ...markdownTable(
          ["Column", "Unit", "Meaning / formula"],
          model.columns.map((c) => [`\`${c.name}\``, escapeCell(c.unit), escapeCell(c.meaning)]),
        ),
      );
    }
  }
  if (macros.length > 0) {
    lines.push(
      "",
      "## Shared SQL macros",
      "",
      "Created by the build from transforms/macros/*.sql; models call them like functions.",
    );
    for (const macro of macros) lines.push("", `### ${macro.name}`, "", macro.description);
  }
  return `${lines.join("\n")}\n`;
}
