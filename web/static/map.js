/* The map page (/map) and the small map of an entity page, drawn with Leaflet (served locally).
 *
 * There is no tile layer: the land is the outline of Vietnam and its neighbours from
 * /api/map/outline (cut server-side from world-atlas), the sea is the container's background.
 * Markers come from /api/map (GeoJSON): circles sized by the square root of the mentions, so
 * area follows the count, coloured by the legend group the server assigns; entities placed at
 * the unit that contains them (parks, projects, roads) have a dashed outline. Popups and lists
 * are built with DOM calls and textContent: document-derived names are never parsed as HTML.
 *
 * The map page keeps every feature and filters in the browser (type checkboxes, "mentioned
 * only"), redrawing the biggest circles first so small ones stay on top and clickable. Canvas
 * rendering keeps two thousand markers fluid. Each container keeps a handle (container.vnkg)
 * for the browser test.
 */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  document.documentElement.classList.add("js");

  var R_MIN = 3, R_MAX = 22;           // circle radius in pixels, for 0 and for the most mentions
  var MINI_MAX = 12;                   // the largest circle of an entity page's small map
  var LIST_SIZE = 12;                  // entries of the "most mentioned" list under the legend
  var SEA = "#e0f2fe";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function number(value) { return Number(value).toLocaleString("vi-VN"); }

  // Accent-insensitive matching for the find box: "song cong" finds "Sông Công".
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
      .replace(/Đ/g, "d").toLowerCase();
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" } }).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          throw new Error(body.error || ("HTTP " + r.status));
        });
      }
      return r.json();
    });
  }

  function baseMap(container, options) {
    container.style.background = SEA;
    var map = L.map(container, Object.assign({
      preferCanvas: true, zoomSnap: 0.25, minZoom: 4, maxZoom: 13,
      maxBounds: [[0, 90], [30, 125]], maxBoundsViscosity: 0.8
    }, options || {}));
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth · world-atlas · vietnamadminunits");
    return map;
  }

  function drawOutline(map, url) {
    return getJSON(url).then(function (land) {
      L.geoJSON(land, {
        interactive: false,
        style: function (feature) {
          return feature.properties.vietnam
            ? { color: "#64748b", weight: 1, fillColor: "#f8fafc", fillOpacity: 1 }
            : { color: "#cbd5e1", weight: 0.8, fillColor: "#eef2f6", fillOpacity: 1 };
        }
      }).addTo(map);
      return land;
    });
  }

  function boundsOf(bbox) { return L.latLngBounds([bbox[1], bbox[0]], [bbox[3], bbox[2]]); }

  function radius(mentions, most, largest) {
    return R_MIN + ((largest || R_MAX) - R_MIN) * Math.sqrt(Math.max(mentions, 0) / Math.max(most, 1));
  }

  var ALSO_HERE = 6;                   // other entities at the same point named in a popup

  function popup(feature, ctx) {
    var p = feature.properties;
    var types = ctx.types;
    var box = element("div", "map-popup");
    var title = element("strong");
    var link = element("a", null, p.label);
    link.href = p.path;
    title.appendChild(link);
    box.appendChild(title);
    if (p.label_en && p.label_en !== p.label) { box.appendChild(element("span", "en", " · " + p.label_en)); }
    var kind = types[p.type] || { label: p.type };
    box.appendChild(element("div", "muted", kind.label + (kind.label_en && kind.label_en !== kind.label ? " · " + kind.label_en : "")));
    box.appendChild(element("div", null, number(p.mentions) + " lần nhắc đến trong " + number(p.documents) +
      " tài liệu · " + number(p.mentions) + " mentions in " + number(p.documents) + " documents"));
    if (p.approximate && p.via && p.via.length) {
      var where = element("div", "small muted", "Vị trí gần đúng, tại · Approximate, at ");
      var at = element("a", null, p.via[0].label);
      at.href = p.via[0].path;
      where.appendChild(at);
      if (p.via.length > 1) {
        where.appendChild(document.createTextNode(" (+" + (p.via.length - 1) + " nơi khác · other places)"));
      }
      box.appendChild(where);
    }
    var others = ctx.here(feature);
    if (others.length) {   // parks and roads drawn at their unit's point share it: name them
      var also = element("div", "small map-also", "Cùng vị trí · Also here: ");
      others.slice(0, ALSO_HERE).forEach(function (other, i) {
        var a = element("a", null, other.properties.label);
        a.href = other.properties.path;
        if (i) { also.appendChild(document.createTextNode(", ")); }
        also.appendChild(a);
      });
      if (others.length > ALSO_HERE) {
        also.appendChild(document.createTextNode(" +" + number(others.length - ALSO_HERE)));
      }
      box.appendChild(also);
    }
    return box;
  }

  function pointKey(feature) { return feature.geometry.coordinates.join(","); }

  // Who else is drawn at a feature's point, from the features drawn now (most mentioned first).
  function sharedPoints(drawn) {
    var byPoint = {};
    drawn.forEach(function (f) { (byPoint[pointKey(f)] = byPoint[pointKey(f)] || []).push(f); });
    return function (feature) {
      return (byPoint[pointKey(feature)] || []).filter(function (f) { return f !== feature; });
    };
  }

  function colours(groups) {
    var out = {};
    groups.forEach(function (g) { out[g.name] = g.colour; });
    return out;
  }

  // ctx: colourOf, types, most (mentions of the largest circle), largest (its radius), here().
  function marker(feature, ctx, focus) {
    var p = feature.properties;
    var c = feature.geometry.coordinates;
    var colour = ctx.colourOf[p.group] || "#64748b";
    var size = radius(p.mentions, ctx.most, ctx.largest);
    var m = L.circleMarker([c[1], c[0]], {
      radius: focus ? Math.max(size, 7) : size,
      color: focus ? "#111827" : colour, weight: focus ? 3 : 1, opacity: 0.9,
      fillColor: colour, fillOpacity: focus ? 0.85 : 0.45,
      dashArray: p.approximate ? "3 3" : null
    });
    m.bindPopup(function () { return popup(feature, ctx); });
    m.bindTooltip(p.label, { direction: "top", offset: [0, -4] });
    return m;
  }

  /* ---- the map page ---------------------------------------------------------------- */
  function sizeLegend(box, most) {
    if (!box) { return; }
    var steps = [1, 10, 100, 1000, 10000].filter(function (n) { return n <= most; });
    if (steps[steps.length - 1] !== most) { steps.push(most); }
    box.textContent = "";
    box.appendChild(element("div", "small", "Số lần nhắc đến · Mentions"));
    var svgNS = "http://www.w3.org/2000/svg";
    var width = 0;
    var svg = document.createElementNS(svgNS, "svg");
    var height = 2 * R_MAX + 18;
    steps.forEach(function (n) {
      var r = radius(n, most);
      var circle = document.createElementNS(svgNS, "circle");
      circle.setAttribute("cx", width + R_MAX);
      circle.setAttribute("cy", 2 * R_MAX - r + 1);
      circle.setAttribute("r", r);
      circle.setAttribute("class", "map-size");
      svg.appendChild(circle);
      var text = document.createElementNS(svgNS, "text");
      text.setAttribute("x", width + R_MAX);
      text.setAttribute("y", height - 2);
      text.setAttribute("text-anchor", "middle");
      text.textContent = number(n);
      svg.appendChild(text);
      width += 2 * R_MAX + 6;
    });
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    box.appendChild(svg);
  }

  function mapPage(container) {
    var form = document.getElementById("map-filter");
    var status = document.getElementById("map-status");
    var mentionedOnly = document.getElementById("map-mentioned");
    var find = document.getElementById("map-find");
    var map = baseMap(container);
    var handle = { map: map, shown: 0, total: 0, ready: false };
    container.vnkg = handle;
    map.fitBounds([[8.4, 102.1], [23.4, 109.5]]);
    var layer = L.layerGroup().addTo(map);
    var list = element("ol", "map-top");
    var listHead = element("h3", null, "Nhắc đến nhiều nhất · Most mentioned");
    status.parentNode.insertBefore(listHead, status.nextSibling);
    listHead.parentNode.insertBefore(list, listHead.nextSibling);
    status.textContent = "Đang tải… · Loading…";

    var outline = drawOutline(map, container.dataset.outline).then(function (land) {
      map.fitBounds(boundsOf(land.bbox), { padding: [10, 10] });
    });
    var data = getJSON(container.dataset.src);
    Promise.all([data, outline]).then(function (results) {
      var all = results[0].features;
      var colourOf = colours(results[0].groups);
      var most = all.reduce(function (m, f) { return Math.max(m, f.properties.mentions); }, 1);
      var ctx = { colourOf: colourOf, types: results[0].types || {}, most: most, largest: R_MAX,
                  here: function () { return []; } };
      var markers = all.map(function (f) { return marker(f, ctx, false); });
      var names = all.map(function (f) {
        var p = f.properties;
        return fold([p.label, p.label_en, p.code].join(" "));
      });
      var matched = [];
      sizeLegend(document.getElementById("map-sizes"), most);
      handle.total = all.length;

      function redraw() {
        var wanted = {};
        form.querySelectorAll("input[name=type]").forEach(function (box) { wanted[box.value] = box.checked; });
        var onlyMentioned = mentionedOnly.checked;
        var needle = fold(find.value.trim());
        var counts = {};
        layer.clearLayers();
        list.textContent = "";
        matched = [];
        all.forEach(function (f, i) {   // most mentioned first: drawn under the small ones
          var p = f.properties;
          if (onlyMentioned && !p.mentions) { return; }
          if (needle && names[i].indexOf(needle) < 0) { return; }
          counts[p.group] = (counts[p.group] || 0) + 1;
          if (!wanted[p.group]) { return; }
          layer.addLayer(markers[i]);
          if (matched.length < LIST_SIZE) { list.appendChild(listItem(f, markers[i])); }
          matched.push(markers[i]);
        });
        form.querySelectorAll(".count[data-group]").forEach(function (badge) {
          badge.textContent = number(counts[badge.dataset.group] || 0);
        });
        ctx.here = sharedPoints(all.filter(function (f, i) { return layer.hasLayer(markers[i]); }));
        var shown = matched.length;
        handle.shown = shown;
        listHead.textContent = needle ? "Kết quả tìm · Matches" : "Nhắc đến nhiều nhất · Most mentioned";
        if (needle && !shown) { list.appendChild(element("li", "muted", "Không có thực thể nào khớp · No entity matches")); }
        status.textContent = "Hiển thị " + number(shown) + " / " + number(all.length) + " thực thể · showing " +
          number(shown) + " of " + number(all.length) + " entities";
        syncAddress(wanted, onlyMentioned, find.value.trim());
      }

      function showMatches() {   // Enter in the find box: frame what matched, open a lone match
        if (!matched.length) { return; }
        if (matched.length === 1) {
          map.setView(matched[0].getLatLng(), Math.max(map.getZoom(), 8));
          matched[0].openPopup();
        } else {
          map.fitBounds(L.latLngBounds(matched.map(function (m) { return m.getLatLng(); })),
            { padding: [30, 30], maxZoom: 9 });
        }
      }

      function listItem(feature, m) {
        var p = feature.properties;
        var item = element("li");
        var link = element("a", null, p.label);
        link.href = p.path;
        item.appendChild(link);
        item.appendChild(document.createTextNode(" "));
        var show = element("button", "link-button", "◎");
        show.type = "button";
        show.title = "Xem trên bản đồ · Show on the map";
        show.setAttribute("aria-label", "Xem " + p.label + " trên bản đồ · Show on the map");
        show.addEventListener("click", function () {
          map.setView(m.getLatLng(), Math.max(map.getZoom(), 8));
          m.openPopup();
        });
        item.appendChild(show);
        item.appendChild(element("span", "count", number(p.mentions)));
        return item;
      }

      function syncAddress(wanted, onlyMentioned, text) {
        var params = new URLSearchParams();
        if (text) { params.set("find", text); }
        var names = Object.keys(wanted);
        var ticked = names.filter(function (n) { return wanted[n]; });
        if (ticked.length !== names.length) { ticked.forEach(function (n) { params.append("type", n); }); }
        if (!onlyMentioned) { params.set("all", "1"); }
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
      }

      var typing = null;
      form.addEventListener("change", redraw);
      find.addEventListener("input", function () {
        clearTimeout(typing);
        typing = setTimeout(redraw, 120);
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(typing);
        redraw();
        showMatches();
      });
      redraw();
      handle.ready = true;
    }).catch(function (err) {
      status.textContent = "Không tải được dữ liệu bản đồ · Could not load the map data: " + err.message;
    });
  }

  /* ---- the small map of an entity page -------------------------------------------------- */
  function miniMap(container) {
    var map = baseMap(container, { minZoom: 4, scrollWheelZoom: false });
    var handle = { map: map, shown: 0, ready: false };
    container.vnkg = handle;
    var here = L.latLng(Number(container.dataset.lat), Number(container.dataset.long));
    map.setView(here, 6);
    Promise.all([getJSON(container.dataset.src), drawOutline(map, container.dataset.outline)]).then(function (results) {
      var data = results[0];
      var colourOf = colours(data.groups);
      var most = data.features.reduce(function (m, f) { return Math.max(m, f.properties.mentions); }, 1);
      var points = [];
      var ctx = { colourOf: colourOf, types: data.types || {}, most: most, largest: MINI_MAX,
                  here: sharedPoints(data.features) };
      data.features.forEach(function (f) {
        var m = marker(f, ctx, !!f.properties.focus).addTo(map);
        points.push(m.getLatLng());
      });
      handle.shown = data.features.length;
      var note = document.getElementById("mini-map-note");
      if (note && data.features.length > 1) {
        note.textContent = number(data.features.length - 1) + " thực thể liên quan có vị trí · related entities with a location";
      }
      if (points.length > 1) {
        map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 7 });
      }
      handle.ready = true;
    }).catch(function (err) {
      var note = document.getElementById("mini-map-note");
      if (note) { note.textContent = "Không tải được bản đồ · Could not load the map: " + err.message; }
    });
  }

  var page = document.getElementById("map");
  if (page && page.dataset.src) { mapPage(page); }
  var mini = document.getElementById("mini-map");
  if (mini && mini.dataset.src) { miniMap(mini); }
})();
