/**
 * The browser side of the dashboard site (written to assets/site.js): reads the page's embedded JSON,
 * wires the staff-group and period filters, renders each chart as SVG with vega-embed and fills its
 * description and data table from the same data. Plain ES2017 with no imports, so it runs from file://.
 */
export const SITE_SCRIPT = `(function () {
  "use strict";
  var page = JSON.parse(document.getElementById("page-data").textContent);
  var groupSelect = document.getElementById("filter-staff-group");
  var fromSelect = document.getElementById("filter-from");
  var toSelect = document.getElementById("filter-to");
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
  }

  function render(chart) {
    var section = document.getElementById("chart-" + chart.id);
    var view = section.querySelector(".chart-view");
    var description = section.querySelector(".chart-description");
    var unavailable = section.querySelector(".chart-unavailable");
    var table = section.querySelector("table");
    var key = chart.keyedBy === "staffGroup" ? groupSelect.value : period()[1];
    var variant = chart.variants[key];
    if (views[chart.id]) { views[chart.id].finalize(); delete views[chart.id]; }
    view.replaceChildren();
    var spec = variant && variant.spec ? JSON.parse(JSON.stringify(variant.spec)) : null;
    var reason = variant ? variant.unavailable : "No data for this selection.";
    if (spec && chart.periodFiltered) {
      var range = period();
      spec.data.values = spec.data.values.filter(function (v) {
        return v.month_end >= range[0] && v.month_end <= range[1];
      });
      if (spec.data.values.length === 0) { spec = null; reason = "No published months in the selected period."; }
    }
    section.dataset.key = key;
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
    return vegaEmbed(view, spec, { renderer: "svg", actions: false }).then(function (result) {
      views[chart.id] = result.view;
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
  [groupSelect, fromSelect, toSelect].forEach(function (s) { s.addEventListener("change", function () { window.ohwbReady = renderAll(); }); });
  window.ohwbReady = renderAll();
})();
`;

export const SITE_STYLE = `body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 1000px; padding: 1rem; color: #231f20; }
nav.breadcrumbs { font-size: 0.9rem; margin-bottom: 0.5rem; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; padding: 0.75rem; background: #f0f4f5; margin: 1rem 0; }
.filters label { display: flex; flex-direction: column; font-weight: bold; font-size: 0.9rem; }
section.chart { border-top: 2px solid #005eb8; margin: 1.5rem 0; padding-top: 0.5rem; }
.chart-note, .chart-description { font-size: 0.9rem; color: #425563; }
.chart-unavailable { font-style: italic; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #aeb7bd; padding: 0.2rem 0.5rem; text-align: left; }
ul.links { columns: 2; }
`;
