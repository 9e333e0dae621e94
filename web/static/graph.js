/* The neighbourhood graph of an entity page, drawn with vis-network (served locally).
 * Data comes from <script type="application/json" id="graph-data"> (no inline script: CSP);
 * changing the depth fetches the same shape from the entity URL (?format=graph&depth=N).
 * Labels are drawn on a canvas and tooltips are plain text, so document text is never HTML. */
(function () {
  "use strict";
  var container = document.getElementById("graph");
  var dataElement = document.getElementById("graph-data");
  if (!container || !dataElement || typeof vis === "undefined") { return; }
  document.documentElement.classList.add("js");

  var COLORS = {
    Province: "#1d4ed8", City: "#2563eb", Ward: "#0891b2", IndustrialPark: "#c2410c",
    Road: "#7c3aed", Indicator: "#15803d", Organization: "#be185d", Person: "#4d7c0f",
    Role: "#a16207", Meeting: "#b45309", Congress: "#b45309", Term: "#475569"
  };
  var network = null;

  function shorten(text, size) {
    return text.length > size ? text.slice(0, size - 1) + "\u2026" : text;
  }

  function toNode(node, center) {
    var color = COLORS[node.type] || "#64748b";
    var isCenter = node.id === center;
    return {
      id: node.id, path: node.path, label: shorten(node.label, 36),
      title: node.label + (node.type ? " \u00b7 " + node.type : ""),
      shape: isCenter ? "box" : "dot", size: isCenter ? 24 : (node.distance === 1 ? 14 : 9),
      color: { background: isCenter ? "#fde68a" : color, border: isCenter ? "#92400e" : color },
      font: { color: isCenter ? "#1f2937" : "#111827", size: isCenter ? 16 : 13 }
    };
  }

  function toEdge(edge) {
    return {
      from: edge.from, to: edge.to, label: shorten(edge.label, 28), title: edge.label + " \u00b7 " + edge.title,
      arrows: "to", color: { color: "#94a3b8", highlight: "#334155" }, font: { size: 10, color: "#475569", strokeWidth: 3 }
    };
  }

  function draw(data) {
    var nodes = new vis.DataSet(data.nodes.map(function (n) { return toNode(n, data.center); }));
    var edges = new vis.DataSet(data.edges.map(toEdge));
    var options = {
      interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: false },
      physics: { stabilization: { iterations: 200 }, barnesHut: { springLength: 140, avoidOverlap: 0.3 } },
      nodes: { borderWidth: 1 }, edges: { smooth: { type: "dynamic" } }
    };
    if (network) { network.destroy(); }
    network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      network.fit();
    });
    network.on("click", function (params) {
      if (!params.nodes.length) { return; }
      var node = nodes.get(params.nodes[0]);
      if (node && node.path && node.id !== data.center) { window.location.href = node.path; }
    });
    network.on("hoverNode", function () { container.style.cursor = "pointer"; });
    network.on("blurNode", function () { container.style.cursor = "default"; });
  }

  draw(JSON.parse(dataElement.textContent));

  var depth = document.getElementById("graph-depth");
  if (depth) {
    depth.addEventListener("change", function () {
      var url = container.getAttribute("data-src") + "&depth=" + encodeURIComponent(depth.value);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (data) {
          draw(data);
          window.history.replaceState(null, "", "?depth=" + encodeURIComponent(depth.value));
        })
        .catch(function () { depth.form.submit(); });
    });
  }
}());
