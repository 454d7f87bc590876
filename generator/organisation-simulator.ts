/** Runs every activity model of one organisation, month by month. */
import { emitAbsenceMonth } from "./absence-episodes.js";
import { DAY_MS, type Month, workingSlot } from "./calendar.js";
import { emitClinicalMonth } from "./clinical-activity.js";
import { emitServiceCosts, emitWorkforceFte } from "./monthly-feeds.js";
import type { OrganisationContext } from "./organisation-context.js";
import { WeightedTable } from "./random.js";
import { emitReferralJourney } from "./referral-journey.js";

const referralTypes = WeightedTable.of({
  management: 50,
  self: 35,
  health_surveillance: 5,
  ill_health_retirement: 2,
  other: 5,
  pre_placement: 3,
});
const reasonCategories = WeightedTable.of({
  mental_health: 30,
  musculoskeletal: 25,
  recurrent_short_term_absence: 12,
  performance_capability: 8,
  long_term_condition: 12,
  pregnancy: 5,
  work_related_injury: 5,
  other: 3,
});

export class OrganisationSimulator {
  /** Each org sits a little above or below its staff groups' national rates. */
  private readonly rateFactor: number;

  constructor(readonly ctx: OrganisationContext) {
    this.rateFactor = ctx.random.uniform(0.85, 1.15);
  }

  /** Warm-up months (index < 0) only build absence episodes still open when the window starts. */
  simulateMonth(month: Month): void {
    const ctx = this.ctx;
    emitAbsenceMonth(ctx, month, this.rateFactor);
    if (month.index < 0) return;
    const r = ctx.random;
    const referrals = r.poisson(ctx.roster.headcount * 0.003);
    for (let i = 0; i < referrals; i++) {
      const staffIndex = r.int(0, ctx.roster.headcount - 1);
      emitReferralJourney(ctx, {
        staffIndex,
        staffGroup: ctx.roster.groupOf(staffIndex),
        receivedAt: workingSlot(
          month.startMs + r.int(0, month.days - 1) * DAY_MS,
          r.int(8, 16),
          r.int(0, 59),
        ),
        referralType: referralTypes.pick(r),
        reasonCategory: reasonCategories.pick(r),
        absence: null,
      });
    }
    emitClinicalMonth(ctx, month);
    emitWorkforceFte(ctx, month);
    emitServiceCosts(ctx, month);
  }
}
