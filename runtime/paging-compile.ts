/**
 * A paging scheme's walk compiled, once per scheme and tables, into one function of straight
 * code, as tables.ts compiles a layout's decoder: each level's index bits, entry read, variant
 * choice, valid flag, reserved masks, rule flags and next-table or page address become
 * expressions of constants the plan computed, so that a walk through the tables runs as a
 * walker written for one architecture would. Every token of the source is a number from the
 * plan or a name of this file, never text from the tables. Only what the common case needs is
 * compiled: memory as bytes, entries of at most 64 bits, address fields of at most 53 bits;
 * the walker (paging.ts) interprets the plan for anything else, and where compiling is not
 * allowed (a content security policy without 'unsafe-eval').
 */
import type { BitsTable } from './tables.js';

/** A one-bit field: set when `parts[part] & mask` is not zero. */
export interface Flag {
  readonly part: number;
  readonly mask: number;
}

/** A field read as a number from 32-bit parts: its pieces, and its width. */
export interface NumberField {
  readonly pieces: readonly { readonly part: number; readonly shift: number; readonly mask: number; readonly scale: number }[];
  readonly width: number;
}

/** An address an entry holds: the field's value times `scale` (2 to the field's and the scheme's shifts). */
export interface AddressField {
  readonly field: NumberField;
  readonly scale: number;
  readonly shift: number;
}

/** The facts of one variant of a level's entry (or of its untagged layout). */
export interface VariantPlan {
  readonly valid: Flag | null;
  /** Fixed reserved bits: per 32-bit part, the mask and the value they must have. */
  readonly fixed: readonly (readonly [number, number])[];
  readonly leafWhen: readonly (Flag | null)[];
  readonly table: AddressField | null;
  readonly page: AddressField | null;
  /** Per rule, the flag it looks at in this variant (null: never set here). */
  readonly rules: readonly (Flag | null)[];
  readonly reserved: readonly (readonly [Flag | null, Flag | null])[];
}

/** What the compiled walk needs of a level. */
export interface CompiledLevel {
  readonly index: number;
  readonly lo: number;
  readonly hi: number;
  readonly bytes: number;
  readonly entry: BitsTable;
  readonly tag: NumberField | null;
  /** By tag value; a value with none takes `plain`. */
  readonly variants: readonly (VariantPlan | undefined)[];
  readonly plain: VariantPlan;
}

/** How a walk through the levels ended: at a leaf, or why it stopped. */
export const Stop = { Leaf: 0, Outside: 1, NotPresent: 2, Reserved: 3, NotLeaf: 4 } as const;
export type Stop = (typeof Stop)[keyof typeof Stop];

/** What a compiled walk leaves besides its result: the level it stopped at, and what the walker goes on with. */
export interface WalkScratch {
  level: number;
  index: number;
  table: number;
  /** A leaf's page address (its field times its scale), or -1 if beyond 2^53. */
  frame: number;
  /** The rule flags set at the leaf, at every level, and at any level, as bit sets. */
  set: number;
  every: number;
  any: number;
}

/** Makes an entry the walk visited: level, index, address, low and high 32 bits, layout. */
export type VisitedMaker = new (level: number, index: number, address: number, lo: number, hi: number, layout: BitsTable) => unknown;

export type CompiledWalk = (bytes: Uint8Array, table: number, lo32: number, hi32: number, entries: unknown[], out: WalkScratch) => Stop;

/** The compiled walk of `levels`, or null if they need what only the interpreter does (or compiling is not allowed). */
export function compileWalk(levels: readonly CompiledLevel[], littleEndian: boolean, visited: VisitedMaker): CompiledWalk | null {
  const fits = (f: NumberField | null) => f === null || f.width <= 53;
  const plans = levels.flatMap((l) => [l.plain, ...l.variants.filter((v): v is VariantPlan => v !== undefined)]);
  if (levels.some((l) => l.bytes !== 8 && l.bytes !== 4) || !plans.every((v) => fits(v.table?.field ?? null) && fits(v.page?.field ?? null)) || !levels.every((l) => fits(l.tag))) return null;
  const lines: string[] = ['let p0 = 0, p1 = 0, index = 0, address = 0, set = 0, every = -1, any = 0;'];
  levels.forEach((l, i) => {
    lines.push(`index = ${bitsExpr(l.lo, l.hi)};`);
    lines.push(`address = table + index * ${l.bytes};`);
    lines.push(`if (table < 0 || address + ${l.bytes} > b.length) { out.level = ${i}; out.index = index; out.table = table; return ${Stop.Outside}; }`);
    lines.push(...readExpr(l.bytes, littleEndian));
    lines.push(`entries.push(new V(${l.index}, index, address, p0, p1, L[${i}]));`);
    const branches = new Map<VariantPlan, number[]>();
    l.variants.forEach((v, tag) => v && branches.set(v, [...(branches.get(v) ?? []), tag]));
    if (l.tag && branches.size > 0) {
      lines.push(`switch (${fieldExpr(l.tag)}) {`);
      for (const [v, tags] of branches) lines.push(`${tags.map((t) => `case ${t}:`).join(' ')} {`, ...variantCode(v, i), '} break;');
      lines.push('default: {', ...variantCode(l.plain, i), '}', '}');
    } else lines.push(...variantCode(l.plain, i));
  });
  lines.push(`out.level = ${levels.length - 1}; return ${Stop.NotLeaf};`);
  try {
    const make = new Function('V', 'L', `return function (b, table, lo32, hi32, entries, out) {\n${lines.join('\n')}\n};`) as (v: VisitedMaker, l: readonly BitsTable[]) => CompiledWalk;
    return make(
      visited,
      levels.map((l) => l.entry),
    );
  } catch {
    return null;
  }
}

/** The code of one variant at level `i`: stop, or set `table` for the next level. */
function variantCode(v: VariantPlan, i: number): string[] {
  const out: string[] = [];
  out.push(`if (!(${flagExpr(v.valid)})) { out.level = ${i}; return ${Stop.NotPresent}; }`);
  const fixed = v.fixed.map(([m, x], k) => (m === 0 ? null : `((p${k} & ${m}) >>> 0) !== ${x}`)).filter((x) => x !== null);
  const combos = v.reserved.map(([f, without]) => `(${flagExpr(f)} && !(${flagExpr(without)}))`);
  if (fixed.length + combos.length) out.push(`if (${[...fixed, ...combos].join(' || ')}) { out.level = ${i}; return ${Stop.Reserved}; }`);
  out.push(`set = ${v.rules.map((f, k) => `(${flagExpr(f)} ? ${1 << k} : 0)`).join(' | ') || '0'};`, 'every &= set; any |= set;');
  const leaf = v.page === null ? 'false' : v.leafWhen.length === 0 ? String(v.table === null) : v.leafWhen.map(flagExpr).join(' || ');
  const page = v.page ? addressExpr(v.page) : '-1';
  out.push(`if (${leaf}) { const f = ${page}; out.frame = Number.isSafeInteger(f) ? f : -1; out.level = ${i}; out.set = set; out.every = every; out.any = any; return ${Stop.Leaf}; }`);
  if (v.table) out.push(`{ const t = ${addressExpr(v.table)}; table = Number.isSafeInteger(t) ? t : -1; }`);
  else out.push(`out.level = ${i}; return ${Stop.NotLeaf};`);
  return out;
}

function flagExpr(f: Flag | null): string {
  return f === null ? 'false' : `(p${f.part} & ${f.mask}) !== 0`;
}

function fieldExpr(f: NumberField): string {
  return f.pieces.map((x) => `(((p${x.part} >>> ${x.shift}) & ${x.mask}) >>> 0) * ${x.scale}`).join(' + ') || '0';
}

function addressExpr(a: AddressField): string {
  return `(${fieldExpr(a.field)}) * ${a.scale}`;
}

/** Bits lo..hi of the address (at most 53): from its low and high 32-bit halves. */
function bitsExpr(lo: number, hi: number): string {
  const mask = (n: number) => (n >= 32 ? 0xffffffff : (1 << n) - 1) >>> 0;
  if (hi < 32) return `((lo32 >>> ${lo}) & ${mask(hi - lo + 1)}) >>> 0`;
  if (lo >= 32) return `((hi32 >>> ${lo - 32}) & ${mask(hi - lo + 1)}) >>> 0`;
  return `(lo32 >>> ${lo}) + (((hi32 & ${mask(hi - 31)}) >>> 0) * ${2 ** (32 - lo)})`;
}

/** Reads the entry at `address` of `b` into p0 (its low 32 bits) and p1. */
function readExpr(bytes: number, le: boolean): string[] {
  const word = (at: string) =>
    le ? `((b[${at}] | (b[${at} + 1] << 8) | (b[${at} + 2] << 16) | (b[${at} + 3] << 24)) >>> 0)` : `(((b[${at}] << 24) | (b[${at} + 1] << 16) | (b[${at} + 2] << 8) | b[${at} + 3]) >>> 0)`;
  if (bytes === 4) return [`p0 = ${word('address')}; p1 = 0;`];
  // A 64-bit entry's low word is first in memory on a little-endian target.
  return le ? [`p0 = ${word('address')}; p1 = ${word('(address + 4)')};`] : [`p1 = ${word('address')}; p0 = ${word('(address + 4)')};`];
}
