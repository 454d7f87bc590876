/**
 * Orders models so each is built after everything it depends on (Kahn's
 * algorithm, ties broken by name so the order is stable). Fails on a
 * dependency that is not a model and on cycles, naming the models involved.
 */
import { OhwbError } from "../core/errors.js";
import { warehouseMessages as message } from "../core/messages.js";

export interface Node {
  name: string;
  depends: string[];
}

export class ModelDependencyError extends OhwbError {
  constructor(
    code: "TRANSFORM_MISSING_DEPENDENCY" | "TRANSFORM_DEPENDENCY_CYCLE",
    text: string,
    context: Record<string, unknown>,
  ) {
    super(code, text, { context });
  }
}

export function dependencyOrder<T extends Node>(nodes: readonly T[]): T[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  for (const node of nodes) {
    for (const dependency of node.depends) {
      if (!byName.has(dependency)) {
        throw new ModelDependencyError(
          "TRANSFORM_MISSING_DEPENDENCY",
          message.transformMissingDependency(node.name, dependency),
          {
            model: node.name,
            dependency,
          },
        );
      }
    }
  }
  const waitingOn = new Map(nodes.map((node) => [node.name, new Set(node.depends)]));
  const ordered: T[] = [];
  for (;;) {
    const ready = [...waitingOn.entries()]
      .filter(([, deps]) => deps.size === 0)
      .map(([name]) => name)
      .sort();
    if (ready.length === 0) break;
    for (const name of ready) {
      waitingOn.delete(name);
      ordered.push(byName.get(name) as T);
      for (const deps of waitingOn.values()) deps.delete(name);
    }
  }
  if (waitingOn.size > 0) {
    const stuck = [...waitingOn.keys()].sort();
    throw new ModelDependencyError("TRANSFORM_DEPENDENCY_CYCLE", message.transformDependencyCycle(stuck), {
      models: stuck,
    });
  }
  return ordered;
}
