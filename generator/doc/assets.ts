/**
 * The site's style sheet and page script, as text the site writes out (assets/style.css,
 * assets/doc.js). The script is plain ES2020 in one classic script, not a module: Chromium
 * blocks module imports from file://, and the site must work opened from the disk. It uses
 * the runtime through the global `CDL` (assets/runtime.js, runtime/index.ts bundled by
 * `npm run build`) and the tables the page holds as JSON (`#cdl-tables`), so the decoder's
 * answers and error messages are the runtime's own: what `cdl decode` and a tool get.
 */

export const STYLE = `:root { color-scheme: light; --fg: #1b1b1b; --muted: #5f6368; --line: #d0d4d9; --accent: #0b57d0; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #ffffff; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
a { color: var(--accent); }
code, .word, input.int { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; }
header.top { position: sticky; top: 0; z-index: 2; display: flex; gap: 1rem; align-items: center; padding: 0.5rem 1.5rem; background: #f6f8fa; border-bottom: 1px solid var(--line); }
header.top .home { font-weight: 600; text-decoration: none; }
.search { position: relative; flex: 1; max-width: 420px; }
#search { width: 100%; padding: 0.3rem 0.5rem; border: 1px solid var(--line); border-radius: 4px; }
#search-results { position: absolute; left: 0; right: 0; margin: 2px 0 0; padding: 0.25rem 0; list-style: none; background: #ffffff; border: 1px solid var(--line); border-radius: 4px; max-height: 60vh; overflow: auto; box-shadow: 0 4px 12px rgba(0,0,0,0.12); }
#search-results li { padding: 0.15rem 0.6rem; }
.kind { color: var(--muted); font-size: 0.85em; font-weight: normal; }
section.decl { border-top: 1px solid var(--line); padding-top: 0.5rem; margin-top: 2rem; }
section.decl h2 { margin: 0.3rem 0; }
a.self { color: var(--line); text-decoration: none; }
.source { color: var(--muted); margin: 0; font-size: 0.85em; }
table { border-collapse: collapse; margin: 0.75rem 0; }
th, td { border: 1px solid var(--line); padding: 0.2rem 0.55rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
td.doc p, .doc p { margin: 0 0 0.3rem; }
.layout-table td:not(.type):not(.doc) { white-space: nowrap; }
td.differs, tr.meta td.differs, span.differs { background: #ffe08a; font-weight: 600; }
tr.meta th, tr.meta td { background: #fafafa; }
.legend { color: var(--muted); font-size: 0.85em; }
figure.diagram { margin: 0.75rem 0; overflow-x: auto; }
figcaption { font-size: 0.9em; color: var(--muted); }
svg.bit-diagram text { font: 11px ui-monospace, "DejaVu Sans Mono", Menlo, monospace; fill: #1b1b1b; }
svg.bit-diagram text.bitno { font-size: 9px; fill: #5f6368; }
svg.bit-diagram g.piece:hover rect { stroke-width: 2; }
svg.bit-diagram g.piece.field { cursor: pointer; }
details.decoder { margin: 1rem 0; padding: 0.5rem 0.75rem; border: 1px solid var(--line); border-radius: 6px; background: #fbfcfd; }
details.decoder summary { cursor: pointer; font-weight: 600; }
details.decoder select.target { margin-right: 1rem; }
.target-layout { border-left: 3px solid var(--line); padding-left: 0.75rem; margin: 0.75rem 0; }
.target-layout p.targets { margin: 0.25rem 0; }
input.word { width: 22em; padding: 0.2rem 0.4rem; }
input.int { width: 14em; }
input.invalid { outline: 2px solid var(--bad); }
.error { color: var(--bad); min-height: 1.5em; margin: 0.3rem 0; }
.issues { color: var(--bad); margin: 0; }
.decoder-fields th { font-weight: normal; }
.decoder-fields td.note { color: var(--muted); }
tr[hidden] { display: none; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
code.fixed { letter-spacing: 0.05em; white-space: nowrap; }
var { font-style: italic; color: var(--accent); }
tr:target { background: #fff4c2; }
`;

export const CLIENT_SCRIPT = `/* cdl doc: the search box and the live decoders. Generated; do not edit. */
(function () {
  'use strict';
  var root = document.body.getAttribute('data-root') || '';

  // Search: a filter over window.CDL_SEARCH ([qname, kind, href] rows), case-insensitive.
  var box = document.getElementById('search');
  var list = document.getElementById('search-results');
  var index = window.CDL_SEARCH || [];
  function results() {
    var q = box.value.trim().toLowerCase();
    list.textContent = '';
    if (q === '') { list.hidden = true; return; }
    var n = 0;
    for (var i = 0; i < index.length && n < 50; i++) {
      if (index[i][0].toLowerCase().indexOf(q) < 0) continue;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + index[i][2];
      a.textContent = index[i][0];
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = ' ' + index[i][1];
      li.appendChild(a);
      li.appendChild(kind);
      list.appendChild(li);
      n++;
    }
    if (n === 0) { var none = document.createElement('li'); none.textContent = 'no match'; list.appendChild(none); }
    list.hidden = false;
  }
  if (box && list) {
    box.addEventListener('input', results);
    box.addEventListener('keydown', function (e) {
      var a = list.querySelector('a');
      if (e.key === 'Enter' && a) window.location.href = a.href;
      if (e.key === 'Escape') { box.value = ''; results(); }
    });
  }

  // Decoders: the runtime (window.CDL) over the page's tables.
  var R = window.CDL;
  var data = document.getElementById('cdl-tables');
  if (!R || !data) return;
  var tables = JSON.parse(data.textContent);

  /** An integer as a person writes it (decimal, 0x, 0o, 0b, _ between digits, a sign), or null. */
  function parseNumber(text) {
    var s = text.trim().replace(/_/g, '');
    var negative = s.charAt(0) === '-';
    if (negative) s = s.slice(1);
    if (!/^(0x[0-9a-f]+|0o[0-7]+|0b[01]+|[0-9]+)$/i.test(s)) return null;
    var v = BigInt(s.toLowerCase());
    return negative ? -v : v;
  }

  function fieldTable(t, name, variant) {
    var all = t.fields.concat(t.tag ? [t.tag] : []);
    for (var i = 0; i < t.variants.length; i++) if (t.variants[i].name === variant) all = all.concat(t.variants[i].fields);
    for (var k = 0; k < all.length; k++) if (all[k].name === name) return all[k];
    return null;
  }

  function setup(form) {
    var t = tables.types[form.getAttribute('data-type')];
    if (!t || t.kind !== 'bits') return;
    var word = form.querySelector('input.word');
    var formatted = form.querySelector('.formatted code');
    var error = form.querySelector('.error');
    var issues = form.querySelector('.issues');
    var rows = Array.prototype.slice.call(form.querySelectorAll('tr[data-field]'));
    var ignored = BigInt(0);

    function clear() {
      error.textContent = '';
      Array.prototype.forEach.call(form.querySelectorAll('.invalid'), function (el) { el.classList.remove('invalid'); });
    }
    function fail(input, message) {
      error.textContent = message;
      input.classList.add('invalid');
    }
    /** Shows word w: the formatted line, what validate finds, every field (but the one being edited). */
    function show(w, editing) {
      var d = R.decodeBits(t, w);
      ignored = d.ignored;
      formatted.textContent = R.formatBits(tables, t, w);
      issues.textContent = '';
      R.validateBits(tables, t, w).forEach(function (m) {
        var li = document.createElement('li');
        li.textContent = m;
        issues.appendChild(li);
      });
      rows.forEach(function (row) {
        var variant = row.getAttribute('data-variant');
        var on = !variant || variant === d.variant;
        var value = d.fields[row.getAttribute('data-field')];
        // A field the picked target's layout lacks is hidden too.
        row.hidden = !on || value === undefined;
        if (row.hidden) return;
        var input = row.querySelector('input');
        var note = row.querySelector('.note');
        if (input.type === 'checkbox') {
          if (input !== editing) input.checked = value === true;
          return;
        }
        if (input !== editing) input.value = R.formatInt(value);
        var f = fieldTable(t, row.getAttribute('data-field'), d.variant);
        var e = f && Object.prototype.hasOwnProperty.call(tables.types, f.type) ? tables.types[f.type] : null;
        note.textContent = e && e.kind === 'enum' ? R.formatEnum(e, BigInt(value)) : '';
      });
    }
    function fromWord() {
      clear();
      var v = parseNumber(word.value);
      if (v === null) return fail(word, "'" + word.value + "' is not a number: write it in decimal, or with 0x, 0o or 0b");
      var problems = R.validateBits(tables, t, v);
      if (v < BigInt(0) || (v >> BigInt(t.width)) !== BigInt(0)) return fail(word, problems[0]);
      show(v, null);
    }
    function fromFields(edited) {
      clear();
      var fields = {};
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].hidden) continue;
        var input = rows[i].querySelector('input');
        var name = rows[i].getAttribute('data-field');
        if (input.type === 'checkbox') { fields[name] = input.checked; continue; }
        var v = parseNumber(input.value);
        if (v === null) return fail(input, t.name + '.' + name + ": '" + input.value + "' is not a number");
        // A number where it is exact, as code that calls the runtime passes it: its messages then read 291, not 291n.
        fields[name] = v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      var w;
      try {
        w = R.encodeBits(t, fields, ignored);
      } catch (e) {
        return fail(edited, e && e.message ? e.message : String(e));
      }
      word.value = '0x' + w.toString(16);
      show(w, edited);
    }
    // A click on a field in the section's diagram goes to its input (of the diagram's variant).
    var section = form.parentNode;
    Array.prototype.forEach.call(section.querySelectorAll('svg.bit-diagram g.piece[data-field]'), function (piece) {
      piece.addEventListener('click', function () {
        var figure = piece.closest('figure');
        var variant = figure ? figure.getAttribute('data-variant') : null;
        for (var i = 0; i < rows.length; i++) {
          var v = rows[i].getAttribute('data-variant');
          if (rows[i].getAttribute('data-field') !== piece.getAttribute('data-field') || (v && v !== variant)) continue;
          if (!rows[i].hidden) rows[i].querySelector('input').focus();
          return;
        }
      });
    });
    // The target picker (where targets lay the layout out differently) switches the tables the decoder runs on; the word stays.
    var picker = form.querySelector('select.target');
    if (picker) picker.addEventListener('change', function () {
      t = tables.targets[form.getAttribute('data-type')][Number(picker.value)];
      fromWord();
    });
    word.addEventListener('input', fromWord);
    form.addEventListener('input', function (e) {
      if (e.target !== word && e.target.hasAttribute('data-field')) fromFields(e.target);
    });
    fromWord();
  }
  Array.prototype.forEach.call(document.querySelectorAll('.decoder'), setup);
})();
`;
