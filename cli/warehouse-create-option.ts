/**
 * The one rule for a warehouse path: a file that is not there is refused, so a mistyped
 * --warehouse never loads data into a new, stray warehouse. The commands that write a warehouse
 * (ingest, import, transform, schedule) take --create to start one; the commands that only read
 * one (check, status, query, export, dead-letters, dashboards, pack) refuse a missing file outright.
 */
import { existsSync } from "node:fs";
import { configMessages } from "../core/core-messages.js";
import { ConfigError } from "../core/errors.js";
import type { OptionSpec } from "./define-command.js";

/** Spread into a writing command's options (cli/define-command.ts). */
export const createOption = {
  create: { type: "boolean", help: `create the warehouse if the file does not exist (otherwise refused)` },
} as const satisfies Record<string, OptionSpec>;

/** Throws the catalogued refusal (exit 1) when `path` is missing and --create was not given. */
export function refuseMissingWarehouse(path: string, command: string, create: boolean | undefined): void {
  if (!create && !existsSync(path))
    throw new ConfigError(configMessages.warehouseMissingCreate(path, command));
}
