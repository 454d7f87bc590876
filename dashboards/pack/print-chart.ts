/**
 * The pack's charts are drawn with larger text than the site's, so that, printed full width on A4
 * (about 680 CSS px between the margins), no chart text falls below 8 pt: 12 px labels stay above 8 pt
 * for any chart up to 765 px wide. Only the spec's config changes; its data and description do not.
 */
import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "../render/render-svg.js";

const PRINT_FONT_PX = 12;
const LEVEL_TITLE = { titleAngle: 0, titleX: 0, titleY: -10, titleBaseline: "bottom" } as const;

/** Widest axis or legend label on paper, so that category names leave room for the plot. */
const PRINT_LABEL_LIMIT_PX = 300;
/** Characters a subtitle line may hold at 12 px before it would widen the chart past the page. */
const SUBTITLE_CHARACTERS = 70;

/** Breaks lines at spaces so none is longer than `width` characters (a longer word stays whole). */
export function wrapLines(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => {
    const out: string[] = [];
    let current = "";
    for (const word of line.split(" ")) {
      if (current && current.length + 1 + word.length > width) {
        out.push(current);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    return [...out, current];
  });
}

type TitleParams = { text?: unknown; subtitle?: unknown };

/** Characters a 16 px title line may hold. */
const TITLE_CHARACTERS = 60;

const asLines = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String);

/**
 * The title and subtitle wrapped into lines: vega draws each on one line however long it is (an
 * organisation's long name would widen the chart past the page).
 */
function wrappedTitle(title: TopLevelSpec["title"]): TopLevelSpec["title"] {
  if (title === undefined) return title;
  if (typeof title === "string" || Array.isArray(title))
    return wrapLines(asLines(title), TITLE_CHARACTERS) as TopLevelSpec["title"];
  const params = title as TitleParams;
  return {
    ...title,
    ...(params.text === undefined ? {} : { text: wrapLines(asLines(params.text), TITLE_CHARACTERS) }),
    ...(params.subtitle === undefined
      ? {}
      : { subtitle: wrapLines(asLines(params.subtitle), SUBTITLE_CHARACTERS) }),
  } as TopLevelSpec["title"];
}

/**
 * Axis labels drawn level (angle 0, overlapping ones dropped): slanted text is hard to read on paper;
 * label limits capped at PRINT_LABEL_LIMIT_PX; no text set below PRINT_FONT_PX.
 */
function levelLabels(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(levelLabels);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === "data") out[key] = child;
    else if (key === "labelAngle" && child !== 0) {
      out.labelAngle = 0;
      out.labelOverlap = "greedy";
    } else if (key === "labelLimit" && typeof child === "number" && child > PRINT_LABEL_LIMIT_PX)
      // a long category name is cut with an ellipsis on paper; the data table and description have it whole
      out.labelLimit = PRINT_LABEL_LIMIT_PX;
    else if (key === "fontSize" && typeof child === "number" && child < PRINT_FONT_PX)
      out.fontSize = PRINT_FONT_PX;
    else out[key] = levelLabels(child);
  }
  return out;
}

export function printSpec(original: TopLevelSpec): TopLevelSpec {
  const spec = levelLabels(original) as TopLevelSpec;
  const config = spec.config ?? {};
  const text = { labelFontSize: PRINT_FONT_PX, titleFontSize: PRINT_FONT_PX };
  const height = (spec as { height?: unknown }).height;
  return {
    ...spec,
    ...(spec.title === undefined ? {} : { title: wrappedTitle(spec.title) }),
    // A shorter plot on paper, so a chart fits below a section's opening paragraphs more often.
    ...(typeof height === "number" && height > 240 ? { height: Math.round(height * 0.8) } : {}),
    config: {
      ...config,
      axis: { ...config.axis, ...text },
      // Vertical axes' titles level, above the axis (read without turning the page, and measurable
      // from the PDF's text boxes like all other text).
      axisLeft: { ...LEVEL_TITLE, titleAlign: "left" },
      axisRight: { ...LEVEL_TITLE, titleAlign: "right" },
      legend: { ...config.legend, ...text },
      header: { ...config.header, ...text },
      title: { ...config.title, fontSize: 16, subtitleFontSize: PRINT_FONT_PX },
      text: { ...config.text, fontSize: PRINT_FONT_PX },
    },
  } as TopLevelSpec;
}

/** Widest a chart's SVG may be (CSS px) for its 12 px text to print at 8 pt or more, full width on A4. */
export const PRINT_MAX_WIDTH_PX = 700;

function svgWidth(svg: string): number {
  return Number(/viewBox="0 0 ([\d.]+) /.exec(svg)?.[1] ?? "0");
}

/**
 * The chart's SVG for the pack: print text sizes, and a single view narrowed (once) by as much as its
 * axes, labels and legend make it wider than PRINT_MAX_WIDTH_PX.
 */
export async function renderPrintSvg(spec: TopLevelSpec): Promise<string> {
  let printed = printSpec(spec);
  let svg = await renderSvg(printed);
  // Axes, legends and titles may not shrink with the plot: a few passes at most.
  for (let pass = 0; pass < 3; pass++) {
    const excess = svgWidth(svg) - PRINT_MAX_WIDTH_PX;
    const width = (printed as { width?: unknown }).width;
    if (excess <= 0 || typeof width !== "number" || width <= 200) break;
    printed = { ...printed, width: Math.max(200, width - excess) } as TopLevelSpec;
    svg = await renderSvg(printed);
  }
  return svg;
}
