/**
 * One organisation's synthetic staff: contiguous index ranges per staff group,
 * sized from the reference FTE, with a stable FTE per person and a raw ESR-style
 * assignment number as staff_id (ingest pseudonymises it).
 */
import type { StaffGroup } from "../contracts/enumerations.js";
import { frontlineStaffGroups } from "./absence-profile.js";
import type { ReferenceOrganisation } from "./reference-organisations.js";

/** Mean of `fteOf` over a large population (11×1.0, 4×0.8, 3×0.6, 2×0.4 per 20). */
export const MEAN_STAFF_FTE = 0.84;

export interface StaffGroupRange {
  group: StaffGroup;
  /** Average FTE the org reports for the group (scaled). */
  fte: number;
  first: number;
  count: number;
}

export class StaffRoster {
  readonly groups: StaffGroupRange[] = [];
  readonly headcount: number;
  readonly frontline: StaffGroupRange[];
  readonly frontlineCount: number;
  private newStarters = 0;

  constructor(
    org: ReferenceOrganisation,
    /** Position of the org in the reference list: keeps staff numbers unique across orgs. */
    private readonly slot: number,
    scale: number,
  ) {
    let next = 0;
    for (const [group, fte] of [...org.fteByStaffGroup.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const scaled = fte * scale;
      const count = Math.max(1, Math.round(scaled / MEAN_STAFF_FTE));
      this.groups.push({ group, fte: scaled, first: next, count });
      next += count;
    }
    this.headcount = next;
    this.frontline = this.groups.filter((g) => frontlineStaffGroups.has(g.group));
    this.frontlineCount = this.frontline.reduce((s, g) => s + g.count, 0);
  }

  /** ESR-style assignment number, e.g. "23400017-1"; a million numbers per org slot. */
  staffId(index: number): string {
    return `${10_000_000 + this.slot * 1_000_000 + index}-1`;
  }

  /** Contracted FTE of one person: fixed per index so every event agrees. */
  fteOf(index: number): number {
    const h = (Math.imul(index + 1, 2654435761) ^ Math.imul(this.slot + 7, 40503)) >>> 0;
    const bucket = (h >>> 8) % 20;
    return bucket < 11 ? 1 : bucket < 15 ? 0.8 : bucket < 18 ? 0.6 : 0.4;
  }

  groupOf(index: number): StaffGroup {
    for (const g of this.groups) if (index < g.first + g.count) return g.group;
    return (this.groups[this.groups.length - 1] as StaffGroupRange).group;
  }

  /** The j-th frontline person (j < frontlineCount). */
  frontlineIndex(j: number): number {
    let left = j;
    for (const g of this.frontline) {
      if (left < g.count) return g.first + left;
      left -= g.count;
    }
    return 0;
  }

  /** The j-th person not in a frontline group. */
  otherIndex(j: number): number {
    let left = j;
    for (const g of this.groups) {
      if (frontlineStaffGroups.has(g.group)) continue;
      if (left < g.count) return g.first + left;
      left -= g.count;
    }
    return 0;
  }

  /** A new starter's index: from 100,000 up, beyond any roster (the largest trusts have ~25k staff at scale 1). */
  newStarter(): number {
    return 100_000 + this.newStarters++;
  }
}
