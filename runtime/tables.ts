/**
 * Decode tables: the plain data `cdl gen` writes per target and configuration
 * (`generated/tables/<target>[.<config>].json`, emitter `tables`) and the one small
 * interpreter that decodes, encodes, validates and prints any value of them, as Plan 9's
 * libmach serves every architecture from tables: a tool loads the tables of the target it
 * looks at, and no code is generated per type.
 *
 * A table gives each enum its members; each bit layout its fields (bit ranges in value order,
 * shift, signedness, type), reserved ranges, and tag and variants; each struct and union its
 * members (offset, size, type, a union's selector); and the target's machine (machines.ts).
 * Integers that may not fit in a JavaScript number are strings in JSON
 * (`"0xffffffffffffffff"`). Decoding a bit layout goes through a plan worked out once per
 * table (32-bit parts, shifts and masks in number arithmetic, compiled where the platform
 * allows); validating, encoding and printing work on bigints.
 *
 * Decoding, validating and printing never throw, whatever they are given (a tag that selects
 * no variant, or an enum value that names no member, is shown as such); `encode` throws a
 * `FieldRangeError` or `TagError` naming the type and field, as the generated code does; a
 * struct read from memory throws only a `RangeError` for memory too short to hold it.
 */
import { FieldRangeError, TagError } from './errors.js';
import { formatInt } from './words.js';
import type { ByteOrderOption } from './bytes.js';

/** An integer as a table holds it: a number when exact, else a string (`"0x..."`, `"-12"`). */
export type TableInt = number | string;

/** The tables of one target and configuration. */
export interface ValueTables {
  readonly format: 'cdl-tables 1';
  readonly target: string;
  /** The configuration, null for the default one. */
  readonly config: string | null;
  readonly littleEndian: boolean;
  readonly wordBits: number;
  readonly pointerBytes: number;
  /** The target's ELF machine number (e_machine), or null if its declaration gives none. */
  readonly elfMachine: number | null;
  /** Every enum, bit layout, struct and union, by qualified name (`x86.Pte`). */
  readonly types: { readonly [qname: string]: TypeTable };
  /**
   * The target's register sets, trap frames, syscall ABIs and calls, as written (an enum as
   * `{ "$enum": qname }`): `loadMachine` (machines.ts) resolves them.
   */
  readonly machine: unknown;
}

export type TypeTable = EnumTable | BitsTable | StructTable | UnionTable;

/**
 * What a struct member, union member or array element holds: `u8`..`u64`, `i8`..`i64`,
 * `bool`, `ptr` (the target's pointer, {@link ValueTables.pointerBytes} bytes), the qualified
 * name of an enum (stored in its `storageBits`), bit layout, struct or union, or an array.
 */
export type TypeRef = string | { readonly array: TypeRef; readonly length: number; readonly stride: number };

export interface MemberTable {
  readonly name: string;
  /** Byte offset in the struct (0 in a union). */
  readonly offset: number;
  readonly size: number;
  readonly type: TypeRef;
  /**
   * For a discriminated union: the path of the struct field (and bit field) whose value
   * selects its member (`["hdr", "type"]`).
   */
  readonly selector?: readonly string[];
}

export interface StructTable {
  readonly kind: 'struct';
  readonly name: string;
  readonly size: number;
  readonly align: number;
  readonly fields: readonly MemberTable[];
  /**
   * `byte_order(...)`: its scalars are stored big- or little-endian whatever the target's, or
   * (`runtime`) in the order the reader is given ({@link readValue}'s `order`, or that of the
   * struct of runtime order holding it). Absent: the target's.
   */
  readonly byteOrder?: 'big' | 'little' | 'runtime';
}

export interface UnionTable {
  readonly kind: 'union';
  readonly name: string;
  readonly size: number;
  readonly align: number;
  /** The type of the value that selects the member (an enum's qname, or `u8`...); null for a plain union. */
  readonly discriminant: string | null;
  /** Members, each with the selector values that pick it (none: never picked). */
  readonly members: readonly (MemberTable & { readonly when: readonly TableInt[] })[];
}

export interface EnumTable {
  readonly kind: 'enum';
  readonly name: string;
  /** Its width in bits, and whether its values are signed. */
  readonly bits: number;
  readonly signed: boolean;
  /** The bits it takes in a struct: the smallest of 8, 16, 32 or 64 that holds it. */
  readonly storageBits: number;
  /** Members in declaration order: name and value (aliases share a value). */
  readonly members: readonly (readonly [string, TableInt])[];
}

/** A bit field: where its bits are and what they mean. */
export interface FieldTable {
  readonly name: string;
  /** LSB-0 ranges `[lo, hi]` of the word, in value order: the first holds the value's low bits. */
  readonly ranges: readonly (readonly [number, number])[];
  /** The value's low bits that are not stored (always zero). */
  readonly shift: number;
  readonly signed: boolean;
  /** `bool`, `int`, or the qualified name of an enum. */
  readonly type: string;
}

/** Reserved bits `[lo, hi]`, with the value they must hold (null: ignored). */
export type ReservedTable = readonly [number, number, TableInt | null];

export interface VariantTable {
  readonly name: string;
  /** The tag values that select it. */
  readonly when: readonly TableInt[];
  readonly fields: readonly FieldTable[];
  readonly reserved: readonly ReservedTable[];
}

export interface BitsTable {
  readonly kind: 'bits';
  readonly name: string;
  /** Bits in the layout (all its words). */
  readonly width: number;
  /** Bits per word in memory (8, 16, 32 or 64), and how many words. */
  readonly wordBits: number;
  readonly words: number;
  /** The fields every variant has (all of them in an untagged layout). */
  readonly fields: readonly FieldTable[];
  readonly reserved: readonly ReservedTable[];
  readonly tag: FieldTable | null;
  readonly variants: readonly VariantTable[];
  /** `byte_order(...)`: its words are stored in this order whatever the target's. Absent: the target's. */
  readonly byteOrder?: 'big' | 'little';
}

/** A decoded bit layout: its type, the variant the tag selects (if tagged), and each field's value. */
export interface DecodedBits {
  readonly type: string;
  /** The variant's name; null for an untagged layout or a tag that selects none. */
  readonly variant: string | null;
  /**
   * Field values: `boolean` for flags; for the rest (an enum's raw value too) a `number` when
   * the field holds at most 53 bits, as the generated accessors give it, else a `bigint`.
   */
  readonly fields: { readonly [name: string]: boolean | number | bigint };
  /** The word's bits in reserved ranges that are ignored (no value required): kept so that words round-trip. */
  readonly ignored: bigint;
  /** The word decoded. */
  readonly word: bigint;
}

/** A table's integer as a bigint. */
export function tableInt(v: TableInt): bigint {
  return BigInt(v);
}

/** The type table named `name`: a qualified name, or a plain name that one type has. */
export function findType(tables: ValueTables, name: string): TypeTable | null {
  const exact = Object.prototype.hasOwnProperty.call(tables.types, name) ? tables.types[name] : undefined;
  if (exact) return exact;
  const matches = Object.keys(tables.types).filter((q) => q.slice(q.lastIndexOf('.') + 1) === name);
  return matches.length === 1 ? tables.types[matches[0]!]! : null;
}

function mask(bits: number): bigint {
  return (1n << BigInt(bits)) - 1n;
}

/** A field's value from a word, as stored bits shifted into place and sign-extended. */
function extract(f: FieldTable, word: bigint): bigint {
  let v = 0n;
  let at = 0;
  for (const [lo, hi] of f.ranges) {
    v |= ((word >> BigInt(lo)) & mask(hi - lo + 1)) << BigInt(at);
    at += hi - lo + 1;
  }
  const width = at + f.shift;
  v <<= BigInt(f.shift);
  return f.signed ? BigInt.asIntN(width, v) : v;
}

/** The stored width plus the shift: the bits of the value. */
function valueWidth(f: FieldTable): number {
  return f.ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0) + f.shift;
}

/** `word` with field `f` set to `v` (which must fit). */
function insert(f: FieldTable, word: bigint, v: bigint): bigint {
  let rest = BigInt.asUintN(valueWidth(f), v) >> BigInt(f.shift);
  let w = word;
  for (const [lo, hi] of f.ranges) {
    const m = mask(hi - lo + 1);
    w = (w & ~(m << BigInt(lo))) | ((rest & m) << BigInt(lo));
    rest >>= BigInt(hi - lo + 1);
  }
  return w;
}

/**
 * How a field is read from 32-bit parts, worked out once per table (kept on it: see
 * {@link cachedOn}): for a field of at most 53 bits, each range as
 * (part, shift, mask, scale) in number arithmetic, which is what brings a decode through the
 * tables near the generated accessors; wider fields are read as bigints.
 */
interface FieldPlan {
  readonly field: FieldTable;
  readonly kind: 'bool' | 'number' | 'bigint';
  readonly parts: readonly { readonly part: number; readonly shift: number; readonly mask: number; readonly scale: number }[];
  readonly scale: number;
  readonly width: number;
}

/** Builds the fields object of one variant (or of none) from the word's parts. */
type FieldsBuilder = (parts: readonly number[], decoded: { readonly word: bigint }) => Record<string, boolean | number | bigint>;

interface BitsPlan {
  /** The layout's name. */
  readonly type: string;
  readonly tag: FieldPlan | null;
  readonly variants: ReadonlyMap<bigint, { readonly variant: VariantTable; readonly ignored: bigint; readonly build: FieldsBuilder }>;
  readonly ignored: bigint;
  /** The fields of an untagged layout, or of a tag that selects no variant. */
  readonly build: FieldsBuilder;
  /** The number of 32-bit parts of a word, the bits of the top one (0 when all 32)... */
  readonly n: number;
  readonly top: number;
  /** ...and the bound the top part must be under. */
  readonly topLimit: number;
  /** The field readers made so far (see {@link bitsFieldReader}), by field name. */
  readonly readers: Map<string, FieldReader | null>;
}

const PLAN = Symbol('cdl.plan');

/**
 * What the interpreter works out once for a table (a bit layout's plan, the tables' readers),
 * kept on the table itself under `key`: a symbol-keyed property that is not enumerable, so the
 * table stays the plain data it was (JSON.stringify and equality see nothing) and a lookup is
 * one property load. A frozen table cannot keep it: it is made again each time.
 */
function cachedOn<T>(holder: object, key: symbol, make: () => T): T {
  const kept = (holder as { [k: symbol]: T | undefined })[key];
  if (kept !== undefined) return kept;
  const made = make();
  if (Object.isExtensible(holder)) Object.defineProperty(holder, key, { value: made });
  return made;
}

function fieldPlan(f: FieldTable): FieldPlan {
  const width = valueWidth(f);
  const kind = f.type === 'bool' ? 'bool' : width <= 53 ? 'number' : 'bigint';
  const parts: { part: number; shift: number; mask: number; scale: number }[] = [];
  let at = 0;
  for (const [lo, hi] of f.ranges) {
    // A range may cross 32-bit parts: one piece per part it touches.
    for (let b = lo; b <= hi; ) {
      const part = Math.floor(b / 32);
      const end = Math.min(hi, part * 32 + 31);
      const n = end - b + 1;
      parts.push({ part, shift: b - part * 32, mask: n === 32 ? 0xffffffff : (1 << n) - 1, scale: 2 ** at });
      at += n;
      b = end + 1;
    }
  }
  return { field: f, kind, parts, scale: 2 ** f.shift, width };
}

function planOf(t: BitsTable): BitsPlan {
  return cachedOn(t, PLAN, () => {
    const common = t.fields.map(fieldPlan);
    const tag = t.tag ? fieldPlan(t.tag) : null;
    const head = tag ? [...common, tag] : common;
    const variants = new Map<bigint, { variant: VariantTable; ignored: bigint; build: FieldsBuilder }>();
    for (const v of t.variants) {
      const build = builder([...head, ...v.fields.map(fieldPlan)]);
      for (const w of v.when) if (!variants.has(tableInt(w))) variants.set(tableInt(w), { variant: v, ignored: ignoredMask(t, v), build });
    }
    const top = t.width % 32;
    return { type: t.name, tag, variants, ignored: ignoredMask(t, null), build: builder(head), n: Math.ceil(t.width / 32), top, topLimit: top === 0 ? 2 ** 32 : 2 ** top, readers: new Map() };
  });
}

/**
 * A function building the fields object of `fields`. Compiled from the plan into one object
 * literal (its keys JSON-quoted, every other token a number the plan computed), so that V8
 * gives every decoded value of a layout one shape: this, not the arithmetic, is what a loop of
 * keyed stores loses against the generated accessors. Where compiling is not allowed (a
 * content security policy without 'unsafe-eval'), the same fields are read one by one.
 */
function builder(fields: readonly FieldPlan[]): FieldsBuilder {
  const interpreted: FieldsBuilder = (parts, decoded) => {
    const out: Record<string, boolean | number | bigint> = {};
    for (const fp of fields) out[fp.field.name] = readPlanned(fp, parts, decoded);
    return out;
  };
  const expr = (fp: FieldPlan, i: number): string => (fp.kind === 'bigint' ? `wide(${i}, d)` : numberExpr(fp, (k) => `p[${k}]`));
  const body = `return { ${fields.map((fp, i) => `${JSON.stringify(fp.field.name)}: ${expr(fp, i)}`).join(', ')} };`;
  try {
    const make = new Function('wide', 'sx', `return function (p, d) { ${body} };`) as (wide: unknown, sx: unknown) => FieldsBuilder;
    return make(
      (i: number, d: { readonly word: bigint }) => extract(fields[i]!.field, d.word),
      (v: number, half: number, whole: number) => (v >= half ? v - whole : v),
    );
  } catch {
    return interpreted;
  }
}

/**
 * The JavaScript expression of a field of at most 53 bits read from the word's 32-bit parts
 * (`part(k)` spells part k): number arithmetic only; the function named `sx` sign-extends.
 */
function numberExpr(fp: FieldPlan, part: (k: number) => string, sx = 'sx'): string {
  const sum = fp.parts.map((x) => `((((${part(x.part)} >>> ${x.shift}) & ${x.mask}) >>> 0) * ${x.scale})`).join(' + ') || '0';
  if (fp.kind === 'bool') return `(${sum}) !== 0`;
  const v = fp.scale === 1 ? `(${sum})` : `((${sum}) * ${fp.scale})`;
  return fp.field.signed ? `${sx}(${v}, ${2 ** (fp.width - 1)}, ${2 ** fp.width})` : v;
}

/** Reads one field of a word given as its 32-bit parts, least significant first. */
export type FieldReader = (...parts: number[]) => boolean | number | bigint | undefined;

/**
 * A function reading field `name` of bit layout `t` from a word's 32-bit parts, least
 * significant first (`reader(lo, hi)` for a 64-bit word, as the generated `Pte.frame(lo, hi)`
 * takes them): for a tool that tests a field or two of many words (a walker testing P and R/W
 * of each entry) without building a decoded value. The value is what {@link decodeBitsParts}
 * gives for it; a field of a variant reads `undefined` when the tag selects another variant.
 * Parts are taken as decodeBitsParts takes them (their low 32 bits). Null when the layout has
 * no such field. The reader is compiled once per field and kept, as plans are.
 */
export function bitsFieldReader(t: BitsTable, name: string): FieldReader | null {
  const plan = planOf(t);
  const kept = plan.readers.get(name);
  if (kept !== undefined) return kept;
  const made = makeFieldReader(t, plan, name);
  plan.readers.set(name, made);
  return made;
}

function makeFieldReader(t: BitsTable, plan: BitsPlan, name: string): FieldReader | null {
  const common = [...t.fields, ...(t.tag ? [t.tag] : [])].find((f) => f.name === name);
  // The variants holding the field, by the tag values that select them.
  const chosen: { when: bigint[]; fp: FieldPlan }[] = [];
  if (!common) {
    for (const v of t.variants) {
      const f = v.fields.find((x) => x.name === name);
      if (f) chosen.push({ when: v.when.map(tableInt).filter((w) => plan.variants.get(w)?.variant === v), fp: fieldPlan(f) });
    }
    if (chosen.length === 0) return null;
  }
  const n = plan.n;
  const interpreted: FieldReader = (...given) => {
    const parts = Array.from({ length: n }, (_, k) => (typeof given[k] === 'number' ? given[k]! >>> 0 : 0));
    if (plan.top !== 0) parts[n - 1] = (parts[n - 1]! & (plan.topLimit - 1)) >>> 0;
    const word = { get word() { return wordOf(parts); } };
    if (common) return readPlanned(fieldPlan(common), parts, word);
    const tag = readPlanned(plan.tag!, parts, word);
    const key = typeof tag === 'boolean' ? (tag ? 1n : 0n) : BigInt(tag);
    const hit = chosen.find((c) => c.when.includes(key));
    return hit ? readPlanned(hit.fp, parts, word) : undefined;
  };
  const fps = common ? [fieldPlan(common)] : chosen.map((c) => c.fp);
  // Wide fields and wide tags are read the interpreted way: they need the bigint word anyway.
  if (fps.some((fp) => fp.kind === 'bigint') || (!common && plan.tag!.kind === 'bigint')) return interpreted;
  const params = Array.from({ length: n }, (_, k) => `p${k}`);
  // Parts as decodeBitsParts takes them: the low 32 bits of a number, 0 for anything else.
  const clean = params.map((p, k) => `${p} = typeof ${p} === 'number' ? ${p} >>> 0 : 0;${k === n - 1 && plan.top !== 0 ? ` ${p} &= ${plan.topLimit - 1};` : ''}`).join(' ');
  const part = (k: number) => `p${k}`;
  let body: string;
  if (common) body = `return ${numberExpr(fieldPlan(common), part)};`;
  else {
    const tag = plan.tag!.kind === 'bool' ? `((${numberExpr(plan.tag!, part)}) ? 1 : 0)` : numberExpr(plan.tag!, part);
    body = `const tag = ${tag}; ${chosen.map((c) => (c.when.length ? `if (${c.when.map((w) => `tag === ${w}`).join(' || ')}) return ${numberExpr(c.fp, part)};` : '')).join(' ')} return undefined;`;
  }
  try {
    const make = new Function('sx', `return function (${params.join(', ')}) { ${clean} ${body} };`) as (sx: unknown) => FieldReader;
    return make((v: number, half: number, whole: number) => (v >= half ? v - whole : v));
  } catch {
    return interpreted;
  }
}

/** The word of 32-bit parts, least significant first. */
function wordOf(parts: readonly number[]): bigint {
  let v = 0n;
  for (let k = parts.length - 1; k >= 0; k--) v = (v << 32n) | BigInt(parts[k]!);
  return v;
}

/** A field's value from the word's 32-bit parts (and the word itself, for a field wider than 53 bits). */
function readPlanned(fp: FieldPlan, parts: readonly number[], decoded: { readonly word: bigint }): boolean | number | bigint {
  if (fp.kind === 'bigint') return extract(fp.field, decoded.word);
  let v = 0;
  // `>>> 0` after the mask: `&` gives a signed 32-bit result, negative for bit 31.
  for (const x of fp.parts) v += (((parts[x.part]! >>> x.shift) & x.mask) >>> 0) * x.scale;
  if (fp.kind === 'bool') return v !== 0;
  v *= fp.scale;
  return fp.field.signed && v >= 2 ** (fp.width - 1) ? v - 2 ** fp.width : v;
}

/** The variant the tag of `word` selects, or null. */
function variantOf(t: BitsTable, word: bigint): VariantTable | null {
  if (!t.tag) return null;
  const tag = extract(t.tag, word);
  return t.variants.find((v) => v.when.some((w) => tableInt(w) === tag)) ?? null;
}

/**
 * Decodes a word of bit layout `t` (a bigint of its width; anything else is taken modulo
 * 2^width, and a non-integer as 0). Never throws.
 */
export function decodeBits(t: BitsTable, word: bigint): DecodedBits {
  const w = BigInt.asUintN(t.width, typeof word === 'bigint' ? word : 0n);
  const n = Math.ceil(t.width / 32);
  const parts = new Array<number>(n);
  for (let k = 0; k < n; k++) parts[k] = Number((w >> BigInt(32 * k)) & 0xffffffffn);
  return decodePlanned(t, parts, w);
}

/**
 * Decodes a word given as its 32-bit parts, least significant first (`lo, hi` of a 64-bit
 * word, as the generated `decodeHalves` takes it): the fast path for a tool reading memory.
 * A part that is not a number is taken as 0, any other as its low 32 bits. Never throws.
 */
export function decodeBitsParts(t: BitsTable, parts: ArrayLike<number>): DecodedBits {
  const p = planOf(t);
  const { n, top } = p;
  // Parts that are already words are used as they are (no copy on the fast path).
  if (Array.isArray(parts)) {
    let clean = true;
    for (let k = 0; k < n; k++) {
      const x: unknown = parts[k];
      if (typeof x !== 'number' || x >>> 0 !== x) clean = false;
    }
    // The caller's array is read now and not kept: the decoded value keeps the parts it needs
    // for its word itself (see Decoded), as the caller may reuse the array.
    if (clean && parts[n - 1]! < p.topLimit) return decodePlanned(t, parts as readonly number[], null);
  }
  const copy = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const x: unknown = parts?.[k];
    copy[k] = typeof x === 'number' ? x >>> 0 : 0;
  }
  if (top !== 0) copy[n - 1] = (copy[n - 1]! & ((1 << top) - 1)) >>> 0;
  return decodePlanned(t, copy, null);
}

function decodePlanned(t: BitsTable, parts: readonly number[], known: bigint | null): DecodedBits {
  return decodeWith(planOf(t), parts, known);
}

function decodeWith(p: BitsPlan, parts: readonly number[], known: bigint | null): DecodedBits {
  const n = p.n;
  const decoded = new Decoded(p.type, parts[0]!, n > 1 ? parts[1]! : 0, n > 2 ? parts.slice(0, n) : null, known, p.ignored);
  if (p.tag) {
    const tag = readPlanned(p.tag, parts, decoded);
    const v = p.variants.get(typeof tag === 'boolean' ? (tag ? 1n : 0n) : BigInt(tag));
    if (v) {
      decoded.setVariant(v.variant.name, v.ignored);
      decoded.fields = v.build(parts, decoded);
      return decoded;
    }
  }
  decoded.fields = p.build(parts, decoded);
  return decoded;
}

/** What a decoded value's `fields` holds until they are built. */
const NO_FIELDS: { readonly [name: string]: boolean | number | bigint } = Object.freeze({});

/**
 * A decoded word. `word` and `ignored` are bigints made when first read (getters on the
 * prototype), so that a decode of fields of 53 bits or fewer allocates no bigint. The word's
 * parts are kept for that: a word of one or two parts (most layouts) in two numbers, so that
 * a decode allocates this object and its fields and nothing else.
 */
class Decoded implements DecodedBits {
  // Declared, not initialised: the constructor gives every property its value in one order,
  // so that the object is made in one step (class field initialisers cost a call each).
  declare readonly type: string;
  declare variant: string | null;
  declare fields: { readonly [name: string]: boolean | number | bigint };
  declare private readonly lo: number;
  declare private readonly hi: number;
  /** All the parts, for a word of more than two. */
  declare private readonly parts: readonly number[] | null;
  declare private known: bigint | null;
  declare private ignoredMask: bigint;
  constructor(type: string, lo: number, hi: number, parts: readonly number[] | null, known: bigint | null, ignoredMask: bigint) {
    this.type = type;
    this.variant = null;
    this.fields = NO_FIELDS;
    this.lo = lo;
    this.hi = hi;
    this.parts = parts;
    this.known = known;
    this.ignoredMask = ignoredMask;
  }
  setVariant(name: string, ignoredMask: bigint): void {
    this.variant = name;
    this.ignoredMask = ignoredMask;
  }
  get word(): bigint {
    if (this.known === null) {
      this.known = this.parts ? wordOf(this.parts) : (BigInt(this.hi) << 32n) | BigInt(this.lo);
    }
    return this.known;
  }
  get ignored(): bigint {
    return this.ignoredMask === 0n ? 0n : this.word & this.ignoredMask;
  }
  toJSON(): object {
    return { type: this.type, variant: this.variant, fields: this.fields, ignored: this.ignored, word: this.word };
  }
}

/** The bits of the ignored reserved ranges of the common part and of `variant`. */
function ignoredMask(t: BitsTable, variant: VariantTable | null): bigint {
  let m = 0n;
  for (const [lo, hi, value] of [...t.reserved, ...(variant?.reserved ?? [])]) if (value === null) m |= mask(hi - lo + 1) << BigInt(lo);
  return m;
}

/** The range a field's value may take, and its step (a shifted field holds multiples of 2^shift). */
function fieldRange(f: FieldTable): { min: bigint; max: bigint; step: bigint } {
  const width = valueWidth(f);
  const step = 1n << BigInt(f.shift);
  if (f.signed) return { min: -(1n << BigInt(width - 1)), max: (1n << BigInt(width - 1)) - step, step };
  return { min: 0n, max: mask(width) - (step - 1n), step };
}

/**
 * Encodes a value of bit layout `t`: `fields` by name (flags `true`/`false`, the rest integers
 * or bigints; missing fields are 0), fixed reserved bits get their values, ignored reserved
 * bits those of `ignored` (a decoded value's, so that words round-trip; 0 by default). Throws
 * a `FieldRangeError` naming the field that does not fit, or a `TagError` for a tag that
 * selects no variant.
 */
export function encodeBits(t: BitsTable, fields: { readonly [name: string]: unknown }, ignored = 0n): bigint {
  let w = 0n;
  const put = (f: FieldTable) => {
    const given = Object.prototype.hasOwnProperty.call(fields, f.name) ? fields[f.name] : undefined;
    if (f.type === 'bool') {
      if (given !== undefined && given !== true && given !== false) throw new FieldRangeError(t.name, f.name, given, 'true or false');
      w = insert(f, w, given === true ? 1n : 0n);
      return;
    }
    const { min, max, step } = fieldRange(f);
    const v = given === undefined ? 0n : typeof given === 'bigint' ? given : typeof given === 'number' && Number.isSafeInteger(given) ? BigInt(given) : null;
    if (v === null || v < min || v > max || v % step !== 0n) {
      const allowed = step === 1n ? `an integer from ${formatInt(min)} to ${formatInt(max)}` : `a multiple of ${formatInt(step)} from ${formatInt(min)} to ${formatInt(max)}`;
      throw new FieldRangeError(t.name, f.name, given, allowed);
    }
    w = insert(f, w, v);
  };
  const fixed = (rs: readonly ReservedTable[]) => {
    for (const [lo, hi, value] of rs) if (value !== null) w = insert({ name: '', ranges: [[lo, hi]], shift: 0, signed: false, type: 'int' }, w, tableInt(value));
  };
  t.fields.forEach(put);
  fixed(t.reserved);
  if (t.tag) {
    put(t.tag);
    const variant = variantOf(t, w);
    if (!variant) throw new TagError(t.name, t.tag.name, fields[t.tag.name], t.variants.flatMap((v) => v.when.map(String)).join(', '));
    variant.fields.forEach(put);
    fixed(variant.reserved);
    return w | (ignored & ignoredMask(t, variant));
  }
  return w | (ignored & ignoredMask(t, null));
}

/**
 * Problems with a word of layout `t`, as the generated `validate` reports them: fixed reserved
 * bits with other values, enum fields holding no member, a tag that selects no variant, bits
 * no field names; a word that is not one (not a bigint of the layout's width) is the one
 * problem. Empty when the word is valid. Never throws.
 */
export function validateBits(tables: ValueTables, t: BitsTable, word: bigint): string[] {
  if (typeof word !== 'bigint' || word < 0n || word >> BigInt(t.width) !== 0n) return [`${t.name}: ${String(word)} is not a ${t.width}-bit word`];
  const w = word;
  const issues: string[] = [];
  const reserved = (rs: readonly ReservedTable[]) => {
    for (const [lo, hi, value] of rs) {
      if (value === null) continue;
      const got = (w >> BigInt(lo)) & mask(hi - lo + 1);
      if (got !== tableInt(value)) issues.push(`${t.name}: ${lo === hi ? `bit ${lo}` : `bits ${lo}..${hi}`} must be ${formatInt(tableInt(value))}, not ${formatInt(got)}`);
    }
  };
  const enums = (fs: readonly FieldTable[]) => {
    for (const f of fs) {
      const e = enumOf(tables, f);
      if (e && memberOf(e, extract(f, w)) === null) issues.push(`${t.name}.${f.name}: ${formatInt(extract(f, w))} is not a ${e.name}`);
    }
  };
  // Bits no field or reserved range names must be 0, or decoding would drop them silently.
  const unnamed = (variant: VariantTable | null) => {
    let named = 0n;
    const cover = (lo: number, hi: number) => (named |= mask(hi - lo + 1) << BigInt(lo));
    for (const f of [...t.fields, ...(t.tag ? [t.tag] : []), ...(variant?.fields ?? [])]) for (const [lo, hi] of f.ranges) cover(lo, hi);
    for (const [lo, hi] of [...t.reserved, ...(variant?.reserved ?? [])]) cover(lo, hi);
    const stray = w & ~named & mask(t.width);
    if (stray !== 0n) issues.push(`${t.name}: bits 0x${stray.toString(16)} are set, but no field describes them`);
  };
  reserved(t.reserved);
  if (!t.tag) unnamed(null);
  enums(t.fields);
  if (t.tag) {
    const variant = variantOf(t, w);
    if (!variant) issues.push(`${t.name}.${t.tag.name}: ${formatInt(extract(t.tag, w))} selects no variant`);
    else {
      reserved(variant.reserved);
      unnamed(variant);
      enums(variant.fields);
    }
  }
  return issues;
}

function enumOf(tables: ValueTables, f: FieldTable): EnumTable | null {
  if (f.type === 'bool' || f.type === 'int') return null;
  const e = Object.prototype.hasOwnProperty.call(tables.types, f.type) ? tables.types[f.type] : undefined;
  return e?.kind === 'enum' ? e : null;
}

/** The first member of `e` with value `v`, or null. */
function memberOf(e: EnumTable, v: bigint): string | null {
  for (const [name, value] of e.members) if (tableInt(value) === v) return name;
  return null;
}

/** An enum value by its member's name, or `Enum(7)` for a value that names none. */
export function formatEnum(e: EnumTable, v: bigint): string {
  return memberOf(e, v) ?? `${e.name}(${formatInt(v)})`;
}

/**
 * One readable line for a word of layout `t`: `Pte{present writable user frame=0x12345000}`:
 * set flags by name (clear ones left out), other fields as `name=value` (hex from 1024 up,
 * enums by member), the variant after the type for a tagged layout (`Desc.Code{...}`), a tag
 * that selects no variant as `tag=?5`. Never throws.
 */
export function formatBits(tables: ValueTables, t: BitsTable, word: bigint): string {
  const w = BigInt.asUintN(t.width, typeof word === 'bigint' ? word : 0n);
  const parts: string[] = [];
  const show = (f: FieldTable) => {
    const v = extract(f, w);
    if (f.type === 'bool') {
      if (v !== 0n) parts.push(f.name);
      return;
    }
    const e = enumOf(tables, f);
    parts.push(`${f.name}=${e ? formatEnum(e, v) : formatInt(v)}`);
  };
  const variant = variantOf(t, w);
  if (t.tag) {
    const e = enumOf(tables, t.tag);
    const tag = extract(t.tag, w);
    parts.push(`${t.tag.name}=${variant ? (e ? formatEnum(e, tag) : formatInt(tag)) : `?${formatInt(tag)}`}`);
  }
  t.fields.forEach(show);
  variant?.fields.forEach(show);
  return `${t.name}${variant ? `.${variant.name}` : ''}{${parts.join(' ')}}`;
}

/**
 * One readable line for value `v` of the type `name` in `tables` (an enum or a bit layout), or
 * null if there is no such type (a struct or union is read from memory: {@link formatMemory}).
 */
export function formatValue(tables: ValueTables, name: string, v: bigint): string | null {
  const t = findType(tables, name);
  if (!t || t.kind === 'struct' || t.kind === 'union') return null;
  if (typeof v !== 'bigint') return `${t.name}(?)`;
  if (t.kind === 'bits') return formatBits(tables, t, v);
  // A value of the enum's width, read as its signedness says (0xff of an i8 enum is -1).
  return `${t.name}.${formatEnum(t, t.signed ? BigInt.asIntN(t.bits, v) : BigInt.asUintN(t.bits, v))}`;
}

// ---------------------------------------------------------------------------
// Values in memory: structs, unions, arrays

/**
 * A value read from memory: a `number` (integers, pointers and enums of up to 4 bytes) or
 * `bigint` (8 bytes), as the generated views read them, a `boolean`, a
 * {@link DecodedBits}, a struct's fields by name, an array, or a union's member
 * (`{ member, value }`; null when its selector picks none).
 */
export type MemoryValue =
  | number
  | bigint
  | boolean
  | DecodedBits
  | { readonly [field: string]: MemoryValue }
  | readonly MemoryValue[]
  | { readonly member: string; readonly value: MemoryValue }
  | null;

const SCALAR = /^([ui])(8|16|32|64)$/;

function typeTable(tables: ValueTables, name: string): TypeTable | undefined {
  return Object.prototype.hasOwnProperty.call(tables.types, name) ? tables.types[name] : undefined;
}

/**
 * A bit layout's reader: for one word of up to 64 bits (nearly all layouts) compiled whole;
 * otherwise the parts are read into one array per reader (decodeWith keeps none of it).
 */
function bitsReader(t: BitsTable, le: boolean): Reader {
  const p = planOf(t);
  const compiled = t.words === 1 && t.wordBits <= 64 ? compiledBitsReader(t, p, le) : null;
  if (compiled) return compiled;
  // Otherwise (several words, a tag wider than 53 bits, or compiling not allowed): the parts
  // read into one array per reader.
  const scratch = new Array<number>(p.n).fill(0);
  return (dv, offset) => decodeWith(p, readBitsParts(t, dv, offset, le, scratch), null);
}

/**
 * A one-word bit layout's reader compiled whole: the word read in 32-bit parts, the decoded
 * value made, its tag switched on, and each variant's fields built as one object literal.
 */
function compiledBitsReader(t: BitsTable, p: BitsPlan, le: boolean): Reader | null {
  if (p.tag?.kind === 'bigint') return null;
  const helpers: unknown[] = [Decoded, p.ignored, (i: number, d: { readonly word: bigint }) => extract(fps[i]!.field, d.word), (v: number, half: number, whole: number) => (v >= half ? v - whole : v)];
  const fps: FieldPlan[] = [];
  const part = (k: number) => (k === 0 ? 'lo' : 'hi');
  const literal = (fields: readonly FieldPlan[]): string =>
    `{ ${fields
      .map((fp) => {
        fps.push(fp);
        return `${JSON.stringify(fp.field.name)}: ${fp.kind === 'bigint' ? `H[2](${fps.length - 1}, d)` : numberExpr(fp, part, 'H[3]')}`;
      })
      .join(', ')} }`;
  const word =
    t.wordBits === 64
      ? `const lo = dv.getUint32(o${le ? '' : ' + 4'}, ${le}), hi = dv.getUint32(o${le ? ' + 4' : ''}, ${le});`
      : `const lo = ${t.wordBits === 8 ? 'dv.getUint8(o)' : `dv.getUint${t.wordBits}(o, ${le})`}, hi = 0;`;
  const head = [...t.fields.map(fieldPlan), ...(p.tag ? [p.tag] : [])];
  let body = `${word} const d = new H[0](${JSON.stringify(t.name)}, lo, hi, null, null, H[1]);`;
  if (p.tag) {
    const tag = p.tag.kind === 'bool' ? `((${numberExpr(p.tag, part)}) ? 1 : 0)` : numberExpr(p.tag, part, 'H[3]');
    const cases = [...p.variants].map(([key, v]) => {
      helpers.push(v.ignored);
      return `case ${key}: d.setVariant(${JSON.stringify(v.variant.name)}, H[${helpers.length - 1}]); d.fields = ${literal([...head, ...v.variant.fields.map(fieldPlan)])}; return d;`;
    });
    body += ` switch (${tag}) { ${cases.join(' ')} }`;
  }
  body += ` d.fields = ${literal(head)}; return d;`;
  return compileReader(body, helpers);
}

/** A bit layout's 32-bit parts from memory (least significant first): its words in order, each in the target's byte order. */
function readBitsParts(t: BitsTable, dv: DataView, offset: number, le: boolean, parts: number[]): number[] {
  parts.fill(0);
  const bytes = t.wordBits / 8;
  for (let k = 0; k < t.words; k++) {
    const at = offset + k * bytes;
    if (t.wordBits === 64) {
      parts[2 * k] = dv.getUint32(le ? at : at + 4, le);
      parts[2 * k + 1] = dv.getUint32(le ? at + 4 : at, le);
    } else {
      // Words of 8, 16 or 32 bits: placed at their bit position in the parts.
      const bit = k * t.wordBits;
      const w = bytes === 1 ? dv.getUint8(at) : bytes === 2 ? dv.getUint16(at, le) : dv.getUint32(at, le);
      parts[bit >> 5] = (parts[bit >> 5]! | (w << (bit & 31))) >>> 0;
    }
  }
  return parts;
}

/**
 * Reads a value of type `type` at `offset` of `dv` (a union: the member `selector` picks; without
 * one, the largest, first if several). Throws a `RangeError` only if the value does not fit in
 * `dv`; any bytes decode.
 */
export function readValue(tables: ValueTables, type: TypeRef, dv: DataView, offset: number, selector?: bigint, order?: ByteOrderOption): MemoryValue {
  return readerOf(tables, type, leOf(tables, order))(dv, offset, selector === undefined ? undefined : selectorKey(selector));
}

/**
 * The order a struct of `byte_order(runtime)` is read in, at the top: the one given
 * (`{ littleEndian: true }`: an ELF header's EI_DATA), else the target's. Types of a stated
 * order read in theirs, and the others in the target's, whatever it is.
 */
function leOf(tables: ValueTables, order: ByteOrderOption | undefined): boolean {
  return order === undefined ? tables.littleEndian : order.littleEndian === true;
}

/**
 * The function {@link readValue} calls to read a value of `type`, made once per type and kept
 * on the tables: for a tool that reads many values of one type (a debugger listing a process's
 * capabilities), without looking the type up each time. Throws a `RangeError` for a type the
 * tables do not hold.
 */
export function valueReader(tables: ValueTables, type: TypeRef, order?: ByteOrderOption): (dv: DataView, offset: number, selector?: bigint) => MemoryValue {
  const read = readerOf(tables, type, leOf(tables, order));
  return (dv, offset, selector) => read(dv, offset, selector === undefined ? undefined : selectorKey(selector));
}

/**
 * Reads one type's value from memory. A union's selector comes as a {@link selectorKey}: a
 * number when it is a safe integer, so that picking a member hashes no bigint.
 */
type Reader = (dv: DataView, offset: number, selector?: number | bigint) => MemoryValue;

/** A selector value as the union readers look it up: a number if it is a safe integer. */
function selectorKey(v: bigint): number | bigint {
  return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Where tables keep their readers ({@link cachedOn}), by type name. */
const READERS = Symbol('cdl.readers');

/**
 * The reader of `type`, made once per table: closures over the table's facts (offsets, sizes,
 * byte order, the members a selector picks), and for a struct one compiled object literal, so
 * that reading memory does no lookups by name.
 */
function readerOf(tables: ValueTables, type: TypeRef, le: boolean): Reader {
  if (typeof type !== 'string') {
    const element = readerOf(tables, type.array, le);
    const { length, stride } = type;
    return (dv, offset, selector) => {
      const out = new Array<MemoryValue>(length);
      for (let i = 0; i < length; i++) out[i] = element(dv, offset + i * stride, selector);
      return out;
    };
  }
  // `le` is the order of the struct being read (the target's, outside structs of a stated
  // order): scalars take it; a type of a stated order ignores it.
  const cache = cachedOn(tables, READERS, () => new Map<string, Reader>());
  const key = le === tables.littleEndian ? type : `${le ? 'le' : 'be'} ${type}`;
  let r = cache.get(key);
  if (!r) {
    r = makeReader(tables, type, le);
    cache.set(key, r);
  }
  return r;
}

/** The order a bit layout's words or a struct's scalars are read in, for a holder reading in `le`. */
function orderOf(tables: ValueTables, t: BitsTable | StructTable, le: boolean): boolean {
  const order = t.byteOrder;
  return order === 'little' ? true : order === 'big' ? false : order === 'runtime' ? le : tables.littleEndian;
}

function makeReader(tables: ValueTables, type: string, le: boolean): Reader {
  const scalar = SCALAR.exec(type);
  if (scalar) return intReader(Number(scalar[2]) / 8, scalar[1] === 'i', le);
  if (type === 'bool') return (dv, offset) => dv.getUint8(offset) !== 0;
  if (type === 'ptr') return intReader(tables.pointerBytes, false, le);
  const t = typeTable(tables, type);
  if (!t) throw new RangeError(`no type '${type}' in the tables of ${tables.target}`);
  switch (t.kind) {
    case 'enum':
      return intReader(t.storageBits / 8, t.signed, le);
    case 'bits':
      return bitsReader(t, orderOf(tables, t, le));
    case 'struct':
      return structReader(tables, t, orderOf(tables, t, le));
    case 'union':
      // A union has the target's order (a struct of another cannot hold one).
      return unionReader(tables, t);
  }
}

/**
 * Compiling readers. Each reader made with `new Function` has code of its own, so V8 keeps
 * type feedback per reader: a closure shared by every union (or bit layout) would see every
 * member's reader at one call site and call them all the slow, megamorphic way, which is what
 * made reading a capability through the tables several times slower than the generated view.
 * So scalars are read inline, a one-word bit layout by a constructor compiled for it, a union
 * by a compiled `switch` on its selector; where compiling is not allowed the same readers are
 * closures (and slower).
 */

/** The expression reading scalar `type` at offset expression `at`, or null for any other type. */
function scalarExpr(tables: ValueTables, type: TypeRef, at: string, le: boolean): string | null {
  if (typeof type !== 'string') return null;
  const int = (bytes: number, signed: boolean): string => {
    const sign = signed ? 'Int' : 'Uint';
    if (bytes === 1) return `dv.get${sign}8(${at})`;
    return bytes === 8 ? `dv.getBig${sign}64(${at}, ${le})` : `dv.get${sign}${bytes * 8}(${at}, ${le})`;
  };
  const scalar = SCALAR.exec(type);
  if (scalar) return int(Number(scalar[2]) / 8, scalar[1] === 'i');
  if (type === 'bool') return `(dv.getUint8(${at}) !== 0)`;
  if (type === 'ptr') return int(tables.pointerBytes, false);
  const t = typeTable(tables, type);
  return t?.kind === 'enum' ? int(t.storageBits / 8, t.signed) : null;
}

/** Compiles `function (dv, o, sel) { body }` with helpers `H`; null where compiling is not allowed. */
function compileReader(body: string, helpers: readonly unknown[]): Reader | null {
  try {
    return (new Function('H', 'selectorFrom', `return function (dv, o, sel) { ${body} };`) as (h: unknown, f: unknown) => Reader)(helpers, selectorFrom);
  } catch {
    return null;
  }
}

function unionReader(tables: ValueTables, t: UnionTable): Reader {
  const le = tables.littleEndian;
  const members = t.members.map((m) => ({ name: m.name, offset: m.offset, read: readerOf(tables, m.type, le) }));
  const largest = t.members.reduce((best, x, i) => (best < 0 || x.size > t.members[best]!.size ? i : best), -1);
  const picks = new Map<number | bigint, number>();
  t.members.forEach((m, i) => m.when.forEach((w) => picks.has(selectorKey(tableInt(w))) || picks.set(selectorKey(tableInt(w)), i)));
  const read = (i: number): string => {
    const m = t.members[i]!;
    const at = `o + ${m.offset}`;
    return `{ member: ${JSON.stringify(m.name)}, value: ${scalarExpr(tables, m.type, at, le) ?? `H[${i}](dv, ${at})`} }`;
  };
  const cases = [...picks].map(([k, i]) => `case ${typeof k === 'bigint' ? `${k}n` : k}: return ${read(i)};`);
  const compiled = compileReader(
    `if (sel === undefined) return ${largest < 0 ? 'null' : read(largest)}; switch (sel) { ${cases.join(' ')} } return null;`,
    members.map((m) => m.read),
  );
  return (
    compiled ??
    ((dv, offset, selector) => {
      const i = selector === undefined ? largest : picks.get(selector);
      const m = i === undefined || i < 0 ? undefined : members[i];
      return m ? { member: m.name, value: m.read(dv, offset + m.offset) } : null;
    })
  );
}

function intReader(bytes: number, signed: boolean, le: boolean): Reader {
  switch (bytes) {
    case 1:
      return signed ? (dv, o) => dv.getInt8(o) : (dv, o) => dv.getUint8(o);
    case 2:
      return signed ? (dv, o) => dv.getInt16(o, le) : (dv, o) => dv.getUint16(o, le);
    case 4:
      return signed ? (dv, o) => dv.getInt32(o, le) : (dv, o) => dv.getUint32(o, le);
    default:
      return signed ? (dv, o) => dv.getBigInt64(o, le) : (dv, o) => dv.getBigUint64(o, le);
  }
}

/**
 * A struct's reader: its fields read in order, those a selector picks last (the field that
 * selects may follow them), into one object literal compiled from the table (keys JSON-quoted,
 * offsets numbers); field by field where compiling is not allowed.
 */
/**
 * The expression of a selector's value (a {@link selectorKey}) from the value `v` of the field
 * its path starts at: a one-step path into a bit layout (`hdr.type`) or an integer field read
 * directly, anything else through `selectorFrom` (`P`).
 */
function selectorExpr(tables: ValueTables, firstType: TypeRef, v: string, rest: readonly string[], i: number): string {
  const t = typeof firstType === 'string' ? typeTable(tables, firstType) : undefined;
  const key = (x: string) => `(typeof ${x} === 'number' ? ${x} : K(${x}))`;
  if (rest.length === 0 && scalarExpr(tables, firstType, '0', tables.littleEndian) !== null) return key(v);
  if (rest.length === 1 && t?.kind === 'bits') return key(`${v}.fields[${JSON.stringify(rest[0])}]`);
  return `P(${v}, S[${i}][1])`;
}

/** A selector value of any kind as a {@link selectorKey}: booleans as 0 and 1; undefined if none. */
function keyOf(v: unknown): number | bigint | undefined {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? selectorKey(v) : typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
}

function structReader(tables: ValueTables, t: StructTable, le: boolean): Reader {
  const readers = t.fields.map((f) => readerOf(tables, f.type, le));
  const names = t.fields.map((f) => f.name);
  // A selector path as (index of its first field, the rest of the path), found once.
  const selectors = t.fields.map((f) => (f.selector ? ([names.indexOf(f.selector[0]!), f.selector.slice(1)] as const) : null));
  const pick = (first: MemoryValue | undefined, rest: readonly string[]): number | bigint | undefined => selectorFrom(first, rest);
  const interpreted: Reader = (dv, offset) => {
    const values = new Array<MemoryValue>(t.fields.length);
    t.fields.forEach((f, i) => {
      if (!f.selector) values[i] = readers[i]!(dv, offset + f.offset);
    });
    t.fields.forEach((f, i) => {
      const sel = selectors[i];
      if (sel) values[i] = readers[i]!(dv, offset + f.offset, sel[0] < 0 ? undefined : pick(values[sel[0]], sel[1]));
    });
    const out: Record<string, MemoryValue> = {};
    names.forEach((n, i) => (out[n] = values[i]!));
    return out;
  };
  const plain = t.fields.map((f, i) => (f.selector ? null : `const v${i} = ${scalarExpr(tables, f.type, `o + ${f.offset}`, le) ?? `R[${i}](dv, o + ${f.offset})`};`)).filter((x) => x !== null);
  const picked = t.fields
    .map((f, i) => {
      const sel = selectors[i];
      if (!sel) return null;
      return `const v${i} = R[${i}](dv, o + ${f.offset}, ${sel[0] < 0 ? 'undefined' : selectorExpr(tables, t.fields[sel[0]]!.type, `v${sel[0]}`, sel[1], i)});`;
    })
    .filter((x) => x !== null);
  const decl = t.fields.length ? `let ${t.fields.map((_, i) => `v${i}`).join(', ')};` : '';
  const body = [decl, ...plain.map((l) => l.replace(/^const /, '')), ...picked.map((l) => l!.replace(/^const /, '')), `return { ${names.map((n, i) => `${JSON.stringify(n)}: v${i}`).join(', ')} };`].join(' ');
  try {
    const make = new Function('R', 'S', 'P', 'K', `return function (dv, o) { ${body} };`) as (r: unknown, s: unknown, p: unknown, k: unknown) => Reader;
    return make(readers, selectors, pick, keyOf);
  } catch {
    return interpreted;
  }
}

/** The value at `rest` of a field's value (a bit layout's field by name), as a {@link selectorKey}; undefined if none. */
function selectorFrom(first: MemoryValue | number | undefined, rest: readonly string[]): number | bigint | undefined {
  let v: MemoryValue | number | undefined = first;
  for (const name of rest) {
    if (v instanceof Decoded) v = v.fields[name];
    else if (v && typeof v === 'object' && !Array.isArray(v)) v = (v as { readonly [f: string]: MemoryValue })[name];
    else return undefined;
  }
  return typeof v === 'bigint' ? selectorKey(v) : typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
}

/**
 * One readable line for a value of type `type` read from memory: a struct as
 * `Name{field=value ...}`, arrays in brackets, a union as `{member=value}` (`null` when its
 * selector picks none), bit layouts as
 * {@link formatBits}, enums by member, integers in decimal below 1024 and hex above. Never
 * throws but for a value that does not fit in `dv` (a `RangeError`).
 */
export function formatMemory(tables: ValueTables, type: TypeRef, dv: DataView, offset: number, selector?: bigint, order?: ByteOrderOption): string {
  return show(tables, type, readValue(tables, type, dv, offset, selector, order));
}

function show(tables: ValueTables, type: TypeRef, v: MemoryValue): string {
  if (typeof type !== 'string') return `[${(v as readonly MemoryValue[]).map((x) => show(tables, type.array, x)).join(', ')}]`;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint' || typeof v === 'number') {
    const t = typeTable(tables, type);
    if (t?.kind === 'enum') return formatEnum(t, BigInt(v));
    return type === 'ptr' ? `0x${v.toString(16)}` : formatInt(v);
  }
  const t = typeTable(tables, type);
  if (!t || v === null) return 'null';
  switch (t.kind) {
    case 'bits': {
      return formatBits(tables, t, (v as DecodedBits).word);
    }
    case 'struct':
      return `${t.name}{${t.fields.map((f) => `${f.name}=${show(tables, f.type, (v as { readonly [f: string]: MemoryValue })[f.name]!)}`).join(' ')}}`;
    case 'union': {
      const u = v as { readonly member: string; readonly value: MemoryValue };
      const m = t.members.find((x) => x.name === u.member)!;
      return `{${u.member}=${show(tables, m.type, u.value)}}`;
    }
    default:
      return '?';
  }
}
