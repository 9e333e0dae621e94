// SPARQL query page: Ctrl+Enter (Cmd+Enter on a Mac) in the query box runs the query.
// Tab is left alone so keyboard users can still move out of the box.
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  var box = document.getElementById("sparql-query");
  if (!form || !box) { return; }
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  });
})();
