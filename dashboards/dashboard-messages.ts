/**
 * What dashboards/ tells users: charts, provenance, coverage, the site, output directories and packs.
 * One catalogue per stage (as vega-lite keeps src/log/message.ts), so wording stays
 * consistent and each message says what to do next.
 */
export const dashboardMessages = {
  /** The SPC chart's icon line; the site's browser script composes the same line after rebasing. */
  spcIcons: (variation: string, assurance: string, target: number | undefined) =>
    `Variation: ${variation.toLowerCase()}. ${assurance}${target === undefined ? "" : ` (${target}%)`}.`,
  spcShortSeries: (points: number, min: number) =>
    `Only ${points} months: Making Data Count advises at least ${min} before trusting the limits, so read them as provisional.`,
  spcTooFewPoints: (count: number) =>
    `An XmR chart needs at least 2 values to compute a moving range, got ${count}. MDC guidance advises at least 15–20 points before trusting the limits.`,
  spcNonFinite: () =>
    "XmR values must be finite numbers; leave suppressed months out rather than passing null or NaN.",
  spcBadRuleLength: (name: string, value: number) =>
    `${name} must be an integer of at least 2, got ${value}.`,
  funnelBadTarget: (p0: number) =>
    `The funnel plot target proportion must be strictly between 0 and 1, got ${p0}. Is the England row missing or suppressed?`,
  /** The SPC text alternative's word on months not plotted, by reason (empty when every month is). */
  spcNotPlotted: (smallNumbers: number, noDenominator: number) =>
    (smallNumbers > 0
      ? ` ${smallNumbers} month${smallNumbers === 1 ? " is" : "s are"} withheld for small numbers and not plotted.`
      : "") +
    (noDenominator > 0
      ? ` ${noDenominator} month${noDenominator === 1 ? " has" : "s have"} no FTE days available recorded, so no rate, and ${noDenominator === 1 ? "is" : "are"} not plotted.`
      : ""),
  valueCostPartial: (quarters: readonly string[]) =>
    quarters.length > 0
      ? ` The cost of absence is partial in ${quarters.join(", ")}: it leaves out that many organisation-months with days lost but no FTE days recorded (before an organisation's workforce feed starts).`
      : "",
  /** Published rates above organisation level summed from fewer organisations than were published. */
  partialPublishedGroups: (parts: readonly string[]) =>
    parts.length > 0
      ? ` A rate above organisation level sums only the organisations whose figures NHS England published, the others being blank: ${parts.join(", ")}.`
      : "",
  partialPublishedMonths: (months: number, fewest: string | undefined) =>
    months > 0 && fewest
      ? ` In ${months} month${months === 1 ? "" : "s"} the rate sums fewer organisations than NHS England published (the others blank), as few as ${fewest}.`
      : "",
  funnelNoEngland: (staffGroup: string, monthEnd: string) =>
    `No unsuppressed England row for "${staffGroup}" in ${monthEnd}: the funnel plot needs it as its target. Pass englandRate explicitly or include the England row.`,
  disclosureBadCount: (value: unknown) =>
    `Counts for disclosure control must be non-negative integers, got ${String(value)}.`,
  disclosureRaggedTable: (row: number, expected: number, got: number) =>
    `Table row ${row} has ${got} cells, expected ${expected} (one per column).`,
  disclosureViolations: (dir: string, count: number, first: readonly string[]) =>
    `${dir} is not publishable: ${count} disclosure violation${count === 1 ? "" : "s"} (domain notes §10). First: ${first.join("; ")}. Fix the producing step; never hand-edit outputs.`,
  disclosureUnreadableManifest: (file: string, detail: string) =>
    `Cannot read the disclosure manifest ${file}: ${detail}`,
  chartNoRows: (chart: string, detail: string) => `No rows to draw the ${chart} chart: ${detail}.`,
  renderFailed: (detail: string) => `Rendering the chart failed: ${detail}`,
  renderFontMissing: (path: string) =>
    `Font file ${path} is missing. Install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) or pass fontFiles.`,
} as const;

export const provenanceMessages = {
  /**
   * The shipped reference files carry each release's reference month, not the day NHS England released
   * it, and no source found records those days (reference/nhs-sickness-absence/README.md): said, not guessed.
   */
  publicationDateNotRecorded:
    "Release dates: publication date not recorded in the shipped data (it carries each release's reference month only)",
  sources: (asOf: string | null, benchmarkMonths: string | null, reasonFiles: readonly string[]) =>
    [
      `Data as of ${asOf ?? "(no transform run recorded)"}.`,
      benchmarkMonths
        ? `Published figures: NHS England, NHS Sickness Absence benchmarking tool, monthly publications ${benchmarkMonths}. ${provenanceMessages.publicationDateNotRecorded}.`
        : "No NHS England benchmarking publication is loaded.",
      reasonFiles.length > 0 ? `National absence by reason: NHS England (${reasonFiles.join(", ")}).` : "",
      "OH, ESR absence, cost and ROI figures: the organisations' own events, reporting organisations only where coverage says so.",
    ]
      .filter(Boolean)
      .join(" "),
} as const;

export const coverageMessages = {
  label: (reporting: number, expected: number, all: number, monthEnd: string, partial: boolean) => {
    const others = all - reporting;
    const counted =
      expected > 0
        ? `${reporting} of ${expected} organisations reporting`
        : `${all} organisation${all === 1 ? "" : "s"} reporting (no reference list for the area)`;
    return `${counted}${expected > 0 && others > 0 ? ` (and ${others} not on the reference list)` : ""}, ${monthEnd.slice(0, 7)}${partial ? ": reporting organisations only, not the whole area" : ""}.`;
  },
} as const;

export const dashboardSiteMessages = {
  spcNote: () =>
    "The staff-group filter picks the series; the period filter picks the months shown. Mean and process limits stay fixed at the baseline's (the first 24 published months, or all of them when fewer), as Making Data Count asks; they are recomputed from the months shown only when you tick \u201cRecalculate the SPC limits\u201d.",
  spcWindowFixed: () =>
    "Mean, process limits and signals are the baseline's, not recalculated for the selected period (tick \u201cRecalculate the SPC limits\u201d to rebase on the months shown).",
  spcUnavailable: (staffGroup: string) =>
    `Not enough published months to draw an SPC chart for ${staffGroup}: rates from small numbers are withheld.`,
  staffGroupNote: (withComparator: boolean) =>
    `Shows the end month of the selected period${withComparator ? "; black ticks mark the England rate" : ""}. Withheld groups are marked, never shown as zero.`,
  staffGroupUnavailable: (monthEnd: string) => `No published staff-group rates for ${monthEnd}.`,
  funnelHeading: (groupLabel: string) =>
    `${groupLabel.charAt(0).toUpperCase()}${groupLabel.slice(1)} compared with each other (funnel plot)`,
  funnelNote: (monthEnd: string, groupLabel: string) =>
    `Latest month (${monthEnd}); the staff-group filter applies, the period filter does not. Only ${groupLabel} are compared, against their pooled rate; limits are adjusted for overdispersion (Spiegelhalter), so "outside 99.8%" means more than the usual variation between trusts.`,
  funnelUnavailable: (staffGroup: string, groupLabel: string) =>
    `No funnel plot of ${groupLabel} for ${staffGroup}: no such organisation has a published rate.`,
  spcWindowTooShort: () =>
    "Only one published month in the selected period: an SPC chart needs at least 2. Widen the period.",
  spcWindowRecomputed: () =>
    "Mean, process limits and signals are computed from the selected period's months only (lower is better).",
  ohChartNote: () =>
    "From the warehouse's OH events, all staff groups, whole series: the filters do not apply. Counts below England level are rounded to 5 with 1–7 withheld; percentages from fewer than 8 cases are withheld.",
  publishedSource: (from: string, to: string) =>
    `Source: NHS England, NHS Sickness Absence benchmarking tool (published statistics), reference months ${from} to ${to}.`,
  eventSource: (feed: "oh_case_management" | "exposure" | "immunisation" | "esr" | "service_cost") =>
    `Source: the organisations' own ${
      feed === "oh_case_management"
        ? "OH case-management events"
        : feed === "exposure"
          ? "exposure incident events"
          : feed === "immunisation"
            ? "vaccination events"
            : "ESR sickness absence and FTE events, with their OH service cost records, priced by config/value-model.json"
    } (not an NHS England publication).`,
  areaTotalWithheld: (coverage: string) =>
    `Not shown: cost, days saved and return on investment are totals, and only some of the area's organisations report (${coverage.replace(/\.$/, "")}), so they would not be the area's. See the reporting organisations' own pages.`,
  mdcHeading: () => "Making Data Count summary: sickness absence rate",
  mdcIntro: (baseline: number, points: number) =>
    `One row per staff group: the variation icon of the latest month and, where a target exists, the assurance icon; limits from ${baseline === points ? `all ${points}` : `the first ${baseline} of ${points}`} published months, lower is better.`,
  mdcShortSeries: (points: number, min: number) =>
    `Only ${points} months: Making Data Count advises at least ${min} before trusting the limits, so read the icons as provisional.`,
  pageDates: (built: string | null) =>
    `Built ${built ?? "(no finished transform run recorded)"}: the date of the warehouse's last transform run, so a rebuild of the same warehouse gives the same pages.`,
  mdcNoTargets: () =>
    "No sickness absence target is set for this area (configuration targets.sicknessAbsenceRatePct), so there are no assurance icons.",
  mdcTargetScope: () =>
    "The target is for all staff groups, so only that row has an assurance icon; the staff groups' own rows have no target set.",
  mdcNoTarget: () => "no target set",
  targetText: (value: number, appliesTo: "scope" | "all scopes", source: string | null) =>
    `${value}% (${appliesTo === "scope" ? "this area's own" : "for every area"}${source ? `, set by ${source}` : ""})`,
  spcTargetNote: (target: { value: number } | null) =>
    target
      ? `The dashed blue line is the target (${target.value}%), drawn on the all-staff-groups series; the assurance icon compares it with the latest process limits.`
      : "No target is set for this area, so there is no target line or assurance icon.",
  reasonsPublishedNote: () =>
    "England as a whole, all staff groups, the latest 12 published months; the filters do not apply. Beside it (when events are loaded), the same breakdown from the organisations' own ESR events.",
  reasonsPublishedSource: (months: string, files: readonly string[]) =>
    `Source: NHS England, NHS Sickness Absence Rates, national absence by reason (published statistics), ${months}${files.length > 0 ? `; files ${files.join(", ")}` : ""}.`,
  reasonsEventsSource: () =>
    "Source: the organisations' own ESR sickness absence events, by ESR reason (not an NHS England publication).",
  reasonsEventsNote: () =>
    "All staff groups, the latest 12 months of ESR events; the filters do not apply. Not shown where fewer than 331 FTE days were lost.",
  siteRebaseUnused: (months: readonly string[], first: string | undefined, last: string | undefined) =>
    `--spc-rebase ${months.join(", ")}: no SPC series was rebased there, since ${months.length === 1 ? "it is" : "they are"} ` +
    (first && last
      ? `outside the published months (${first} to ${last}) or within two months of either end (an XmR segment needs two months on each side).`
      : "there are no published months."),
  siteBadRebaseMonth: (value: string) =>
    `--spc-rebase takes comma-separated months as YYYY-MM (e.g. 2024-04), got "${value}".`,
  siteNeedsWarehouse: () => "ohwb dashboards build needs --warehouse FILE and --out DIR.",
  siteUnknownSubcommand: (name: string) =>
    `Unknown dashboards subcommand "${name}"; use: ohwb dashboards build.`,
  siteNoRows: (warehouse: string) =>
    `${warehouse} has no mart_absence_benchmark rows. Import the NHS benchmarking CSVs (ohwb import nhs-absence) and run ohwb transform first.`,
  siteAssetMissing: (path: string) =>
    `Browser asset ${path} is missing; run npm install (vega, vega-lite and vega-embed are dependencies).`,
  siteBuilding: (dir: string) => `building the dashboard site in ${dir}`,
  siteBuiltDetail: (pages: number) => `${pages} pages, disclosure check passed`,
} as const;

export const outputDirectoryMessages = {
  outputNotOurs: (dir: string, entries: number, first: readonly string[]) =>
    `Refusing to build into ${dir}: it already holds ${entries} file${entries === 1 ? "" : "s"} or folder${entries === 1 ? "" : "s"} (${first.join(", ")}${entries > first.length ? ", …" : ""}) that an ohwb build did not write, and every build empties its output directory first. Choose a new or empty directory with --out, or delete this one yourself if nothing in it is needed.`,
  outputNotDirectory: (dir: string) =>
    `Cannot build into ${dir}: it exists and is not a directory. Choose a new or empty directory with --out.`,
  outputIsSymlink: (dir: string) =>
    `Refusing to build into ${dir}: it is a symbolic link, and the build empties its output directory. Pass the real directory the link points to, or a new or empty directory, with --out.`,
} as const;

export const packMessages = {
  costNotCosted: (orgMonths: number) =>
    orgMonths > 0
      ? ` It leaves out ${orgMonths} organisation-month${orgMonths === 1 ? "" : "s"} with days lost but no FTE days recorded (before an organisation's workforce feed starts there is no rate, and the days are those of episodes still open when it began), so it is partial.`
      : "",
  packTwoSources: (eventDays: string, publishedDays: string, difference: string, publishedCost: string) =>
    `Two sources for FTE days lost: this cost prices ${eventDays} FTE days from the organisations' own ESR events; NHS England's published benchmark, in the headline, has ${publishedDays} (a difference of ${difference}). Priced the same way, the published days would cost ${publishedCost}.`,
  packPublishedReasons: (
    from: string,
    to: string,
    top: string,
    files: string,
    beside: boolean,
    period: "quarter" | "earlier" | "later",
  ) =>
    `Published, England (NHS England, national sickness absence by reason, ${from === to ? from : `${from} to ${to}`}${period === "earlier" ? ", the latest months published before this quarter" : period === "later" ? ", published for months after this quarter: none earlier is loaded" : ""}; ${files}): the largest reasons were ${top}.${beside ? " The breakdown above comes from the reporting organisations' own ESR events; this one covers every NHS organisation in England, as published." : ""}`,
  packCoverage: (label: string) => `Coverage: ${label}`,
  /** After "Sickness absence rate" when own-event figures cover too little of the area to be its own. */
  packAbsenceReportingOnly: () => " (reporting organisations only)",
  packPublishedBeside: (quarter: string, published: string, own: string, difference: string) =>
    `NHS England published ${published} for ${quarter}; the organisations' own ESR events give ${own} (a difference of ${difference} percentage points). The changes above compare own events with own events, as this quarter is not yet published.`,
  packPublishedIsAsOf: () => "the data's as-of date; publication.date is not set",
  packAbsenceFromPublication: (months: string) =>
    `NHS England, NHS Sickness Absence benchmarking tool, monthly publications ${months}.`,
  packAbsenceFromEvents: (coverage: string | null, published: string | null, quarter: string) =>
    `Sickness absence: the organisations' own ESR events${coverage ? ` (${coverage.replace(/\.$/, "")})` : ""}. ` +
    (published
      ? `NHS England's benchmarking publications loaded (${published}) do not cover ${quarter}, so no figure here is from them.`
      : "No NHS England publication is loaded."),
  packFunnelTooFew: (placed: number, groupLabel: string, minimum: number) =>
    `No funnel plot: only ${placed} of the ${groupLabel} here have a rate for the month, and a funnel needs at least ${minimum} to compare.`,
  /** Inserted after "Sickness absence" when the figure is not the area's total. */
  packReportingOnly: (reporting: number, area: string) =>
    ` at the ${reporting} organisation${reporting === 1 ? "" : "s"} reporting ESR events (not ${area}'s total)`,
  /** Why a pack shows no return on investment, one reason per mart_value_roi.roi_status. */
  packRoiMissing: (status: string, baseline: string) => {
    switch (status) {
      case "baseline_period":
        return `No return on investment for this quarter: its months are the baseline (${baseline}) that later months are compared with.`;
      case "before_baseline":
        return `No return on investment for this quarter: its months come before the baseline (${baseline}), and only later months are compared with it.`;
      case "no_absence_data":
        return "No return on investment: there is no ESR absence data for this scope and quarter, so no days saved can be measured.";
      case "no_service_cost":
        return "No return on investment: no OH service cost was recorded for this scope and quarter.";
      case "no_baseline":
        return `No return on investment: there are no absence months in the baseline (${baseline}) to compare the quarter with. Load the baseline months, or configure another baseline in the value model.`;
      default:
        return "No return on investment: the warehouse has neither absence data nor OH service costs for this scope and quarter.";
    }
  },
  packBadQuarter: (value: string) =>
    `--quarter must look like 2025-Q1 (a calendar quarter: Q1 = Jan–Mar, Q4 = Oct–Dec), got "${value}".`,
  packBadScope: (value: string) =>
    `--scope must be england, region:CODE, ics:CODE or org:CODE (e.g. region:Y60, ics:QHL, org:RRK), got "${value}".`,
  packNoAbsence: (scope: string, quarter: string) =>
    `No published sickness absence for ${scope} in ${quarter} (all staff groups) in mart_absence_benchmark: check the scope code and that the quarter's months are loaded (\`ohwb import\`, then \`ohwb transform\`).`,
  /** How the SPC limits were set: the baseline months, and any rebasing asked for. */
  packSpcLimits: (baselineMonths: number, months: number, rebasedAt: readonly string[]) =>
    `${months <= baselineMonths ? `The limits come from all ${months} months (the configured baseline is the first ${baselineMonths}).` : `The limits come from the first ${baselineMonths} months (the configured baseline, spc.baselineMonths) and stay fixed after them, so later months are judged against them rather than moving them.`}${rebasedAt.length > 0 ? ` Recalculated, as configured (spc.rebaseAt), from ${rebasedAt.join(", ")}: the latest segment's limits are the ones quoted.` : " They are recalculated only on request (spc.rebaseAt)."}`,
  /** The target the assurance icon judges, and who set it; or that there is none. */
  packSpcTarget: (target: string | null, appliesTo: string, source: string | null) =>
    target === null
      ? "No target is configured for the sickness absence rate (targets.sicknessAbsenceRatePct), so the chart has no target line and there is no assurance icon."
      : `Target: ${target} (${appliesTo === "scope" ? "this scope's own" : "for every scope"}${source ? `, set by ${source}` : ""}), drawn on the chart; the assurance icon compares it with the latest process limits.`,
  packTooFewMonths: (months: number) =>
    `Only ${months} published month${months === 1 ? "" : "s"} up to the quarter's end, too few for an SPC chart (at least 2 are needed).`,
  packOhSectionsOmitted: (what: readonly string[], quarter: string) =>
    `The warehouse has no figures on ${what.join("; ")} for this scope in ${quarter}, so the pack leaves those sections out (load OH events with \`ohwb ingest\` and run \`ohwb transform\` to add them).`,
  packNoMartRows: (what: string, quarter: string) =>
    `The warehouse has no ${what} for this scope in ${quarter}, so this section has no figures.`,
  publishDataTestsFailed: (publication: string, warehouse: string, failing: readonly string[]) =>
    `Refusing to publish ${publication}: the warehouse ${warehouse} fails ${failing.length} data test${failing.length === 1 ? "" : "s"} (${failing.join(", ")}). Run \`ohwb check --warehouse ${warehouse}\` for details and fix the data first.`,
  packNoTransformRun: (warehouse: string) =>
    `The warehouse ${warehouse} has no finished transform run, so its data cannot be checked. Run \`ohwb transform --warehouse ${warehouse}\` first.`,
  packNeeds: (what: string) => `ohwb pack needs ${what}.`,
  packNoBrowser: (path: string) =>
    `${path} is missing: the pack's PDF is printed by headless Chromium. Install Debian's chromium (scripts/bootstrap.sh does) or point OHWB_CHROMIUM at a Chromium binary.`,
  packBuilding: (quarter: string, scope: string) => `building the ${scope} evidence pack for ${quarter}`,
  packBuiltDetail: (dir: string, sections: number, charts: number, tables: number) =>
    `${sections} sections, ${charts} charts, ${tables} data files in ${dir}`,
} as const;
