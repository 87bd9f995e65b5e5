/* Chinese full-text search over the index written by generator/search/index.py.
 *
 * Everything is loaded with <script> tags (no fetch, no modules, no WebAssembly), so it works from file:// on a
 * USB stick as well as over HTTP. A query loads the manifest, the shards holding its keys, then the text of the
 * best candidates to check the exact phrase and cut a snippet. Result text is inserted with textContent only.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var BASE = script.src.replace(/assets\/dossier\/search\.js(\?.*)?$/, "");
  var LABELS = window.dossierLabels || {};
  var PAGE_SIZE = 10;
  var VERIFY_BATCH = 20;
  var CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUN = new RegExp("[" + CJK + "]+|[0-9a-z]+", "g");
  var store = { manifest: {}, shard: {}, text: {} };
  var waiting = {};

  function label(key, params) {
    var text = LABELS[key] || key;
    Object.keys(params || {}).forEach(function (name) { text = text.split("{" + name + "}").join(params[name]); });
    return text;
  }

  /* Same rules as generator/search/tokens.py. */
  function normalise(text) {
    return text.replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .toLowerCase();
  }
  function queryTerms(query) { return normalise(query).match(RUN) || []; }
  function termKeys(term) {
    if (/^[0-9a-z]/.test(term) || term.length === 1) return [term];
    var keys = [];
    for (var i = 0; i < term.length - 1; i++) keys.push(term.substr(i, 2));
    return keys;
  }
  function fnv1a(key) {
    var h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) { h ^= key.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }

  /* Index files call dossierSearchData(kind, number, payload) when they load. */
  window.dossierSearchData = function (kind, number, payload) {
    store[kind][number] = payload;
    var id = kind + ":" + number;
    (waiting[id] || []).forEach(function (done) { done(); });
    delete waiting[id];
  };
  var FOLDERS = { manifest: "manifest", shard: "s/", text: "t/" };
  function load(kind, number) {
    return new Promise(function (resolve, reject) {
      if (store[kind][number] !== undefined) { resolve(store[kind][number]); return; }
      var id = kind + ":" + number;
      var first = !waiting[id];
      (waiting[id] = waiting[id] || []).push(function () { resolve(store[kind][number]); });
      if (!first) return;
      var tag = document.createElement("script");
      tag.charset = "utf-8";
      tag.src = BASE + "search/" + (kind === "manifest" ? "manifest" : FOLDERS[kind] + number) + ".js";
      tag.onerror = function () { delete waiting[id]; reject(new Error("cannot load " + tag.src)); };
      document.head.appendChild(tag);
    });
  }

  function decode(postings) {
    var map = new Map();
    var doc = 0;
    postings.split(",").forEach(function (entry) {
      var star = entry.indexOf("*");
      doc += parseInt(star < 0 ? entry : entry.slice(0, star), 36);
      map.set(doc, star < 0 ? 1 : parseInt(entry.slice(star + 1), 36));
    });
    return map;
  }

  /* Candidates that hold every key (or, failing that, the most keys), best estimated first. */
  function candidates(keys, manifest) {
    var shards = keys.map(function (key) { return fnv1a(key) % manifest.shards; });
    return Promise.all(shards.map(function (n) { return load("shard", n); })).then(function (loaded) {
      var lists = keys.map(function (key, i) { var p = loaded[i][key]; return p ? decode(p) : new Map(); });
      var scores = new Map();
      lists.forEach(function (list) {
        list.forEach(function (count, doc) {
          var s = scores.get(doc) || { keys: 0, min: Infinity, sum: 0 };
          s.keys += 1; s.min = Math.min(s.min, count); s.sum += count;
          scores.set(doc, s);
        });
      });
      var all = [];
      scores.forEach(function (s, doc) { all.push({ doc: doc, keys: s.keys, min: s.min, sum: s.sum }); });
      var complete = all.filter(function (c) { return c.keys === keys.length; });
      var partial = complete.length === 0;
      var pool = partial ? all.filter(function (c) { return c.keys * 2 >= keys.length; }) : complete;
      pool.sort(function (a, b) { return b.keys - a.keys || b.min - a.min || b.sum - a.sum || a.doc - b.doc; });
      return { list: pool, partial: partial };
    });
  }

  function countOf(text, term) {
    var n = 0, at = text.indexOf(term);
    while (at >= 0) { n++; at = text.indexOf(term, at + term.length); }
    return n;
  }

  /* Load [url, title, meta, text] of candidates[from..to) and mark exact-phrase matches. */
  function verify(cands, terms, from, to) {
    var slice = cands.slice(from, to);
    return Promise.all(slice.map(function (c) { return load("text", c.doc); })).then(function () {
      slice.forEach(function (c) {
        var row = store.text[c.doc];
        var text = normalise(row[3]);
        var title = normalise(row[1]);
        c.exact = terms.every(function (t) { return text.indexOf(t) >= 0; });
        c.hits = terms.reduce(function (n, t) { return n + countOf(text, t); }, 0);
        c.inTitle = terms.every(function (t) { return title.indexOf(t) >= 0; });
        c.row = row;
      });
    });
  }

  function rankVerified(list) {
    return list.slice().sort(function (a, b) {
      return (b.exact - a.exact) || (b.inTitle - a.inTitle) || (b.hits - a.hits) || (b.min - a.min) || (a.doc - b.doc);
    });
  }

  /* A snippet around the first occurrence of a term, as DOM nodes with the match in <mark>. */
  function snippet(doc, terms) {
    var raw = store.text[doc][3];
    var text = normalise(raw);
    var at = -1, term = "";
    terms.concat(terms.reduce(function (keys, t) { return keys.concat(termKeys(t)); }, [])).some(function (t) {
      at = text.indexOf(t); term = t; return at >= 0;
    });
    var p = document.createElement("p");
    p.className = "dossier-snippet";
    if (at < 0) { p.textContent = raw.slice(0, 90).replace(/\s+/g, " ") + (raw.length > 90 ? "…" : ""); return p; }
    var start = Math.max(0, at - 30), end = Math.min(raw.length, at + term.length + 60);
    var piece = raw.slice(start, end).replace(/\s/g, " ");
    var lower = normalise(piece);
    p.appendChild(document.createTextNode(start > 0 ? "…" : ""));
    var pos = 0;
    while (pos < piece.length) {
      var next = -1, len = 0;
      terms.forEach(function (t) {
        var i = lower.indexOf(t, pos);
        if (i >= 0 && (next < 0 || i < next)) { next = i; len = t.length; }
      });
      if (next < 0) { p.appendChild(document.createTextNode(piece.slice(pos))); break; }
      p.appendChild(document.createTextNode(piece.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = piece.slice(next, next + len);
      p.appendChild(mark);
      pos = next + len;
    }
    if (end < raw.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function resultItem(c, terms) {
    var li = document.createElement("li");
    li.className = "dossier-hit";
    var a = document.createElement("a");
    a.href = BASE + c.row[0];
    a.className = "dossier-hit__title";
    a.textContent = c.row[1];
    var meta = document.createElement("span");
    meta.className = "dossier-hit__meta";
    meta.textContent = c.row[2];
    li.appendChild(a);
    li.appendChild(meta);
    li.appendChild(snippet(c.doc, terms));
    return li;
  }

  /* search(query) → Promise of {total, partial, hits:[{url,title,meta,exact}]}; also used by the tests. */
  function search(query, limit) {
    var terms = queryTerms(query);
    var keys = [];
    terms.forEach(function (t) { termKeys(t).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); }); });
    if (!keys.length) return Promise.resolve({ total: 0, partial: false, ranked: [], terms: terms });
    return load("manifest", 0).then(function (manifest) {
      return candidates(keys, manifest).then(function (found) {
        var upto = Math.min(found.list.length, Math.max(VERIFY_BATCH, limit || PAGE_SIZE));
        return verify(found.list, terms, 0, upto).then(function () {
          var ranked = rankVerified(found.list.slice(0, upto)).concat(found.list.slice(upto));
          return { total: found.list.length, partial: found.partial, ranked: ranked, terms: terms };
        });
      });
    });
  }

  function runPage() {
    var box = document.getElementById("dossier-search-results");
    if (!box) return;
    var input = document.getElementById("dossier-search-input");
    var status = document.getElementById("dossier-search-status");
    var more = document.getElementById("dossier-search-more");
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    if (!query.trim()) { input.focus(); return; }
    status.textContent = label("site-search-loading");
    search(query).then(function (result) {
      var shown = 0;
      function show() {
        var next = result.ranked.slice(shown, shown + PAGE_SIZE);
        var unverified = next.filter(function (c) { return !c.row; });
        var ready = unverified.length
          ? verify(unverified, result.terms, 0, unverified.length) : Promise.resolve();
        return ready.then(function () {
          next.forEach(function (c) { box.appendChild(resultItem(c, result.terms)); });
          shown += next.length;
          more.hidden = shown >= result.ranked.length;
        });
      }
      if (!result.total) { status.textContent = label("site-search-none"); return; }
      status.textContent = result.partial ? label("site-search-partial")
        : label("site-search-found", { count: result.total });
      more.onclick = show;
      return show();
    }).catch(function () { status.textContent = label("site-search-failed"); });
  }

  /* A search box in Material's header that opens the search page. */
  function headerBox() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".dossier-header-search")) return;
    var form = document.createElement("form");
    form.className = "dossier-header-search";
    form.action = BASE + "search.html";
    form.method = "get";
    form.setAttribute("role", "search");
    var input = document.createElement("input");
    input.type = "search";
    input.name = "q";
    input.placeholder = label("site-search-placeholder");
    input.setAttribute("aria-label", label("site-search"));
    form.appendChild(input);
    var source = header.querySelector(".md-header__source");
    header.insertBefore(form, source);
  }

  window.dossierSearch = { search: search, normalise: normalise, fnv1a: fnv1a };
  function start() { headerBox(); runPage(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
