/* The figures page: sorting in place, and the chart of one measure (Chart.js, served locally).
 *
 * The page works without this script: header links sort on the server, over every figure the
 * filters keep, and the pager walks the pages. When the whole list is on the page
 * (table[data-complete=true]) a header click sorts the rows here instead, by the cell's
 * data-value (numbers as numbers, ISO dates as text, words in Vietnamese order), keeps the
 * figures lacking the value last, sets aria-sort and rewrites the address, so the view is
 * still a link.
 *
 * The chart asks /api/figures/chart for one measure in one unit (never two units on one axis),
 * with the page's other filters, across subjects (horizontal bars) or across years (lines).
 * Numbers arrive plain with a scale (1e9, "tỷ") and are written vi-VN on axes and tooltips.
 * When there is nothing to chart the answer says why, and that sentence is shown instead.
 * A click on a bar or a point opens the table filtered to that subject and measure.
 */
(function () {
  "use strict";
  var NUMERIC = { value: true, target: true, status: true };
  var FIRST_ORDER = { value: "descending", target: "descending", date: "descending" };
  var number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  var COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];

  // -- sorting in place -------------------------------------------------------------------
  function cellValue(row, index, key) {
    var raw = row.cells[index].getAttribute("data-value");
    if (raw === null || raw === "") { return null; }
    return NUMERIC[key] ? parseFloat(raw) : raw;
  }

  function compare(a, b, key) {
    if (NUMERIC[key]) { return a - b; }
    if (key === "date" || key === "period") { return a < b ? -1 : (a > b ? 1 : 0); }
    return a.localeCompare(b, "vi", { sensitivity: "base" });
  }

  function sortTable(table, th) {
    var key = th.getAttribute("data-key");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var current = th.getAttribute("aria-sort");
    var order = current ? (current === "ascending" ? "descending" : "ascending") : (FIRST_ORDER[key] || "ascending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, at) {
      return { row: row, at: at, value: cellValue(row, index, key) };
    });
    rows.sort(function (a, b) {
      if (a.value === null || b.value === null) {  // missing last, whichever the order
        return (a.value === null) - (b.value === null) || a.at - b.at;
      }
      var c = compare(a.value, b.value, key);
      return (order === "ascending" ? c : -c) || a.at - b.at;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(th.parentNode.children, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", order);
    var url = new URL(window.location.href);
    url.searchParams.set("sort", key);
    url.searchParams.set("order", order === "ascending" ? "asc" : "desc");
    window.history.replaceState(null, "", url.pathname + url.search);
  }

  function enableSorting() {
    var table = document.getElementById("figures-table");
    if (!table || table.getAttribute("data-complete") !== "true") { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var link = th.querySelector("a");
      if (!link) { return; }
      link.addEventListener("click", function (event) {
        event.preventDefault();
        sortTable(table, th);
      });
    });
  }

  // -- the chart --------------------------------------------------------------------------
  function scaled(value, scale) {
    return value === null || value === undefined ? "" : number.format(value / scale.factor);
  }

  function withUnit(value, data) {
    var text = scaled(value, data.scale);
    var unit = data.axis || "";
    return unit ? text + " " + unit : text;
  }

  function tableLink(section, data, path) {
    var params = new URLSearchParams(section.getAttribute("data-filters") || "");
    params.set("measure", data.measure);
    params.set("unit", data.unit);
    if (path) { params.set("subject", path.replace(/^\/entity\//, "")); }
    params.delete("page");
    return (section.getAttribute("data-table") || "/figures") + "?" + params.toString();
  }

  function config(section, data) {
    var bars = data.type === "bar";
    var valueAxis = bars ? "x" : "y";
    var datasets = data.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      return { label: set.label, data: set.data, backgroundColor: bars ? COLOURS[0] : colour,
               borderColor: colour, spanGaps: true, tension: 0, pointRadius: 4 };
    });
    var scales = {};
    scales[valueAxis] = { beginAtZero: bars, ticks: { callback: function (v) { return scaled(v, data.scale); } },
                          title: { display: !!data.axis, text: data.axis } };
    scales[bars ? "y" : "x"] = { ticks: { autoSkip: !bars } };  // every subject named, years may thin out
    return {
      type: data.type,
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: bars ? "y" : "x", responsive: true, maintainAspectRatio: false, animation: false,
        scales: scales,
        plugins: {
          legend: { display: !bars },
          title: { display: true, text: data.measure + (data.unit_label ? " (" + data.unit_label + ")" : "") },
          tooltip: { callbacks: { label: function (ctx) {
            var value = bars ? ctx.parsed.x : ctx.parsed.y;
            return (bars ? "" : ctx.dataset.label + ": ") + withUnit(value, data);
          } } }
        },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          var hit = elements[0];
          var set = data.datasets[hit.datasetIndex];
          var path = bars ? (set.paths || [])[hit.index] : set.path;
          window.location.href = tableLink(section, data, path);
        }
      }
    };
  }

  function note(data) {
    var parts = [];
    if (data.message) { return data.message.vi + " · " + data.message.en; }
    parts.push(data.points + " số liệu · figures");
    if (data.omitted) { parts.push("bỏ bớt " + data.omitted + (data.by === "year" ? " đường · lines" : " cột · bars") + " (nhiều nhất · most shown first)"); }
    if (data.skipped) { parts.push(data.skipped + (data.by === "year" ? " không rõ năm hoặc đối tượng · without a single year or a subject" : " không rõ đối tượng · without a subject")); }
    parts.push(data.by === "year" ? "mỗi điểm: số mới nhất của năm · each point: the year's latest figure"
                                  : "mỗi cột: số mới nhất của đối tượng · each bar: the subject's latest figure");
    return parts.join(" · ");
  }

  function enableChart() {
    var section = document.getElementById("figure-chart");
    var canvas = document.getElementById("chart-canvas");
    if (!section || !canvas || typeof Chart === "undefined") { return; }
    var controls = section.querySelector(".chart-controls");
    var select = document.getElementById("chart-measure");
    var box = section.querySelector(".chart-box");
    var noteElement = document.getElementById("chart-note");
    var chart = null;
    var asked = 0;
    controls.hidden = false;
    var measure = section.getAttribute("data-measure");
    if (measure) {  // the table's measure (and unit) preselected when it can be charted
      Array.prototype.forEach.call(select.options, function (option) {
        var unit = section.getAttribute("data-unit");
        if (option.value.toLowerCase() === measure.toLowerCase() && (!unit || option.getAttribute("data-unit") === unit)) {
          option.selected = true;
        }
      });
    }

    function draw() {
      var params = new URLSearchParams(section.getAttribute("data-filters") || "");
      var option = select.options[select.selectedIndex];
      if (option && option.value) {
        params.set("measure", option.value);
        params.set("unit", option.getAttribute("data-unit"));
      }
      params.set("by", section.querySelector("input[name=chart-by]:checked").value);
      var mine = ++asked;
      section.setAttribute("aria-busy", "true");
      fetch(section.getAttribute("data-api") + "?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (mine !== asked) { return; }  // a later choice is on its way
          section.removeAttribute("aria-busy");
          if (chart) { chart.destroy(); chart = null; }
          if (!data.ok) {
            box.hidden = true;
            noteElement.textContent = data.error || "Lỗi · Error";
            return;
          }
          noteElement.textContent = note(data);
          box.hidden = !data.type;
          // bars get room for every name; lines keep the box's height
          box.style.height = data.type === "bar" ? Math.max(240, 90 + 24 * data.labels.length) + "px" : "";
          section.setAttribute("data-drawn", data.type || "none");
          if (data.type) { chart = new Chart(canvas, config(section, data)); section.vnkg = chart; }
        })
        .catch(function () {
          section.removeAttribute("aria-busy");
          noteElement.textContent = "Không tải được dữ liệu biểu đồ · Could not load the chart's data";
        });
    }

    select.addEventListener("change", draw);
    Array.prototype.forEach.call(section.querySelectorAll("input[name=chart-by]"), function (radio) {
      radio.addEventListener("change", draw);
    });
    draw();
  }

  document.addEventListener("DOMContentLoaded", function () {
    enableSorting();
    enableChart();
  });
}());
