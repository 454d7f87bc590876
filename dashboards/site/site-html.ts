/**
 * HTML of the dashboard site: one page per geography (filters, chart sections with description and data
 * table, the page's data embedded as JSON because file:// pages cannot fetch) and the page index.
 */
import { levelLabel, type SitePage } from "./site-pages.js";

export const ASSET_SCRIPTS = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "site.js"] as const;

/** Where a page's table rows are written as JSON ('org-RXX.html' → 'data/org-RXX.json'). */
export function pageDataFile(pageFile: string): string {
  return `data/${pageFile.replace(/\.html$/, ".json")}`;
}

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

function layout(title: string, body: string, scripts: boolean): string {
  const tags = scripts ? ASSET_SCRIPTS.map((s) => `<script src="assets/${s}"></script>`).join("\n") : "";
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
${body}
${tags}
</body>
</html>
`;
}

function links(items: readonly { file: string; label: string }[]): string {
  return `<ul class="links">${items.map((l) => `<li><a href="${escapeHtml(l.file)}">${escapeHtml(l.label)}</a></li>`).join("")}</ul>`;
}

export function pageHtml(page: SitePage, provenance = ""): string {
  const title = `Sickness absence: ${page.name}`;
  const crumbs = [{ file: "index.html", label: "All pages" }, ...page.parents]
    .map((l) => `<a href="${escapeHtml(l.file)}">${escapeHtml(l.label)}</a>`)
    .join(" › ");
  const charts = page.charts
    .map(
      (c) => `<section class="chart" id="chart-${c.id}" aria-labelledby="chart-${c.id}-heading">
<h2 id="chart-${c.id}-heading">${escapeHtml(c.heading)}</h2>
<p class="chart-note">${escapeHtml(c.note)}</p>
<p class="chart-description" id="chart-${c.id}-description"></p>
<div class="chart-view" role="figure" aria-describedby="chart-${c.id}-description"></div>
<p class="chart-unavailable" hidden></p>
<details><summary>Data table: ${escapeHtml(c.heading)}</summary><table></table></details>
</section>`,
    )
    .join("\n");
  const children =
    page.children.length > 0
      ? `<section><h2>${page.level === "ics" ? "Organisations" : page.level === "region" ? "Integrated care systems" : "Regions"}</h2>${links(page.children)}</section>`
      : "";
  const data = {
    staffGroups: page.staffGroups,
    months: page.months,
    charts: page.charts,
  };
  const body = `<nav class="breadcrumbs" aria-label="Breadcrumbs">${crumbs}</nav>
<main>
<h1>${escapeHtml(page.name)}${page.level === "england" ? "" : ` <small>(${escapeHtml(page.code)})</small>`}</h1>
<p>${escapeHtml(levelLabel(page.level))}. NHS England sickness absence benchmarking data; rates from fewer than 331 FTE days available are withheld (shown as gaps, never zero).</p>
${provenance ? `<p class="provenance">${escapeHtml(provenance)}</p>` : ""}
<form class="filters" aria-label="Filters" onsubmit="return false">
<label for="filter-staff-group">Staff group<select id="filter-staff-group"></select></label>
<label for="filter-from">Period from<select id="filter-from"></select></label>
<label for="filter-to">Period to<select id="filter-to"></select></label>
</form>
<p><a href="${escapeHtml(pageDataFile(page.file))}" download>Download this page's chart data (JSON)</a></p>
<noscript><p>The charts and data tables need JavaScript.</p></noscript>
${charts}
${children}
</main>
<script type="application/json" id="page-data">${embeddedJson(data)}</script>`;
  return layout(title, body, true);
}

export function indexHtml(pages: readonly SitePage[]): string {
  const sections = (["england", "region", "ics", "organisation"] as const)
    .map((level) => {
      const list = pages.filter((p) => p.level === level);
      if (list.length === 0) return "";
      const heading =
        level === "england"
          ? "England"
          : level === "region"
            ? "Regions"
            : level === "ics"
              ? "Integrated care systems"
              : "Organisations";
      return `<section><h2>${heading} (${list.length})</h2>${links(
        list.map((p) => ({ file: p.file, label: p.level === "england" ? p.name : `${p.name} (${p.code})` })),
      )}</section>`;
    })
    .join("\n");
  return layout(
    "Sickness absence dashboards",
    `<main>\n<h1>Sickness absence dashboards</h1>\n<p>${pages.length} pages: England, each region, each integrated care system and each organisation.</p>\n${sections}\n</main>`,
    false,
  );
}
