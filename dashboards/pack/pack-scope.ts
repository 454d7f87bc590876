/**
 * What a pack covers: `england`, `region:Y60`, `ics:QHL` or `org:RRK`, mapped onto the marts' `level`
 * and `code` columns.
 */
import { UsageError } from "../../core/errors.js";
import { packMessages } from "../dashboard-messages.js";
import type { GeographyLevel } from "../mart-rows.js";

export interface PackScope {
  level: GeographyLevel;
  code: string;
  /** The argument as given, normalised ("england", "region:Y60", …), used in file names and the manifest. */
  key: string;
}

const PREFIX_LEVEL: Record<string, GeographyLevel> = {
  region: "region",
  ics: "ics",
  org: "organisation",
};

export function parseScope(text: string): PackScope {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === "england") return { level: "england", code: "ENG", key: "england" };
  const match = /^(region|ics|org):([A-Za-z0-9]{2,10})$/.exec(trimmed);
  const level = match ? PREFIX_LEVEL[match[1] as string] : undefined;
  if (!match || !level) throw new UsageError(packMessages.packBadScope(text));
  const code = (match[2] as string).toUpperCase();
  return { level, code, key: `${match[1]}:${code}` };
}
