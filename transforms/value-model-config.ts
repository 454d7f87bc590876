/**
 * The value model's assumptions (annual employment cost per FTE by staff
 * group, and the absence-rate baseline) are configuration, not code: a
 * committed default in config/value-model.json with its sources, overridable
 * by the configuration file's `valueModel` setting or OHWB_VALUE_MODEL=<path>. Models read it as the {{value_model_json}}
 * parameter, and every value mart row carries the assumptions it used.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { loadConfig } from "../core/config.js";
import { ConfigError } from "../core/errors.js";
import { projectRoot } from "../core/project-root.js";
import { transformMessages as message } from "./transform-messages.js";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected YYYY-MM-DD" });
const gbp = z.number().positive().max(10_000_000);

/** One assumption under low / central / high (sensitivity), low ≤ central ≤ high. */
const range = (max: number) =>
  z
    .strictObject({
      low: z.number().positive().max(max),
      central: z.number().positive().max(max),
      high: z.number().positive().max(max),
    })
    .refine((r) => r.low <= r.central && r.central <= r.high, { message: "expected low ≤ central ≤ high" });

export const valueModelSchema = z.strictObject({
  description: z.string().optional(),
  annual_cost_per_fte_gbp: z.strictObject({
    default: gbp,
    by_staff_group: z.record(z.string().min(1), gbp),
    source: z.string().min(1),
  }),
  baseline: z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("pre_period"),
      pre_period_start: isoDate,
      pre_period_end: isoDate,
      source: z.string().min(1),
    }),
    // The N months before the organisation's first recorded OH service cost (each organisation its own).
    z.strictObject({
      kind: z.literal("before_first_cost"),
      months: z.number().int().min(1).max(60),
      source: z.string().min(1),
    }),
    z.strictObject({ kind: z.literal("benchmark_peer"), source: z.string().min(1) }),
  ]),
  /**
   * ROI sensitivity: a multiplier on the cost per FTE and the share of the change in absence attributed
   * to OH. Without it every factor is 1 (the whole change is OH's, at the configured cost).
   */
  sensitivity: z
    .strictObject({
      cost_per_fte_factor: range(5),
      attributed_share: range(1),
      source: z.string().min(1),
    })
    .optional(),
});

export type ValueModel = z.infer<typeof valueModelSchema>;

/**
 * A relative `valueModel` setting is read from the current directory when the file
 * is there, else from the project (where the committed default lives), so the
 * default works from any directory.
 */
export function resolveValueModelPath(setting: string): string {
  if (isAbsolute(setting) || existsSync(setting)) return resolve(setting);
  return join(projectRoot(), setting);
}

/** The configured value model: `valueModel` in ohwb.config.json / $OHWB_CONFIG, or OHWB_VALUE_MODEL. */
export function defaultValueModelPath(): string {
  return resolveValueModelPath(loadConfig().config.valueModel);
}

export function loadValueModel(path = defaultValueModelPath()): ValueModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(message.valueModelUnreadable(path, String(error)), { path });
  }
  const result = valueModelSchema.safeParse(parsed);
  if (!result.success) {
    const detail = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new ConfigError(message.valueModelInvalid(path, detail), { path });
  }
  return result.data;
}
