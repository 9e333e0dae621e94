/* Suggestions while typing in the ask and search boxes: an ARIA 1.2 combobox over /api/suggest.
 * Every <input data-suggest="/api/suggest"> gets a listbox of entities and topics (accent-
 * insensitive prefix and word matches, most mentioned first). Arrow keys move through it,
 * Enter on a suggestion opens its page (an entity or topic page), Enter without one submits
 * the form as typed, Escape closes the list (and clears the box when it is already closed).
 * Text from the store is set with textContent only, never as HTML. Without this script the
 * boxes are plain inputs (with the browser's own history); with it, ours replaces that. */
(function () {
  "use strict";
  var MAX_QUERY = 100;  // the API refuses longer; do not even ask
  var DELAY = 120;      // ms of pause in typing before asking
  var LIMIT = 8;

  function attach(input, index) {
    var endpoint = input.getAttribute("data-suggest");
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var options = [], active = -1, timer = null, controller = null, lastQuery = null;
    var listId = "suggest-list-" + index;

    list.id = listId;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gợi ý · Suggestions");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.parentNode.insertBefore(list, input.nextSibling);
    input.parentNode.insertBefore(status, list.nextSibling);
    input.parentNode.classList.add("suggest-host");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");  // our list replaces the browser's

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!options.length) { close(); return; }
      list.style.minWidth = input.offsetWidth + "px";
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(next) {
      var items = list.children;
      if (active >= 0 && items[active]) { items[active].setAttribute("aria-selected", "false"); }
      active = next;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[active].id);
        if (items[active].scrollIntoView) { items[active].scrollIntoView({ block: "nearest" }); }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      var s = options[i];
      if (!s) { return; }
      close();
      if (s.path) {
        window.location.assign(s.path);
      } else {
        input.value = s.label;
        if (input.form) { input.form.submit(); }
      }
    }

    function span(className, text) {
      var el = document.createElement("span");
      el.className = className;
      el.textContent = text;
      return el;
    }

    function render(suggestions) {
      options = suggestions;
      list.textContent = "";
      active = -1;
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.className = "suggest-option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-path", s.path || "");
        li.appendChild(span("suggest-label", s.label));
        if (s.matched) { li.appendChild(span("suggest-matched", " = " + s.matched)); }
        li.appendChild(span("badge t-" + s.type, s.type_label + (s.type_label_en && s.type_label_en !== s.type_label ? " · " + s.type_label_en : "")));
        li.appendChild(span("suggest-count", s.kind === "topic"
          ? s.mentions_display + " đề xuất, chỉ đạo · statements"
          : s.mentions_display + " lần nhắc · mentions"));
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the box until the page changes
          choose(i);
        });
        li.addEventListener("mousemove", function () { if (active !== i) { highlight(i); } });
        list.appendChild(li);
      });
      status.textContent = suggestions.length
        ? suggestions.length + " gợi ý · " + suggestions.length + " suggestions" : "";
      open();
    }

    function fetchSuggestions() {
      var q = input.value.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
      if (!q || q.length > MAX_QUERY) { options = []; close(); lastQuery = null; return; }
      if (q === lastQuery) { open(); return; }
      lastQuery = q;
      if (controller) { controller.abort(); }
      controller = typeof AbortController === "function" ? new AbortController() : null;
      var url = endpoint + "?limit=" + LIMIT + "&q=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (q !== lastQuery || document.activeElement !== input) { return; }
          render(data.suggestions || []);
        })
        .catch(function (err) {
          if (!err || err.name !== "AbortError") { options = []; close(); }
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var shown = !list.hidden && options.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!shown) { fetchSuggestions(); open(); return; }
        highlight(active + 1 < options.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp") {
        if (!shown) { return; }
        event.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter") {
        if (shown && active >= 0) {
          event.preventDefault();
          choose(active);
        } else {
          close();
        }
      } else if (event.key === "Escape") {
        if (shown) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          lastQuery = null;
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("focus", function () { if (options.length && input.value.trim() === lastQuery) { open(); } });
  }

  var inputs = document.querySelectorAll("input[data-suggest]");
  for (var i = 0; i < inputs.length; i++) { attach(inputs[i], i); }
})();
