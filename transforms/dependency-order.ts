/**
 * Orders models so each is built after everything it depends on (Kahn's
 * algorithm, ties broken by name so the order is stable). Fails on a
 * dependency that is not a model and on cycles, naming the models involved.
 */
import { ModelDependencyError } from "./transform-errors.js";
import { transformMessages as message } from "./transform-messages.js";

export interface Node {
  name: string;
  depends: string[];
}

export function dependencyOrder<T extends Node>(nodes: readonly T[]): T[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  for (const node of nodes) {
    for (const dependency of node.depends) {
      if (!byName.has(dependency)) {
        throw new ModelDependencyError(
          "TRANSFORM_MISSING_DEPENDENCY",
          message.missingDependency(node.name, dependency),
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
    throw new ModelDependencyError("TRANSFORM_DEPENDENCY_CYCLE", message.dependencyCycle(stuck), {
      models: stuck,
    });
  }
  return ordered;
}
