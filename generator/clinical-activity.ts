/**
 * Clinical OH activity for one org-month: pre-placement clearances (with Hep B
 * courses and serology for clinical starters), flu vaccination through
 * September–February (frontline uptake 40–60%), sharps and splash exposures
 * with PEP timings, health surveillance and direct-access interventions.
 */
import type { StaffGroup } from "../contracts/enumerations.js";
import { frontlineStaffGroups } from "./absence-profile.js";
import {
  addWorkingDays,
  DAY_MS,
  fluSeason,
  HOUR_MS,
  isoDateTime,
  MINUTE_MS,
  type Month,
  workingSlot,
} from "./calendar.js";
import { emitInterventionEpisode } from "./intervention-episode.js";
import type { OrganisationContext } from "./organisation-context.js";
import { Random, WeightedTable } from "./random.js";

const SOURCE = "opas";
/** Share of a season's flu doses given in each month (Sep..Feb), peaking in October. */
const fluMonthShare: Readonly<Record<number, number>> = {
  9: 0.1,
  10: 0.38,
  11: 0.3,
  12: 0.12,
  1: 0.06,
  2: 0.04,
};
const fluMonthOrder = [9, 10, 11, 12, 1, 2];
const preplacementOutcomes = WeightedTable.of({
  cleared: 85,
  cleared_with_adjustments: 8,
  further_assessment: 5,
  not_cleared: 2,
});
const exposureTypes = WeightedTable.of({ sharps: 70, splash: 20, bite: 5, scratch: 5 });
const sourceStatuses = WeightedTable.of({
  known_negative: 45,
  unknown: 35,
  untraceable: 12,
  known_bbv_positive: 8,
});
const surveillanceOutcomes = WeightedTable.of({
  normal: 85,
  refer: 10,
  restricted: 4,
  work_related_disease_confirmed: 1,
});
const eppGroups: ReadonlySet<StaffGroup> = new Set<StaffGroup>([
  "HCHS doctors",
  "Nurses & health visitors",
  "Midwives",
]);
const directServices = WeightedTable.of({ msk_physio: 45, counselling_eap: 40, psychology: 15 } as const);

function programmeFor(group: StaffGroup, r: Random): string {
  if (group === "Hotel, property & estates")
    return r.pick(["havs_tier1", "havs_tier2", "havs_tier3", "audiometry", "respiratory_questionnaire"]);
  if (group === "Scientific, therapeutic & technical staff" || group === "Support to ST&T staff")
    return r.pick(["skin", "respiratory_spirometry", "respiratory_questionnaire"]);
  if (frontlineStaffGroups.has(group)) return r.pick(["skin", "night_worker", "skin", "havs_tier1"]);
  return r.pick(["night_worker", "other"]);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function anyTimeIn(month: Month, r: Random): number {
  return month.startMs + r.int(0, month.days - 1) * DAY_MS + r.int(0, 24 * 60 - 1) * MINUTE_MS;
}

function workingTimeIn(month: Month, r: Random): number {
  return workingSlot(month.startMs + r.int(0, month.days - 1) * DAY_MS, r.int(8, 16), r.int(0, 59));
}

export function emitClinicalMonth(ctx: OrganisationContext, month: Month): void {
  emitPreplacement(ctx, month);
  emitFlu(ctx, month);
  emitExposures(ctx, month);
  emitSurveillance(ctx, month);
  const r = ctx.random;
  const direct = r.poisson(ctx.roster.headcount * 0.0012);
  for (let i = 0; i < direct; i++) {
    emitInterventionEpisode(ctx, {
      staffIndex: r.int(0, ctx.roster.headcount - 1),
      referralId: null,
      service: directServices.pick(r),
      startedAt: workingTimeIn(month, r),
      absentAtStart: r.chance(0.25),
    });
  }
}

function emitPreplacement(ctx: OrganisationContext, month: Month): void {
  const r = ctx.random;
  const roster = ctx.roster;
  const starters = r.poisson(roster.headcount * 0.011);
  for (let i = 0; i < starters; i++) {
    const group = roster.groupOf(r.int(0, roster.headcount - 1));
    const staffIndex = roster.newStarter();
    const staffId = roster.staffId(staffIndex);
    const received = workingTimeIn(month, r);
    const cleared =
      addWorkingDays(received, Math.min(30, Math.round(r.logNormal(3, 0.6)))) + r.int(1, 5) * HOUR_MS;
    const epp = eppGroups.has(group)
      ? r.pick(["cleared", "cleared", "cleared", "pending", "not_required"])
      : "not_required";
    ctx.emit("ohwb.preplacement.cleared", SOURCE, cleared, {
      clearance_id: ctx.nextId("PPC"),
      staff_id: staffId,
      employer_ods: ctx.org.code,
      staff_group: group,
      questionnaire_received_at: isoDateTime(received),
      cleared_at: isoDateTime(cleared),
      outcome: preplacementOutcomes.pick(r),
      epp_clearance: epp,
    });
    if (frontlineStaffGroups.has(group) && r.chance(0.6)) {
      // Hep B accelerated course (0, 1, 2 months) then anti-HBs 1–2 months after dose 3.
      let dose = cleared + r.int(1, 10) * DAY_MS;
      for (let n = 1; n <= 3; n++) {
        const at = workingSlot(dose, r.int(9, 16), r.int(0, 59));
        ctx.emit("ohwb.immunisation.administered", SOURCE, at, {
          immunisation_id: ctx.nextId("IMM"),
          staff_id: staffId,
          employer_ods: ctx.org.code,
          vaccine: "hep_b",
          dose_number: n,
          course_complete: n === 3,
          administered_at: isoDateTime(at),
          season: null,
          frontline_hcw: true,
        });
        dose = at + r.int(28, 35) * DAY_MS;
      }
      if (r.chance(0.9)) {
        const sampled = workingSlot(dose + r.int(20, 40) * DAY_MS, r.int(9, 12), r.int(0, 59));
        const resulted = addWorkingDays(sampled, r.int(1, 4));
        const u = r.next();
        const [result, titre] =
          u < 0.85
            ? ["responder", r.int(100, 1000)]
            : u < 0.93
              ? ["low_responder", r.int(10, 99)]
              : ["non_responder", r.int(0, 9)];
        ctx.emit("ohwb.serology.resulted", SOURCE, resulted, {
          result_id: ctx.nextId("LAB"),
          staff_id: staffId,
          employer_ods: ctx.org.code,
          antigen: "hep_b_surface_antibody",
          result,
          titre_miu_ml: titre,
          sampled_at: isoDateTime(sampled),
          resulted_at: isoDateTime(resulted),
        });
      }
    }
    if (r.chance(0.15)) {
      const resulted = addWorkingDays(cleared, r.int(2, 8));
      ctx.emit("ohwb.serology.resulted", SOURCE, resulted, {
        result_id: ctx.nextId("LAB"),
        staff_id: staffId,
        employer_ods: ctx.org.code,
        antigen: "varicella_igg",
        result: r.chance(0.9) ? "immune" : "non_immune",
        titre_miu_ml: null,
        sampled_at: null,
        resulted_at: isoDateTime(resulted),
      });
    }
  }
}

/** Flu doses this month: a season-level permutation spreads doses over distinct staff. */
function emitFlu(ctx: OrganisationContext, month: Month): void {
  const share = fluMonthShare[month.month];
  if (share === undefined) return;
  const roster = ctx.roster;
  const season = fluSeason(month.year, month.month);
  const seasonRandom = new Random(ctx.seed, ctx.org.code, "flu", season);
  const frontlineUptake = seasonRandom.uniform(0.4, 0.6);
  const otherUptake = seasonRandom.uniform(0.2, 0.35);
  const position = fluMonthOrder.indexOf(month.month);
  const before = fluMonthOrder.slice(0, position).reduce((s, m) => s + (fluMonthShare[m] ?? 0), 0);
  const cohorts = [
    {
      frontline: true,
      size: roster.frontlineCount,
      uptake: frontlineUptake,
      index: (j: number) => roster.frontlineIndex(j),
    },
    {
      frontline: false,
      size: roster.headcount - roster.frontlineCount,
      uptake: otherUptake,
      index: (j: number) => roster.otherIndex(j),
    },
  ];
  const r = ctx.random;
  for (const c of cohorts) {
    if (c.size <= 0) continue;
    const from = Math.round(c.size * c.uptake * before);
    const to = Math.round(c.size * c.uptake * (before + share));
    const offset = seasonRandom.int(0, c.size - 1);
    let stride = 7919;
    while (gcd(stride, c.size) !== 1) stride += 2;
    for (let j = from; j < to; j++) {
      const staffIndex = c.index((offset + j * stride) % c.size);
      const at = workingTimeIn(month, r);
      ctx.emit("ohwb.immunisation.administered", SOURCE, at, {
        immunisation_id: ctx.nextId("IMM"),
        staff_id: roster.staffId(staffIndex),
        employer_ods: ctx.org.code,
        vaccine: "influenza",
        dose_number: 1,
        course_complete: true,
        administered_at: isoDateTime(at),
        season,
        frontline_hcw: c.frontline,
      });
    }
  }
}

function emitExposures(ctx: OrganisationContext, month: Month): void {
  const r = ctx.random;
  const roster = ctx.roster;
  if (roster.frontlineCount === 0) return;
  const n = r.poisson(roster.frontlineCount * 0.0009);
  for (let i = 0; i < n; i++) {
    const staffIndex = roster.frontlineIndex(r.int(0, roster.frontlineCount - 1));
    const exposed = anyTimeIn(month, r);
    const type = exposureTypes.pick(r);
    const sourceStatus = sourceStatuses.pick(r);
    const risk = r.chance(0.03)
      ? "not_assessed"
      : sourceStatus === "known_bbv_positive" && (type === "sharps" || type === "splash")
        ? r.chance(0.85)
          ? "high"
          : "low"
        : sourceStatus === "unknown" && r.chance(0.05)
          ? "high"
          : "low";
    const pep = risk === "high";
    const pepMinutes = r.chance(0.82) ? r.int(15, 60) : r.int(61, 300);
    const pepGiven = pep && r.chance(0.95);
    ctx.emit("ohwb.exposure.incident", SOURCE, exposed, {
      incident_id: ctx.nextId("INC"),
      staff_id: roster.staffId(staffIndex),
      employer_ods: ctx.org.code,
      exposure_type: type,
      exposed_at: isoDateTime(exposed),
      reported_to_oh_at: isoDateTime(exposed + r.int(5, 90) * MINUTE_MS),
      source_status: sourceStatus,
      risk_level: risk,
      pep_indicated: pep,
      pep_first_dose_at: pepGiven ? isoDateTime(exposed + pepMinutes * MINUTE_MS) : null,
      riddor_reportable: type === "sharps" && sourceStatus === "known_bbv_positive",
      followup_complete: r.chance(0.6),
    });
  }
}

function emitSurveillance(ctx: OrganisationContext, month: Month): void {
  const r = ctx.random;
  const roster = ctx.roster;
  const n = r.poisson(roster.headcount * 0.003);
  for (let i = 0; i < n; i++) {
    const staffIndex = r.int(0, roster.headcount - 1);
    const at = workingTimeIn(month, r);
    ctx.emit("ohwb.surveillance.completed", SOURCE, at, {
      surveillance_id: ctx.nextId("HS"),
      staff_id: roster.staffId(staffIndex),
      employer_ods: ctx.org.code,
      programme: programmeFor(roster.groupOf(staffIndex), r),
      outcome: surveillanceOutcomes.pick(r),
      completed_at: isoDateTime(at),
    });
  }
}
