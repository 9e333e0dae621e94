/* The neighbourhood graph of an entity page, drawn with vis-network (served locally).
 *
 * Data comes from <script type="application/json" id="graph-data"> (no inline script: CSP);
 * changing the depth fetches the same shape from the entity URL (?format=graph&depth=N).
 * Labels are drawn on a canvas and tooltips are plain text, so document text is never HTML.
 *
 * What keeps a large neighbourhood readable:
 * - a legend (colour and shape per entity type, built from the types the data holds);
 * - a filter by relation: unticking one hides its edges, and every node no longer reachable
 *   from the centre through a shown edge (a node with only hidden links would float alone);
 * - grouping: past GROUP_ABOVE shown nodes, the leaves of one type hanging off one node (the
 *   45 wards of a city) are folded into one node, "45 phường, xã · wards", with vis-network's
 *   clustering API; a click on a group opens it, and "group leaves" off opens them all;
 * - a layout that leaves room for labels: labels cut to LABEL_SIZE characters (the full name
 *   is the tooltip), strong repulsion with avoidOverlap, edge labels only on small graphs
 *   (edges are coloured by relation instead, as the filter's swatches show), and physics
 *   stopped once stabilised, so nothing drifts while one reads;
 * - full screen (Fullscreen API; Escape leaves it, as does the button), or a page-filling
 *   panel where the API is refused.
 * The container keeps a handle (container.vnkg) for the browser test.
 */
(function () {
  "use strict";
  var container = document.getElementById("graph");
  var dataElement = document.getElementById("graph-data");
  if (!container || !dataElement || typeof vis === "undefined") { return; }
  document.documentElement.classList.add("js");

  var GROUP_ABOVE = 20;   // shown nodes past which leaves are grouped
  var GROUP_MIN = 3;      // leaves of one type at one node that make a group
  var EDGE_LABELS_MAX = 12;
  var LABEL_SIZE = 24;
  var GROUP_PREFIX = "group:";
  var STABILIZE = 500;    // physics iterations per layout
  var DECLUTTER_PASSES = 150;
  // Short springs keep the drawing compact, so the panel's fit does not shrink labels below
  // legibility; the labels themselves are kept apart by declutter() afterwards.
  var PHYSICS = { gravitationalConstant: -4000, centralGravity: 0.3, springLength: 100, springConstant: 0.04,
                  damping: 0.35, avoidOverlap: 1 };
  var FALLBACK = { color: "#64748b", shape: "dot" };
  // One colour and shape per type; shapes keep families apart when colours are close
  // (places are dots and diamonds, works and parks squares and triangles, bodies hexagons).
  var STYLES = {
    Country: { color: "#334155", shape: "star" }, Province: { color: "#1d4ed8", shape: "diamond" },
    City: { color: "#2563eb", shape: "dot" }, Ward: { color: "#0891b2", shape: "dot" },
    IndustrialPark: { color: "#c2410c", shape: "square" }, Road: { color: "#7c3aed", shape: "triangle" },
    Indicator: { color: "#15803d", shape: "square" }, Organization: { color: "#be185d", shape: "hexagon" },
    Company: { color: "#db2777", shape: "hexagon" }, Person: { color: "#4d7c0f", shape: "dot" },
    Role: { color: "#a16207", shape: "triangleDown" }, Meeting: { color: "#b45309", shape: "star" },
    Congress: { color: "#92400e", shape: "star" }, Event: { color: "#b45309", shape: "star" },
    Term: { color: "#475569", shape: "triangleDown" }, Project: { color: "#ea580c", shape: "square" },
    Bridge: { color: "#0f766e", shape: "triangle" }, Interchange: { color: "#0d9488", shape: "triangle" },
    Tunnel: { color: "#115e59", shape: "triangle" }, RailwayLine: { color: "#6d28d9", shape: "triangleDown" },
    Airport: { color: "#0369a1", shape: "square" }, Seaport: { color: "#075985", shape: "square" },
    Canal: { color: "#0e7490", shape: "triangleDown" }, PowerLine: { color: "#ca8a04", shape: "triangleDown" },
    Plant: { color: "#9a3412", shape: "square" }, Hospital: { color: "#dc2626", shape: "square" },
    School: { color: "#65a30d", shape: "square" }, Building: { color: "#78716c", shape: "square" },
    UrbanArea: { color: "#a21caf", shape: "diamond" }
  };
  var RELATION_COLORS = ["#64748b", "#2563eb", "#16a34a", "#db2777", "#ea580c", "#7c3aed", "#0891b2",
                         "#ca8a04", "#dc2626", "#0f766e", "#9333ea", "#4d7c0f", "#be123c"];

  var state = null;       // {data, nodes, edges, network, relationColor, typeInfo}
  var expanded = {};      // group keys the reader opened: not folded again
  var legend = document.getElementById("graph-legend");
  var filter = document.getElementById("graph-filter");
  var grouping = document.getElementById("graph-group");
  var status = document.getElementById("graph-status");
  var panel = container.closest(".graph-panel") || container.parentNode;

  function styleOf(type) { return STYLES[type] || FALLBACK; }

  function shorten(text, size) {
    return text.length > size ? text.slice(0, size - 1) + "\u2026" : text;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* A 14-pixel SVG of a node shape, or of an edge (a line) when shape is "line". */
  function swatch(shape, color) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14"); svg.setAttribute("viewBox", "0 0 14 14");
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("class", "swatch");
    var points = {
      diamond: "7,1 13,7 7,13 1,7", triangle: "7,1 13,12 1,12", triangleDown: "1,2 13,2 7,13",
      hexagon: "4,1 10,1 13,7 10,13 4,13 1,7", star: "7,1 8.8,5.2 13,5.5 9.8,8.3 10.8,13 7,10.5 3.2,13 4.2,8.3 1,5.5 5.2,5.2"
    };
    var shapeEl;
    if (shape === "line") {
      shapeEl = document.createElementNS(ns, "line");
      [["x1", 0], ["y1", 7], ["x2", 14], ["y2", 7], ["stroke-width", 3]].forEach(function (a) { shapeEl.setAttribute(a[0], a[1]); });
      shapeEl.setAttribute("stroke", color);
    } else if (points[shape]) {
      shapeEl = document.createElementNS(ns, "polygon");
      shapeEl.setAttribute("points", points[shape]);
    } else if (shape === "square" || shape === "box") {
      shapeEl = document.createElementNS(ns, "rect");
      [["x", 2], ["y", 2], ["width", 10], ["height", 10]].forEach(function (a) { shapeEl.setAttribute(a[0], a[1]); });
    } else {
      shapeEl = document.createElementNS(ns, "circle");
      [["cx", 7], ["cy", 7], ["r", 5.5]].forEach(function (a) { shapeEl.setAttribute(a[0], a[1]); });
    }
    if (shape !== "line") { shapeEl.setAttribute("fill", color); }
    svg.appendChild(shapeEl);
    return svg;
  }

  function toNode(node, center) {
    var style = styleOf(node.type);
    var isCenter = node.id === center;
    var info = state.typeInfo[node.type];
    return {
      id: node.id, path: node.path, type: node.type, name: node.label, label: shorten(node.label, isCenter ? 40 : LABEL_SIZE),
      title: node.label + (info ? " \u00b7 " + info.label + " \u00b7 " + info.label_en : ""),
      shape: isCenter ? "box" : style.shape, size: isCenter ? 24 : (node.distance === 1 ? 13 : 9),
      color: { background: isCenter ? "#fde68a" : style.color, border: isCenter ? "#92400e" : style.color,
               highlight: { background: isCenter ? "#fde68a" : style.color, border: "#111827" } },
      font: { color: "#111827", size: isCenter ? 16 : 12, strokeWidth: 4, strokeColor: "#ffffff" },
      hidden: false
    };
  }

  function toEdge(edge, index, withLabels) {
    var color = state.relationColor[edge.relations[0]] || RELATION_COLORS[0];
    return {
      id: "e" + index, from: edge.from, to: edge.to, relations: edge.relations,
      label: withLabels ? shorten(edge.label, 28) : undefined, title: edge.label + " \u00b7 " + edge.title,
      arrows: { to: { enabled: true, scaleFactor: 0.6 } }, color: { color: color, highlight: "#111827", opacity: 0.8 },
      font: { size: 10, color: "#475569", strokeWidth: 3, align: "middle" }, hidden: false
    };
  }

  /* -- legend and filter ------------------------------------------------------------ */
  function buildLegend(data) {
    if (!legend) { return; }
    legend.textContent = "";
    var list = el("ul", { "class": "legend-list" });
    var center = el("li");
    center.appendChild(swatch("square", "#fde68a"));
    center.appendChild(document.createTextNode(" Thực thể này \u00b7 this entity"));
    list.appendChild(center);
    data.types.forEach(function (t) {
      var item = el("li", { "data-type": t.name });
      var style = styleOf(t.name);
      item.appendChild(swatch(style.shape, style.color));
      item.appendChild(document.createTextNode(" " + t.label + " "));
      item.appendChild(el("span", { lang: "en", "class": "en" }, "\u00b7 " + t.label_en));
      item.appendChild(el("span", { "class": "count" }, String(t.count)));
      list.appendChild(item);
    });
    legend.appendChild(list);
  }

  function buildFilter(data) {
    if (!filter) { return; }
    filter.textContent = "";
    if (!data.relations.length) { filter.hidden = true; return; }
    filter.hidden = false;
    filter.appendChild(el("legend", {}, "Quan hệ \u00b7 Relations"));
    data.relations.forEach(function (r) {
      var label = el("label", { "class": "relation-choice" });
      var box = el("input", { type: "checkbox", value: r.name, name: "relation" });
      box.checked = true;
      box.addEventListener("change", apply);
      label.appendChild(box);
      label.appendChild(swatch("line", state.relationColor[r.name]));
      label.appendChild(document.createTextNode(" " + r.label + " "));
      label.appendChild(el("span", { lang: "en", "class": "en" }, "\u00b7 " + r.label_en));
      label.appendChild(el("span", { "class": "count" }, String(r.count)));
      filter.appendChild(label);
    });
  }

  function wantedRelations() {
    var wanted = {};
    if (!filter) { state.data.relations.forEach(function (r) { wanted[r.name] = true; }); return wanted; }
    filter.querySelectorAll("input[name=relation]").forEach(function (box) { wanted[box.value] = box.checked; });
    return wanted;
  }

  /* -- showing, hiding, grouping ------------------------------------------------------ */
  function openAllGroups() {
    var network = state.network;
    Object.keys(network.body.nodes).forEach(function (id) {
      if (network.isCluster(id)) { network.openCluster(id); }
    });
  }

  /* The shown nodes and edges under the relation filter: edges of a ticked relation, and the
   * nodes reachable from the centre through them. */
  function visibleParts() {
    var wanted = wantedRelations();
    var shownEdges = state.edges.get({ filter: function (e) {
      return e.relations.some(function (r) { return wanted[r]; });
    } });
    var adjacent = {};
    shownEdges.forEach(function (e) {
      (adjacent[e.from] = adjacent[e.from] || []).push(e.to);
      (adjacent[e.to] = adjacent[e.to] || []).push(e.from);
    });
    var reached = {}, queue = [state.data.center];
    reached[state.data.center] = true;
    while (queue.length) {
      (adjacent[queue.shift()] || []).forEach(function (n) {
        if (!reached[n]) { reached[n] = true; queue.push(n); }
      });
    }
    return { nodes: reached, edges: shownEdges.filter(function (e) { return reached[e.from] && reached[e.to]; }) };
  }

  /* Leaves (one shown neighbour, not the centre) by (neighbour, type), in groups of GROUP_MIN or more. */
  function leafGroups(parts) {
    var neighbours = {};
    parts.edges.forEach(function (e) {
      (neighbours[e.from] = neighbours[e.from] || {})[e.to] = true;
      (neighbours[e.to] = neighbours[e.to] || {})[e.from] = true;
    });
    var groups = {};
    Object.keys(parts.nodes).forEach(function (id) {
      var around = Object.keys(neighbours[id] || {});
      if (id === state.data.center || around.length !== 1) { return; }
      var node = state.nodes.get(id);
      var key = around[0] + "\u0000" + (node.type || "");
      (groups[key] = groups[key] || { hub: around[0], type: node.type, members: [] }).members.push(id);
    });
    return Object.keys(groups).map(function (key) { groups[key].key = key; return groups[key]; })
      .filter(function (g) { return g.members.length >= GROUP_MIN && !expanded[g.key]; });
  }

  function fold(group) {
    var info = state.typeInfo[group.type] || { group: "th\u1ef1c th\u1ec3", group_en: "entities", label: "", label_en: "" };
    var style = styleOf(group.type);
    var members = {};
    group.members.forEach(function (id) { members[id] = true; });
    var names = group.members.map(function (id) { return state.nodes.get(id).name; });
    state.network.cluster({
      joinCondition: function (node) { return members[node.id] === true; },
      clusterNodeProperties: {
        id: GROUP_PREFIX + group.key, shape: style.shape, size: 16 + Math.min(group.members.length, 40) / 2,
        label: group.members.length + " " + info.group + " \u00b7 " + info.group_en,
        title: names.slice(0, 30).join(", ") + (names.length > 30 ? ", \u2026" : "") +
          "\n(nh\u1ea5p \u0111\u1ec3 m\u1edf \u00b7 click to open)",
        color: { background: "#ffffff", border: style.color, highlight: { background: "#f1f5f9", border: "#111827" } },
        borderWidth: 3, font: { color: "#111827", size: 13, strokeWidth: 4, strokeColor: "#ffffff", bold: true }
      }
    });
  }

  function apply() {
    openAllGroups();
    var parts = visibleParts();
    state.nodes.update(state.nodes.getIds().map(function (id) { return { id: id, hidden: !parts.nodes[id] }; }));
    var shown = {};
    parts.edges.forEach(function (e) { shown[e.id] = true; });
    state.edges.update(state.edges.getIds().map(function (id) { return { id: id, hidden: !shown[id] }; }));
    var count = Object.keys(parts.nodes).length;
    var groups = (!grouping || grouping.checked) && count > GROUP_ABOVE ? leafGroups(parts) : [];
    groups.forEach(fold);
    report(count, parts.edges.length, groups);
    settle();
  }

  /* Push apart nodes whose boxes (labels included) still overlap once the physics stopped:
   * repulsion only sees the node's shape, not its label, so two long names side by side can
   * touch. Each pass moves both nodes of an overlapping pair half the overlap apart along the
   * axis where they overlap least. vis-network updates a box only when it draws, so the boxes
   * are read once (as offsets from each node's centre) and moved here, then the nodes. */
  function declutter(network) {
    network.redraw();  // label sizes of nodes (and groups) not drawn yet
    var ids = network.body.nodeIndices.slice();
    var at = network.getPositions(ids);
    var boxes = ids.map(function (id) {
      var box = network.getBoundingBox(id), p = at[id];
      return { x: p.x, y: p.y, l: box.left - p.x, r: box.right - p.x, t: box.top - p.y, b: box.bottom - p.y };
    });
    var gap = 4;
    for (var pass = 0; pass < DECLUTTER_PASSES; pass++) {
      var moved = false;
      for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length; j++) {
          var a = boxes[i], c = boxes[j];
          var dx = Math.min(a.x + a.r, c.x + c.r) - Math.max(a.x + a.l, c.x + c.l) + gap;
          var dy = Math.min(a.y + a.b, c.y + c.b) - Math.max(a.y + a.t, c.y + c.t) + gap;
          if (dx <= 0 || dy <= 0) { continue; }
          var alongX = dx < dy, sign = (alongX ? a.x <= c.x : a.y <= c.y) ? -1 : 1;
          var step = (alongX ? dx : dy) / 2;
          if (alongX) { a.x += sign * step; c.x -= sign * step; } else { a.y += sign * step; c.y -= sign * step; }
          moved = true;
        }
      }
      if (!moved) { break; }
    }
    ids.forEach(function (id, k) { network.moveNode(id, boxes[k].x, boxes[k].y); });
  }

  /* Run the physics until what is shown is laid out, then stop it (nothing drifts while one
   * reads); nodes that were already placed start from where they were. */
  function settle() {
    var network = state.network;
    container.removeAttribute("data-ready");
    network.setOptions({ physics: { enabled: true } });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      declutter(network);
      network.fit();
      container.setAttribute("data-ready", "1");
    });
    network.stabilize(STABILIZE);
  }

  function report(nodes, edges, groups) {
    if (!status) { return; }
    var total = state.data.nodes.length;
    var folded = groups.reduce(function (sum, g) { return sum + g.members.length; }, 0);
    var text = "Hi\u1ec3n th\u1ecb " + nodes + "/" + total + " n\u00fat, " + edges + " c\u1ea1nh" +
      (groups.length ? "; " + groups.length + " nh\u00f3m g\u1ed9p " + folded + " n\u00fat (nh\u1ea5p \u0111\u1ec3 m\u1edf)" : "") + ". ";
    var en = "Showing " + nodes + " of " + total + " nodes, " + edges + " edges" +
      (groups.length ? "; " + groups.length + " groups hold " + folded + " nodes (click to open)" : "") + ".";
    status.textContent = text;
    status.appendChild(el("span", { lang: "en" }, en));
    container.setAttribute("data-groups", String(groups.length));
    container.setAttribute("data-shown", String(nodes));
  }

  /* -- drawing ---------------------------------------------------------------------- */
  function draw(data) {
    state = { data: data, typeInfo: {}, relationColor: {} };
    data.types.forEach(function (t) { state.typeInfo[t.name] = t; });
    data.relations.forEach(function (r, i) { state.relationColor[r.name] = RELATION_COLORS[i % RELATION_COLORS.length]; });
    var withLabels = data.edges.length <= EDGE_LABELS_MAX;
    state.nodes = new vis.DataSet(data.nodes.map(function (n) { return toNode(n, data.center); }));
    state.edges = new vis.DataSet(data.edges.map(function (e, i) { return toEdge(e, i, withLabels); }));
    var options = {
      layout: { randomSeed: 7, improvedLayout: data.nodes.length <= 100 },
      interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: false },
      physics: { enabled: false, solver: "barnesHut", barnesHut: PHYSICS, stabilization: { enabled: false } },
      nodes: { borderWidth: 1, scaling: { label: { drawThreshold: 3 } } }, edges: { smooth: { type: "continuous" } }
    };
    if (state.network) { state.network.destroy(); }
    var network = new vis.Network(container, { nodes: state.nodes, edges: state.edges }, options);
    state.network = network;
    container.vnkg = state;
    buildLegend(data);
    buildFilter(data);
    apply();  // groups first, so the layout is computed for what is shown
    network.on("click", function (params) {
      if (!params.nodes.length) { return; }
      var id = params.nodes[0];
      if (network.isCluster(id)) {
        expanded[String(id).slice(GROUP_PREFIX.length)] = true;
        network.openCluster(id);
        apply();
        return;
      }
      var node = state.nodes.get(id);
      if (node && node.path && node.id !== data.center) { window.location.href = node.path; }
    });
    network.on("hoverNode", function () { container.style.cursor = "pointer"; });
    network.on("blurNode", function () { container.style.cursor = "default"; });
  }

  /* -- full screen -------------------------------------------------------------------- */
  var fullButton = document.getElementById("graph-full");
  function isFull() { return document.fullscreenElement === panel || panel.classList.contains("graph-max"); }
  function afterResize() {
    if (fullButton) { fullButton.setAttribute("aria-pressed", isFull() ? "true" : "false"); }
    if (state && state.network) { state.network.redraw(); state.network.fit(); }
  }
  if (fullButton) {
    fullButton.hidden = false;
    fullButton.addEventListener("click", function () {
      if (isFull()) {
        if (document.fullscreenElement) { document.exitFullscreen(); } else { panel.classList.remove("graph-max"); afterResize(); }
        return;
      }
      var fallback = function () { panel.classList.add("graph-max"); afterResize(); };
      if (panel.requestFullscreen && document.fullscreenEnabled) {
        panel.requestFullscreen().catch(fallback);
      } else {
        fallback();
      }
    });
    document.addEventListener("fullscreenchange", afterResize);
    // A browser leaves real full screen on Escape itself, before the page sees the key; when
    // the key does reach the page (the page-filling fallback, or a driven browser), leave here.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      if (document.fullscreenElement === panel) { document.exitFullscreen(); }
      if (panel.classList.contains("graph-max")) { panel.classList.remove("graph-max"); afterResize(); }
    });
  }
  if (grouping) { grouping.addEventListener("change", function () { expanded = {}; apply(); }); }

  draw(JSON.parse(dataElement.textContent));

  var depth = document.getElementById("graph-depth");
  if (depth) {
    depth.addEventListener("change", function () {
      var url = container.getAttribute("data-src") + "&depth=" + encodeURIComponent(depth.value);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (data) {
          expanded = {};
          draw(data);
          window.history.replaceState(null, "", "?depth=" + encodeURIComponent(depth.value));
        })
        .catch(function () { depth.form.submit(); });
    });
  }
}());
