/**
 * Fills `{{name}}` placeholders in model and data-test SQL. Only the known
 * parameters exist, each rendered as a typed SQL literal, so no free text is
 * ever spliced into SQL; an unknown placeholder is an error, not a blank.
 */
import { isCalendarDate } from "../core/calendar-date.js";
import { ConfigError, UsageError } from "../core/errors.js";
import { transformMessages as message } from "./transform-messages.js";
import { loadValueModel, type ValueModel } from "./value-model-config.js";

export interface SqlParameters {
  /** The date the warehouse is built as of, YYYY-MM-DD: open episodes count up to it. */
  asOf: string;
  /** Freshness test: the latest month loaded must be within this many months of asOf. */
  freshnessMonths: number;
  /** Value-model assumptions; the committed default (or OHWB_VALUE_MODEL) when not given. */
  valueModel?: ValueModel;
}

export function checkAsOf(value: string): string {
  if (!isCalendarDate(value)) {
    throw new UsageError(message.badAsOf(value), { value });
  }
  return value;
}

/** A JSON value as a DuckDB JSON literal: a quoted string with its quotes doubled. */
function jsonLiteral(value: unknown): string {
  return `CAST('${JSON.stringify(value).replaceAll("'", "''")}' AS JSON)`;
}

export function renderSql(sql: string, parameters: SqlParameters, where: string): string {
  return sql.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_whole, name: string) => {
    if (name === "as_of") return `DATE '${checkAsOf(parameters.asOf)}'`;
    if (name === "freshness_months") return String(Math.trunc(parameters.freshnessMonths));
    if (name === "value_model_json") return jsonLiteral(parameters.valueModel ?? loadValueModel());
    throw new ConfigError(message.unknownParameter(name, where), { name, where });
  });
}

/** Today's date in UTC as YYYY-MM-DD, the default as-of date. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
