/**
 * Chart rendering cost: `node dist/bench/chart-render.js` (after `npm run build`). For the SPC chart
 * (24 months) and the funnel plot of the dashboards' test fixture, times building the Vega-Lite spec,
 * compiling it + running the headless vega View to SVG, and rasterising that SVG to PNG with resvg,
 * each as the median of 30 runs after 5 warm-up runs, single-threaded.
 */
import { performance } from "node:perf_hooks";
import type { TopLevelSpec } from "vega-lite";
import { absenceFunnelChart } from "../dashboards/charts/absence-funnel-chart.js";
import { absenceSpcChart } from "../dashboards/charts/absence-spc-chart.js";
import { svgToPng } from "../dashboards/render/render-png.js";
import { renderSvg } from "../dashboards/render/render-svg.js";
import { absenceMartFixture } from "../tests/dashboards/fixtures/absence-mart-fixture.js";

const WARMUP = 5;
const RUNS = 30;

async function median(fn: () => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const rows = absenceMartFixture();
const cases: [string, () => TopLevelSpec][] = [
  ["SPC chart, 24 months", () => absenceSpcChart(rows, { code: "ZZA" })],
  [
    "Funnel plot, 4 organisations + 4×61 limit points",
    () => absenceFunnelChart(rows, { monthEnd: "2024-12-31" }),
  ],
];

const fmt = (ms: number) => ms.toFixed(2).padStart(8);
process.stdout.write(`Node ${process.version}, ${WARMUP} warm-up + ${RUNS} timed runs, median ms\n`);
process.stdout.write(
  "| Chart | build spec | compile + SVG | SVG → PNG (resvg) | total |\n|---|--:|--:|--:|--:|\n",
);
for (const [name, build] of cases) {
  const spec = build();
  const svg = await renderSvg(spec);
  const tBuild = await median(build);
  const tSvg = await median(() => renderSvg(spec));
  const tPng = await median(() => svgToPng(svg));
  process.stdout.write(
    `| ${name} | ${fmt(tBuild)} | ${fmt(tSvg)} | ${fmt(tPng)} | ${fmt(tBuild + tSvg + tPng)} |\n`,
  );
}
