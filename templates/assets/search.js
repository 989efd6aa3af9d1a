/* Search as you type, from a plain <script> index (window.DOSSIER_INDEX), so it works
   from file:// too. Queries are folded like the index: case, accents and apostrophe
   variants ignored. Keyboard: arrows move, Enter opens, Escape closes. */
(function () {
  "use strict";
  var APOSTROPHES = /['\u2018\u2019\u02bb\u02bc\u02b9`\u00b4\u2032]/g;
  var LIMIT = 12;

  function fold(text) {
    return text.replace(APOSTROPHES, "").toLowerCase().normalize("NFKD")
      .replace(/\p{M}/gu, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
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
    if (inNames) return item.names.indexOf(" " + query) === 1 ? 80 : 60;
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
    var selected = -1;
    box.hidden = false;

    function links() { return list.querySelectorAll("a"); }
    function select(index) {
      var all = links();
      if (!all.length) return;
      selected = (index + all.length) % all.length;
      for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-selected", i === selected ? "true" : "false");
      all[selected].scrollIntoView({ block: "nearest" });
    }
    function show() {
      var hits = search(items, input.value);
      list.textContent = "";
      selected = -1;
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
      list.hidden = !input.value.trim();
      if (input.value.trim() && !hits.length) {
        var none = document.createElement("li");
        none.className = "hit-context";
        none.textContent = "No matches";
        list.appendChild(none);
      }
      status.textContent = input.value.trim() ? hits.length + " results" : "";
    }
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); select(selected + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); select(selected - 1); }
      else if (event.key === "Enter") {
        var all = links();
        var target = all[selected >= 0 ? selected : 0];
        if (target) { event.preventDefault(); window.location.href = target.href; }
      } else if (event.key === "Escape") { list.hidden = true; input.value = ""; status.textContent = ""; }
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) list.hidden = true;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  window.DossierSearch = { fold: fold, search: function (q) { return search(prepare(window.DOSSIER_INDEX || []), q); } };
})();
