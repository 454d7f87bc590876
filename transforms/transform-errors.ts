/**
 * The transforms stage's errors. Each carries a code from TransformErrorCode, so callers compare
 * against a typed union rather than free strings, and none is retriable: a model, its header or a
 * build setting has to change first.
 */
import { OhwbError, type OhwbErrorOptions, UsageError } from "../core/errors.js";
import { transformMessages as message } from "./transform-messages.js";

export type TransformErrorCode =
  | "TRANSFORM_MODEL_INVALID"
  | "TRANSFORM_MISSING_DEPENDENCY"
  | "TRANSFORM_DEPENDENCY_CYCLE"
  | "TRANSFORM_LINEAGE_MISMATCH"
  | "TRANSFORM_MODEL_FAILED"
  | "TRANSFORM_DATA_TEST_INVALID"
  | "TRANSFORM_SELECT_REFUSED";

export class TransformError extends OhwbError {
  declare readonly code: TransformErrorCode;
  constructor(code: TransformErrorCode, text: string, options: OhwbErrorOptions = {}) {
    super(code, text, options);
  }
}

/** A model file breaks the rules for models (header, name, what it reads). */
export class ModelDefinitionError extends TransformError {
  constructor(detail: string, context: Record<string, unknown> = {}) {
    super("TRANSFORM_MODEL_INVALID", message.modelInvalid(detail), { context });
  }
}

/** The models' declared dependencies cannot be ordered: a missing model or a cycle. */
export class ModelDependencyError extends TransformError {
  constructor(
    code: "TRANSFORM_MISSING_DEPENDENCY" | "TRANSFORM_DEPENDENCY_CYCLE",
    text: string,
    context: Record<string, unknown>,
  ) {
    super(code, text, { context });
  }
}

/** A model's header does not list what its SQL selects from. */
export class ModelLineageError extends TransformError {
  constructor(
    model: { name: string; path: string },
    undeclared: readonly string[],
    unused: readonly string[],
  ) {
    super("TRANSFORM_LINEAGE_MISMATCH", message.lineageMismatch(model.name, model.path, undeclared, unused), {
      context: { model: model.name, path: model.path, undeclared, unused },
    });
  }
}

/** A model's SQL failed in DuckDB; the build's transaction is rolled back. */
export class ModelBuildError extends TransformError {
  constructor(model: { name: string; path: string }, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super("TRANSFORM_MODEL_FAILED", message.modelFailed(model.name, model.path, detail), {
      context: { model: model.name, path: model.path },
      cause,
    });
  }
}

/** A data test declaration (in a model header or a custom test file) cannot be read. */
export class DataTestDefinitionError extends TransformError {
  constructor(where: string, detail: string) {
    super("TRANSFORM_DATA_TEST_INVALID", message.dataTestInvalid(where, detail), { context: { where } });
  }
}

/**
 * A `--select` that names no model or is not selector syntax: a mistake in the command line, so exit 2
 * (a UsageError), with the closest model names in the message.
 */
export class ModelSelectorError extends UsageError {
  constructor(text: string, context: Record<string, unknown> = {}) {
    super(text, context);
  }
}

/** A `--select` build refused because of the warehouse's state (never built, a different as-of date). */
export class SelectedBuildRefusedError extends TransformError {
  constructor(text: string, context: Record<string, unknown> = {}) {
    super("TRANSFORM_SELECT_REFUSED", text, { context });
  }
}
