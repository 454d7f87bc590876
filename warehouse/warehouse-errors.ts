/** warehouse/'s errors: the NHS England import and analyst access. Each carries a stable code and whether a retry can help. */
import { OhwbError, type OhwbErrorOptions } from "../core/errors.js";

export type AnalystQueryErrorCode =
  | "ANALYST_SQL_FILE_IS_FOLDER"
  | "ANALYST_SEVERAL_STATEMENTS"
  | "ANALYST_UNKNOWN_SCOPE"
  | "ANALYST_TIMEOUT"
  | "ANALYST_SPILL_LIMIT"
  | "ANALYST_QUERY_FAILED"
  | "ANALYST_OUT_EXISTS"
  | "ANALYST_OUT_IS_DATABASE"
  | "ANALYST_OUT_IS_DIRECTORY"
  | "ANALYST_NO_MARTS"
  | "ANALYST_SNAPSHOT_MISSING"
  | "ANALYST_SNAPSHOT_DAMAGED"
  | "ANALYST_NOT_A_SNAPSHOT"
  | "ANALYST_ARROW_UNREPRESENTABLE"
  | "ANALYST_WAREHOUSE_MISSING";

/** An analyst query tried to write, read files, attach or reconfigure: the connection forbids it. */
export class AnalystReadOnlyError extends OhwbError {
  constructor(message: string, options: OhwbErrorOptions = {}) {
    super("ANALYST_READ_ONLY", message, options);
  }
}

/** Anything else an analyst asked for that cannot run (bad SQL, bad scope, bad options). */
export class AnalystQueryError extends OhwbError {
  declare readonly code: AnalystQueryErrorCode;
  constructor(code: AnalystQueryErrorCode, message: string, options: OhwbErrorOptions = {}) {
    super(code, message, options);
  }
}

export type NhsAbsenceImportErrorCode =
  | "IMPORT_BAD_CSV"
  | "IMPORT_BAD_HEADER"
  | "IMPORT_BAD_ROW"
  | "IMPORT_FILE_MISSING"
  | "IMPORT_UNKNOWN_STAFF_GROUP"
  | "IMPORT_REJECTED"
  | "IMPORT_NEEDS_PSEUDONYM_KEY"
  | "IMPORT_NO_CONTRACT";

/** An NHS England CSV that cannot be imported (a missing file, a row that breaks the contract). */
export class NhsAbsenceImportError extends OhwbError<NhsAbsenceImportErrorCode> {
  constructor(code: NhsAbsenceImportErrorCode, text: string, context: Record<string, unknown> = {}) {
    super(code, text, { context });
  }
}
