/* Search as you type, from a plain <script> index (window.DOSSIER_INDEX), so it works
   from file:// too, where browsers refuse to fetch a JSON file. Queries are folded
   exactly like the index (dossier/names.py): case, accents and apostrophe variants
   ignored. Results are ordinary links. Keyboard: typing searches; Down moves into the
   results and Up/Down between them (Up from the first goes back to the box); Enter
   opens the focused result, or the first one from the box; Escape closes the results
   and returns to the box, a second Escape clears it. Without JavaScript the box stays
   hidden and the index pages reach every record. */
(function () {
  "use strict";
  // Kept equal to APOSTROPHES in dossier/names.py.
  var APOSTROPHES = /['`\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u055a\u05f3\u2018\u2019\u201b\u2032\u2035\ua78b\ua78c]/g;
  var LIMIT = 12;

  // Same steps, same order as names.fold: lowercase, NFKD, drop marks, drop apostrophes,
  // anything but letters and digits separates words.
  function fold(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(APOSTROPHES, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function prepare(rows) {
    return rows.map(function (r) {
      return { title: r[0], kind: r[1], url: r[2], context: r[3],
               names: " " + r[4].split(" | ").join("  ") + " ", full: r[4].split(" | "),
               text: " " + r[5] + " " };
    });
  }

  function score(item, query, tokens) {
    if (item.full.indexOf(query) >= 0) return 100;
    var inNames = true;
    for (var i = 0; i < tokens.length; i++) {
      var t = " " + tokens[i];
      if (item.names.indexOf(t) < 0) {
        inNames = false;
        if (item.text.indexOf(t) < 0) return 0;
      }
    }
    if (inNames) return item.names.indexOf(" " + query) >= 0 ? 80 : 60;
    return item.kind === "Event" ? 10 : 20;
  }

  function search(items, raw) {
    var query = fold(raw);
    if (!query) return [];
    var tokens = query.split(" ");
    var hits = [];
    for (var i = 0; i < items.length; i++) {
      var s = score(items[i], query, tokens);
      if (s) hits.push([s, items[i]]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || (a[1].title < b[1].title ? -1 : a[1].title > b[1].title ? 1 : 0); });
    return hits.slice(0, LIMIT).map(function (h) { return h[1]; });
  }

  function start() {
    var box = document.querySelector(".search");
    if (!box || !window.DOSSIER_INDEX) return;
    var items = prepare(window.DOSSIER_INDEX);
    var root = box.getAttribute("data-root") || "";
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    box.hidden = false;

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    function close() {
      list.hidden = true;
    }
    function show() {
      var raw = input.value.trim();
      var hits = search(items, raw);
      list.textContent = "";
      hits.forEach(function (hit) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + hit.url;
        a.textContent = hit.title;
        var kind = document.createElement("span");
        kind.className = "hit-kind";
        kind.textContent = hit.kind;
        a.appendChild(kind);
        if (hit.context) {
          var context = document.createElement("span");
          context.className = "hit-context";
          context.textContent = hit.context;
          a.appendChild(context);
        }
        li.appendChild(a);
        list.appendChild(li);
      });
      if (raw && !hits.length) {
        var none = document.createElement("li");
        none.className = "hit-none";
        none.textContent = "No matches";
        list.appendChild(none);
      }
      list.hidden = !raw;
      status.textContent = !raw ? "" : hits.length === 1 ? "1 result" : hits.length + " results";
    }
    function move(from, step) {
      var all = links();
      var at = all.indexOf(from) + step;
      if (at < 0) { input.focus(); return; }
      if (all.length) all[Math.min(at, all.length - 1)].focus();
    }

    input.addEventListener("input", show);
    input.addEventListener("focus", function () { if (input.value.trim()) show(); });
    box.addEventListener("keydown", function (event) {
      var inBox = event.target === input;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden && input.value.trim()) show();
        move(inBox ? null : event.target, 1);
      } else if (event.key === "ArrowUp" && !inBox) {
        event.preventDefault();
        move(event.target, -1);
      } else if (event.key === "Enter" && inBox) {
        var first = links()[0];
        if (first) { event.preventDefault(); window.location.href = first.href; }
      } else if (event.key === "Escape") {
        if (list.hidden) input.value = "";
        else event.preventDefault();  // the browser would clear the box too
        close();
        input.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) close();
    });
    box.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !box.contains(event.relatedTarget)) close();
    });
  }

  window.DossierSearch = {
    fold: fold,
    search: function (q) { return search(prepare(window.DOSSIER_INDEX || []), q); }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
