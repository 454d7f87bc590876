/** Reading typed values out of one mart row (as pack-source.ts returns them). */
import type { MartRecord } from "./pack-source.js";

export function numberOf(record: MartRecord | undefined, key: string): number | null {
  const value = record?.[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
