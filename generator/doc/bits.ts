/**
 * A bit layout's section of the site: its diagrams, its field table and its live decoder, for
 * every way the project's layouts lay it out. Most bit layouts are the same on every target
 * (the checker refuses a position that depends on one) and get one diagram; a `c_bitfields`
 * layout, which a big-endian target's C compiler fills from the other end, gets one diagram and
 * table per distinct layout, labelled with the targets it holds on, and the decoder a target
 * picker that switches it to that target's tables. Nothing here assumes that only placement
 * differs: the decoder has a row for every field of any layout, hidden where the picked one
 * lacks it. What counts as distinct is what a reader would see or
 * get: the drawn HTML and the decode table, so two layouts that draw and decode alike share one.
 */
import type * as ir from '../ir.js';
import { bitsTable } from '../emitters/tables/index.js';
import type { BitsTable } from '../../runtime/tables.js';
import { bitRange, declHref, docHtml, esc, formatNumber } from './html.js';
import { bitDiagram } from './svg.js';
import { columnName, columnNames } from './tables.js';

/** One distinct layout of a bit layout: the declaration as its layouts have it. */
export interface BitsGroup {
  readonly bits: ir.Bits;
  readonly layouts: readonly ir.Layout[];
  /** What the decoder runs when this group's target is picked. */
  readonly table: BitsTable;
}

/** The distinct layouts of bit layout `qname` over `layouts`, in order: the first layout's first. */
export function bitsGroups(qname: string, layouts: readonly ir.Layout[], root: string): BitsGroup[] {
  const groups = new Map<string, { bits: ir.Bits; layouts: ir.Layout[]; table: BitsTable }>();
  // Layouts of one data model share their declarations: each object is rendered once.
  const keys = new Map<ir.Bits, string>();
  for (const l of layouts) {
    const b = l.byName.get(qname);
    if (b?.kind !== 'bits') continue;
    let key = keys.get(b);
    if (key === undefined) {
      key = JSON.stringify(bitsTable(b)) + bitsBody(b, root, 'd');
      keys.set(b, key);
    }
    const g = groups.get(key);
    if (g) g.layouts.push(l);
    else groups.set(key, { bits: b, layouts: [l], table: bitsTable(b) });
  }
  return [...groups.values()];
}

/** The id its diagrams' SVG elements are made from: unique on the page, per group. */
function diagramId(b: ir.Bits, group: number): string {
  return `d-${b.qname.replace(/[^A-Za-z0-9_-]/g, '_')}${group > 0 ? `-t${group}` : ''}`;
}

/** The section's body: one block per group (labelled only where there are several), then the decoder. */
export function bitsHtml(groups: readonly BitsGroup[], all: readonly ir.Layout[], root: string): string {
  if (groups.length === 1) return `${bitsBody(groups[0]!.bits, root, diagramId(groups[0]!.bits, 0))}\n${decoderHtml(groups, all)}`;
  const blocks = groups.map((g, k) =>
    [
      `<div class="target-layout" data-targets="${esc(columnNames(g.layouts, all).join(','))}">`,
      `<p class="targets">On <strong>${esc(columnName(g.layouts, all))}</strong>:</p>`,
      bitsBody(g.bits, root, diagramId(g.bits, k)),
      '</div>',
    ].join('\n'),
  );
  return `${blocks.join('\n')}\n${decoderHtml(groups, all)}`;
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

/** One layout of `b`: its container, its diagrams (one per variant) and its field table. */
function bitsBody(b: ir.Bits, root: string, id: string): string {
  const out: string[] = [`<p class="value"><code>${b.words > 1 ? `u${b.wordBits}[${b.words}]` : `u${b.wordBits}`}</code>, ${b.width} bits${b.cBitfields ? ', C bit-fields (as these targets lay them out)' : ''}</p>`];
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
    `<tr${variant ? ` data-variant="${esc(variant)}"` : ''}><th scope="row">${esc(f.name)}</th><td>${f.ranges.map((r) => bitRange(r.lo, r.hi)).join(', ')}${f.shift ? ` &lt;&lt; ${f.shift}` : ''}</td><td>${fieldKind(f, root)}</td><td>${variant ? esc(variant) : ''}</td><td class="doc">${docHtml(f.doc)}</td></tr>`;
  for (const f of b.fields) rows.push(fieldRow(f, null));
  if (b.tag) rows.push(fieldRow(b.tag, null));
  for (const v of b.variants) for (const f of v.fields) rows.push(fieldRow(f, v.name));
  for (const r of [...b.reserved.map((r) => ({ r, v: null as string | null })), ...b.variants.flatMap((v) => v.reserved.map((r) => ({ r, v: v.name })))]) {
    rows.push(`<tr class="reserved"><th scope="row">reserved</th><td>${bitRange(r.r.range.lo, r.r.range.hi)}</td><td>${r.r.value === null ? 'ignored' : `= ${esc(formatNumber(r.r.value))}`}</td><td>${r.v ? esc(r.v) : ''}</td><td class="doc">${docHtml(r.r.doc)}</td></tr>`);
  }
  out.push(
    '<table class="field-table">',
    '<thead><tr><th scope="col">field</th><th scope="col">bits</th><th scope="col">type</th><th scope="col">variant</th><th scope="col">doc</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
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
 * tables. Rows are made here, so the page is complete without the script: one per field of
 * any group (a field some targets lack is hidden while they are picked). With several groups,
 * a `<select>` of every target, whose value is the index of its group's table in the page's
 * `targets` entry for the layout.
 */
function decoderHtml(groups: readonly BitsGroup[], all: readonly ir.Layout[]): string {
  const first = groups[0]!.bits;
  const seen = new Set<string>();
  const rows: string[] = [];
  const input = (f: ir.BitField, variant: string | null) => {
    const attrs = `data-field="${esc(f.name)}"${variant ? ` data-variant="${esc(variant)}"` : ''}`;
    if (seen.has(attrs)) return;
    seen.add(attrs);
    const control = f.type.kind === 'bool' ? `<input type="checkbox" ${attrs} aria-label="${esc(f.name)}">` : `<input type="text" class="int" ${attrs} value="0" spellcheck="false" aria-label="${esc(f.name)}">`;
    rows.push(`<tr ${attrs}><th scope="row">${esc(f.name)}</th><td>${control}</td><td class="note"></td></tr>`);
  };
  for (const { bits: b } of groups) {
    for (const f of b.fields) input(f, null);
    if (b.tag) input(b.tag, null);
    for (const v of b.variants) for (const f of v.fields) input(f, v.name);
  }
  const picker =
    groups.length > 1
      ? `<label>target <select class="target" aria-label="${esc(`${first.qname} target`)}">${groups.flatMap((g, k) => columnNames(g.layouts, all).map((n) => `<option value="${k}">${esc(n)}</option>`)).join('')}</select></label>`
      : '';
  return [
    `<details class="decoder" data-type="${esc(first.qname)}" open>`,
    '<summary>Decode / encode</summary>',
    picker,
    `<label>word <input type="text" class="word" value="0x0" spellcheck="false" aria-label="${esc(`${first.qname} word`)}"></label>`,
    '<p class="formatted"><code></code></p>',
    '<p class="error" role="alert"></p>',
    '<ul class="issues"></ul>',
    '<table class="decoder-fields"><tbody>',
    ...rows,
    '</tbody></table>',
    '</details>',
  ]
    .filter((s) => s !== '')
    .join('\n');
}
