/**
 * Recomputes, from a generated event stream, the figures the generator aims
 * for: FTE days lost by reason and month (final episode state, cancelled
 * episodes dropped, days clipped to the window), FTE days available, DNA share
 * and the months flu vaccines were given in. Independent of the generator's code.
 */
import type { GeneratedRecord } from "../../generator/generated-record.js";

interface Episode {
  start: string;
  end: string | null;
  reason: string;
  fte: number;
  group: string;
  cancelled: boolean;
}

export interface StreamShape {
  /** FTE days lost by reason code over the window. */
  lostByReason: Map<string, number>;
  /** FTE days lost by "YYYY-MM" and reason code. */
  lostByMonthReason: Map<string, Map<string, number>>;
  lostByGroup: Map<string, number>;
  availableByGroup: Map<string, number>;
  totalLost: number;
  /** Sum of per-group fte_days_available rows ("All staff groups" excluded). */
  totalAvailable: number;
  appointmentsBooked: number;
  dnas: number;
  fluMonths: Set<number>;
  fluFrontline: number;
}

const DAY = 86_400_000;

export function analyseStream(
  records: readonly GeneratedRecord[],
  windowStart: string,
  windowEnd: string,
): StreamShape {
  const episodes = new Map<string, Episode>();
  const shape: StreamShape = {
    lostByReason: new Map(),
    lostByMonthReason: new Map(),
    lostByGroup: new Map(),
    availableByGroup: new Map(),
    totalLost: 0,
    totalAvailable: 0,
    appointmentsBooked: 0,
    dnas: 0,
    fluMonths: new Set(),
    fluFrontline: 0,
  };
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const record of records) {
    if (record.kind !== "good") continue;
    const e = JSON.parse(record.value) as { event_type: string; payload: Record<string, unknown> };
    const p = e.payload;
    switch (e.event_type) {
      case "workforce.absence.started":
      case "workforce.absence.updated":
        episodes.set(p.absence_id as string, {
          start: p.start_date as string,
          end: p.end_date as string | null,
          reason: p.reason_code as string,
          fte: p.fte as number,
          group: p.staff_group as string,
          cancelled: false,
        });
        break;
      case "workforce.absence.ended": {
        const ep = episodes.get(p.absence_id as string);
        if (ep) {
          ep.end = p.end_date as string;
          ep.reason = p.reason_code as string;
        }
        break;
      }
      case "workforce.absence.cancelled": {
        const ep = episodes.get(p.absence_id as string);
        if (ep) ep.cancelled = true;
        break;
      }
      case "workforce.fte.monthly":
        if (p.staff_group !== "All staff groups") {
          shape.totalAvailable += p.fte_days_available as number;
          add(shape.availableByGroup, p.staff_group as string, p.fte_days_available as number);
        }
        break;
      case "ohwb.appointment.booked":
        shape.appointmentsBooked++;
        break;
      case "ohwb.appointment.did_not_attend":
        shape.dnas++;
        break;
      case "ohwb.immunisation.administered":
        if (p.vaccine === "influenza") {
          shape.fluMonths.add(Number((p.administered_at as string).slice(5, 7)));
          if (p.frontline_hcw) shape.fluFrontline++;
        }
        break;
    }
  }
  const from = Date.parse(`${windowStart}T00:00:00Z`);
  const to = Date.parse(`${windowEnd}T00:00:00Z`);
  for (const ep of episodes.values()) {
    if (ep.cancelled) continue;
    const first = Math.max(Date.parse(`${ep.start}T00:00:00Z`), from);
    const last = Math.min(ep.end ? Date.parse(`${ep.end}T00:00:00Z`) : to - DAY, to - DAY);
    for (let day = first; day <= last; day += DAY) {
      const month = new Date(day).toISOString().slice(0, 7);
      let byReason = shape.lostByMonthReason.get(month);
      if (!byReason) {
        byReason = new Map();
        shape.lostByMonthReason.set(month, byReason);
      }
      add(byReason, ep.reason, ep.fte);
      add(shape.lostByReason, ep.reason, ep.fte);
      add(shape.lostByGroup, ep.group, ep.fte);
      shape.totalLost += ep.fte;
    }
  }
  return shape;
}

/** Share (0–1) of days lost to `reason` over the given calendar months (1–12). */
export function reasonShareInMonths(shape: StreamShape, reason: string, months: readonly number[]): number {
  let lost = 0;
  let all = 0;
  for (const [month, byReason] of shape.lostByMonthReason) {
    if (!months.includes(Number(month.slice(5, 7)))) continue;
    for (const [r, v] of byReason) {
      all += v;
      if (r === reason) lost += v;
    }
  }
  return all === 0 ? 0 : lost / all;
}
