/**
 * One way of refreshing a model from what changed upstream, chosen by the model header's
 * `incremental:` line (sql-header.ts). A strategy either refreshes the model — leaving old__/new__
 * for downstream and recording the change — and names what it did for the build log, or returns
 * undefined when the changes are beyond it (an upstream rebuilt whole, an input it cannot map),
 * and the engine rebuilds the model whole.
 */
import type { Model } from "../model-catalogue.js";
import type { IncrementalSpec } from "../sql-header.js";
import type { RefreshContext } from "./refresh-context.js";

export interface RefreshStrategy<Spec extends IncrementalSpec = IncrementalSpec> {
  /** `select` is the model's SELECT with its parameters filled in; it reads whatever the strategy shadows. */
  refresh(context: RefreshContext, model: Model, select: string, spec: Spec): Promise<string | undefined>;
}

/** A strategy for each kind of `incremental:` line. */
export type RefreshStrategies = {
  [Kind in IncrementalSpec["kind"]]: RefreshStrategy<Extract<IncrementalSpec, { kind: Kind }>>;
};
