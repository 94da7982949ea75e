/* explainer: links in the drawings. Material's hover preview makes every [href] of
   the page it previews absolute by assigning el.href, which an SVG link has only a
   getter for: the assignment throws and the preview never shows (a page with a
   chart, map or network). SVG links get a setter that writes the attribute. */
(function () {
  "use strict";
  var proto = window.SVGAElement && window.SVGAElement.prototype;
  var own = proto && Object.getOwnPropertyDescriptor(proto, "href");
  if (!own || own.set || !own.configurable) { return; }
  Object.defineProperty(proto, "href", {
    configurable: true,
    enumerable: own.enumerable,
    get: own.get,
    set: function (value) {
      if (typeof value === "string" || value instanceof URL) {
        this.setAttribute("href", String(value));
      }
    }
  });
})();

/* explainer: the timeline filter. Progressive enhancement: without this script
   the timeline shows every event; with it, readers filter by actor, tag and
   status, and the filter is kept in the URL (?actor=…&tag=…&status=…) so a
   filtered view can be shared. */
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("form[data-ex-filter]");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var items = Array.prototype.slice.call(document.querySelectorAll("li.ex-event"));
    var fields = ["actor", "tag", "status"];
    var attribute = { actor: "actors", tag: "tags", status: "status" };
    var count = form.querySelector(".ex-filter__count");

    function wanted() {
      var values = {};
      fields.forEach(function (name) { values[name] = form.elements[name].value; });
      return values;
    }

    function matches(item, values) {
      return fields.every(function (name) {
        if (!values[name]) { return true; }
        var words = (item.getAttribute("data-" + attribute[name]) || "").split(/\s+/);
        return words.indexOf(values[name]) !== -1;
      });
    }

    /* The elements of a heading's section: its siblings up to the next heading of its level or higher. */
    function section(heading) {
      var level = Number(heading.tagName.charAt(1));
      var nodes = [];
      var node = heading.nextElementSibling;
      while (node && !(/^H[1-6]$/.test(node.tagName) && Number(node.tagName.charAt(1)) <= level)) {
        nodes.push(node);
        node = node.nextElementSibling;
      }
      return nodes;
    }

    /* Hide lists, headings and section notes that no longer show any event. */
    function updateSections() {
      Array.prototype.forEach.call(document.querySelectorAll("ul"), function (list) {
        if (list.querySelector(":scope > li.ex-event")) {
          list.hidden = !list.querySelector(":scope > li.ex-event:not([hidden])");
        }
      });
      var headings = document.querySelectorAll("article h2, article h3");
      Array.prototype.forEach.call(headings, function (heading) {
        var nodes = section(heading);
        var hasEvents = nodes.some(function (n) { return n.querySelector && n.querySelector("li.ex-event"); });
        if (!hasEvents) { return; }
        var visible = nodes.some(function (n) { return n.querySelector && n.querySelector("li.ex-event:not([hidden])"); });
        heading.hidden = !visible;
        nodes.forEach(function (n) { if (n.tagName === "P") { n.hidden = !visible; } });
      });
    }

    function apply(pushToUrl) {
      var values = wanted();
      var shown = 0;
      items.forEach(function (item) {
        var ok = matches(item, values);
        item.hidden = !ok;
        if (ok) { shown += 1; }
      });
      updateSections();
      /* The chart's marks follow the filter too (an event may have a mark in several lanes). */
      Array.prototype.forEach.call(document.querySelectorAll(".ex-chart a.ex-mark[data-status]"), function (mark) {
        mark.classList.toggle("ex-mark--out", !matches(mark, values));
      });
      if (count) {
        count.textContent = "Showing " + shown + " of " + items.length + " events";
      }
      if (pushToUrl) {
        var params = new URLSearchParams(window.location.search);
        fields.forEach(function (name) {
          if (values[name]) { params.set(name, values[name]); } else { params.delete(name); }
        });
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    var params = new URLSearchParams(window.location.search);
    fields.forEach(function (name) {
      var value = params.get(name);
      var select = form.elements[name];
      if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
      }
    });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply(false);
  }

  /* Material's tooltips (content.tooltips) put the title an element has into the page as
     HTML. Titles hold content: a glossary definition, a link's title, a heading or page
     title that Material copies from the text when it is cut short. So the title Material
     reads is escaped first: the tooltip shows the text, and nothing in it runs. The title
     attribute itself (native tooltips, screen readers) keeps the text as it is. This runs
     at once, before Material sets up its tooltips when the document has loaded. */
  var titleProperty = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "title");

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function escapeTitleOf(element) {
    if (!element || Object.prototype.hasOwnProperty.call(element, "title")) { return; }
    Object.defineProperty(element, "title", {
      configurable: true,
      get: function () { return escapeHtml(titleProperty.get.call(this)); },
      set: function (value) { titleProperty.set.call(this, value); }
    });
  }

  function escapeTitles(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[title], .md-ellipsis"), function (el) {
      escapeTitleOf(el);
      escapeTitleOf(el.closest("a"));  /* Material titles the link around a cut-short text */
    });
  }

  if (titleProperty && titleProperty.get && titleProperty.set) {
    escapeTitles(document);
    if (typeof document$ !== "undefined" && document$.subscribe) {
      document$.subscribe(function () { escapeTitles(document); });  /* instant navigation */
    }
  }

  /* Material's search overlay is a dialog without a name; screen readers need one. */
  function nameTheSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", "Search"); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameTheSearchDialog);
  } else {
    nameTheSearchDialog();
  }

  /* Drawings (timeline chart, map): a tooltip on hover and on keyboard focus, from the
     mark's own <title> (text only), and wide charts scrolled to their latest part. */
  function setUpDrawings() {
    var tip = null;
    function show(mark) {
      var title = mark.querySelector("title");
      if (!title) { return; }
      if (!tip) {
        tip = document.createElement("div");
        tip.className = "ex-chart-tip";
        tip.setAttribute("role", "tooltip");
        document.body.appendChild(tip);
      }
      tip.textContent = title.textContent;
      var box = mark.getBoundingClientRect();
      tip.hidden = false;
      var left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
      tip.style.left = Math.max(window.scrollX + 4, left) + "px";
      tip.style.top = (window.scrollY + box.bottom + 6) + "px";
    }
    function hide() { if (tip) { tip.hidden = true; } }
    Array.prototype.forEach.call(document.querySelectorAll(".ex-chart a.ex-mark, .ex-map a.ex-place"), function (mark) {
      if (mark.dataset.tip) { return; }
      mark.dataset.tip = "1";
      mark.addEventListener("mouseenter", function () { show(mark); });
      mark.addEventListener("focus", function () { show(mark); });
      mark.addEventListener("mouseleave", hide);
      mark.addEventListener("blur", hide);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".ex-chart-scroll"), function (box) {
      if (box.scrollWidth > box.clientWidth) { box.scrollLeft = box.scrollWidth; }
    });
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(setUpDrawings);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpDrawings);
  } else {
    setUpDrawings();
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(setUp);  /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
