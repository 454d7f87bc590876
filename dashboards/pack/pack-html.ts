/**
 * index.html: the pack's one layout, for the screen and for print. Headless Chromium prints this same
 * page as pack.pdf (pack-pdf.ts), so the HTML and the PDF never drift apart. Page one is the cover a
 * board reads in a minute (scope, quarter, publisher, dates, protective marking and the headline tiles
 * with their Making Data Count icons, three to a row in print so they fit on page one); then the
 * contents (kept whole, after the tiles or at the top of page two) and the sections flow on without
 * forced page breaks, each chart full width as inline SVG (vector in the PDF) with its text alternative
 * as a visible caption and its data as a table (on screen) and a CSV. Print CSS keeps figures whole and
 * headings with what follows, so no page is left mostly blank except where a figure does not fit.
 */
import { chartHeading } from "../charts/chart-registry.js";
import { assuranceLabel, variationLabel } from "../spc/xmr.js";
import type { HeadlineTile, PackContent, PackDates, PackTable } from "./pack-types.js";
import { outlineKey } from "./pdf-outline.js";

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** "2023-12-31" → "31 December 2023" (the dates a reader sees; ISO stays in the manifest). */
export function longDate(iso: string | null): string {
  if (!iso) return "not recorded";
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/**
 * vega names its clip paths and gradients `clip1`, `gradient1`… in every SVG: inlined together they
 * would collide, so each chart's ids are prefixed with the chart's id.
 */
export function inlineSvg(svg: string, prefix: string): string {
  const root = /^(?:<\?xml[^>]*>\s*)?(<svg[^>]*>)/.exec(svg);
  const head = root?.[1] ?? "";
  // Inside a role="img" chart the marks are presentational: vega's per-mark roles and labels are
  // dropped here (its text alternative is the chart's title, description and data table; the SVG file
  // keeps them).
  const inner = svg.slice(root?.[0].length ?? 0).replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, "");
  return `${head}${inner}`
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`)
    .replace(/^<svg([^>]*)>/, (_, attributes: string) => {
      const cleaned = attributes.replace(/\s(width|height)="[^"]*"/g, "");
      return `<svg${cleaned} aria-labelledby="${prefix}-title ${prefix}-desc" focusable="false">`;
    })
    .replace("<title>", `<title id="${prefix}-title">`)
    .replace("<desc>", `<desc id="${prefix}-desc">`);
}

/** "2023-12-31" → "31 Dec 2023", for the running header and footer. */
export function shortDate(iso: string | null): string {
  if (!iso) return "not recorded";
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

/**
 * When NHS England released the publications the pack uses: the date where the data records it, else
 * the pack's note that it does not (the shipped reference files carry reference months only).
 */
export function sourcePublishedText(dates: PackDates, format: (iso: string) => string = longDate): string {
  if (!dates.sourceFrom) return "no NHS England publication loaded";
  return dates.sourcePublished ? format(dates.sourcePublished) : dates.sourcePublishedNote;
}

const VARIATION_MARK: Record<string, { letter: string; colour: string }> = {
  common_cause: { letter: "~", colour: "#768692" },
  improvement_high: { letter: "H", colour: "#005EB8" },
  improvement_low: { letter: "L", colour: "#005EB8" },
  concern_high: { letter: "H", colour: "#ED8B00" },
  concern_low: { letter: "L", colour: "#ED8B00" },
  neither_high: { letter: "H", colour: "#330072" },
  neither_low: { letter: "L", colour: "#330072" },
};

const ASSURANCE_MARK: Record<string, { letter: string; colour: string }> = {
  pass: { letter: "P", colour: "#005EB8" },
  fail: { letter: "F", colour: "#ED8B00" },
  hit_and_miss: { letter: "?", colour: "#768692" },
};

/** A Making Data Count style icon: a ring in the icon's colour around its letter; the label says it in words. */
function iconSvg(mark: { letter: string; colour: string }): string {
  return `<svg class="icon" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false"><circle cx="16" cy="16" r="13" fill="#FFFFFF" stroke="${mark.colour}" stroke-width="4"/><text x="16" y="21.5" text-anchor="middle" font-size="15" font-weight="bold" fill="#231F20">${escapeHtml(mark.letter)}</text></svg>`;
}

function tileHtml(tile: HeadlineTile): string {
  const icons = tile.icons
    ? `<dd class="icons">${iconSvg(VARIATION_MARK[tile.icons.variation] ?? { letter: "~", colour: "#768692" })}<span>${escapeHtml(variationLabel(tile.icons.variation))}</span>` +
      (tile.icons.assurance
        ? `${iconSvg(ASSURANCE_MARK[tile.icons.assurance] ?? { letter: "?", colour: "#768692" })}<span>${escapeHtml(assuranceLabel(tile.icons.assurance))}</span>`
        : `<span>${escapeHtml(assuranceLabel(null))}</span>`) +
      "</dd>"
    : "";
  return `<div class="tile">
<dt>${escapeHtml(tile.label)}</dt>
<dd class="value">${escapeHtml(tile.value)}</dd>
${tile.changes.map((c) => `<dd class="change">${escapeHtml(c)}</dd>`).join("\n")}
${tile.comparison ? `<dd class="comparison">${escapeHtml(tile.comparison)}</dd>` : ""}
${icons}
<dd class="source">Source: ${escapeHtml(tile.source)}</dd>
</div>`;
}

function tableHtml(table: PackTable, caption: string): string {
  const head = table.header.map((h) => `<th scope="col">${escapeHtml(h.replaceAll("_", " "))}</th>`).join("");
  const body = table.rows
    .map(
      (row) =>
        `<tr>${row.map((cell) => `<td>${escapeHtml(cell === null ? "" : String(cell))}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<div class="table-scroll"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>`;
}

export const PACK_STYLE = `
:root{--blue:#005EB8;--grey:#425563;--black:#231F20;--pale:#E8EDEE}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,sans-serif;color:var(--black);max-width:62rem;margin:0 auto;padding:0 1rem 2rem;line-height:1.45;font-size:1rem}
h1{color:var(--blue);font-size:1.9rem;line-height:1.2;margin:.5rem 0}
h2{color:var(--blue);font-size:1.4rem;margin:1.6rem 0 .4rem}
a{color:var(--blue)}
.marking{font-weight:bold;letter-spacing:.05em;text-align:center;border:2px solid var(--black);padding:.15rem .5rem;margin:.75rem auto;width:max-content;max-width:100%}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.75rem 0}
.meta dt{color:var(--grey)}.meta dd{margin:0;font-weight:bold;overflow-wrap:anywhere}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.75rem;margin:.75rem 0;padding:0}
.tile{border:1px solid #AEB7BD;border-top:6px solid var(--blue);padding:.6rem .75rem;break-inside:avoid}
.tile dt{font-weight:bold;color:var(--grey)}
.tile dd{margin:.15rem 0}
.tile .value{font-size:2rem;font-weight:bold;color:var(--black);line-height:1.2}
.tile .icons{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .4rem}
.tile .icons span{margin-right:.4rem}
.tile .source{color:var(--grey);font-style:italic}
.icon{flex:none}
.contents ol{padding-left:1.5rem}.contents li{margin:.3rem 0}
.page-ref,.print-only{display:none}
.driver{color:var(--grey);font-style:italic;margin-top:0}
section{border-top:1px solid var(--pale)}
figure{margin:1rem 0}
figure svg{display:block;width:100%;height:auto}
figcaption{color:var(--grey)}
figcaption .chart-heading{font-weight:bold;color:var(--black);display:block}
details{margin:.5rem 0 1rem}
summary{cursor:pointer;color:var(--blue)}
.table-scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #AEB7BD;padding:.2rem .4rem;text-align:left;vertical-align:top}
th{background:var(--pale)}
.downloads{border-top:1px solid var(--pale);margin-top:2rem}
@page{size:A4}
@media print{
  body{max-width:none;padding:0;font-size:10.5pt}
  h2{font-size:15pt;break-after:avoid}
  .marking.screen{display:none}
  h1{font-size:20pt;margin:0 0 2mm}
  .meta{gap:.5mm 4mm;margin:2mm 0}
  .tiles{grid-template-columns:repeat(3,1fr);gap:3mm;margin:2mm 0}
  .tile{padding:1.5mm 2.5mm;line-height:1.3}
  .tile dd{margin:.6mm 0}
  .tile .icons .icon{width:24px;height:24px}
  .contents{break-inside:avoid}
  .contents li{display:flex;gap:.5rem}.contents li a{flex:1;border-bottom:1px dotted #AEB7BD}
  .page-ref{display:inline;white-space:nowrap}
  .print-only{display:block}
  .tile .value{font-size:18pt}
  .tile{font-size:10pt}
  section{border-top:none}
  figure svg{break-inside:avoid}
  figcaption{font-size:10pt}
  details,.downloads,.screen-links{display:none}
  a{color:inherit;text-decoration:none}
  p{orphans:3;widows:3}
}`;

/**
 * The chart as an empty SVG of the same viewBox: it takes the same room on the page (width 100%, height
 * from the aspect ratio) with nothing for Chromium to draw, for the print that only measures the pages.
 */
function emptySvg(svg: string): string {
  return svg.replace(/^(<svg[^>]*>)[\s\S]*$/, "$1</svg>");
}

/**
 * `pages`: the PDF page of each heading by outlineKey (pdf-outline.ts, from a first print), shown in the printed
 * contents; on screen the contents are links. `measuring`: the charts are left empty (same size), for the
 * first print, whose only use is its outline's pages.
 */
export function packIndexHtml(
  content: PackContent,
  svgs: ReadonlyMap<string, string>,
  pages?: ReadonlyMap<string, number>,
  measuring = false,
): string {
  const { dates, publication } = content;
  const tables = new Map(content.tables.map((t) => [t.file, t]));
  const sections = content.sections
    .map((section) => {
      const paragraphs = section.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
      const charts = section.charts
        .map((id) => {
          const chart = content.charts.find((c) => c.id === id);
          const svg = svgs.get(id);
          if (!chart || !svg) return "";
          const table = tables.get(chart.table);
          return `<figure id="chart-${id}">
${measuring ? emptySvg(inlineSvg(svg, `chart-${id}`)) : inlineSvg(svg, `chart-${id}`)}
<figcaption><span class="chart-heading">${escapeHtml(chartHeading(id))}</span>${escapeHtml(chart.spec.description ?? "")}</figcaption>
</figure>
${table ? `<details><summary>Data table: ${escapeHtml(chartHeading(id))} (${escapeHtml(chart.table)})</summary>${tableHtml(table, `${chartHeading(id)}: data`)}</details>` : ""}
<p class="downloads-inline screen-links"><a href="charts/${id}.svg">Chart (SVG)</a> · <a href="charts/${id}.png">Chart (PNG)</a>${table ? ` · <a href="data/${chart.table}">Data (CSV)</a>` : ""}</p>`;
        })
        .join("\n");
      const data =
        section.tables.length === 0
          ? ""
          : `<p class="data-files screen-links">Data: ${section.tables.map((t) => `<a href="data/${t}">${escapeHtml(t)}</a>`).join(", ")}</p>
<p class="data-files print-only">Data: ${section.tables.map((t) => `data/${escapeHtml(t)}`).join(", ")} (beside this PDF)</p>`;
      return `<section id="section-${section.id}" aria-labelledby="heading-${section.id}">
<h2 id="heading-${section.id}">${escapeHtml(section.title)}</h2>
<p class="driver">Strategy driver: ${escapeHtml(section.driver)}</p>
${paragraphs}
${charts}
${data}
</section>`;
    })
    .join("\n");
  const contents = content.sections
    .map((s) => {
      const page = pages?.get(outlineKey(s.title));
      return `<li><a href="#section-${s.id}">${escapeHtml(s.title)}</a>${page === undefined ? "" : `<span class="page-ref"> page ${page}</span>`}</li>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)}</title>
<style>${PACK_STYLE}</style>
</head>
<body>
<p class="marking screen">${escapeHtml(publication.protectiveMarking)}</p>
<main>
<header class="cover">
<h1>${escapeHtml(content.title)}</h1>
<dl class="meta">
<dt>Scope</dt><dd>${escapeHtml(content.scopeName)} (${escapeHtml(content.scopeKey)})</dd>
<dt>Quarter</dt><dd>${escapeHtml(content.quarterLabel)}</dd>
<dt>Published by</dt><dd>${escapeHtml(publication.publisher)}</dd>
<dt>Publication date</dt><dd>${escapeHtml(longDate(dates.published))}${dates.publishedNote ? ` (${escapeHtml(dates.publishedNote)})` : ""}</dd>
<dt>Data as of</dt><dd>${escapeHtml(longDate(dates.asOf))}</dd>
<dt>Sources</dt><dd>${escapeHtml(dates.absenceSource)}</dd>
<dt>Source publication date</dt><dd>${escapeHtml(sourcePublishedText(dates))}</dd>
<dt>Protective marking</dt><dd>${escapeHtml(publication.protectiveMarking)}</dd>
</dl>
<h2 id="at-a-glance">At a glance</h2>
<dl class="tiles" aria-labelledby="at-a-glance">
${content.tiles.map(tileHtml).join("\n")}
</dl>
</header>
<nav class="contents" aria-labelledby="contents-heading">
<h2 id="contents-heading">Contents</h2>
<ol>
${contents}
</ol>
</nav>
${sections}
<footer class="downloads">
<h2>Downloads</h2>
<p><a href="pack.pdf">The pack (PDF)</a> · <a href="manifest.json">manifest.json</a></p>
</footer>
</main>
</body>
</html>
`;
}
