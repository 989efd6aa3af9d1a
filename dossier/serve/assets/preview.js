// Reloads a previewed page when the server says a rebuild has landed (or its problems changed).
// Served only by `serve`, never written into the site.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-generation") : null;
  if (!window.EventSource || shown === null) {
    return;
  }
  var events = new EventSource("/__dossier__/events");
  events.onmessage = function (event) {
    if (event.data !== shown) {
      events.close();
      window.location.reload();
    }
  };
})();
