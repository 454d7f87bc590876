/**
 * One look for every chart: NHS identity colours (NHS England identity guidelines), DejaVu Sans (the
 * font the PNG renderer ships with, so SVG text metrics and PNG glyphs agree), white background.
 */
import type { Config } from "vega-lite";
import type { FunnelClass } from "../spc/funnel.js";
import type { VariationClass } from "../spc/xmr.js";

export const NHS_COLOURS = {
  blue: "#005EB8",
  darkBlue: "#003087",
  brightBlue: "#0072CE",
  lightBlue: "#41B6E6",
  darkGrey: "#425563",
  midGrey: "#768692",
  paleGrey: "#E8EDEE",
  black: "#231F20",
  orange: "#ED8B00",
  warmYellow: "#FFB81C",
  purple: "#330072",
  red: "#DA291C",
  aquaGreen: "#00A499",
} as const;

export const CHART_FONT = "DejaVu Sans";

/** MDC colours: grey common cause, blue improvement, orange concern, purple neither. */
export const VARIATION_COLOURS: Record<VariationClass, string> = {
  common_cause: NHS_COLOURS.midGrey,
  improvement_high: NHS_COLOURS.blue,
  improvement_low: NHS_COLOURS.blue,
  concern_high: NHS_COLOURS.orange,
  concern_low: NHS_COLOURS.orange,
  neither_high: NHS_COLOURS.purple,
  neither_low: NHS_COLOURS.purple,
};

export const FUNNEL_COLOURS: Record<FunnelClass, string> = {
  above_99_8: NHS_COLOURS.red,
  above_95: NHS_COLOURS.orange,
  within: NHS_COLOURS.midGrey,
  below_95: NHS_COLOURS.lightBlue,
  below_99_8: NHS_COLOURS.blue,
};

export const BASE_CONFIG: Config = {
  font: CHART_FONT,
  background: "#FFFFFF",
  view: { stroke: null },
  title: { anchor: "start", fontSize: 16, color: NHS_COLOURS.black, subtitleColor: NHS_COLOURS.darkGrey },
  axis: {
    labelColor: NHS_COLOURS.darkGrey,
    titleColor: NHS_COLOURS.darkGrey,
    gridColor: NHS_COLOURS.paleGrey,
  },
  legend: {
    labelColor: NHS_COLOURS.darkGrey,
    titleColor: NHS_COLOURS.darkGrey,
    orient: "bottom",
    direction: "vertical",
    labelLimit: 400,
  },
};

export const CHART_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
