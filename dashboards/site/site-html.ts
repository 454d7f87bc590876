/**
 * HTML of the dashboard site: one page per geography (dates and sources, the Making Data Count summary,
 * filters, chart sections with source, description, sortable data table and CSV download) and the index
 * (national summary table and a searchable directory of every page). A page's charts are not embedded:
 * they load from `data/<page>.page.js` (a script, because file:// pages cannot fetch), so the HTML stays
 * small and the data sits beside the page's other data files.
 */

import { formatRate } from "../charts/chart-text.js";
import { dashboardSiteMessages } from "../dashboard-messages.js";
import { levelLabel, type PageChart, type SitePage } from "./site-pages.js";

export const ASSET_SCRIPTS = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "site.js"] as const;

/** 'org-RXX.html' → 'org-RXX'. */
function stem(pageFile: string): string {
  return pageFile.replace(/\.html$/, "");
}

/** Where a page's table rows are written as JSON ('org-RXX.html' → 'data/org-RXX.json'). */
export function pageDataFile(pageFile: string): string {
  return `data/${stem(pageFile)}.json`;
}

/** The script holding a page's charts and filters ('org-RXX.html' → 'data/org-RXX.page.js'). */
export function pageScriptFile(pageFile: string): string {
  return `data/${stem(pageFile)}.page.js`;
}

/** A page table's CSV download ('org-RXX.html', 'spc' → 'data/org-RXX-spc.csv'). */
export function tableCsvFile(pageFile: string, table: string): string {
  return `data/${stem(pageFile)}-${table}.csv`;
}

export const INDEX_SUMMARY_CSV = "data/index-national-summary.csv";
export const INDEX_DIRECTORY_CSV = "data/index-directory.csv";

/** The global the page script file sets and site.js reads. */
export const PAGE_DATA_GLOBAL = "OHWB_PAGE_DATA";

/** The charts' shared templates (chart-templates.ts), loaded by every page before site.js, and their global. */
export const CHART_TEMPLATES_FILE = "data/chart-templates.js";
export const CHART_TEMPLATES_GLOBAL = "OHWB_CHART_TEMPLATES";

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** JSON safe inside <script>: no "</script>", no HTML comment openers, no JS line separators. */
export function embeddedJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

/** The page script file's text: one assignment of the page's data. */
export function pageScript(data: unknown): string {
  return `window.${PAGE_DATA_GLOBAL} = ${embeddedJson(data)};\n`;
}

export interface SiteDates {
  /** The provenance sentence (as-of date and every source). */
  provenance: string;
  /** Data as-of, build (transform run) and publication dates. */
  dates: string;
}

function layout(title: string, body: string, scripts: readonly string[]): string {
  const tags = scripts.map((s) => `<script src="${escapeHtml(s)}"></script>`).join("\n");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to the content</a>
${body}
${tags}
</body>
</html>
`;
}

function links(items: readonly { file: string; label: string }[]): string {
  return `<ul class="links">${items.map((l) => `<li><a href="${escapeHtml(l.file)}">${escapeHtml(l.label)}</a></li>`).join("")}</ul>`;
}

export interface HtmlColumn {
  title: string;
  /** Numbers sort as numbers. */
  numeric?: boolean;
}

/** A sortable table (site.js adds the sort buttons) with its rows written out, so it reads without JavaScript. */
export function staticTable(
  id: string,
  caption: string,
  columns: readonly HtmlColumn[],
  rows: readonly (readonly string[])[],
  rowAttributes: (i: number) => string = () => "",
): string {
  const head = columns
    .map((c) => `<th scope="col"${c.numeric ? ' data-type="number"' : ""}>${escapeHtml(c.title)}</th>`)
    .join("");
  const body = rows
    .map((r, i) => `<tr${rowAttributes(i)}>${r.map((cell) => `<td>${cell}</td>`).join("")}</tr>`)
    .join("\n");
  return `<div class="table-wrap"><table class="sortable" id="${escapeHtml(id)}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>`;
}

function csvLink(file: string, what: string): string {
  return `<p class="downloads"><a href="${escapeHtml(file)}" download>Download ${escapeHtml(what)} (CSV)</a></p>`;
}

function chartSection(page: SitePage, c: PageChart): string {
  return `<section class="chart" id="chart-${c.id}" data-chart="${escapeHtml(c.chart)}" aria-labelledby="chart-${c.id}-heading">
<h2 id="chart-${c.id}-heading">${escapeHtml(c.heading)}</h2>
<p class="chart-note">${escapeHtml(c.note)}</p>
<p class="chart-source">${escapeHtml(c.source)}</p>
<p class="chart-description" id="chart-${c.id}-description"></p>
<div class="chart-view" role="figure" aria-describedby="chart-${c.id}-description"></div>
<p class="chart-unavailable" hidden></p>
<details><summary>Data table: ${escapeHtml(c.heading)}</summary><div class="table-wrap"><table class="sortable"></table></div>
${csvLink(tableCsvFile(page.file, c.id), "every row of this chart, all filter choices")}</details>
</section>`;
}

function mdcSection(page: SitePage): string {
  if (page.mdc.length === 0) return "";
  const months = page.mdc[0]?.months ?? 0;
  const targeted = page.mdc.filter((r) => r.has_target).length;
  // every row says its assurance and target, "no target set" where none applies (never a blank cell)
  const table = staticTable(
    "mdc-summary-table",
    "Latest variation and assurance icons by staff group",
    [
      { title: "Staff group" },
      { title: "Latest month" },
      { title: "Latest rate (%)", numeric: true },
      { title: "Mean (%)", numeric: true },
      { title: "Variation" },
      { title: "Assurance" },
      { title: "Target" },
    ],
    page.mdc.map((r) => [
      escapeHtml(r.staff_group),
      escapeHtml(r.latest_month),
      escapeHtml(r.latest_rate_pct.toFixed(2)),
      escapeHtml(r.mean_pct.toFixed(2)),
      escapeHtml(r.variation),
      escapeHtml(r.assurance),
      escapeHtml(r.target),
    ]),
  );
  const warning = page.mdc.find((r) => r.note)?.note;
  const targets =
    targeted === 0
      ? dashboardSiteMessages.mdcNoTargets()
      : targeted < page.mdc.length
        ? dashboardSiteMessages.mdcTargetScope()
        : "";
  return `<section class="mdc" id="mdc-summary" aria-labelledby="mdc-summary-heading">
<h2 id="mdc-summary-heading">${escapeHtml(dashboardSiteMessages.mdcHeading())}</h2>
<p>${escapeHtml(dashboardSiteMessages.mdcIntro(Math.min(months, page.mdc[0]?.baseline_months ?? months), months))}</p>
${warning ? `<p class="warning">${escapeHtml(warning)}</p>` : ""}
${targets ? `<p class="mdc-targets">${escapeHtml(targets)}</p>` : ""}
${table}
${csvLink(tableCsvFile(page.file, "mdc"), "this summary")}
</section>`;
}

export function pageHtml(page: SitePage, dates: SiteDates): string {
  const title = `Sickness absence: ${page.name}`;
  const crumbs = [{ file: "index.html", label: "All pages" }, ...page.parents]
    .map((l) => `<a href="${escapeHtml(l.file)}">${escapeHtml(l.label)}</a>`)
    .join(" › ");
  const children =
    page.children.length > 0
      ? `<section><h2>${page.level === "ics" ? "Organisations" : page.level === "region" ? "Integrated care systems" : "Regions"}</h2>${links(page.children)}</section>`
      : "";
  const body = `<nav class="breadcrumbs" aria-label="Breadcrumbs">${crumbs}</nav>
<main id="main">
<h1>${escapeHtml(page.name)}${page.level === "england" ? "" : ` <small>(${escapeHtml(page.code)})</small>`}</h1>
<p>${escapeHtml(levelLabel(page.level))}. NHS England sickness absence benchmarking data; rates from fewer than 331 FTE days available are withheld (shown as gaps, never zero).</p>
<p class="provenance">${escapeHtml(dates.provenance)}</p>
<p class="page-dates">${escapeHtml(dates.dates)}</p>
${mdcSection(page)}
<form class="filters" aria-label="Filters" onsubmit="return false">
<label for="filter-staff-group">Staff group<select id="filter-staff-group"></select></label>
<label for="filter-from">Period from<select id="filter-from"></select></label>
<label for="filter-to">Period to<select id="filter-to"></select></label>
<label class="check" for="filter-recalculate"><span><input type="checkbox" id="filter-recalculate"> Recalculate the SPC limits from the months shown</span></label>
</form>
<p class="downloads"><a href="${escapeHtml(pageDataFile(page.file))}" download>Download this page's chart data (JSON)</a></p>
<noscript><p>The charts and data tables need JavaScript; the summary table above and the CSV files do not.</p></noscript>
${page.charts.map((c) => chartSection(page, c)).join("\n")}
${children}
</main>`;
  return layout(title, body, [
    CHART_TEMPLATES_FILE,
    pageScriptFile(page.file),
    ...ASSET_SCRIPTS.map((s) => `assets/${s}`),
  ]);
}

/** The part of a page the index tabulates: its place in the hierarchy and its latest all-staff rate. */
function partOf(page: SitePage): string {
  const parent = page.parents[page.parents.length - 1];
  return parent && page.level !== "region" ? parent.label : page.level === "region" ? "England" : "";
}

function rateCell(page: SitePage): string {
  const all = page.mdc.find((r) => r.staff_group === "All staff groups");
  return all ? formatRate(all.latest_rate_pct) : "withheld";
}

export function indexHtml(pages: readonly SitePage[], dates: SiteDates): string {
  const summary = pages.filter((p) => p.level === "england" || p.level === "region");
  const summaryTable = staticTable(
    "national-summary",
    "England and the NHS England regions, all staff groups",
    [
      { title: "Area" },
      { title: "Code" },
      { title: "Latest month" },
      { title: "Latest rate (%)", numeric: true },
      { title: "Mean of the months (%)", numeric: true },
      { title: "Variation (latest month)" },
      { title: "Integrated care systems", numeric: true },
    ],
    summary.map((p) => {
      const all = p.mdc.find((r) => r.staff_group === "All staff groups");
      return [
        `<a href="${escapeHtml(p.file)}">${escapeHtml(p.name)}</a>`,
        escapeHtml(p.code),
        escapeHtml(all?.latest_month ?? ""),
        escapeHtml(all ? all.latest_rate_pct.toFixed(2) : "withheld"),
        escapeHtml(all ? all.mean_pct.toFixed(2) : "withheld"),
        escapeHtml(all?.variation ?? ""),
        String(p.level === "region" ? p.children.length : pages.filter((x) => x.level === "ics").length),
      ];
    }),
  );
  const directory = staticTable(
    "directory",
    "Every page: England, regions, integrated care systems and organisations",
    [
      { title: "Name" },
      { title: "Code" },
      { title: "Level" },
      { title: "Part of" },
      { title: "Latest rate, all staff groups", numeric: true },
    ],
    pages.map((p) => [
      `<a href="${escapeHtml(p.file)}">${escapeHtml(p.name)}</a>`,
      escapeHtml(p.code),
      escapeHtml(levelLabel(p.level)),
      escapeHtml(partOf(p)),
      escapeHtml(rateCell(p)),
    ]),
    (i) => {
      const p = pages[i] as SitePage;
      return ` data-search="${escapeHtml(`${p.name} ${p.code} ${partOf(p)}`.toLowerCase())}"`;
    },
  );
  const counts = (["region", "ics", "organisation"] as const).map(
    (level) => pages.filter((p) => p.level === level).length,
  );
  const body = `<main id="main">
<h1>Sickness absence dashboards</h1>
<p>${pages.length} pages: England, ${counts[0]} regions, ${counts[1]} integrated care systems and ${counts[2]} organisations.</p>
<p class="provenance">${escapeHtml(dates.provenance)}</p>
<p class="page-dates">${escapeHtml(dates.dates)}</p>
<section aria-labelledby="national-heading">
<h2 id="national-heading">National summary</h2>
${summaryTable}
${csvLink(INDEX_SUMMARY_CSV, "the national summary")}
</section>
<section aria-labelledby="search-heading">
<h2 id="search-heading">Find an organisation, integrated care system or region</h2>
<form class="search" role="search" onsubmit="return false">
<label for="site-search">Name or code</label>
<input type="search" id="site-search" autocomplete="off" aria-controls="directory" aria-describedby="search-count">
</form>
<p id="search-count" aria-live="polite">${pages.length} pages</p>
${directory}
${csvLink(INDEX_DIRECTORY_CSV, "the directory")}
</section>
</main>`;
  return layout("Sickness absence dashboards", body, ["assets/site.js"]);
}
