/**
 * The SQL models under transforms/models/<layer>/<name>.sql. Each file is one
 * SELECT that materialises as a table named after the file; its header declares
 * what it depends on and documents its columns (see sql-header.ts).
 */
import { join } from "node:path";
import { projectRoot } from "../core/project-root.js";
import { rawTableNames } from "../ingest/landing-schema.js";
import { checkLineage } from "./model-lineage.js";
import { readSqlFiles } from "./sql-files.js";
import type { SqlHeader } from "./sql-header.js";
import { ModelDefinitionError } from "./transform-errors.js";

/** Build order of the layers is by dependency, not by folder; folders are for people. */
export const modelLayers = ["seeds", "staging", "dimensions", "facts", "marts"] as const;
export type ModelLayer = (typeof modelLayers)[number];

export interface Model extends SqlHeader {
  name: string;
  layer: ModelLayer;
  path: string;
  /** The SELECT, with {{parameters}} still in it. */
  sql: string;
}

export function modelsDirectory(): string {
  return join(projectRoot(), "transforms", "models");
}

export function loadModels(directory = modelsDirectory()): Model[] {
  const models: Model[] = [];
  for (const layer of modelLayers) {
    for (const { name, path, sql, header } of readSqlFiles(join(directory, layer))) {
      if (name.endsWith(".test")) continue; // a custom data test beside the models (data-tests.ts)
      if (!/^[a-z][a-z0-9_]*$/.test(name))
        throw new ModelDefinitionError(`${path}: model names are snake_case`, { path });
      models.push({ ...header, name, layer, path, sql });
    }
  }
  checkLineage(models, [...models.map((model) => model.name), ...rawTableNames()]);
  return models;
}
