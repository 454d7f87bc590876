/**
 * ESR sickness absence episodes, topic `workforce.absence`, keyed by
 * absence_id so one episode's start, updates, end and cancellation stay in order.
 *
 * Semantics (state transfer, last event per absence_id wins by topic order):
 * - started: a new episode; carries the full episode state. end_date may already
 *   be set when ESR records a back-dated, closed absence.
 * - updated: the full current state replaces the previous one (reason recoded,
 *   dates corrected, FTE changed). Not a delta.
 * - ended: the episode closed on end_date (last day of absence, inclusive).
 * - cancelled: the episode never was sickness absence (entered in error,
 *   duplicate, reclassified): consumers drop all its days.
 */
import { z } from "zod";
import { withRules } from "../cross-field-rules.js";
import {
  absenceCancellationReasons,
  esrAbsenceReasons,
  esrRelatedReasons,
  staffGroups,
} from "../enumerations.js";
import { envelope } from "../envelope.js";
import { calendarDate, odsCode, oneOf, sourceId, staffId } from "../fields.js";

const absenceId = () =>
  sourceId().describe("ESR absence attendance id (unique per episode and assignment). Partition key.");

const episodeState = {
  absence_id: absenceId(),
  staff_id: staffId(),
  employer_ods: odsCode().describe("ODS code of the employing organisation (ESR VPD)."),
  staff_group: oneOf(staffGroups).describe("Staff group of the assignment (canonical benchmarking label)."),
  start_date: calendarDate().describe("First calendar day of absence."),
  end_date: calendarDate()
    .nullable()
    .describe("Last calendar day of absence (inclusive); null while the episode is open."),
  reason_code: oneOf(esrAbsenceReasons).describe("ESR level-1 sickness reason S10–S32, S98, S99."),
  related_reason: oneOf(esrRelatedReasons)
    .nullable()
    .describe("ESR related reason (level 2), e.g. covid19; null when none recorded."),
  fte: z
    .number()
    .gt(0)
    .max(1)
    .describe(
      "Contracted FTE (WTE) of the assignment, 0 < fte ≤ 1.0. ESR records absence per assignment, so staff with several assignments send one episode per assignment; a single assignment above 1.0 WTE is a data error.",
    ),
};

const episodeRules = [{ kind: "not-before", field: "end_date", reference: "start_date" }] as const;

export const absenceStarted = envelope(
  "workforce.absence.started",
  1,
  withRules(z.strictObject(episodeState), episodeRules).describe(
    "A new sickness absence episode (full state).",
  ),
);

export const absenceUpdated = envelope(
  "workforce.absence.updated",
  1,
  withRules(z.strictObject(episodeState), episodeRules).describe(
    "Full replacement state of an existing episode.",
  ),
);

export const absenceEnded = envelope(
  "workforce.absence.ended",
  1,
  z.strictObject({
    absence_id: absenceId(),
    staff_id: staffId(),
    end_date: calendarDate().describe("Last calendar day of absence (inclusive)."),
    reason_code: oneOf(esrAbsenceReasons).describe(
      "Final ESR reason at closure (may differ from the start).",
    ),
  }),
);

export const absenceCancelled = envelope(
  "workforce.absence.cancelled",
  1,
  z.strictObject({
    absence_id: absenceId(),
    staff_id: staffId(),
    cancellation_reason: oneOf(absenceCancellationReasons).describe(
      "Why the episode is withdrawn; its days are not sickness days.",
    ),
  }),
);
