/**
 * Bit facts, computed once: everything about a bit layout's fields that does not depend on the
 * language it is printed in. C, Rust, TypeScript and the constants plan used to derive these
 * each in their own syntax (parts per word, masks, valid ranges, fixed reserved bits), and so
 * could disagree; now they all read them from here and only print.
 *
 * A field's bits are cut into parts at word boundaries: the container's words for C, Rust and
 * the constants (`unit` = the layout's word size), 32-bit chunks for TypeScript. The
 * word-level operations (extract, insert, range check, sign extension) are small expression
 * trees over those parts (`Expr`), which each language's printer spells its own way; over
 * 32-bit chunks, with numbers and bigints, they are `ChunkExpr` (`bits-chunks.ts`).
 *
 * The layout pass lowers every bit layout it lays out, once per data model (`attachBitFacts`):
 * the facts travel with the `ir.Bits` object, under a symbol that serialisation and freezing
 * pass over, so the layouts that share the object share its facts and nothing is cached at
 * module level.
 */
import { listOf } from '../util/list.js';
import type * as ir from '../ir.js';

/** One run of a field's stored bits inside one word (or chunk) of `unit` bits. */
export interface BitPart {
  /** Index of the word. */
  readonly word: number;
  /** Lowest bit inside its word. */
  readonly lo: number;
  readonly width: number;
  /** Position of its lowest bit in the field's value (counting the value shift). */
  readonly valueBit: number;
  /** The part's bits inside its word. */
  readonly mask: bigint;
}

/** The values a field can hold: `min..max`, multiples of `step` (a shifted field's step is 1 << shift). */
export interface ValueRange {
  readonly min: bigint;
  readonly max: bigint;
  readonly step: bigint;
}

/** Bits of one word that must hold a fixed value (reserved bits with a required value). */
export interface FixedWord {
  readonly word: number;
  readonly mask: bigint;
  readonly value: bigint;
}

/** Something with bits in a layout: a field, or a reserved range seen as an unsigned field. */
export type BitRun = Pick<ir.BitField, 'ranges' | 'shift'>;

/** `width` one-bits at `at`. */
export function onesAt(width: number, at = 0): bigint {
  return ((1n << BigInt(width)) - 1n) << BigInt(at);
}

/** A field's stored bits cut at `unit`-bit word boundaries, in value order (the one place that cuts them). */
export function partsOf(run: BitRun, unit: number): readonly BitPart[] {
  const out: BitPart[] = [];
  let valueBit = run.shift;
  for (const r of run.ranges) {
    for (let lo = r.lo; lo <= r.hi; ) {
      const word = Math.floor(lo / unit);
      const hi = Math.min(r.hi, (word + 1) * unit - 1);
      const width = hi - lo + 1;
      const inWord = lo - word * unit;
      out.push({ word, lo: inWord, width, valueBit, mask: onesAt(width, inWord) });
      valueBit += width;
      lo = hi + 1;
    }
  }
  return out;
}

/** The bits a field occupies in each word it touches, words in increasing order. */
export function wordMasks(run: BitRun, unit: number): ReadonlyMap<number, bigint> {
  const m = new Map<number, bigint>();
  for (const p of [...partsOf(run, unit)].sort((a, b) => a.word - b.word)) m.set(p.word, (m.get(p.word) ?? 0n) | p.mask);
  return m;
}

/** The words a field touches, in increasing order. */
export function wordsOf(run: BitRun, unit: number): number[] {
  return [...wordMasks(run, unit).keys()];
}

/** The range of a value of `width` bits (the shift included), `shift` low bits zero. */
export function valueRange(f: Pick<ir.BitField, 'valueWidth' | 'shift' | 'signed'>): ValueRange {
  const step = 1n << BigInt(f.shift);
  if (f.signed) return { min: -(1n << BigInt(f.valueWidth - 1)), max: (1n << BigInt(f.valueWidth - 1)) - step, step };
  return { min: 0n, max: onesAt(f.valueWidth - f.shift, f.shift), step };
}

/** A reserved range as the unsigned field it would be (TypeScript keeps ignored bits that way). */
export function reservedRun(r: ir.BitRange): ir.BitField {
  const w = r.hi - r.lo + 1;
  const name = r.lo === r.hi ? `reserved${r.lo}` : `reserved${r.lo}_${r.hi}`;
  return { name, cName: '', doc: null, ranges: [r], shift: 0, signed: false, storedWidth: w, valueWidth: w, type: { kind: 'uint' } };
}

// ---------------------------------------------------------------------------
// Per layout

/** A field of a layout with its facts. */
export interface FieldFacts {
  readonly field: ir.BitField;
  readonly variant: ir.BitsVariant | null;
  readonly isTag: boolean;
  /** Parts in the container's words. */
  readonly parts: readonly BitPart[];
  /** True when every part lies in one word (the field has one mask). */
  readonly oneWord: boolean;
  readonly range: ValueRange;
}

/**
 * What a bit layout's facts are made of: its words, fields, tag, variants and reserved bits,
 * without its size and alignment (the checker's bit layout, before a layout places it).
 */
export type BitsShape = Omit<ir.Bits, 'size' | 'align'>;

export interface BitsFacts {
  /** Every field: the tag, the common fields, then each variant's, in spec order. */
  readonly fields: readonly FieldFacts[];
  /** The facts of one of the layout's fields. */
  of(field: ir.BitField): FieldFacts;
  /** The fields a variant has (common, then its own; the tag excluded), or all of an untagged layout. */
  fieldsOf(variant: ir.BitsVariant | null): readonly FieldFacts[];
  /** Fixed reserved bits of the common part and of `variant`, per `unit`-bit word (words without any left out). */
  fixed(variant: ir.BitsVariant | null, unit?: number): readonly FixedWord[];
  /** Bits that no field, tag or reserved range of the common part and `variant` names, as ranges. */
  unnamed(variant: ir.BitsVariant | null): readonly ir.BitRange[];
}

/** Where a bit layout carries its facts: not enumerable, so JSON, spreads and deepFreeze pass over it. */
const BIT_FACTS = Symbol('bit facts');

/**
 * Attaches its facts to a bit layout, lowering it unless given them: the checker lowers each
 * declared layout once, and a layout's copy takes those facts when it places the fields where
 * they were declared (every layout but a `c_bitfields` one, whose positions are its target's).
 */
export function attachBitFacts<B extends BitsShape>(bits: B, facts: BitsFacts = lowerBits(bits)): B {
  Object.defineProperty(bits, BIT_FACTS, { value: facts, enumerable: false });
  return bits;
}

/**
 * The facts of a bit layout: those attached to it, or (for an `ir.Bits` made by hand, as
 * tests do) lowered now.
 */
export function bitFacts(bits: BitsShape): BitsFacts {
  return (bits as { readonly [BIT_FACTS]?: BitsFacts })[BIT_FACTS] ?? lowerBits(bits);
}

function lowerBits(bits: BitsShape): BitsFacts {
  const entries = [
    ...(bits.tag ? [{ field: bits.tag, variant: null, isTag: true }] : []),
    ...bits.fields.map((field) => ({ field, variant: null, isTag: false })),
    ...bits.variants.flatMap((variant) => variant.fields.map((field) => ({ field, variant, isTag: false }))),
  ];
  const fields: FieldFacts[] = entries.map(({ field, variant, isTag }) => {
    const parts = partsOf(field, bits.wordBits);
    // Spelled out, not spread with more properties: see util/objects.ts (extend).
    return { field, variant, isTag, parts, oneWord: parts.every((p) => p.word === parts[0].word), range: valueRange(field) };
  });
  const byField = new Map(fields.map((f) => [f.field, f]));
  const fixedCache = new Map<string, readonly FixedWord[]>();
  const unnamedCache = new Map<ir.BitsVariant | null, readonly ir.BitRange[]>();
  return {
    fields,
    of(field) {
      const f = byField.get(field);
      if (!f) throw new Error(`bit facts: ${field.name} is not a field of ${bits.qname}`);
      return f;
    },
    fieldsOf(variant) {
      return fields.filter((f) => !f.isTag && (f.variant === null || f.variant === variant));
    },
    fixed(variant, unit = bits.wordBits) {
      const key = `${variant?.name ?? ''}/${unit}`;
      let out = fixedCache.get(key);
      if (!out) fixedCache.set(key, (out = fixedWords([...bits.reserved, ...(variant ? variant.reserved : [])], unit)));
      return out;
    },
    unnamed(variant) {
      let out = unnamedCache.get(variant);
      if (!out) unnamedCache.set(variant, (out = unnamedRanges(bits, variant)));
      return out;
    },
  };
}

/** The fixed bits of reserved ranges with a required value, per `unit`-bit word. */
export function fixedWords(reserved: readonly ir.ReservedBits[], unit: number): FixedWord[] {
  const words = new Map<number, { mask: bigint; value: bigint }>();
  for (const r of reserved) {
    if (r.value === null) continue;
    const value = r.value << BigInt(r.range.lo);
    for (const [word, mask] of wordMasks(reservedRun(r.range), unit)) {
      const w = words.get(word) ?? { mask: 0n, value: 0n };
      w.mask |= mask;
      w.value |= (value >> BigInt(word * unit)) & mask;
      words.set(word, w);
    }
  }
  return [...words].sort((a, b) => a[0] - b[0]).map(([word, w]) => ({ word, ...w }));
}

function unnamedRanges(bits: BitsShape, variant: ir.BitsVariant | null): ir.BitRange[] {
  let covered = 0n;
  const fields = [...bits.fields, ...(bits.tag ? [bits.tag] : []), ...(variant ? variant.fields : [])];
  const ranges = [...fields.flatMap((f) => f.ranges), ...[...bits.reserved, ...(variant ? variant.reserved : [])].map((r) => r.range)];
  for (const r of ranges) covered |= onesAt(r.hi - r.lo + 1, r.lo);
  const out: ir.BitRange[] = [];
  for (let lo = 0; lo < bits.width; lo++) {
    if ((covered >> BigInt(lo)) & 1n) continue;
    let hi = lo;
    while (hi + 1 < bits.width && !((covered >> BigInt(hi + 1)) & 1n)) hi++;
    out.push({ lo, hi });
    lo = hi;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Word-level operations, as expressions each language prints

export type Expr =
  /** Word `word` of the layout. */
  | { readonly k: 'word'; readonly word: number }
  /** The value being stored, in the language's type for the field. */
  | { readonly k: 'value' }
  /** Part `part`'s mask (a named constant in C and Rust). */
  | { readonly k: 'partMask'; readonly part: number }
  /** Every bit the field holds in word `word`. */
  | { readonly k: 'fieldBits'; readonly word: number }
  /** An unsigned literal, for a computation of `bits` bits. */
  | { readonly k: 'lit'; readonly value: bigint; readonly bits: number }
  | { readonly k: 'and'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'or'; readonly terms: readonly Expr[] }
  | { readonly k: 'not'; readonly a: Expr }
  | { readonly k: 'shl' | 'shr'; readonly a: Expr; readonly n: number }
  | { readonly k: 'add'; readonly a: Expr; readonly b: Expr }
  /** To the computation type (`bits` bits, unsigned). */
  | { readonly k: 'widen'; readonly a: Expr; readonly bits: number }
  /** From the computation type (`from` bits) back to the word type (`bits` bits). */
  | { readonly k: 'narrow'; readonly a: Expr; readonly bits: number; readonly from: number }
  /** Two's complement of the low `width` bits: `(x ^ sign) - sign`. */
  | { readonly k: 'signExtend'; readonly a: Expr; readonly width: number; readonly bits: number }
  | { readonly k: 'isZero' | 'nonZero'; readonly a: Expr }
  /** Every condition holds. */
  | { readonly k: 'all'; readonly terms: readonly Expr[] };

/** Widths of a language's arithmetic for one field: the computation type and the value's type. */
export interface Widths {
  /** Bits of the unsigned type the parts are assembled in. */
  readonly calc: number;
  /** Bits of the field's type in the language (a bool is 1). */
  readonly type: number;
}

function shift(a: Expr, left: number): Expr {
  return left === 0 ? a : left > 0 ? { k: 'shl', a, n: left } : { k: 'shr', a, n: -left };
}

/**
 * Reading a field: a flag tests its bit; any other field ORs its parts, each masked, widened
 * and moved to its value position, and sign-extends when the value is narrower than its type.
 */
export function extract(f: FieldFacts, w: Widths): Expr {
  if (f.field.type.kind === 'bool') return { k: 'nonZero', a: { k: 'and', a: { k: 'word', word: f.parts[0].word }, b: { k: 'partMask', part: 0 } } };
  const terms = f.parts.map((p, i): Expr => {
    const masked: Expr = { k: 'and', a: { k: 'word', word: p.word }, b: { k: 'partMask', part: i } };
    return shift({ k: 'widen', a: masked, bits: w.calc }, p.valueBit - p.lo);
  });
  const raw: Expr = { k: 'or', terms };
  return f.field.signed && f.field.valueWidth < w.type ? { k: 'signExtend', a: raw, width: f.field.valueWidth, bits: w.calc } : raw;
}

/**
 * Writing a field: per word it touches, the word with the field's bits cleared, ORed with each
 * of its parts there (the value widened, moved to the part's place, masked). Bits of the value
 * beyond the field are dropped.
 */
export function insert(bits: ir.Bits, f: FieldFacts, w: Widths): { readonly word: number; readonly expr: Expr }[] {
  return wordsOf(f.field, bits.wordBits).map((word) => {
    const parts = f.parts.flatMap((p, i): Expr[] => {
      if (p.word !== word) return [];
      const moved = shift({ k: 'widen', a: { k: 'value' }, bits: w.calc }, p.lo - p.valueBit);
      return [{ k: 'and', a: { k: 'narrow', a: moved, bits: bits.wordBits, from: w.calc }, b: { k: 'partMask', part: i } }];
    });
    const kept: Expr = { k: 'and', a: { k: 'word', word }, b: { k: 'not', a: { k: 'fieldBits', word } } };
    return { word, expr: { k: 'or', terms: [kept, ...parts] } };
  });
}

/**
 * The condition that `value` (of a type of `w.type` bits) is in the field's range, or null
 * when every value of the type is: unsigned values have no bits outside `min..max` nor below
 * the step; signed ones, biased by `-min`, have nothing above the width, and no low bits.
 */
export function inRange(f: FieldFacts, w: Widths): Expr | null {
  const field = f.field;
  if (field.type.kind === 'bool') return null;
  const { min, max, step } = f.range;
  const checks: Expr[] = [];
  if (field.signed) {
    if (field.valueWidth < w.type) {
      const biased: Expr = { k: 'add', a: { k: 'widen', a: { k: 'value' }, bits: w.calc }, b: { k: 'lit', value: -min, bits: w.calc } };
      checks.push({ k: 'isZero', a: { k: 'shr', a: biased, n: field.valueWidth } });
    }
    if (step > 1n) checks.push({ k: 'isZero', a: { k: 'and', a: { k: 'widen', a: { k: 'value' }, bits: w.calc }, b: { k: 'lit', value: step - 1n, bits: w.calc } } });
  } else {
    const invalid = onesAt(w.type) & ~max;
    if (invalid !== 0n) checks.push({ k: 'isZero', a: { k: 'and', a: { k: 'value' }, b: { k: 'lit', value: invalid, bits: w.type } } });
  }
  return checks.length === 0 ? null : checks.length === 1 ? checks[0] : { k: 'all', terms: checks };
}

/** The smallest of 8, 16, 32 and 64 holding `bits` bits: a C or Rust integer type's width. */
export function storageBits(bits: number): 8 | 16 | 32 | 64 {
  return bits <= 8 ? 8 : bits <= 16 ? 16 : bits <= 32 ? 32 : 64;
}

// ---------------------------------------------------------------------------
// Validity

/**
 * Whether every value the field's bits can hold is a member of its enum: then a validator has
 * nothing to check there, and Rust's getter returns the enum itself rather than a `Result`.
 */
export function enumExhaustive(f: FieldFacts, e: ir.Enum): boolean {
  const { min, max, step } = f.range;
  const members = new Set(e.members.map((m) => m.value).filter((v) => v >= min && v <= max && (v - min) % step === 0n));
  // The field's bits hold 2^storedWidth distinct values.
  return BigInt(members.size) === 1n << BigInt(f.field.storedWidth);
}

/** The variant a tag value selects, or null. */
export function variantFor(bits: ir.Bits, tag: bigint): ir.BitsVariant | null {
  return bits.variants.find((v) => v.when.includes(tag)) ?? null;
}

/**
 * Whether the all-zero word is a valid value (what a Rust `Default` may be): a tag of 0 selects
 * a variant, every fixed reserved bit there is 0, and every enum-typed field has a member 0.
 */
export function zeroValid(bits: ir.Bits): boolean {
  const facts = bitFacts(bits);
  const variant = bits.tag ? variantFor(bits, 0n) : null;
  if (bits.tag && !variant) return false;
  if (facts.fixed(variant).some((w) => w.value !== 0n)) return false;
  return facts.fieldsOf(variant).every((f) => f.field.type.kind !== 'enum' || f.field.type.decl.members.some((m) => m.value === 0n));
}

/** What a validator of the layout has to check (C, Rust and their docs say only these). */
export interface ValidityChecks {
  readonly tag: boolean;
  readonly fixed: boolean;
  readonly unnamed: boolean;
  /** Enum fields (not the tag) whose bits can hold a value that is no member. */
  readonly enums: boolean;
}

export function validityChecks(bits: ir.Bits): ValidityChecks {
  const facts = bitFacts(bits);
  const parts = bits.tag ? bits.variants : [null];
  return {
    tag: bits.tag !== null,
    fixed: [bits.reserved, ...bits.variants.map((v) => v.reserved)].some((list) => list.some((r) => r.value !== null)),
    unnamed: parts.some((v) => facts.unnamed(v).length > 0),
    enums: facts.fields.some((f) => !f.isTag && f.field.type.kind === 'enum' && !enumExhaustive(f, f.field.type.decl)),
  };
}

/** `a`, `a and b`, `a, b and c`. */
export function validityText(bits: ir.Bits, c: ValidityChecks): string | null {
  const what = [
    ...(c.tag && bits.tag ? [`${bits.tag.name} selects a variant`] : []),
    ...(c.fixed ? ['the reserved bits with a fixed value hold it'] : []),
    ...(c.unnamed ? ['bits no field names are 0'] : []),
    ...(c.enums ? ['enum fields hold a member of their enum'] : []),
  ];
  return what.length === 0 ? null : listOf(what);
}

/** `7`, `0x12345000`, `-0x80`: as the TypeScript runtime's `formatInt` writes integers. */
function formatInt(v: bigint): string {
  const abs = v < 0n ? -v : v;
  const text = abs < 1024n ? abs.toString() : `0x${abs.toString(16)}`;
  return v < 0n ? `-${text}` : text;
}

/** A field's allowed values in words, as the TypeScript runtime's `describeRange` says them. */
export function rangeText(r: ValueRange): string {
  const span = `${formatInt(r.min)} to ${formatInt(r.max)}`;
  return r.step === 1n ? `an integer from ${span}` : `a multiple of ${formatInt(r.step)} from ${span}`;
}
