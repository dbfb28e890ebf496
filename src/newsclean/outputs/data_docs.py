"""data_docs: GX's Data Docs made to open offline, from the file system, with no request leaving the machine.

GX renders its pages to load Bootstrap, jQuery, bootstrap-table, Font Awesome and Vega from CDNs, and a logo
from a remote bucket with the project's ``dataContextId`` in its query; offline, the pages came unstyled and the
validation list empty, since bootstrap-table fills it from a script.  ``make_offline`` rewrites every page of
the site after each build: the remote ``<link>``, ``<script src>`` and ``<img>`` go, and two local files come
in their place, written here: a stylesheet with the part of Bootstrap the pages use (grid, navigation, cards,
tables, alerts, badges) and a small script that stands in for the jQuery calls GX's inline scripts make — it
renders each bootstrap-table from the columns and rows the page holds, switches tabs, and shows or hides the
"succeeded" rows.  Vega charts (GX draws them only for distribution expectations, which the shipped suites do
not use) stay unrendered.  Links to GX's web site stay links: following one is the reader's choice, opening a
page requests nothing.  Written for newsclean: no offline build of these assets exists on PyPI or Debian.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

CSS_NAME = "newsclean-offline.css"
JS_NAME = "newsclean-offline.js"
# What fetches on its own when a page opens: stylesheets, scripts, images, frames (an <a href> does not).
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>", re.I)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"']?(?:https?:)?//[^>]*>\s*</script>", re.I)
_REMOTE_IMG = re.compile(r"<img\b[^>]*\bsrc=[\"']?(?:https?:)?//[^>]*>", re.I)
_REMOTE_CSS_URL = re.compile(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", re.I)  # GX's own stylesheet fetches a logo
_REMOTE_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?(?:https?:)?//[^;]*;", re.I)
REMOTE_FETCH = re.compile(
    r"<(?:link|script|img|iframe|source|video|audio|embed)\b[^>]*\b(?:href|src)=[\"']?"
    r"(?:https?:)?//",
    re.I,
)

CSS = """
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#212529;background:#fff}
a{color:#1c6dd0;text-decoration:none}a:hover{text-decoration:underline}
.container-fluid{width:100%;padding:0 1rem}.row{display:flex;flex-wrap:wrap;margin:0 -.5rem}
.row>*{padding:0 .5rem;flex:1 0 100%;max-width:100%}
@media(min-width:768px){.col-md-2{flex:0 0 16.66%;max-width:16.66%}.col-md-10{flex:0 0 83.33%;max-width:83.33%}
.col-md-6{flex:0 0 50%;max-width:50%}.col-md-4{flex:0 0 33.33%;max-width:33.33%}.col-md-8{flex:0 0 66.66%;max-width:66.66%}}
.col-12{flex:0 0 100%;max-width:100%}
.navbar{display:flex;align-items:center;padding:.5rem 1rem;border-bottom:1px solid #dee2e6;background:#fff}
.navbar-brand{font-weight:600;font-size:1.1rem}.navbar-brand::after{content:"Great Expectations Data Docs"}
.sticky-top{position:sticky;top:0;z-index:10}.d-flex{display:flex}.d-none{display:none!important}
.invisible{visibility:hidden}.float-left{float:left}.mr-auto{margin-right:auto}.text-center{text-align:center}
.nav{display:flex;flex-wrap:wrap;list-style:none;padding:0;margin:0 0 .5rem}
.nav-tabs{border-bottom:1px solid #dee2e6}.nav-link{display:block;padding:.4rem .9rem;color:#495057}
.nav-tabs .nav-link.active{border:1px solid #dee2e6;border-bottom-color:#fff;border-radius:.25rem .25rem 0 0;
margin-bottom:-1px;background:#fff;color:#212529}.nav-pills{flex-direction:column}
.nav-pills .nav-link.active{background:#1c6dd0;color:#fff;border-radius:.25rem}
.tab-pane{display:none}.tab-pane.active{display:block}
.card{border:1px solid #dee2e6;border-radius:.25rem;margin:0 0 1rem;background:#fff}
.card-header{padding:.5rem .9rem;background:#f8f9fa;border-bottom:1px solid #dee2e6;font-weight:600}
.card-body{padding:.75rem .9rem}
.alert{padding:.6rem .9rem;border:1px solid transparent;border-radius:.25rem;margin:.5rem 0}
.alert-secondary{background:#e2e3e5;border-color:#d6d8db}.alert-info{background:#d1ecf1;border-color:#bee5eb}
.fixed-bottom{display:none}
.badge{display:inline-block;padding:.15em .45em;font-size:85%;font-weight:600;border-radius:.25rem}
.badge-secondary{background:#6c757d;color:#fff}.badge-info{background:#17a2b8;color:#fff}
.text-success{color:#2b8a3e}.text-danger{color:#c92a2a}.text-warning{color:#b35c00}.lead{font-size:1.15rem}
.bg-light{background:#f8f9fa}.rounded{border-radius:.25rem}
.breadcrumb-item{display:inline}.breadcrumb-item+.breadcrumb-item::before{content:" / "}
table,.table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #dee2e6;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f8f9fa}.table-responsive{overflow-x:auto}tr.clickable-row{cursor:pointer}
tr.clickable-row:hover{background:#f1f3f5}
.btn{display:inline-block;padding:.2rem .6rem;border:1px solid #adb5bd;border-radius:.25rem;background:#f8f9fa;
color:#212529;cursor:pointer}
.fas{font-style:normal}.fa-check-circle::before{content:"\\2714";color:#2b8a3e}
.fa-times::before,.fa-times-circle::before{content:"\\2718";color:#c92a2a}.fa-question-circle::before{content:"?"}
.cooltip .top{display:none}.cooltip:hover .top{display:block;position:absolute;background:#fff;
border:1px solid #dee2e6;padding:.4rem;white-space:pre;z-index:20}
.show-scrollbars{overflow:auto}
"""

JS = r"""
// Stands in, offline, for the jQuery and bootstrap-table calls of GX's Data Docs (newsclean.outputs.data_docs).
(function () {
  "use strict";
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  // A bootstrap-table's columns and rows as a plain table.  The cells hold the HTML GX rendered for them (status
  // icons, links to the suites): they are GX's own markup, inserted as bootstrap-table inserts it.
  function renderTable(el, options) {
    var columns = options.columns || [], rows = options.data || [];
    var head = "<thead><tr>" + columns.map(function (c) { return "<th>" + esc(c.title || c.field) + "</th>"; }).join("") + "</tr></thead>";
    var body = rows.map(function (row) {
      var link = row._table_row_link_path;
      return "<tr" + (link ? ' class="clickable-row" data-href="' + esc(link) + '"' : "") + ">" +
        columns.map(function (c) { return "<td>" + (row[c.field] == null ? "" : row[c.field]) + "</td>"; }).join("") + "</tr>";
    }).join("");
    el.innerHTML = head + "<tbody>" + body + "</tbody>";
    el.addEventListener("click", function (event) {
      var tr = event.target.closest("tr[data-href]");
      if (tr && !event.target.closest("a")) { window.location = tr.getAttribute("data-href"); }
    });
  }
  function Nodes(nodes) { this.nodes = nodes; }
  Nodes.prototype.bootstrapTable = function (options) {
    if (options && typeof options === "object") { this.nodes.forEach(function (n) { renderTable(n, options); }); }
    return this;
  };
  Nodes.prototype.ready = function (fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
    return this;
  };
  Nodes.prototype.on = function (event, handler) {
    var name = String(event).split(".")[0];
    if (name !== "click-row") { this.nodes.forEach(function (n) { n.addEventListener(name, handler); }); }
    return this;  // a row's click is handled where the table is drawn
  };
  Nodes.prototype.parent = function () {
    return wrap(this.nodes.map(function (n) { return n.parentNode; }).filter(Boolean));
  };
  Nodes.prototype.fadeIn = Nodes.prototype.show = function () {
    this.nodes.forEach(function (n) { n.style.display = ""; }); return this;
  };
  Nodes.prototype.fadeOut = Nodes.prototype.hide = function () {
    this.nodes.forEach(function (n) { n.style.display = "none"; }); return this;
  };
  Nodes.prototype.removeClass = function (name) {
    this.nodes.forEach(function (n) { n.classList && n.classList.remove(name); }); return this;
  };
  Nodes.prototype.addClass = function (name) {
    this.nodes.forEach(function (n) { n.classList && n.classList.add(name); }); return this;
  };
  Nodes.prototype.each = function (fn) {
    this.nodes.forEach(function (n, i) { fn.call(n, i, n); }); return this;
  };
  Nodes.prototype.prepend = function (html) {
    this.nodes.forEach(function (n) { n.insertAdjacentHTML("afterbegin", String(html)); }); return this;
  };
  Nodes.prototype.data = function (key) {
    var n = this.nodes[0]; return n && n.getAttribute ? n.getAttribute("data-" + key) : undefined;
  };
  function wrap(nodes) {
    // any other jQuery or Bootstrap method (modal, tooltip, popover ...) does nothing and chains
    return new Proxy(new Nodes(nodes), {
      get: function (target, prop) {
        if (prop in target) { return target[prop]; }
        return function () { return wrap(nodes); };
      }
    });
  }
  window.$ = window.jQuery = function (selector) {
    if (typeof selector === "function") { return wrap([document]).ready(selector); }
    if (selector === document || selector === window) { return wrap([selector]); }
    if (selector && selector.nodeType) { return wrap([selector]); }
    try { return wrap(Array.prototype.slice.call(document.querySelectorAll(selector))); }
    catch (e) { return wrap([]); }
  };
  // Bootstrap's tabs and pills: a nav link shows its pane and hides its siblings.
  document.addEventListener("click", function (event) {
    var link = event.target.closest('[data-toggle="tab"],[data-toggle="pill"]');
    if (!link) { return; }
    event.preventDefault();
    var target = document.getElementById((link.getAttribute("href") || "").replace(/^#/, ""));
    if (!target) { return; }
    Array.prototype.forEach.call(target.parentNode.children, function (pane) { pane.classList.remove("active", "show"); });
    target.classList.add("active", "show");
    Array.prototype.forEach.call(link.closest(".nav").querySelectorAll(".nav-link"), function (l) { l.classList.remove("active"); });
    link.classList.add("active");
  });
})();
"""


def make_offline(docs_dir: Path) -> list[Path]:
    """Rewrite the Data Docs under ``docs_dir`` to open offline (see the module's docstring); the files changed.

    Idempotent: a page already rewritten has nothing remote left and gets its two local files once."""
    docs_dir = Path(docs_dir)
    static = docs_dir / "static"
    static.mkdir(parents=True, exist_ok=True)
    (static / CSS_NAME).write_text(CSS.lstrip(), encoding="utf-8")
    (static / JS_NAME).write_text(JS.lstrip(), encoding="utf-8")
    changed = []
    for sheet in sorted(static.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8")
        offline = _REMOTE_CSS_IMPORT.sub("", _REMOTE_CSS_URL.sub("none", text))
        if offline != text:
            sheet.write_text(offline, encoding="utf-8")
            changed.append(sheet)
    for page in sorted(docs_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        offline = _REMOTE_IMG.sub("", _REMOTE_SCRIPT.sub("", _REMOTE_LINK.sub("", text)))
        if JS_NAME not in offline:
            up = os.path.relpath(static, page.parent).replace(os.sep, "/")
            assets = f'<link rel="stylesheet" href="{up}/{CSS_NAME}"><script src="{up}/{JS_NAME}"></script>'
            offline = re.sub(r"</head>", lambda _, assets=assets: assets + "</head>", offline, count=1, flags=re.I)
        if offline != text:
            page.write_text(offline, encoding="utf-8")
            changed.append(page)
    return changed
