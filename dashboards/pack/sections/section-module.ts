/**
 * One section of a pack is one module: it declares the tables of the warehouse it reads (the manifest
 * checks each against the tables the build actually read) and composes its narrative, charts and tables
 * from the pack's shared context, or says why it is left out.
 */
import type { PackContext } from "../pack-context.js";
import type { SectionOmitted, SectionResult } from "../pack-types.js";

export interface PackSectionModule {
  id: string;
  /** Tables the section's numbers come from. */
  reads(context: PackContext): string[];
  compose(context: PackContext): SectionResult | SectionOmitted;
}

export function isOmitted(result: SectionResult | SectionOmitted): result is SectionOmitted {
  return "omitted" in result;
}
