/**
 * ESR sickness absence for one org-month: episode starts per staff group sized
 * so FTE days lost ≈ rate × FTE days available (rate by staff group, org
 * factor and season), reasons drawn from the monthly reason mix, and each
 * episode sent as started / updated / ended (a few cancelled). Long episodes
 * and some MSK or mental-health ones trigger an OH management referral.
 */
import { episodeLengthDays, type ReasonCode, reasonMixFor, staffGroupRatePct } from "./absence-profile.js";
import { DAY_MS, HOUR_MS, isoDate, MINUTE_MS, type Month, workingSlot } from "./calendar.js";
import type { OrganisationContext } from "./organisation-context.js";
import { WeightedTable } from "./random.js";
import { emitReferralJourney } from "./referral-journey.js";
import { MEAN_STAFF_FTE } from "./staff-roster.js";

const SOURCE = "esr";
const cancellationReasons = WeightedTable.of({
  entered_in_error: 50,
  duplicate: 20,
  not_sickness: 25,
  other: 5,
});
const mixTables = Array.from({ length: 12 }, (_, i) => {
  const mix = reasonMixFor(i + 1);
  return { mix, table: WeightedTable.of(mix.episodeWeights) };
});

function referralCategory(reason: ReasonCode, days: number): string {
  if (reason === "S10") return "mental_health";
  if (reason === "S11" || reason === "S12" || reason === "S28") return "musculoskeletal";
  if (reason === "S30") return "pregnancy";
  return days >= 28 ? "long_term_absence" : "recurrent_short_term_absence";
}

export function emitAbsenceMonth(ctx: OrganisationContext, month: Month, orgRateFactor: number): void {
  const r = ctx.random;
  const { mix, table } = mixTables[month.month - 1] as (typeof mixTables)[number];
  for (const g of ctx.roster.groups) {
    const ratePct = staffGroupRatePct[g.group] * orgRateFactor * mix.seasonalFactor;
    const expectedDaysLost = (ratePct / 100) * g.fte * month.days;
    const starts = r.poisson(expectedDaysLost / (mix.meanEpisodeDays * MEAN_STAFF_FTE));
    for (let i = 0; i < starts; i++) {
      const staffIndex = g.first + r.int(0, g.count - 1);
      const reason = table.pick(r);
      const startDay = month.startMs + r.int(0, month.days - 1) * DAY_MS;
      const days = episodeLengthDays(reason, r.next());
      const endDay = startDay + (days - 1) * DAY_MS;
      const cancelled = r.chance(0.015);
      const recodedFromUnknown = reason !== "S99" && r.chance(0.1);
      const backDatedClosed = days <= 3 && r.chance(0.3);
      const related =
        (reason === "S13" || reason === "S15" || reason === "S27") && r.chance(0.12)
          ? "covid19"
          : reason === "S28" && r.chance(0.2)
            ? "work_related_injury"
            : null;
      const recordedAt = startDay + 7 * HOUR_MS + r.int(0, 600) * MINUTE_MS;
      const referral =
        !cancelled &&
        (days >= 28
          ? r.chance(0.55)
          : (reason === "S10" || reason === "S12" || reason === "S11") && r.chance(0.06));
      const referralDelay = r.int(days >= 28 ? 14 : 3, days >= 28 ? 35 : 10);
      const updateDelay = r.int(2, 6);
      const cancelDelay = r.int(1, 5);
      if (endDay < ctx.windowStartMs) continue; // ended before the window: never sent

      const absenceId = ctx.nextId("ESR-ABS");
      const staffId = ctx.roster.staffId(staffIndex);
      const state = (reasonCode: string, endDate: string | null) => ({
        absence_id: absenceId,
        staff_id: staffId,
        employer_ods: ctx.org.code,
        staff_group: g.group,
        start_date: isoDate(startDay),
        end_date: endDate,
        reason_code: reasonCode,
        related_reason: related,
        fte: ctx.roster.fteOf(staffIndex),
      });
      // Episodes already open when the window starts arrive as one snapshot at its start.
      const carriedIn = recordedAt < ctx.windowStartMs;
      const startedAt = carriedIn ? ctx.windowStartMs + r.int(360, 480) * MINUTE_MS : recordedAt;

      if (cancelled) {
        ctx.emit("workforce.absence.started", SOURCE, startedAt, state(reason, null));
        const at = startedAt + cancelDelay * DAY_MS;
        ctx.emit("workforce.absence.cancelled", SOURCE, at, {
          absence_id: absenceId,
          staff_id: staffId,
          cancellation_reason: cancellationReasons.pick(r),
        });
        continue;
      }
      const endedAt = endDay + DAY_MS + 8 * HOUR_MS;
      if (backDatedClosed && !carriedIn) {
        ctx.emit("workforce.absence.started", SOURCE, endedAt, state(reason, isoDate(endDay)));
      } else {
        const firstReason = recodedFromUnknown && !carriedIn ? "S99" : reason;
        ctx.emit("workforce.absence.started", SOURCE, startedAt, state(firstReason, null));
        const updatedAt = startedAt + updateDelay * DAY_MS;
        if (firstReason !== reason) {
          if (updatedAt < endedAt)
            ctx.emit("workforce.absence.updated", SOURCE, updatedAt, state(reason, null));
          else ctx.emit("workforce.absence.updated", SOURCE, endedAt - HOUR_MS, state(reason, null));
        }
        ctx.emit("workforce.absence.ended", SOURCE, endedAt, {
          absence_id: absenceId,
          staff_id: staffId,
          end_date: isoDate(endDay),
          reason_code: reason,
        });
      }
      if (referral) {
        const receivedAt = workingSlot(startDay + referralDelay * DAY_MS, r.int(8, 16), r.int(0, 59));
        if (ctx.inWindow(receivedAt)) {
          emitReferralJourney(ctx, {
            staffIndex,
            staffGroup: g.group,
            receivedAt,
            referralType: "management",
            reasonCategory: referralCategory(reason, days),
            absence: receivedAt <= endDay + DAY_MS ? { startDate: startDay, reasonCode: reason } : null,
          });
        }
      }
    }
  }
}
