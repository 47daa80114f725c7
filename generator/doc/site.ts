/**
 * `cdl doc`'s site: an index page, one page per namespace, a style sheet, the page script, the
 * search index and the browser build of the runtime, as generated files (path and contents)
 * that the CLI stages and puts in place as `cdl gen` does its output (command.ts).
 *
 * What is drawn from which layout: the declarations, their docs, the bit diagrams and the live
 * decoders come from the project's first layout (its first target, first configuration),
 * which is also the decoder's target, and the page says so; the struct and union tables show
 * every layout, which is where targets differ. Each page is made from the layouts alone, in
 * their order: byte-identical across runs.
 */
import type * as ir from '../ir.js';
import type { GeneratedFile } from '../emitters/emitter.js';
import { valueTables } from '../emitters/tables/index.js';
import type { TypeTable } from '../../runtime/tables.js';
import { CLIENT_SCRIPT, STYLE } from './assets.js';
import { anchorOf, declHref, docHtml, esc, namespacePage, page } from './html.js';
import { bitDiagram } from './svg.js';
import { layoutName, layoutTable, typeHtml } from './tables.js';

export interface SiteInput {
  /** Every layout of the project, in the order compile() gives them (the first is the decoder's). */
  readonly layouts: readonly ir.Layout[];
  /** The spec files, relative to the configuration's directory, for the index page. */
  readonly specs: readonly string[];
  /** The runtime bundled as one classic script that defines the global `CDL` (dist/runtime.browser.js). */
  readonly runtimeScript: string;
}

const SCRIPTS = ['assets/runtime.js', 'assets/search-index.js', 'assets/doc.js'];

/** Every file of the site. */
export function* siteFiles(input: SiteInput): Generator<GeneratedFile> {
  const first = input.layouts[0];
  if (!first) throw new Error('internal error: cdl doc needs at least one layout');
  const tables = valueTables(first);
  yield { path: 'assets/style.css', contents: STYLE };
  yield { path: 'assets/doc.js', contents: CLIENT_SCRIPT };
  yield { path: 'assets/runtime.js', contents: input.runtimeScript };
  yield { path: 'assets/search-index.js', contents: searchIndex(first) };
  yield { path: 'index.html', contents: indexPage(input) };
  for (const ns of first.namespaces) yield { path: namespacePage(ns), contents: namespacePageHtml(ns, input.layouts, tables.types) };
}

/** Declarations and aliases of namespace `ns` on layout `l`, in spec order. */
function membersOf(l: ir.Layout, ns: string): (ir.Decl | ir.TypeAlias)[] {
  return [...l.decls.filter((d) => d.namespace === ns), ...l.aliases.filter((a) => a.namespace === ns)];
}

/**
 * The search index as a classic script (`window.CDL_SEARCH = [...]`): pages opened from
 * file:// cannot fetch a JSON file, but they can load a script; one file, not a copy per page.
 */
export function searchIndex(l: ir.Layout): string {
  const entries = l.namespaces.flatMap((ns) => membersOf(l, ns).map((d) => [d.qname, d.kind, declHref(ns, d.name, '')]));
  return `window.CDL_SEARCH = ${JSON.stringify(entries).replace(/</g, '\\u003c')};\n`;
}

const KIND_TITLE: Readonly<Record<string, string>> = { const: 'constant', enum: 'enum', bits: 'bit layout', struct: 'struct', union: 'union', alias: 'type alias' };

function indexPage(input: SiteInput): string {
  const first = input.layouts[0]!;
  const targets = input.layouts.map(layoutName);
  const body = [
    '<h1>Reference</h1>',
    `<p>Layouts: ${esc(targets.join(', '))}. Diagrams and decoders are for <strong>${esc(layoutName(first))}</strong>; the struct and union tables show every layout.</p>`,
    '<h2>Namespaces</h2>',
    '<ul class="namespaces">',
    ...first.namespaces.map((ns) => {
      const count = membersOf(first, ns).length;
      return `<li><a href="${esc(namespacePage(ns))}">${esc(ns)}</a> <span class="count">${count} declaration${count === 1 ? '' : 's'}</span></li>`;
    }),
    '</ul>',
    '<h2>Specs</h2>',
    '<ul class="specs">',
    ...input.specs.map((s) => `<li><code>${esc(s)}</code></li>`),
    '</ul>',
  ].join('\n');
  return page({ title: 'CDL reference', root: '', body, scripts: SCRIPTS });
}

function namespacePageHtml(ns: string, layouts: readonly ir.Layout[], types: { readonly [q: string]: TypeTable }): string {
  const first = layouts[0]!;
  const root = '../';
  const members = membersOf(first, ns);
  const sections = members.map((d) => section(d, layouts, root));
  // The decoders' tables: the page's bit layouts, and the enums their fields name.
  const pageTypes: Record<string, TypeTable> = {};
  for (const d of members) {
    if (d.kind !== 'bits') continue;
    const t = types[d.qname];
    if (t?.kind !== 'bits') continue;
    pageTypes[d.qname] = t;
    for (const f of [...t.fields, ...(t.tag ? [t.tag] : []), ...t.variants.flatMap((v) => v.fields)]) {
      const e = types[f.type];
      if (e?.kind === 'enum') pageTypes[f.type] = e;
    }
  }
  const toc = members.map((d) => `<li><a href="#${esc(anchorOf(d.name))}">${esc(d.name)}</a> <span class="kind">${KIND_TITLE[d.kind]}</span></li>`).join('\n');
  const body = [
    `<h1>namespace ${esc(ns)}</h1>`,
    `<p class="sources">From ${first.namespaceSources.get(ns)?.map((s) => `<code>${esc(s)}</code>`).join(', ') ?? ''}. Diagrams and decoders: ${esc(layoutName(first))}.</p>`,
    `<nav class="toc"><ul>\n${toc}\n</ul></nav>`,
    ...sections,
  ].join('\n');
  const data = new Map<string, unknown>([['cdl-tables', { target: first.target.name, config: first.config, types: pageTypes }]]);
  return page({ title: `${ns} — CDL reference`, root, body, scripts: SCRIPTS, data });
}

function section(d: ir.Decl | ir.TypeAlias, layouts: readonly ir.Layout[], root: string): string {
  const head = `<section class="decl ${d.kind}" id="${esc(anchorOf(d.name))}" data-qname="${esc(d.qname)}">\n<h2><span class="kind">${KIND_TITLE[d.kind]}</span> ${esc(d.name)} <a class="self" href="#${esc(anchorOf(d.name))}" aria-label="link to ${esc(d.name)}">#</a></h2>\n<p class="source"><code>${esc(d.source)}</code></p>\n<div class="doc">${docHtml(d.doc)}</div>`;
  return `${head}\n${sectionBody(d, layouts, root)}\n</section>`;
}

function sectionBody(d: ir.Decl | ir.TypeAlias, layouts: readonly ir.Layout[], root: string): string {
  switch (d.kind) {
    case 'const':
      return `<p class="value"><code>${esc(d.name)}${d.type ? `: ${esc(d.type)}` : ''} = ${esc(formatNumber(d.value))}</code></p>`;
    case 'alias':
      return `<p class="value"><code>type ${esc(d.name)} = </code>${typeHtml({ ...d.type, alias: null } as ir.Type, root)}</p>`;
    case 'enum':
      return enumHtml(d);
    case 'bits':
      return bitsHtml(d, root);
    case 'struct':
    case 'union':
      return layoutTable(d.qname, layouts, root);
  }
}

/** Decimal below 1024, hex from there (as the runtime's formatInt), negative with a sign. */
function formatNumber(v: bigint): string {
  const abs = v < 0n ? -v : v;
  const text = abs < 1024n ? abs.toString() : `0x${abs.toString(16)}`;
  return v < 0n ? `-${text}` : text;
}

function enumHtml(e: ir.Enum): string {
  const rows = e.members.map((m) => `<tr><th scope="row">${esc(m.name)}</th><td>${esc(formatNumber(m.value))}</td><td class="doc">${docHtml(m.doc)}</td></tr>`);
  return [
    `<p class="value"><code>${e.signed ? 'i' : 'u'}${e.width}</code>, stored in ${e.storageBits} bits</p>`,
    '<table class="enum-table">',
    '<thead><tr><th scope="col">member</th><th scope="col">value</th><th scope="col">doc</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
  ].join('\n');
}

function fieldKind(f: ir.BitField, root: string): string {
  switch (f.type.kind) {
    case 'bool':
      return 'flag';
    case 'uint':
      return `u${f.valueWidth}`;
    case 'sint':
      return `i${f.valueWidth}`;
    case 'enum':
      return `<a class="type" href="${esc(declHref(f.type.decl.namespace, f.type.decl.name, root))}">${esc(f.type.decl.qname)}</a>`;
  }
}

function bitsHtml(b: ir.Bits, root: string): string {
  const id = `d-${b.qname.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const out: string[] = [`<p class="value"><code>${b.words > 1 ? `u${b.wordBits}[${b.words}]` : `u${b.wordBits}`}</code>, ${b.width} bits${b.cBitfields ? ', C bit-fields (as this target lays them out)' : ''}</p>`];
  const diagrams = b.variants.length ? b.variants.map((v, i) => ({ v, id: `${id}-${i}` })) : [{ v: null, id }];
  for (const { v, id: did } of diagrams) {
    out.push(
      `<figure class="diagram"${v ? ` data-variant="${esc(v.name)}"` : ''}>`,
      v ? `<figcaption>variant <strong>${esc(v.name)}</strong> (${esc(b.tag?.name ?? 'tag')} = ${v.when.map((w) => esc(tagValue(b, w))).join(', ')})</figcaption>` : '',
      bitDiagram(b, v, did),
      '</figure>',
    );
  }
  // Field reference: every field once (common ones, the tag, then each variant's).
  const rows: string[] = [];
  const fieldRow = (f: ir.BitField, variant: string | null) =>
    `<tr${variant ? ` data-variant="${esc(variant)}"` : ''}><th scope="row">${esc(f.name)}</th><td>${f.ranges.map((r) => (r.lo === r.hi ? `${r.lo}` : `${r.hi}..${r.lo}`)).join(', ')}${f.shift ? ` &lt;&lt; ${f.shift}` : ''}</td><td>${fieldKind(f, root)}</td><td>${variant ? esc(variant) : ''}</td><td class="doc">${docHtml(f.doc)}</td></tr>`;
  for (const f of b.fields) rows.push(fieldRow(f, null));
  if (b.tag) rows.push(fieldRow(b.tag, null));
  for (const v of b.variants) for (const f of v.fields) rows.push(fieldRow(f, v.name));
  for (const r of [...b.reserved.map((r) => ({ r, v: null as string | null })), ...b.variants.flatMap((v) => v.reserved.map((r) => ({ r, v: v.name })))]) {
    rows.push(`<tr class="reserved"><th scope="row">reserved</th><td>${r.r.range.lo === r.r.range.hi ? r.r.range.lo : `${r.r.range.hi}..${r.r.range.lo}`}</td><td>${r.r.value === null ? 'ignored' : `= ${esc(formatNumber(r.r.value))}`}</td><td>${r.v ? esc(r.v) : ''}</td><td class="doc">${docHtml(r.r.doc)}</td></tr>`);
  }
  out.push(
    '<table class="field-table">',
    '<thead><tr><th scope="col">field</th><th scope="col">bits</th><th scope="col">type</th><th scope="col">variant</th><th scope="col">doc</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    decoderHtml(b),
  );
  return out.filter((s) => s !== '').join('\n');
}

/** A tag value as the spec writes it: an enum tag's member name, else the number. */
function tagValue(b: ir.Bits, w: bigint): string {
  const t = b.tag?.type;
  const member = t?.kind === 'enum' ? t.decl.members.find((m) => m.value === w) : undefined;
  return member ? member.name : formatNumber(w);
}

/**
 * The live decoder's form; assets.ts's script drives it with the runtime and the page's
 * tables. Rows are made here, so the page is complete without the script.
 */
function decoderHtml(b: ir.Bits): string {
  const input = (f: ir.BitField, variant: string | null) => {
    const attrs = `data-field="${esc(f.name)}"${variant ? ` data-variant="${esc(variant)}"` : ''}`;
    const control = f.type.kind === 'bool' ? `<input type="checkbox" ${attrs} aria-label="${esc(f.name)}">` : `<input type="text" class="int" ${attrs} value="0" spellcheck="false" aria-label="${esc(f.name)}">`;
    return `<tr ${attrs}><th scope="row">${esc(f.name)}</th><td>${control}</td><td class="note"></td></tr>`;
  };
  const rows = [...b.fields.map((f) => input(f, null)), ...(b.tag ? [input(b.tag, null)] : []), ...b.variants.flatMap((v) => v.fields.map((f) => input(f, v.name)))];
  return [
    `<details class="decoder" data-type="${esc(b.qname)}" open>`,
    '<summary>Decode / encode</summary>',
    `<label>word <input type="text" class="word" value="0x0" spellcheck="false" aria-label="${esc(`${b.qname} word`)}"></label>`,
    '<p class="formatted"><code></code></p>',
    '<p class="error" role="alert"></p>',
    '<ul class="issues"></ul>',
    '<table class="decoder-fields"><tbody>',
    ...rows,
    '</tbody></table>',
    '</details>',
  ].join('\n');
}
