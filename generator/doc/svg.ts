/**
 * Bit-field diagrams: one inline SVG per bit layout (per variant, for a tagged one), drawn as
 * the architecture manuals draw registers: most significant bit on the left, one row per 32
 * bits (a 64-bit page-table entry is two rows, bits 63..32 over 31..0; a layout of 8 or 16
 * bits is one row of its width), so that every diagram has the same scale and a bit is always
 * the same width on the page.
 *
 * Each field is one colour; a field whose bits are in several places (a split field, or one
 * that crosses a row) is drawn as one box per piece, each in the field's colour and labelled
 * with the value bits it holds (`imm[11:5]`). A name too long for its box (a one-bit flag) is
 * written upwards, as the SDM writes them, and the rows grow to hold it. Reserved bits are hatched grey and labelled with
 * the value they must hold (or `ignored`); bits nothing names are left white, dashed.
 * Every box has a `<title>` (a tooltip) and `data-field`, which the page's decoder and the
 * tests read. Output depends only on the layout: deterministic.
 */
import type * as ir from '../ir.js';
import { esc } from './html.js';

/** Pixels per bit, per row, and for the bit numbers above a row. */
const BIT = 22;
const BOX = 30;
/** The tallest a row's boxes grow to hold names written upwards in narrow boxes. */
const MAX_BOX = 120;
const NUMBERS = 14;
const GAP = 8;
/** The widest a label's character is taken to be, at the 11px font the style sheet sets. */
const CHAR = 6.6;

/** Colours of fields in order (reused cyclically), light enough for black text. */
export const PALETTE = ['#a6cee3', '#b2df8a', '#fdbf6f', '#cab2d6', '#ffff99', '#fb9a99', '#8dd3c7', '#bebada', '#80b1d3', '#fccde5', '#d9d9a0', '#bc80bd'];
export const RESERVED_FILL = '#d0d0d0';

/** One box of a diagram: a field's piece within one row, reserved bits, or unnamed bits. */
export interface Piece {
  readonly kind: 'field' | 'reserved' | 'unnamed';
  /** The field's name; for reserved and unnamed bits, empty. */
  readonly field: string;
  /** Bits of the layout, LSB-0, inclusive. */
  readonly lo: number;
  readonly hi: number;
  readonly label: string;
  /** A shorter label, for a box too narrow for `label`. */
  readonly short: string;
  readonly title: string;
  /** The fill: a palette colour, or a pattern's url. */
  readonly fill: string;
}

/** Bits a row of the diagram of a layout `width` bits wide holds. */
export function rowBits(width: number): number {
  return Math.min(32, width);
}

/** The fields of the diagram: the common ones, the tag, then the variant's. */
function fieldsOf(b: ir.Bits, variant: ir.BitsVariant | null): ir.BitField[] {
  return [...b.fields, ...(b.tag ? [b.tag] : []), ...(variant?.fields ?? [])];
}

function reservedOf(b: ir.Bits, variant: ir.BitsVariant | null): ir.ReservedBits[] {
  return [...b.reserved, ...(variant?.reserved ?? [])];
}

const bitsText = (lo: number, hi: number) => (lo === hi ? `bit ${lo}` : `bits ${hi}..${lo}`);

/**
 * The pieces of the diagram of `b` (and `variant`), row by row from the top, left to right.
 * `hatch` is the id of the pattern reserved bits are filled with.
 */
export function pieces(b: ir.Bits, variant: ir.BitsVariant | null, hatch: string): Piece[] {
  const per = rowBits(b.width);
  const raw: Piece[] = [];
  const covered = new Array<boolean>(b.width).fill(false);
  fieldsOf(b, variant).forEach((f, i) => {
    const fill = PALETTE[i % PALETTE.length]!;
    // Split at row boundaries too: each piece lies in one row.
    const split: { lo: number; hi: number; vlo: number }[] = [];
    let valueBit = f.shift;
    for (const r of f.ranges) {
      for (let lo = r.lo; lo <= r.hi; ) {
        const hi = Math.min(r.hi, Math.floor(lo / per) * per + per - 1);
        split.push({ lo, hi, vlo: valueBit + (lo - r.lo) });
        lo = hi + 1;
      }
      valueBit += r.hi - r.lo + 1;
      for (let k = r.lo; k <= r.hi; k++) covered[k] = true;
    }
    const whole = `${f.name}: ${f.ranges.map((r) => bitsText(r.lo, r.hi)).join(', ')}${f.shift ? ` (value << ${f.shift})` : ''}`;
    for (const s of split) {
      const vhi = s.vlo + s.hi - s.lo;
      const label = split.length === 1 ? f.name : `${f.name}[${vhi === s.vlo ? vhi : `${vhi}:${s.vlo}`}]`;
      raw.push({ kind: 'field', field: f.name, lo: s.lo, hi: s.hi, label, short: f.name, title: whole, fill });
    }
  });
  for (const r of reservedOf(b, variant)) {
    for (let k = r.range.lo; k <= r.range.hi; k++) covered[k] = true;
    const value = r.value === null ? null : r.value <= 9n ? r.value.toString() : `0x${r.value.toString(16)}`;
    const short = value === null ? 'ignored' : `=${value}`;
    const label = value === null ? 'ignored' : `reserved =${value}`;
    const title = `reserved, ${bitsText(r.range.lo, r.range.hi)}: ${value === null ? 'ignored' : `must be ${value}`}`;
    for (let lo = r.range.lo; lo <= r.range.hi; ) {
      const hi = Math.min(r.range.hi, Math.floor(lo / per) * per + per - 1);
      raw.push({ kind: 'reserved', field: '', lo, hi, label, short, title, fill: `url(#${hatch})` });
      lo = hi + 1;
    }
  }
  // Bits nothing names, in runs that stay within a row.
  for (let lo = 0; lo < b.width; ) {
    if (covered[lo]) {
      lo++;
      continue;
    }
    let hi = lo;
    while (hi + 1 < b.width && !covered[hi + 1] && (hi + 1) % per !== 0) hi++;
    raw.push({ kind: 'unnamed', field: '', lo, hi, label: '', short: '', title: `${bitsText(lo, hi)}: not described (must be 0)`, fill: '#ffffff' });
    lo = hi + 1;
  }
  // Top row first, and within a row the most significant bits first.
  return raw.sort((x, y) => y.hi - x.hi);
}

/** A label that fits `px` pixels: the label, else the short one, else cut with an ellipsis, else none. */
function fitted(p: Piece, px: number): string {
  const fits = (s: string) => s.length * CHAR <= px - 4;
  if (fits(p.label)) return p.label;
  if (fits(p.short)) return p.short;
  const n = Math.floor((px - 4) / CHAR) - 1;
  return n >= 2 ? `${p.label.slice(0, n)}…` : '';
}

/**
 * The SVG of the layout `b` (of `variant`, for a tagged layout). `id` makes the ids in it
 * unique on the page (SVG ids are the document's).
 */
export function bitDiagram(b: ir.Bits, variant: ir.BitsVariant | null, id: string): string {
  const per = rowBits(b.width);
  const rows = Math.ceil(b.width / per);
  const width = per * BIT + 2;
  const hatch = `${id}-hatch`;
  const all = pieces(b, variant, hatch);
  // Labels that do not fit across their box are written upwards: the rows are as tall as the longest.
  const upward = (p: Piece) => p.label.length * CHAR > (p.hi - p.lo + 1) * BIT - 4 && p.hi - p.lo < 3;
  const box = Math.min(MAX_BOX, Math.max(BOX, ...all.filter(upward).map((p) => Math.ceil(p.label.length * CHAR) + 8)));
  const rowHeight = NUMBERS + box + GAP;
  const height = rows * rowHeight;
  const x = (bit: number) => 1 + (per - 1 - (bit % per)) * BIT;
  const y = (bit: number) => (rows - 1 - Math.floor(bit / per)) * rowHeight;
  const out: string[] = [];
  const name = `${b.qname}${variant ? `.${variant.name}` : ''}`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="bit-diagram" id="${esc(id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`bit layout of ${name}`)}">`,
    `<defs><pattern id="${esc(hatch)}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="${RESERVED_FILL}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#888888" stroke-width="2"/></pattern></defs>`,
  );
  for (const p of all) {
    const px = (p.hi - p.lo + 1) * BIT;
    const left = x(p.hi);
    const top = y(p.lo);
    const up = upward(p);
    const label = up ? fitted(p, box) : fitted(p, px);
    const cx = left + px / 2;
    const cy = top + NUMBERS + box / 2;
    const text = up
      ? `<text class="label" x="${cx}" y="${cy + 4}" text-anchor="middle" transform="rotate(-90 ${cx} ${cy})">${esc(label)}</text>`
      : `<text class="label" x="${cx}" y="${cy + 4}" text-anchor="middle">${esc(label)}</text>`;
    const dashed = p.kind === 'unnamed' ? ' stroke-dasharray="3 2"' : '';
    out.push(
      `<g class="piece ${p.kind}"${p.field ? ` data-field="${esc(p.field)}"` : ''} data-bits="${p.hi}:${p.lo}">` +
        `<title>${esc(p.title)}</title>` +
        `<text class="bitno" x="${left + 2}" y="${top + NUMBERS - 3}">${p.hi}</text>` +
        (p.hi !== p.lo ? `<text class="bitno" x="${left + px - 2}" y="${top + NUMBERS - 3}" text-anchor="end">${p.lo}</text>` : '') +
        `<rect x="${left}" y="${top + NUMBERS}" width="${px}" height="${box}" fill="${esc(p.fill)}" stroke="#333333"${dashed}/>` +
        (label ? text : '') +
        `</g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
