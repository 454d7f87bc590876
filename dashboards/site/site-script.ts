/**
 * The browser side of the dashboard site (written to assets/site.js): sortable tables and the index's
 * search on every page; on a geography page it reads the page's data (data/<page>.page.js), wires the
 * staff-group and period filters, renders each chart as SVG with vega-embed and fills its
 * description and data table from the same data. Plain ES2017 with no imports, so it runs from file://.
 *
 * The period filter recomputes an XmR chart's mean, process limits and special-cause signals from the
 * months it keeps (a period's SPC chart then describes that period, as it would if built for it). The
 * browser has no module loader, so BROWSER_XMR is a line-for-line copy of computeXmr and
 * classifyVariation (dashboards/spc/xmr.ts) with the constants and labels filled in from the TypeScript;
 * tests/dashboards/site-browser.test.ts checks the copy against computeXmr on random series.
 */

import { VARIATION_COLOURS } from "../charts/chart-style.js";
import { formatMonth } from "../charts/chart-text.js";
import { dashboardMessages, dashboardSiteMessages } from "../dashboard-messages.js";
import {
  type AssuranceClass,
  assuranceLabel,
  DEFAULT_RUN_LENGTH,
  DEFAULT_TREND_LENGTH,
  type VariationClass,
  variationLabel,
  XMR_LIMIT_FACTOR,
  XMR_MIN_POINTS,
} from "../spc/xmr.js";
import { CHART_TEMPLATES_GLOBAL, PAGE_DATA_GLOBAL } from "./site-html.js";

/** Variation classes in legend order (as absence-spc-chart.ts orders them), with label and colour. */
const VARIATIONS = (Object.keys(VARIATION_COLOURS) as VariationClass[]).map((v) => ({
  id: v,
  label: variationLabel(v),
  colour: VARIATION_COLOURS[v],
}));

/** Assurance labels by class ("none": no target), as absence-spc-chart.ts words them. */
const ASSURANCE: Record<AssuranceClass | "none", string> = {
  pass: assuranceLabel("pass"),
  fail: assuranceLabel("fail"),
  hit_and_miss: assuranceLabel("hit_and_miss"),
  none: assuranceLabel(null),
};

/** The short-series warning for each length below Making Data Count's minimum (the chart builder's text). */
const SHORT_SERIES = Object.fromEntries(
  Array.from({ length: XMR_MIN_POINTS }, (_, n) => [n, dashboardMessages.spcShortSeries(n, XMR_MIN_POINTS)]),
);

/** The signal wording of absence-spc-chart.ts's data rows ("shift (low)", "2 of 3 near limit (high)"). */
const RULE_LABEL = {
  beyond_limits: "beyond a limit",
  shift: "shift",
  trend: "trend",
  two_of_three: "2 of 3 near limit",
};

const MONTH_NAMES = Array.from({ length: 12 }, (_, i) =>
  formatMonth(`2000-${String(i + 1).padStart(2, "0")}-01`).slice(0, 3),
);

/**
 * computeXmr (no baseline option: the whole window is the baseline) and classifyVariation as browser
 * functions. `xmrWindow(values, direction)` returns { mean, upl, lpl, points: [{ signals, variation }] }.
 */
export const BROWSER_XMR = `var XMR_LIMIT_FACTOR = ${XMR_LIMIT_FACTOR};
  var XMR_RUN_LENGTH = ${DEFAULT_RUN_LENGTH};
  var XMR_TREND_LENGTH = ${DEFAULT_TREND_LENGTH};

  function xmrAverage(values) {
    var sum = 0;
    for (var i = 0; i < values.length; i++) sum += values[i];
    return sum / values.length;
  }

  function xmrFlagRuns(signs, minLength, onRun) {
    var start = 0;
    for (var i = 1; i <= signs.length; i++) {
      if (i === signs.length || signs[i] !== signs[start]) {
        var sign = signs[start];
        if (sign !== 0 && i - start >= minLength) onRun(start, i - 1, sign);
        start = i;
      }
    }
  }

  function xmrClassify(value, mean, signals, direction) {
    if (signals.length === 0) return "common_cause";
    var sides = {};
    signals.forEach(function (s) { sides[s.side] = true; });
    var side = Object.keys(sides).length === 1 ? signals[0].side : value >= mean ? "high" : "low";
    if (direction === "neither") return "neither_" + side;
    var improving = (direction === "higher_is_better") === (side === "high");
    return (improving ? "improvement_" : "concern_") + side;
  }

  function xmrWindow(values, direction) {
    var ranges = [];
    for (var r = 1; r < values.length; r++) ranges.push(Math.abs(values[r] - values[r - 1]));
    var mean = xmrAverage(values);
    var meanMovingRange = xmrAverage(ranges);
    var upl = mean + XMR_LIMIT_FACTOR * meanMovingRange;
    var lpl = mean - XMR_LIMIT_FACTOR * meanMovingRange;
    var upperTwoSigma = mean + (2 / 3) * XMR_LIMIT_FACTOR * meanMovingRange;
    var lowerTwoSigma = mean - (2 / 3) * XMR_LIMIT_FACTOR * meanMovingRange;
    var signals = values.map(function () { return []; });
    function flag(i, rule, side) {
      if (!signals[i].some(function (s) { return s.rule === rule && s.side === side; })) signals[i].push({ rule: rule, side: side });
    }
    values.forEach(function (v, i) {
      if (v > upl) flag(i, "beyond_limits", "high");
      else if (v < lpl) flag(i, "beyond_limits", "low");
    });
    xmrFlagRuns(values.map(function (v) { return Math.sign(v - mean); }), XMR_RUN_LENGTH, function (from, to, sign) {
      for (var i = from; i <= to; i++) flag(i, "shift", sign > 0 ? "high" : "low");
    });
    var steps = values.slice(1).map(function (v, i) { return Math.sign(v - values[i]); });
    xmrFlagRuns(steps, XMR_TREND_LENGTH - 1, function (from, to, sign) {
      for (var i = from; i <= to + 1; i++) flag(i, "trend", sign > 0 ? "high" : "low");
    });
    var beyondTwoSigma = values.map(function (v) { return v > upperTwoSigma ? 1 : v < lowerTwoSigma ? -1 : 0; });
    for (var start = 0; start + 3 <= values.length; start++) {
      [1, -1].forEach(function (sign) {
        var hits = [start, start + 1, start + 2].filter(function (i) { return beyondTwoSigma[i] === sign; });
        if (hits.length >= 2) hits.forEach(function (i) { flag(i, "two_of_three", sign > 0 ? "high" : "low"); });
      });
    }
    return {
      mean: mean,
      upl: upl,
      lpl: lpl,
      points: values.map(function (value, i) {
        return { signals: signals[i], variation: xmrClassify(value, mean, signals[i], direction) };
      })
    };
  }`;

export const SITE_SCRIPT = `(function () {
  "use strict";
  var VARIATIONS = ${JSON.stringify(VARIATIONS)};
  var RULE_LABEL = ${JSON.stringify(RULE_LABEL)};
  var ASSURANCE = ${JSON.stringify(ASSURANCE)};
  var SHORT_SERIES = ${JSON.stringify(SHORT_SERIES)};
  var MONTH_NAMES = ${JSON.stringify(MONTH_NAMES)};
  var TEXT = ${JSON.stringify({
    windowTooShort: dashboardSiteMessages.spcWindowTooShort(),
    windowRecomputed: dashboardSiteMessages.spcWindowRecomputed(),
    windowFixed: dashboardSiteMessages.spcWindowFixed(),
  })};
  ${BROWSER_XMR}

  /** Every table.sortable: a button per column head sorts the rows (numbers as numbers), aria-sort says how. */
  function sortKey(text, numeric) {
    if (!numeric) return text.toLowerCase();
    var n = parseFloat(text.replace(/[£,%s]/g, ""));
    return isNaN(n) ? null : n;
  }

  function makeSortable(table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      if (th.querySelector("button")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.replaceChildren(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.dataset.type === "number" || rows.every(function (r) {
          var t = r.cells[column] ? r.cells[column].textContent : "";
          return t === "" || t === "withheld" || sortKey(t, true) !== null;
        });
        rows.sort(function (a, b) {
          var x = sortKey(a.cells[column] ? a.cells[column].textContent : "", numeric);
          var y = sortKey(b.cells[column] ? b.cells[column].textContent : "", numeric);
          // withheld and empty cells last, whichever the direction
          if (x === null || x === "") return y === null || y === "" ? 0 : 1;
          if (y === null || y === "") return -1;
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  document.querySelectorAll("table.sortable").forEach(makeSortable);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });

  var search = document.getElementById("site-search");
  if (search) {
    var directoryRows = Array.prototype.slice.call(document.querySelectorAll("#directory tbody tr"));
    var count = document.getElementById("search-count");
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().split(/s+/).filter(Boolean);
      var shown = 0;
      directoryRows.forEach(function (r) {
        var text = r.dataset.search || "";
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        r.hidden = !match;
        if (match) shown++;
      });
      count.textContent = shown + (shown === 1 ? " page" : " pages") + (words.length ? " match \u201c" + search.value.trim() + "\u201d" : "");
    });
  }
  var page = window.${PAGE_DATA_GLOBAL};
  if (!page) return;
  var templates = window.${CHART_TEMPLATES_GLOBAL} || {};

  /** A variant's spec from its template, title, description and rows (expandSpec in chart-templates.ts). */
  function expandRows(rows) {
    if (Array.isArray(rows)) return rows;
    return rows.rows.map(function (values) {
      var row = {};
      rows.fields.forEach(function (f, i) { row[f] = values[i]; });
      return row;
    });
  }
  function expandSpec(compact) {
    var spec = JSON.parse(JSON.stringify(templates[compact.template]));
    if (compact.title !== undefined) spec.title = compact.title;
    if (compact.description !== undefined) spec.description = compact.description;
    if (compact.data) spec.data = { values: expandRows(compact.data) };
    (compact.layers || []).forEach(function (rows, i) {
      if (rows && spec.layer && spec.layer[i]) spec.layer[i].data = { values: expandRows(rows) };
    });
    return spec;
  }
  var groupSelect = document.getElementById("filter-staff-group");
  var fromSelect = document.getElementById("filter-from");
  var toSelect = document.getElementById("filter-to");
  var recalculate = document.getElementById("filter-recalculate");
  var views = {};

  function period() {
    var from = fromSelect.value, to = toSelect.value;
    return from <= to ? [from, to] : [to, from];
  }

  function tableValues(spec, layer) {
    return layer === null ? spec.data.values : spec.layer[layer].data.values;
  }

  function fillTable(table, columns, values) {
    var head = document.createElement("tr");
    columns.forEach(function (c) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = c.title;
      head.appendChild(th);
    });
    var thead = document.createElement("thead");
    thead.appendChild(head);
    var tbody = document.createElement("tbody");
    values.forEach(function (v) {
      var tr = document.createElement("tr");
      columns.forEach(function (c) {
        var td = document.createElement("td");
        var x = v[c.field];
        td.textContent = x === null || x === undefined ? "withheld" : String(x);
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.replaceChildren(thead, tbody);
    makeSortable(table);
  }

  function monthLabel(monthEnd) {
    return MONTH_NAMES[Number(monthEnd.slice(5, 7)) - 1] + " " + monthEnd.slice(0, 4);
  }

  function variationOf(id) {
    return VARIATIONS.filter(function (v) { return v.id === id; })[0];
  }

  /** Rows of an XmR chart (absence-spc-chart.ts): a rate with its mean, limits and variation. */
  function isXmrRows(values) {
    return values.every(function (v) {
      return typeof v.rate_pct === "number" && "mean" in v && "upl" in v && "lpl" in v && "variation" in v && "signals" in v;
    });
  }

  function round3(x) { return Math.round(x * 1000) / 1000; }

  /**
   * Recomputes a period-trimmed XmR chart in place from its remaining months: rows (chart and data
   * table), colour legend, subtitle and description. Returns why it cannot be drawn, or "".
   */
  function recomputeXmr(spec, staffGroup, range) {
    var values = spec.data.values;
    if (values.length < 2) return TEXT.windowTooShort;
    // Sickness absence: lower is better, as absence-spc-chart.ts charts it.
    var xmr = xmrWindow(values.map(function (v) { return v.rate_pct; }), "lower_is_better");
    values.forEach(function (v, i) {
      var p = xmr.points[i];
      v.mean = round3(xmr.mean);
      v.upl = round3(xmr.upl);
      v.lpl = round3(xmr.lpl);
      v.variation = variationOf(p.variation).label;
      v.signals = p.signals.map(function (s) { return RULE_LABEL[s.rule] + " (" + s.side + ")"; }).join(", ") || "none";
    });
    var present = VARIATIONS.filter(function (c) {
      return xmr.points.some(function (p) { return p.variation === c.id; });
    });
    (spec.layer || []).forEach(function (layer) {
      var color = layer.encoding && layer.encoding.color;
      if (color && color.field === "variation" && color.scale) {
        color.scale.domain = present.map(function (c) { return c.label; });
        color.scale.range = present.map(function (c) { return c.colour; });
      }
    });
    var first = values[0], last = values[values.length - 1];
    var latest = xmr.points[xmr.points.length - 1];
    var flagged = xmr.points.filter(function (p) { return p.signals.length > 0; }).length;
    var months = page.months.filter(function (m) { return m >= range[0] && m <= range[1]; }).length;
    var withheld = months - values.length;
    var span = monthLabel(first.month_end) + " to " + monthLabel(last.month_end);
    var limitsText = "Mean " + xmr.mean.toFixed(2) + "%, process limits " + xmr.lpl.toFixed(2) + "% to " + xmr.upl.toFixed(2) + "%.";
    var latestText = "Latest (" + monthLabel(last.month_end) + ") " + last.rate_pct + "%: " + variationOf(latest.variation).label.toLowerCase() + ".";
    // The icons and the short-series warning, as dashboardMessages.spcIcons and spcShortSeries word them.
    var target = typeof last.target_pct === "number" ? last.target_pct : undefined;
    var assurance = target === undefined ? "none" : target > xmr.upl ? "pass" : target < xmr.lpl ? "fail" : "hit_and_miss";
    var iconsText = "Variation: " + variationOf(latest.variation).label.toLowerCase() + ". " + ASSURANCE[assurance] +
      (target === undefined ? "" : " (" + target + "%)") + ".";
    var warning = SHORT_SERIES[values.length] || "";
    var title = spec.title && spec.title.text ? spec.title.text : "";
    if (spec.title) spec.title.subtitle = [staffGroup + ", " + span + ".", limitsText, latestText, iconsText].concat(warning ? [warning] : []);
    spec.description = "XmR statistical process control chart of " + title.charAt(0).toLowerCase() + title.slice(1) + ", " + staffGroup + ", " + span +
      " (" + values.length + " months, the selected period). " + limitsText + " " + latestText + " " + iconsText + (warning ? " " + warning : "") + " " +
      flagged + " month" + (flagged === 1 ? "" : "s") + " show special-cause variation. " + TEXT.windowRecomputed +
      (withheld > 0 ? " " + withheld + " month" + (withheld === 1 ? " is" : "s are") + " withheld for small numbers and not plotted." : "");
    return "";
  }

  function render(chart) {
    var section = document.getElementById("chart-" + chart.id);
    var view = section.querySelector(".chart-view");
    var description = section.querySelector(".chart-description");
    var unavailable = section.querySelector(".chart-unavailable");
    var table = section.querySelector("table");
    var key = chart.keyedBy === "staffGroup" ? groupSelect.value : chart.keyedBy === "none" ? "all" : period()[1];
    var variant = chart.variants[key];
    if (views[chart.id]) { views[chart.id].finalize(); delete views[chart.id]; }
    view.replaceChildren();
    var spec = variant && variant.compact ? expandSpec(variant.compact) : null;
    var reason = variant ? variant.unavailable : "No data for this selection.";
    if (spec && chart.periodFiltered) {
      var range = period();
      var all = spec.data.values.length;
      spec.data.values = spec.data.values.filter(function (v) {
        return v.month_end >= range[0] && v.month_end <= range[1];
      });
      if (spec.data.values.length === 0) { spec = null; reason = "No published months in the selected period."; }
      else if (spec.data.values.length < all && isXmrRows(spec.data.values)) {
        // Limits stay the baseline's unless the reader asks for them to be recalculated (rebasing).
        if (recalculate && recalculate.checked) {
          reason = recomputeXmr(spec, groupSelect.value, range);
          if (reason) spec = null;
        } else {
          spec.description = (spec.description || "") + " Showing " + spec.data.values.length + " of " + all + " months. " + TEXT.windowFixed;
        }
      }
    }
    section.dataset.key = key;
    var details = section.querySelector("details");
    details.hidden = !spec;
    if (!spec) {
      unavailable.textContent = reason;
      unavailable.hidden = false;
      description.textContent = "";
      section.dataset.rows = "0";
      table.replaceChildren();
      return Promise.resolve();
    }
    unavailable.hidden = true;
    var title = spec.title && spec.title.text ? spec.title.text : chart.heading;
    description.textContent = spec.description || "";
    view.setAttribute("aria-label", title);
    var values = tableValues(spec, chart.tableLayer);
    section.dataset.rows = String(values.length);
    fillTable(table, chart.tableColumns, values);
    section.dataset.rendered = "pending";
    // A narrow screen: the chart is laid out again for the column's width (axes, legend and all) instead
    // of being cut off or scaled down to unreadable text.
    var room = view.clientWidth;
    if (typeof spec.width === "number" && room > 0 && room < spec.width + 120) {
      spec.width = room;
      spec.autosize = { type: "fit-x", contains: "padding" };
      // long subtitle lines would widen the layout and squeeze the plot: cut to the column (the
      // description above the chart carries the same text in full)
      if (spec.title && typeof spec.title === "object") spec.title.limit = room - 10;
    }
    return vegaEmbed(view, spec, { renderer: "svg", actions: false }).then(function (result) {
      views[chart.id] = result.view;
      // Vega gives some mark groups an image role without a name; the chart's description and data
      // table are its text alternative, so those groups are hidden from assistive technology.
      view.querySelectorAll("svg [role]").forEach(function (el) {
        if (!el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby")) el.setAttribute("aria-hidden", "true");
      });
      section.dataset.rendered = key;
    });
  }

  function renderAll() {
    return Promise.all(page.charts.map(render)).catch(function (error) {
      console.error("Chart rendering failed: " + (error && error.message ? error.message : error));
    });
  }

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }
  page.staffGroups.forEach(function (g) { option(groupSelect, g, g); });
  page.months.forEach(function (m) { option(fromSelect, m, m.slice(0, 7)); option(toSelect, m, m.slice(0, 7)); });
  fromSelect.value = page.months[0];
  toSelect.value = page.months[page.months.length - 1];
  [groupSelect, fromSelect, toSelect, recalculate].filter(Boolean).forEach(function (s) { s.addEventListener("change", function () { window.ohwbReady = renderAll(); }); });
  window.ohwbReady = renderAll();
})();
`;

export const SITE_STYLE = `body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 1000px; padding: 1rem; color: #231f20; line-height: 1.4; }
a { color: #005eb8; }
.skip-link { position: absolute; left: -10000px; }
.skip-link:focus { position: static; }
nav.breadcrumbs { font-size: 0.9rem; margin-bottom: 0.5rem; }
.provenance, .page-dates { font-size: 0.9rem; color: #425563; }
.warning { border-left: 4px solid #ffb81c; padding-left: 0.5rem; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; padding: 0.75rem; background: #f0f4f5; margin: 1rem 0; }
.filters label { display: flex; flex-direction: column; font-weight: bold; font-size: 0.9rem; }
.filters label.check { justify-content: flex-end; font-weight: normal; }
.search label { display: block; font-weight: bold; }
.search input { font-size: 1rem; padding: 0.3rem; width: 100%; max-width: 28rem; box-sizing: border-box; }
section.chart, section.mdc { border-top: 2px solid #005eb8; margin: 1.5rem 0; padding-top: 0.5rem; }
.chart-note, .chart-description, .chart-source { font-size: 0.9rem; color: #425563; }
.chart-source { font-style: italic; }
.chart-unavailable { font-style: italic; }
.chart-view { max-width: 100%; }
.chart-view .vega-embed { display: block; max-width: 100%; }
/* Vega writes the SVG's size in pixels; scaled to the column so a narrow screen sees the whole chart. */
.chart-view svg { display: block; max-width: 100%; height: auto; }
.table-wrap { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #aeb7bd; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
th button.sort { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; text-align: left; color: inherit; }
th button.sort::after { content: " \\2195"; color: #768692; }
th[aria-sort="ascending"] button.sort::after { content: " \\2191"; color: #231f20; }
th[aria-sort="descending"] button.sort::after { content: " \\2193"; color: #231f20; }
tr[hidden] { display: none; }
.downloads { font-size: 0.9rem; }
ul.links { columns: 2; }
/* WCAG 2.2 target size: at least 24 px per link in a list */
ul.links a { display: inline-block; min-height: 24px; padding: 2px 0; }
@media (max-width: 600px) {
  body { padding: 0.5rem; }
  h1 { font-size: 1.6rem; }
  h2 { font-size: 1.25rem; }
  ul.links { columns: 1; }
  .filters { gap: 0.5rem; }
}
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .skip-link, .filters, .downloads, nav.breadcrumbs, form.search, #search-count, noscript { display: none; }
  a { color: inherit; text-decoration: none; }
  section.chart, section.mdc { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; }
  th button.sort::after { content: ""; }
  tr[hidden] { display: table-row; }
}
`;
