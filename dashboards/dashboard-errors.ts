/** dashboards/'s errors: chart and statistics input, disclosure control, rendering, packs. Each carries a stable code and whether a retry can help. */
import { OhwbError, type OhwbErrorOptions } from "../core/errors.js";

export type DashboardInputErrorCode =
  | "CHART_INPUT"
  | "SPC_INPUT"
  | "FUNNEL_INPUT"
  | "DISCLOSURE_INPUT"
  | "OUTPUT_DIR_NOT_DIRECTORY"
  | "OUTPUT_DIR_NOT_OURS"
  | "SITE_ASSET"
  | "SITE_NO_ROWS";

/** Chart or statistics input that cannot be used (too few points, bad parameters, bad counts). */
export class DashboardInputError extends OhwbError {
  declare readonly code: DashboardInputErrorCode;
  constructor(code: DashboardInputErrorCode, message: string, context: Record<string, unknown> = {}) {
    super(code, message, { context });
  }
}

/** A publishable output breaks the disclosure rules (domain notes §10); `context.violations` lists them. */
export class DisclosureViolationError extends OhwbError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("DISCLOSURE_VIOLATION", message, { context });
  }
}

/** A chart could not be rendered to SVG or PNG. */
export class ChartRenderError extends OhwbError {
  constructor(message: string, options: OhwbErrorOptions = {}) {
    super("CHART_RENDER", message, options);
  }
}

/** The warehouse has nothing to put in the pack for the scope and quarter asked for. */
export class PackNoDataError extends OhwbError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("PACK_NO_DATA", message, { context });
  }
}

/** No finished transform run, so the data tests cannot run: nothing is published. */
export class NoTransformRunError extends OhwbError {
  constructor(message: string) {
    super("NO_TRANSFORM_RUN", message);
  }
}

/** The warehouse fails `ohwb check`; `context.failingTests` names the tests. Neither packs nor the site are published. */
export class DataTestsFailedError extends OhwbError {
  readonly failingTests: readonly string[];
  constructor(message: string, failingTests: readonly string[]) {
    super("DATA_TESTS_FAILED", message, { context: { failingTests } });
    this.failingTests = failingTests;
  }
}
