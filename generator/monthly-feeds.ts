/**
 * Month-end feeds of one organisation: ESR FTE days available per staff group
 * (FTE × days in month, "All staff groups" = the exact sum) and the OH
 * service's cost lines for the ROI marts.
 */
import { HOUR_MS, isoDate, type Month } from "./calendar.js";
import type { OrganisationContext } from "./organisation-context.js";
import { MEAN_STAFF_FTE } from "./staff-roster.js";

const round2 = (x: number) => Math.round(x * 100) / 100;

export function emitWorkforceFte(ctx: OrganisationContext, month: Month): void {
  const r = ctx.random;
  const monthEnd = isoDate(month.endMs - 1);
  const at = month.endMs - 4 * HOUR_MS;
  let totalDays = 0;
  let totalFte = 0;
  let totalHeadcount = 0;
  for (const g of ctx.roster.groups) {
    const fte = round2(g.fte * (1 + 0.0015 * month.index + 0.004 * r.normal()));
    const days = round2(fte * month.days);
    const headcount = Math.max(1, Math.round(fte / MEAN_STAFF_FTE));
    totalDays += days;
    totalFte += fte;
    totalHeadcount += headcount;
    ctx.emit("workforce.fte.monthly", "esr", at, {
      month_end: monthEnd,
      reporting_org_code: ctx.org.code,
      staff_group: g.group,
      fte_days_available: days,
      average_fte: fte,
      headcount,
    });
  }
  ctx.emit("workforce.fte.monthly", "esr", at, {
    month_end: monthEnd,
    reporting_org_code: ctx.org.code,
    staff_group: "All staff groups",
    fte_days_available: round2(totalDays),
    average_fte: round2(totalFte),
    headcount: totalHeadcount,
  });
}

export function emitServiceCosts(ctx: OrganisationContext, month: Month): void {
  const r = ctx.random;
  const headcount = ctx.roster.headcount;
  const periodStart = isoDate(month.startMs);
  const periodEnd = isoDate(month.endMs - 1);
  const label = periodStart.slice(0, 7);
  const flu = [9, 10, 11, 12, 1, 2].includes(month.month);
  // Roughly £70–£110 per employee per year across the lines below.
  const lines: [string, string | null, number, string][] = [
    ["staff", null, 4.6, `OH clinical and admin staff pay, ${label}`],
    ["contract", "msk_physio", 1.1, `MSK physiotherapy contract, ${label}`],
    ["contract", "psychology", 0.9, `Staff psychology service, ${label}`],
    ["contract", "counselling_eap", 0.6, `Employee assistance programme, ${label}`],
    ["other", null, 0.4, `OH systems and consumables, ${label}`],
  ];
  if (flu)
    lines.push(["vaccine", null, month.month === 10 || month.month === 11 ? 1.4 : 0.4, `Vaccines, ${label}`]);
  lines.forEach(([type, service, perHead, description], i) => {
    ctx.emit("ohwb.service.cost", "finance-ledger", month.endMs - 2 * HOUR_MS, {
      cost_id: `GL-${ctx.org.code}-${label}-${String(i + 1).padStart(2, "0")}`,
      service_ods: ctx.org.code,
      period_start: periodStart,
      period_end: periodEnd,
      cost_gbp: round2(headcount * perHead * r.uniform(0.9, 1.1)),
      cost_type: type,
      intervention_service: service,
      description,
    });
  });
}
