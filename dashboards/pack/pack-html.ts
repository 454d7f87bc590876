/**
 * index.html: the pack as one accessible, offline page: headline figures, then each section with its
 * narrative, its chart (the SVG, with the PNG as a download) and links to its data files and the PDF.
 */
import type { PackContent } from "./pack-content.js";

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

const STYLE = `body{font-family:"DejaVu Sans",Arial,sans-serif;color:#231F20;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1,h2{color:#005EB8}.driver{color:#425563;font-style:italic}dl{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}
dt{color:#425563}dd{margin:0;font-weight:bold}figure{margin:1rem 0}img{max-width:100%;height:auto}section{border-top:1px solid #E8EDEE;margin-top:2rem}`;

export function packIndexHtml(content: PackContent): string {
  const headline = content.headline
    .map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`)
    .join("\n");
  const sections = content.sections
    .map((section) => {
      const paragraphs = section.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
      const charts = section.charts
        .map((id) => {
          const chart = content.charts.find((c) => c.id === id);
          const alt = escapeHtml(chart?.spec.description ?? section.title);
          return `<figure><img src="charts/${id}.svg" alt="${alt}"><figcaption><a href="charts/${id}.png">PNG</a> · <a href="charts/${id}.svg">SVG</a></figcaption></figure>`;
        })
        .join("\n");
      const tables =
        section.tables.length === 0
          ? ""
          : `<p>Data: ${section.tables.map((t) => `<a href="data/${t}">${escapeHtml(t)}</a>`).join(", ")}</p>`;
      return `<section id="${section.id}">
<h2>${escapeHtml(section.title)}</h2>
<p class="driver">Strategy driver: ${escapeHtml(section.driver)}</p>
${paragraphs}
${charts}
${tables}
</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(content.title)}</h1>
<p><a href="pack.pdf">Download the pack (PDF)</a> · <a href="manifest.json">manifest.json</a></p>
<dl>
${headline}
</dl>
${sections}
</main>
</body>
</html>
`;
}
