/**
 * Vega-Lite spec → SVG without a browser or canvas: compile to Vega, run a headless View
 * (`renderer: 'none'`) and serialise with `toSVG()`. Text widths come from vega's built-in estimate,
 * so layout is identical on every machine. vega puts the spec's description on the DOM container,
 * which a standalone SVG does not have, so the title and description are added as the SVG's own
 * `<title>` and `<desc>` (what screen readers announce for an <img> or inline SVG).
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { ChartRenderError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function titleText(spec: TopLevelSpec): string {
  const title = spec.title;
  if (title === undefined) return "";
  if (typeof title === "string") return title;
  if (Array.isArray(title)) return title.join(" ");
  const text = title.text;
  return Array.isArray(text) ? text.join(" ") : typeof text === "string" ? text : "";
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  let view: View | undefined;
  let svg: string;
  try {
    const vega = compile(spec).spec;
    view = new View(parse(vega), { renderer: "none" });
    svg = await view.toSVG();
  } catch (error) {
    throw new ChartRenderError(dashboardMessages.renderFailed((error as Error).message), { cause: error });
  } finally {
    view?.finalize();
  }
  const title = titleText(spec);
  const accessible =
    (title ? `<title>${escapeXml(title)}</title>` : "") +
    (spec.description ? `<desc>${escapeXml(spec.description)}</desc>` : "");
  return svg.replace(
    /^<svg([^>]*)>/,
    (_, attributes: string) => `<svg${attributes} role="img">${accessible}`,
  );
}
