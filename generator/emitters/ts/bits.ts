/**
 * Bit layouts. In the namespace's common module, per layout: the interface of its decoded
 * value (a discriminated union for tagged layouts), and a companion object of the same name
 * with a getter and setter per field on the raw word, `decode`, `encode` and `validate`.
 * In each target module: a view class reading and writing the fields in memory, in place.
 *
 * Words: a layout of at most 32 bits is a `number`; a 64-bit one is a `bigint` or two 32-bit
 * halves `(lo, hi)`; up to 128 bits, four 32-bit words `(w0, w1, w2, w3)`; wider, an array
 * of 32-bit words. Getters never allocate unless the field itself is wider than 53 bits.
 */
import type * as ir from '../../ir.js';
import { OBJECT_PROTOTYPE_NAMES } from '../../names.js';
import {
  segmentsOf,
  chunkCount,
  chunksOf,
  kindOf,
  masksOf,
  matchingParen,
  ones,
  orBits,
  orChunk,
  rangeCheck,
  readField,
  readUnsigned,
  writePieces,
  type ValueKind,
} from './bitcode.js';
import { enumCaseLabel, enumValueRef } from './constants.js';
import type { ModuleWriter } from './module.js';
import { NameScope, big, docComment, hex, ident, lowerFirst, num, objectLines, str, upperFirst } from './naming.js';
import { method, render } from './templates.js';
import { enumOf, isBigEnum } from './types.js';

// ---------------------------------------------------------------------------
// The model: names and shapes shared by the companion and the views

/** A field and the variant it belongs to (null: common to all, or the tag). */
export interface FieldSlot {
  readonly field: ir.BitField;
  readonly variant: ir.BitsVariant | null;
  readonly isTag: boolean;
  /** Property of the decoded object. */
  readonly prop: string;
  /** Getter name in the companion object. */
  readonly accessor: string;
  /** Getter and setter name in views (which reserve `read`, `write`...). */
  readonly viewAccessor: string;
}

/** Reserved bits without a required value: kept in the decoded object so words round-trip. */
export interface IgnoredSlot {
  readonly reserved: ir.ReservedBits;
  readonly variant: ir.BitsVariant | null;
  readonly prop: string;
  readonly field: ir.BitField;
}

export interface BitsModel {
  readonly decl: ir.Bits;
  readonly layout: ir.Layout;
  /** 32-bit chunks. */
  readonly n: number;
  readonly slots: readonly FieldSlot[];
  readonly ignored: readonly IgnoredSlot[];
  /** Companion member names. */
  readonly api: {
    readonly decode: string;
    readonly encode: string;
    readonly validate: string;
    /** decodeHalves / decodeWords, or null for one-word layouts. */
    readonly decodeParts: string | null;
    readonly encodeParts: string | null;
    /**
     * One encoder per chunk (`encodeLo`/`encodeHi`, `encodeW0`...), for two to four chunks: each
     * small enough for V8 to inline where the whole encoder would not be.
     */
    readonly encodeChunks: readonly string[] | null;
    readonly validateParts: string | null;
    readonly setters: ReadonlyMap<FieldSlot, string>;
  };
  /** Chunk parameter names, or null when chunks are passed as one `words` array. */
  readonly params: readonly string[] | null;
}

const COMPANION_RESERVED = [
  ...['SIZE', 'WIDTH', 'decode', 'encode', 'validate', 'decodeHalves', 'encodeHalves', 'validateHalves', 'decodeWords', 'encodeWords', 'validateWords'],
  ...['check', 'encodeLo', 'encodeHi', 'encodeW0', 'encodeW1', 'encodeW2', 'encodeW3'],
];

export const VIEW_RESERVED: ReadonlySet<string> = new Set([...OBJECT_PROTOTYPE_NAMES, 'dataView', 'byteOffset', 'read', 'write', 'validate', 'SIZE', 'ALIGN']);

/** Bit layout views also have `raw`, the word as stored. */
const BITS_VIEW_RESERVED: ReadonlySet<string> = new Set([...VIEW_RESERVED, 'raw']);

function sameShape(a: ir.BitField, b: ir.BitField): boolean {
  return JSON.stringify([a.ranges, a.shift, a.signed, a.type]) === JSON.stringify([b.ranges, b.shift, b.signed, b.type]);
}

function rangeName(r: ir.BitRange): string {
  return r.lo === r.hi ? `reserved${r.lo}` : `reserved${r.lo}_${r.hi}`;
}

function pseudoField(r: ir.BitRange): ir.BitField {
  const w = r.hi - r.lo + 1;
  return { name: rangeName(r), cName: '', doc: null, ranges: [r], shift: 0, signed: false, storedWidth: w, valueWidth: w, type: { kind: 'uint' } };
}

export function bitsModel(decl: ir.Bits, layout: ir.Layout): BitsModel {
  const n = chunkCount(decl.width);
  const entries: { field: ir.BitField; variant: ir.BitsVariant | null; isTag: boolean }[] = [
    ...decl.fields.map((field) => ({ field, variant: null, isTag: false })),
    ...(decl.tag ? [{ field: decl.tag, variant: null, isTag: true }] : []),
    ...decl.variants.flatMap((variant) => variant.fields.map((field) => ({ field, variant, isTag: false }))),
  ];
  // Properties: one per field name (a name shared by variants is one property).
  const props = new NameScope();
  const propOf = new Map<string, string>();
  for (const e of entries) if (!propOf.has(e.field.name)) propOf.set(e.field.name, props.claim(e.field.name));
  // Accessors: shared when every field of that name has the same bits, else variant-prefixed.
  const companion = new NameScope(OBJECT_PROTOTYPE_NAMES, COMPANION_RESERVED);
  const view = new NameScope(BITS_VIEW_RESERVED);
  const accessorOf = new Map<ir.BitField, [string, string]>();
  const byName = new Map<string, ir.BitField[]>();
  for (const e of entries) byName.set(e.field.name, [...(byName.get(e.field.name) ?? []), e.field]);
  for (const e of entries) {
    if (accessorOf.has(e.field)) continue;
    const same = byName.get(e.field.name)!;
    const shared = same.every((f) => sameShape(f, same[0]));
    const preferred = shared || !e.variant ? e.field.name : `${lowerFirst(e.variant.name)}${upperFirst(e.field.name)}`;
    const names: [string, string] = [companion.claim(preferred), view.claim(preferred)];
    if (shared) for (const f of same) accessorOf.set(f, names);
    else accessorOf.set(e.field, names);
  }
  const slots: FieldSlot[] = entries.map((e) => ({
    ...e,
    prop: propOf.get(e.field.name)!,
    accessor: accessorOf.get(e.field)![0],
    viewAccessor: accessorOf.get(e.field)![1],
  }));
  const setters = new Map<FieldSlot, string>();
  const setterNames = new Map<string, string>();
  for (const s of slots) {
    if (!setterNames.has(s.accessor)) setterNames.set(s.accessor, companion.claim(`${n === 1 ? 'with' : 'set'}${upperFirst(s.accessor)}`));
    setters.set(s, setterNames.get(s.accessor)!);
  }
  const ignoredRanges: { reserved: ir.ReservedBits; variant: ir.BitsVariant | null }[] = [
    ...decl.reserved.filter((r) => r.value === null).map((reserved) => ({ reserved, variant: null })),
    ...decl.variants.flatMap((variant) => variant.reserved.filter((r) => r.value === null).map((reserved) => ({ reserved, variant }))),
  ];
  const ignoredProp = new Map<string, string>();
  const ignored = ignoredRanges.map((e) => {
    const key = `${e.reserved.range.lo}..${e.reserved.range.hi}`;
    if (!ignoredProp.has(key)) ignoredProp.set(key, props.claim(rangeName(e.reserved.range)));
    return { ...e, prop: ignoredProp.get(key)!, field: pseudoField(e.reserved.range) };
  });
  const parts = n === 2 ? 'Halves' : 'Words';
  return {
    decl,
    layout,
    n,
    slots,
    ignored,
    api: {
      decode: 'decode',
      encode: 'encode',
      validate: 'validate',
      decodeParts: n > 1 ? `decode${parts}` : null,
      encodeParts: n > 1 ? `encode${parts}` : null,
      encodeChunks: n === 2 ? ['encodeLo', 'encodeHi'] : n > 2 && n <= 4 ? Array.from({ length: n }, (_, k) => `encodeW${k}`) : null,
      validateParts: n > 1 ? `validate${parts}` : null,
      setters,
    },
    params: n === 1 ? ['word'] : n === 2 ? ['lo', 'hi'] : n <= 4 ? Array.from({ length: n }, (_, k) => `w${k}`) : null,
  };
}

/** Chunk `k` as the companion's functions name it. */
function chunkParam(model: BitsModel, k: number): string {
  return model.params ? model.params[k] : `words[${k}]!`;
}

function paramList(model: BitsModel, used: ReadonlySet<number> | null): string {
  if (!model.params) return `${used && used.size === 0 ? '_words' : 'words'}: ArrayLike<number>`;
  return model.params.map((p, k) => `${used && !used.has(k) ? `_${p}` : p}: number`).join(', ');
}

/** The TypeScript type of a field's value. */
export function fieldType(f: ir.BitField, m: ModuleWriter): string {
  if (f.type.kind === 'enum') return m.ref(f.type.qname, 'base', true);
  return kindOf(f) === 'bool' ? 'boolean' : kindOf(f) === 'bigint' ? 'bigint' : 'number';
}

function kindOfType(f: ir.BitField, layout: ir.Layout): ValueKind {
  if (f.type.kind === 'enum') return isBigEnum(enumOf(layout, f.type.qname)) ? 'bigint' : 'number';
  return kindOf(f);
}

/** A field's value from chunks, with its enum cast. */
function readExpr(model: BitsModel, f: ir.BitField, chunk: (k: number) => string, m: ModuleWriter): string {
  const cast = f.type.kind === 'enum' ? m.ref(f.type.qname, 'base', true) : undefined;
  return readField(f, chunk, m.rt, cast);
}

/** The range check of a field about to be written, as statements. */
export function checkField(typeName: string, fieldName: string, f: ir.BitField, kind: ValueKind, v: string, m: ModuleWriter): string {
  // Two comparisons: V8 (Node 20) compiles them inline, and `typeof v !== 'boolean'` slower.
  if (kind === 'bool') return `if (${v} !== true && ${v} !== false) throw ${m.rt('boolError')}(${str(typeName)}, ${str(fieldName)}, ${v});`;
  const { bad, args } = rangeCheck(f, kind, v);
  return `if (${bad}) throw ${m.rt('rangeError')}(${str(typeName)}, ${str(fieldName)}, ${v}, ${args});`;
}

function fieldDoc(slot: { field: ir.BitField; variant: ir.BitsVariant | null; isTag?: boolean }): string {
  const f = slot.field;
  const where = f.ranges.map((r) => (r.lo === r.hi ? `bit ${r.lo}` : `bits ${r.lo}..${r.hi}`)).join(', ');
  const notes: string[] = [];
  const doc = f.doc ?? '';
  const mentioned = f.ranges.length === 1 && new RegExp(`\\b(bits?|@)\\s*${f.ranges[0].lo}\\b`, 'i').test(doc);
  if (!mentioned || f.shift || f.ranges.length > 1) notes.push(`${upperFirst(where)}${f.shift ? `, holding the value shifted right by ${f.shift} (its low ${f.shift} bits are zero)` : ''}.`);
  if (f.signed) notes.push('Signed (two\'s complement).');
  if (slot.variant) notes.push(`Variant ${slot.variant.name} only.`);
  if (slot.isTag) notes.push('The tag: it selects the variant.');
  return notes.join(' ');
}

function tagCases(model: BitsModel, v: ir.BitsVariant, m: ModuleWriter): string[] {
  const tag = model.decl.tag!;
  return v.when.map((w) => {
    if (tag.type.kind === 'bool') return w === 0n ? 'false' : 'true';
    if (tag.type.kind === 'enum') return enumValueRef(enumOf(model.layout, tag.type.qname), m.ref(tag.type.qname), w);
    return kindOf(tag) === 'bigint' ? big(w) : num(w);
  });
}

/** The `case` labels of a variant's tag values. */
function tagCaseLabels(model: BitsModel, v: ir.BitsVariant, m: ModuleWriter): string[] {
  const tag = model.decl.tag!;
  if (tag.type.kind !== 'enum') return tagCases(model, v, m);
  const e = enumOf(model.layout, tag.type.qname);
  return v.when.map((w) => enumCaseLabel(e, m.nameOf(e.qname), w));
}

function tagLiteralType(model: BitsModel, v: ir.BitsVariant, m: ModuleWriter): string {
  return [...new Set(tagCases(model, v, m))].join(' | ');
}

function expectedTags(model: BitsModel, m: ModuleWriter): string {
  return model.decl.variants.flatMap((v) => tagCases(model, v, m).map((c) => c.replace(/^.*\./, ''))).join(', ');
}

// ---------------------------------------------------------------------------
// Common module: interfaces and the companion

export function renderBitsTypes(model: BitsModel, m: ModuleWriter): string[] {
  const { decl } = model;
  const names = m.plan.names.get(decl.qname)!;
  const prop = (s: FieldSlot) => ({ doc: docComment(s.field.doc, fieldDoc(s)), name: s.prop, optional: false, type: fieldType(s.field, m) });
  const ignoredProp = (s: IgnoredSlot) => ({
    doc: docComment(s.reserved.doc, `(${s.reserved.range.lo === s.reserved.range.hi ? 'bit' : 'bits'} ${rangeText(s.reserved.range)}, reserved: ignored by the hardware, kept so that words round-trip; 0 if omitted.)`),
    name: s.prop,
    optional: true,
    type: s.field.valueWidth > 53 ? 'bigint' : 'number',
  });
  const summary = `${decl.width} bits${decl.words > 1 ? ` (${decl.words} × u${decl.wordBits})` : ''}; see {@link ${names.base}} (the companion object) to decode and encode words.`;
  if (!decl.tag) {
    return [
      render('interface', {
        doc: docComment(decl.doc, summary),
        name: names.base,
        extends: '',
        props: [...model.slots.map(prop), ...model.ignored.map(ignoredProp)],
      }),
    ];
  }
  const out: string[] = [];
  const commonSlots = model.slots.filter((s) => !s.variant && !s.isTag);
  out.push(
    render('interface', {
      doc: docComment(`The fields every variant of {@link ${names.base}} has.`),
      name: names.common!,
      extends: '',
      props: [...commonSlots.map(prop), ...model.ignored.filter((s) => !s.variant).map(ignoredProp)],
    }),
  );
  const tagSlot = model.slots.find((s) => s.isTag)!;
  for (const v of decl.variants) {
    out.push(
      render('interface', {
        doc: docComment(v.doc, `Variant ${v.name} of {@link ${names.base}}: ${tagSlot.prop} = ${tagCases(model, v, m).join(' or ')}.`),
        name: names.variants.get(v.name)!,
        extends: names.common!,
        props: [
          { ...prop(tagSlot), type: tagLiteralType(model, v, m) },
          ...model.slots.filter((s) => s.variant === v).map(prop),
          ...model.ignored.filter((s) => s.variant === v).map(ignoredProp),
        ],
      }),
    );
  }
  out.push(
    render('typeAlias', {
      doc: docComment(decl.doc, `A tagged layout: \`${tagSlot.prop}\` selects the variant. ${summary}`),
      name: names.base,
      type: decl.variants.map((v) => names.variants.get(v.name)!).join(' | '),
    }),
  );
  return out;
}

function rangeText(r: ir.BitRange): string {
  return r.lo === r.hi ? `${r.lo}` : `${r.lo}..${r.hi}`;
}

/** Fixed bits (reserved with a required value) of the common part and of a variant, per chunk. */
function fixedBits(model: BitsModel, variant: ir.BitsVariant | null): Map<number, number> {
  const out = new Map<number, number>();
  const all = [...model.decl.reserved, ...(variant ? variant.reserved : [])];
  for (const r of all) {
    if (r.value === null || r.value === 0n) continue;
    const value = r.value << BigInt(r.range.lo);
    for (let k = Math.floor(r.range.lo / 32); k <= Math.floor(r.range.hi / 32); k++) {
      const bits = Number((value >> BigInt(32 * k)) & 0xffff_ffffn);
      out.set(k, ((out.get(k) ?? 0) | bits) >>> 0);
    }
  }
  return out;
}

interface EncodeBody {
  readonly checks: string[];
  /** Chunk expressions, per chunk index. */
  readonly chunks: string[];
  readonly pre: string[];
  /** Chunks with a flag: -1 (every bit set) when a flag is not a boolean, see `storeChunk`. */
  readonly flagged: ReadonlySet<number>;
}

/**
 * Checks and chunk expressions of an encoder. `mode`: 'all' for an untagged layout; 'common'
 * checks the fields every variant has (into `locals`, before the tag switch); 'variant' checks
 * one variant's own fields and places everything. `only`: the chunk a per-chunk encoder builds
 * (only the fields with bits there are read and checked), or null for every chunk.
 */
function encodeParts(
  model: BitsModel,
  variant: ir.BitsVariant | null,
  m: ModuleWriter,
  scope: NameScope,
  locals: Map<FieldSlot, string>,
  mode: 'all' | 'common' | 'variant',
  only: number | null,
): EncodeBody {
  const { decl } = model;
  const typeName = decl.name;
  const checks: string[] = [];
  const pre: string[] = [];
  const pieces = new Map<number, string[]>();
  const flagged = new Set<number>();
  const addPieces = (f: ir.BitField, v: string) => {
    const p = writePieces(f, v, () => scope.claim(`${f.name.replace(/\W/g, '')}Bits`));
    pre.push(...p.pre);
    for (const [k, c] of p.chunks) pieces.set(k, [...(pieces.get(k) ?? []), ...c.pieces]);
  };
  const inChunk = (f: ir.BitField) => only === null || chunksOf(f).includes(only);
  const slots = model.slots.filter((s) => (mode === 'common' ? !s.variant : !s.variant || s.variant === variant) && inChunk(s.field));
  for (const s of slots) {
    const v = `value.${s.prop}`;
    if (s.isTag) {
      if (mode !== 'common') addPieces(s.field, v);
      continue;
    }
    if (kindOf(s.field) === 'bool') {
      if (mode === 'common') continue;
      // A flag that is not a boolean makes its chunk -1 (every bit set), which the chunk's one
      // test sends to `check(value)` to be named: no call per flag, so V8 inlines the encoder.
      const seg = segmentsOf(s.field)[0];
      const local = scope.claim(ident(s.prop));
      pre.push(`const ${local} = ${v};`);
      const piece = `(${local} === true ? ${hex(ones(1, seg.bit))} : ${local} === false ? 0 : -1)`;
      pieces.set(seg.chunk, [...(pieces.get(seg.chunk) ?? []), piece]);
      flagged.add(seg.chunk);
      continue;
    }
    // Other values are read once into a local, checked, then placed.
    let local = locals.get(s);
    if (!local) {
      local = scope.claim(ident(s.prop));
      locals.set(s, local);
      checks.push(`const ${local} = ${v};`, checkField(typeName, s.field.name, s.field, kindOfType(s.field, model.layout), local, m));
    }
    if (mode !== 'common') addPieces(s.field, local);
  }
  if (mode !== 'common') {
    for (const s of model.ignored.filter((i) => (!i.variant || i.variant === variant) && inChunk(i.field))) {
      const local = scope.claim(s.prop);
      pre.push(`const ${local} = value.${s.prop} ?? ${s.field.valueWidth > 53 ? '0n' : '0'};`);
      pre.push(checkField(typeName, s.prop, s.field, kindOf(s.field), local, m));
      addPieces(s.field, local);
    }
  }
  const fixed = fixedBits(model, variant);
  const chunks = Array.from({ length: model.n }, (_, k) => orBits(fixed.get(k) ?? 0, pieces.get(k) ?? []));
  return { checks, chunks, pre, flagged };
}

/** The local a chunk is built in (`word`, `lo`/`hi`, `w0`...: never a field's local). */
function chunkLocal(n: number, k: number): string {
  return n === 1 ? 'word' : n === 2 ? (k === 0 ? 'lo' : 'hi') : `w${k}`;
}

/**
 * Statements storing an encoded chunk (`a | b | c`, see {@link orBits}) as an unsigned number:
 * built in a local when it has several terms (so it reads one term a line when long).
 */
function storeChunk(n: number, k: number, bits: string, store: (unsigned: string) => string, recheck: string | null = null): string[] {
  if (/^(0|0x[0-9a-f]+)$/.test(bits)) return [store(bits)];
  if (!bits.includes(' | ') && !recheck) return [store(`${bits} >>> 0`)];
  const local = chunkLocal(n, k);
  // A chunk of ones may be valid too: `check` then finds nothing wrong and returns.
  return [`const ${local} = ${bits};`, ...(recheck ? [`if (${local} === -1) ${recheck};`] : []), store(`${local} >>> 0`)];
}

function wordCheck(model: BitsModel, m: ModuleWriter, params: readonly string[]): string {
  const w = model.decl.width;
  const conds = params.map((p, k) => {
    const bits = Math.min(32, w - 32 * k);
    return bits === 32 ? `${p} >>> 0 !== ${p}` : `(${p} & ${hex(ones(bits))}) !== ${p}`;
  });
  return `if (${conds.join(' || ')}) throw ${m.rt('wordError')}(${str(model.decl.name)}, ${params.length === 1 ? params[0] : `[${params.join(', ')}]`}, ${w});`;
}

function bigWordCheck(model: BitsModel, m: ModuleWriter): string {
  return `if (${bigWordBad(model.decl.width, 'word')}) throw ${m.rt('wordError')}(${str(model.decl.name)}, word, ${model.decl.width});`;
}

/** True when `v` is not a bigint word of `width` bits (see `rangeCheck` for the 64-bit case). */
function bigWordBad(width: number, v: string): string {
  if (width === 64) return `typeof ${v} !== 'bigint' || ${v} < 0n || ${v} > 0xffffffffffffffffn`;
  return `typeof ${v} !== 'bigint' || BigInt.asUintN(${width}, ${v}) !== ${v}`;
}

/** Chunk `k` of a bigint `word`. */
function chunkOfBig(k: number, n: number): string {
  if (k === n - 1 && k > 0) return `Number(word >> ${32 * k}n)`;
  return k === 0 ? 'Number(word & 0xffffffffn)' : `Number((word >> ${32 * k}n) & 0xffffffffn)`;
}

/** The decoded object (or the tag switch returning one) from chunk expressions. */
function decodeBody(model: BitsModel, chunk: (k: number) => string, m: ModuleWriter): string[] {
  const { decl } = model;
  const obj = (variant: ir.BitsVariant | null, tagLocal: string | null) => {
    const entries = model.slots
      .filter((s) => !s.variant || s.variant === variant)
      .map((s) => `${s.prop}: ${s.isTag && tagLocal ? tagLocal : readExpr(model, s.field, chunk, m)}`);
    const ignored = model.ignored.filter((s) => !s.variant || s.variant === variant).map((s) => `${s.prop}: ${readField(s.field, chunk, m.rt)}`);
    return objectLines('return ', [...entries, ...ignored], ';');
  };
  if (!decl.tag) return obj(null, null);
  const body = [`const tag = ${readExpr(model, decl.tag, chunk, m)};`, 'switch (tag) {'];
  for (const v of decl.variants) {
    body.push(...tagCaseLabels(model, v, m).map((c) => `case ${c}:`), ...obj(v, 'tag'));
  }
  body.push(`default: throw new ${m.rt('TagError')}(${str(decl.name)}, ${str(decl.tag.name)}, tag, ${str(expectedTags(model, m))});`, '}');
  return body;
}

/**
 * Statements writing an encoded value: `emit(e)` stores the chunk expressions. `only`: the
 * chunk of a per-chunk encoder; a tagged layout whose variants all agree on that chunk (no
 * variant field, ignored or fixed bits there, nor the tag) builds it without the tag switch.
 */
function encodeBody(model: BitsModel, m: ModuleWriter, scope: NameScope, emit: (e: EncodeBody) => string[], only: number | null = null): string[] {
  const { decl } = model;
  const locals = new Map<FieldSlot, string>();
  const variantsAgree =
    only !== null &&
    decl.tag !== null &&
    !chunksOf(decl.tag).includes(only) &&
    decl.variants.every(
      (v) =>
        v.fields.every((f) => !chunksOf(f).includes(only)) &&
        v.reserved.every((r) => !chunksOf(pseudoField(r.range)).includes(only)),
    );
  if (!decl.tag || variantsAgree) {
    const e = encodeParts(model, null, m, scope, locals, 'all', only);
    return [...e.checks, ...e.pre, ...emit(e)];
  }
  const common = encodeParts(model, null, m, scope, locals, 'common', only);
  const body = [...common.checks];
  const tagProp = model.slots.find((s) => s.isTag)!.prop;
  body.push(`switch (value.${tagProp}) {`);
  for (const v of decl.variants) {
    const e = encodeParts(model, v, m, scope.fork(), new Map(locals), 'variant', only);
    body.push(...tagCaseLabels(model, v, m).map((c) => `case ${c}:`), '{', ...e.checks, ...e.pre, ...emit(e), '}');
  }
  body.push(
    `default: throw new ${m.rt('TagError')}(${str(decl.name)}, ${str(decl.tag.name)}, (value as { ${tagProp}: unknown }).${tagProp}, ${str(expectedTags(model, m))});`,
    '}',
  );
  return body;
}

/**
 * The statements of `check(value)`: each field's check in spec order (flags too), then, for a
 * tagged layout, the variant's own fields under a switch on the tag.
 */
function checkBody(model: BitsModel, m: ModuleWriter, scope: NameScope): string[] {
  const { decl } = model;
  const fieldChecks = (variant: ir.BitsVariant | null, sc: NameScope) => {
    const body: string[] = [];
    for (const s of model.slots.filter((x) => x.variant === variant && !x.isTag)) {
      const local = sc.claim(ident(s.prop));
      body.push(`const ${local} = value.${s.prop};`, checkField(decl.name, s.field.name, s.field, kindOfType(s.field, model.layout), local, m));
    }
    for (const s of model.ignored.filter((i) => i.variant === variant)) {
      const local = sc.claim(s.prop);
      body.push(`const ${local} = value.${s.prop} ?? ${s.field.valueWidth > 53 ? '0n' : '0'};`, checkField(decl.name, s.prop, s.field, kindOf(s.field), local, m));
    }
    return body;
  };
  const body = fieldChecks(null, scope);
  if (!decl.tag) return body;
  const tagProp = model.slots.find((s) => s.isTag)!.prop;
  body.push(`switch (value.${tagProp}) {`);
  for (const v of decl.variants) {
    body.push(...tagCaseLabels(model, v, m).map((c) => `case ${c}:`), '{', ...fieldChecks(v, scope.fork()), 'return;', '}');
  }
  body.push(
    `default: throw new ${m.rt('TagError')}(${str(decl.name)}, ${str(decl.tag.name)}, (value as { ${tagProp}: unknown }).${tagProp}, ${str(expectedTags(model, m))});`,
    '}',
  );
  return body;
}

/** Validation statements pushing messages onto `issues`. */
function validateBody(model: BitsModel, chunk: (k: number) => string, m: ModuleWriter): string[] {
  const { decl, layout } = model;
  const body: string[] = [];
  const reservedChecks = (list: readonly ir.ReservedBits[]) => {
    for (const r of list) {
      if (r.value === null) continue;
      const f = pseudoField(r.range);
      const masks = masksOf(f);
      const expected = r.value << BigInt(r.range.lo);
      const conds = [...masks].map(([k, mask]) => {
        const want = Number((expected >> BigInt(32 * k)) & 0xffff_ffffn);
        const masked = mask & 0x8000_0000 ? `(${chunk(k)} & ${hex(mask)}) >>> 0` : `(${chunk(k)} & ${hex(mask)})`;
        return `${masked} !== ${hex(want)}`;
      });
      const found = f.valueWidth <= 53 ? `, not \${${m.rt('formatInt')}(${readUnsigned(f, chunk)})}` : '';
      body.push(`if (${conds.join(' || ')}) issues.push(\`${decl.name}: ${r.range.lo === r.range.hi ? 'bit' : 'bits'} ${rangeText(r.range)} must be ${r.value < 1024n ? r.value : hex(r.value)}${found}\`);`);
    }
  };
  const enumChecks = (slots: readonly FieldSlot[]) => {
    for (const s of slots) {
      if (s.field.type.kind !== 'enum' || s.isTag) continue;
      const e = enumOf(layout, s.field.type.qname);
      const ref = m.ref(e.qname);
      const v = readField(s.field, chunk, m.rt);
      const missing = isBigEnum(e) ? `!(Object.values(${ref}) as bigint[]).includes(${v})` : `${ref}[${v}] === undefined`;
      body.push(`if (${missing}) issues.push(\`${decl.name}.${s.field.name}: \${${m.rt('formatInt')}(${v})} is not a ${e.name}\`);`);
    }
  };
  // Bits no field or reserved range names (the checker warns about them): they must be 0,
  // or decode would drop them silently.
  const gapChecks = (variant: ir.BitsVariant | null) => {
    let covered = 0n;
    const fields = [...decl.fields, ...(decl.tag ? [decl.tag] : []), ...(variant ? variant.fields : [])];
    const ranges = [...fields.flatMap((f) => f.ranges), ...[...decl.reserved, ...(variant ? variant.reserved : [])].map((r) => r.range)];
    for (const r of ranges) covered |= ((1n << BigInt(r.hi - r.lo + 1)) - 1n) << BigInt(r.lo);
    for (let lo = 0; lo < decl.width; lo++) {
      if ((covered >> BigInt(lo)) & 1n) continue;
      let hi = lo;
      while (hi + 1 < decl.width && !((covered >> BigInt(hi + 1)) & 1n)) hi++;
      const masks = masksOf(pseudoField({ lo, hi }));
      const conds = [...masks].map(([k, mask]) => `(${chunk(k)} & ${hex(mask)}) !== 0`);
      body.push(`if (${conds.join(' || ')}) issues.push(\`${decl.name}: ${lo === hi ? `bit ${lo} is` : `bits ${lo}..${hi} are`} set, but no field describes ${lo === hi ? 'it' : 'them'}\`);`);
      lo = hi;
    }
  };
  reservedChecks(decl.reserved);
  if (!decl.tag) gapChecks(null);
  enumChecks(model.slots.filter((s) => !s.variant));
  if (decl.tag) {
    body.push(`switch (${readField(decl.tag, chunk, m.rt)}) {`);
    for (const v of decl.variants) {
      const cases = v.when.map((w) => (decl.tag!.type.kind === 'bool' ? (w === 0n ? 'false' : 'true') : kindOf(decl.tag!) === 'bigint' ? big(w) : num(w)));
      body.push(...cases.map((c) => `case ${c}:`), '{');
      reservedChecks(v.reserved);
      gapChecks(v);
      enumChecks(model.slots.filter((s) => s.variant === v));
      body.push('break;', '}');
    }
    body.push(`default: issues.push(\`${decl.name}.${decl.tag.name}: \${${m.rt('formatInt')}(Number(${readField(decl.tag, chunk, m.rt)}))} selects no variant (expected ${expectedTags(model, m)})\`);`, '}');
  }
  return body;
}

/** `validate(word)` or `validateHalves(lo, hi)`: the checks, or `return []` when there are none. */
function validateMethod(name: string, model: BitsModel, m: ModuleWriter): string {
  const checks = validateBody(model, (k) => chunkParam(model, k), m);
  const body = checks.length ? ['const issues: string[] = [];', ...checks, 'return issues;'] : ['return [];'];
  const text = body.join('\n');
  const used = new Set(Array.from({ length: model.n }, (_, k) => k).filter((k) => new RegExp(`\\b${model.params ? model.params[k] : 'words'}\\b`).test(text)));
  return method({ name, params: paramList(model, used), returns: 'string[]', body });
}

export function renderCompanion(model: BitsModel, m: ModuleWriter): string {
  const { decl, n } = model;
  const names = m.plan.names.get(decl.qname)!;
  const self = names.base;
  const members: { doc: string; code: string }[] = [];
  const typeName = decl.name;
  members.push({ doc: docComment('Bytes in memory.'), code: `readonly SIZE = ${decl.size};` });
  members.push({ doc: docComment('Bits in the layout.'), code: `readonly WIDTH = ${decl.width};` });
  const recheck = (k: number, e: EncodeBody) => (e.flagged.has(k) ? `${self}.check(value)` : null);

  const seen = new Set<string>();
  for (const s of model.slots) {
    if (seen.has(s.accessor)) continue;
    seen.add(s.accessor);
    const f = s.field;
    const used = new Set(chunksOf(f));
    const type = s.isTag ? fieldType(f, m) : fieldType(f, m);
    members.push({
      doc: docComment(f.doc, fieldDoc(s)),
      code: method({ name: s.accessor, params: paramList(model, used), returns: type, body: [`return ${readExpr(model, f, (k) => chunkParam(model, k), m)};`] }),
    });
    const setter = model.api.setters.get(s)!;
    const p = writePieces(f, 'value', () => 'bits');
    const check = checkField(typeName, f.name, f, kindOfType(f, model.layout), 'value', m);
    if (n === 1) {
      const c = p.chunks.get(0)!;
      const keep = (~c.mask & ones(decl.width)) >>> 0;
      members.push({
        doc: docComment(`Returns \`word\` with ${s.accessor} set to \`value\`; a \`RangeError\` if it does not fit.`),
        code: method({
          name: setter,
          params: `word: number, value: ${type}`,
          returns: 'number',
          body: [check, ...p.pre, `return ${orChunk(0, [...(keep ? [`(word & ${hex(keep)})`] : []), ...c.pieces])};`],
        }),
      });
    } else {
      const body = [check, ...p.pre];
      for (const [k, c] of p.chunks) {
        const keep = ~c.mask >>> 0;
        body.push(`words[${k}] = ${orChunk(0, [...(keep ? [`(words[${k}]! & ${hex(keep)})`] : []), ...c.pieces])};`);
      }
      members.push({
        doc: docComment(`Sets ${s.accessor} in \`words\` (32-bit, least significant first) to \`value\`; a \`RangeError\` if it does not fit.`),
        code: method({ name: setter, params: `words: ${m.rt('Words', true)}, value: ${type}`, returns: 'void', body }),
      });
    }
  }

  const params = model.params;
  const partsDesc = n === 2 ? 'two 32-bit halves' : `${n} 32-bit words, least significant first`;
  if (n === 1) {
    members.push({
      doc: docComment(`Decodes a word; a \`RangeError\` if it is not a ${decl.width}-bit unsigned integer${decl.tag ? ' or its tag selects no variant' : ''}.`),
      code: method({ name: 'decode', params: 'word: number', returns: self, body: [wordCheck(model, m, ['word']), ...decodeBody(model, (k) => chunkParam(model, k), m)] }),
    });
    const scope = m.localScope(['value', 'word', 'tag', 'issues']);
    members.push({
      doc: docComment('Encodes a value; a `RangeError` names a field that does not fit (`check` names the first). Fixed reserved bits get their required values.'),
      code: method({ name: 'encode', params: `value: ${self}`, returns: 'number', body: encodeBody(model, m, scope, (e) => storeChunk(1, 0, e.chunks[0], (w) => `return ${w};`, recheck(0, e))) }),
    });
    members.push({
      doc: docComment('Problems with a word: fixed reserved bits with other values, enum fields holding no member, a tag that selects no variant. Empty when the word is valid.'),
      code: validateMethod('validate', model, m),
    });
  } else {
    const parts = params ?? [];
    // A bigint word as chunks: two halves inline, more as locals named like the parameters.
    const partLocals = params && n > 2 ? params.map((p, k) => `const ${p} = ${chunkOfBig(k, n)};`) : [];
    const toParts = params
      ? n > 2
        ? params.join(', ')
        : Array.from({ length: n }, (_, k) => chunkOfBig(k, n)).join(', ')
      : `${m.rt('toWords')}(word, ${n})`;
    members.push({
      doc: docComment(`Decodes a ${decl.width}-bit word; a \`RangeError\` if it is out of range${decl.tag ? ' or its tag selects no variant' : ''}.`),
      code: method({ name: 'decode', params: 'word: bigint', returns: self, body: [bigWordCheck(model, m), ...partLocals, `return ${self}.${model.api.decodeParts}(${toParts});`] }),
    });
    members.push({
      doc: docComment(`Decodes a word given as ${partsDesc}.`),
      code: method({
        name: model.api.decodeParts!,
        params: paramList(model, null),
        returns: self,
        body: [...(params ? [wordCheck(model, m, parts)] : []), ...decodeBody(model, (k) => chunkParam(model, k), m)],
      }),
    });
    const scope = m.localScope(['value', 'out', 'word', 'words', 'tag', 'issues']);
    members.push({
      doc: docComment('Encodes a value; a `RangeError` names a field that does not fit (`check` names the first).'),
      code: method({
        name: 'encode',
        params: `value: ${self}`,
        returns: 'bigint',
        body: [`const out = new Array<number>(${n}).fill(0);`, `${self}.${model.api.encodeParts}(value, out);`, `return ${m.rt('fromWords')}(out);`],
      }),
    });
    const chunkFns = model.api.encodeChunks;
    members.push({
      doc: docComment(`Encodes a value into \`out\` as ${partsDesc}; a \`RangeError\` names a field that does not fit (\`check\` names the first). Fixed reserved bits get their required values.`),
      code: method({
        name: model.api.encodeParts!,
        params: `value: ${self}, out: ${m.rt('Words', true)}`,
        returns: 'void',
        // Every chunk is built before \`out\` is touched, so a value that does not fit changes nothing.
        body: chunkFns
          ? [...chunkFns.map((fn, k) => `const ${chunkLocal(n, k)} = ${self}.${fn}(value);`), ...chunkFns.map((_, k) => `out[${k}] = ${chunkLocal(n, k)};`)]
          : encodeBody(model, m, scope, (e) => [...e.chunks.flatMap((c, k) => storeChunk(n, k, c, (w) => `out[${k}] = ${w};`, recheck(k, e))), ...(decl.tag ? ['return;'] : [])]),
      }),
    });
    chunkFns?.forEach((fn, k) => {
      const which = n === 2 ? (k === 0 ? 'low 32 bits' : 'high 32 bits') : `32-bit word ${k} (least significant first)`;
      const body = encodeBody(model, m, m.localScope(['value', 'word', 'words', 'tag', 'issues']), (e) => storeChunk(n, k, e.chunks[k], (w) => `return ${w};`, recheck(k, e)), k);
      members.push({
        doc: docComment(`The ${which} of a value's encoding; a \`RangeError\` names a field with bits there that does not fit.`),
        // A chunk of fixed bits only needs no value.
        code: method({ name: fn, params: `${body.some((l) => /\bvalue\b/.test(l)) ? 'value' : '_value'}: ${self}`, returns: 'number', body }),
      });
    });
    members.push({
      doc: docComment('Problems with a word: fixed reserved bits with other values, enum fields holding no member, a tag that selects no variant. Empty when the word is valid.'),
      code: method({
        name: 'validate',
        params: 'word: bigint',
        returns: 'string[]',
        body: [
          `if (${bigWordBad(decl.width, 'word')}) return [\`${decl.name}: \${String(word)} is not a ${decl.width}-bit word\`];`,
          ...partLocals,
          `return ${self}.${model.api.validateParts}(${toParts});`,
        ],
      }),
    });
    members.push({
      doc: docComment(`Like \`validate\`, for a word given as ${partsDesc}.`),
      code: validateMethod(model.api.validateParts!, model, m),
    });
  }
  const checks = checkBody(model, m, m.localScope(['value', 'tag']));
  members.push({
    doc: docComment(
      'Throws the `RangeError` that names the first field of a value that does not fit (spec order), or, for a tagged layout, a tag that selects no variant; returns if the value encodes. The encoders call it to name what they refused.',
    ),
    code: method({ name: 'check', params: `${checks.length ? 'value' : '_value'}: ${self}`, returns: 'void', body: checks }),
  });
  const wordDesc = n === 1 ? `a ${decl.width}-bit \`number\`` : n === 2 ? 'a `bigint` or two 32-bit halves `(lo, hi)`' : `a \`bigint\` or ${partsDesc}`;
  return render('codec', {
    doc: docComment(
      `Reads, writes and checks {@link ${self}} words: ${wordDesc}. Field getters take the raw word and never allocate (unless the field is wider than 53 bits); setters throw a \`RangeError\` rather than truncate. Use the instance {@link ${self}}.`,
    ),
    className: names.codec!,
    members,
    constDoc: docComment(`Reads, writes and checks {@link ${self}} words (see {@link ${names.codec}}): \`${self}.decode(word)\`, \`${self}.encode(value)\`, a getter and a setter per field.`),
    name: self,
  });
}

// ---------------------------------------------------------------------------
// Target modules: the view of a bit layout in memory

/** How chunk `k` of a layout sits in memory on a target. */
interface ChunkPlace {
  readonly words: { readonly offset: number; readonly bytes: 1 | 2 | 4; readonly shift: number }[];
}

function chunkPlaces(decl: ir.Bits, le: boolean): ChunkPlace[] {
  const n = chunkCount(decl.width);
  const wb = decl.wordBits;
  const bytes = wb / 8;
  return Array.from({ length: n }, (_, k) => {
    if (wb === 64) {
      const j = Math.floor(k / 2);
      const h = k % 2;
      return { words: [{ offset: j * 8 + (le ? 4 * h : 4 * (1 - h)), bytes: 4 as const, shift: 0 }] };
    }
    if (wb === 32) return { words: [{ offset: 4 * k, bytes: 4 as const, shift: 0 }] };
    const per = 32 / wb;
    const words = [];
    for (let j = k * per; j < Math.min((k + 1) * per, decl.words); j++) words.push({ offset: j * bytes, bytes: bytes as 1 | 2, shift: (j - k * per) * wb });
    return { words };
  });
}

const GET = { 1: 'getUint8', 2: 'getUint16', 4: 'getUint32' } as const;
const SET = { 1: 'setUint8', 2: 'setUint16', 4: 'setUint32' } as const;

/** Reads chunk `k` at `base` (an offset expression). */
export function readChunk(decl: ir.Bits, le: boolean, k: number, dv: string, base: string): string {
  const place = chunkPlaces(decl, le)[k];
  const at = (off: number) => (off ? `${base} + ${off}` : base);
  const parts = place.words.map((w) => {
    const read = w.bytes === 1 ? `${dv}.${GET[w.bytes]}(${at(w.offset)})` : `${dv}.${GET[w.bytes]}(${at(w.offset)}, ${le})`;
    return w.shift ? `(${read} << ${w.shift})` : read;
  });
  if (parts.length === 1) return parts[0];
  const top = place.words[place.words.length - 1];
  const e = parts.join(' | ');
  return top.shift + top.bytes * 8 === 32 ? `(${e}) >>> 0` : `(${e})`;
}

/**
 * Statements storing chunk `k` at `base`: `value` is an expression of its 32 bits, signed or
 * unsigned (`setUint32`, `setUint16` and `setUint8` keep the low bits).
 */
export function writeChunk(decl: ir.Bits, le: boolean, k: number, dv: string, base: string, value: string): string[] {
  const place = chunkPlaces(decl, le)[k];
  const at = (off: number) => (off ? `${base} + ${off}` : base);
  const set = (w: ChunkPlace['words'][number], v: string) => (w.bytes === 1 ? `${dv}.${SET[w.bytes]}(${at(w.offset)}, ${v});` : `${dv}.${SET[w.bytes]}(${at(w.offset)}, ${v}, ${le});`);
  if (place.words.length === 1 && place.words[0].shift === 0) return [set(place.words[0], unparen(value))];
  const out: string[] = [];
  let v = value;
  if (!/^\w+$/.test(value)) {
    out.push(`const c${k} = ${unparen(value)};`);
    v = `c${k}`;
  }
  for (const w of place.words) out.push(set(w, w.shift ? `${v} >>> ${w.shift}` : v));
  return out;
}

/** `e` without redundant outer parentheses (prettier drops them in arguments and initializers). */
function unparen(e: string): string {
  return e.startsWith('(') && matchingParen(e) === e.length - 1 ? e.slice(1, -1) : e;
}

/** The two fields every view declares (no shared base class: see runtime/bytes.ts). */
export function viewFields(what: string): { doc: string; code: string }[] {
  return [
    { doc: docComment('The memory this view reads and writes.'), code: 'readonly dataView: DataView;' },
    { doc: docComment(`Where the ${what} starts in \`dataView\`; assign it to move the view.`), code: 'byteOffset: number;' },
  ];
}

/** A view constructor's body: the checked `DataView`, then the offset. */
export function viewInit(m: ModuleWriter, size: number): string[] {
  return [`this.dataView = ${m.rt('viewOf')}(buffer, byteOffset, ${size});`, 'this.byteOffset = byteOffset;'];
}

/** The module's scratch words for encoding into memory (never escapes a call). */
function scratch(m: ModuleWriter): string {
  return m.helper('scratch', (name) => `${docComment('Scratch space for encoders writing to memory (up to 1024 bits).')}const ${name}: number[] = new Array<number>(32).fill(0);`);
}

export function renderBitsView(model: BitsModel, m: ModuleWriter): string {
  const { decl, layout, n } = model;
  const le = layout.target.endian === 'little';
  const names = m.plan.names.get(decl.qname)!;
  const self = m.ref(decl.qname);
  const view = names.view!;
  const typeName = decl.name;
  const members: { doc: string; code: string }[] = [];
  const chunkName = (k: number) => (n === 1 ? 'word' : n === 2 ? (k === 0 ? 'lo' : 'hi') : `w${k}`);
  const loadChunks = (ks: readonly number[]) => ks.map((k) => `const ${chunkName(k)} = ${readChunk(decl, le, k, 'this.dataView', 'this.byteOffset')};`);

  members.push({ doc: docComment('Bytes in memory.'), code: `static readonly SIZE = ${decl.size};` });
  members.push(...viewFields('word'));
  members.push({
    doc: docComment('A view of the word at `byteOffset` in `buffer`; a `RangeError` if it does not fit.'),
    code: method({ name: 'constructor', params: `buffer: ${m.rt('BufferLike', true)}, byteOffset = 0`, body: viewInit(m, decl.size) }),
  });
  const seen = new Set<string>();
  for (const s of model.slots) {
    if (seen.has(s.viewAccessor)) continue;
    seen.add(s.viewAccessor);
    const f = s.field;
    const ks = chunksOf(f);
    const type = fieldType(f, m);
    members.push({
      doc: docComment(f.doc, fieldDoc(s)),
      code: method({ kind: 'get', name: s.viewAccessor, returns: type, body: [...loadChunks(ks), `return ${readExpr(model, f, chunkName, m)};`] }),
    });
    const p = writePieces(f, 'value', () => 'bits');
    const body = [checkField(typeName, f.name, f, kindOfType(f, layout), 'value', m), ...p.pre];
    for (const [k, c] of p.chunks) {
      // Read, modify, write: the bits the field leaves alone are kept.
      const keep = (~c.mask & ones(Math.min(32, decl.width - 32 * k))) >>> 0;
      if (keep) body.push(`const ${chunkName(k)} = ${readChunk(decl, le, k, 'this.dataView', 'this.byteOffset')};`);
      const old = keep ? [`(${chunkName(k)} & ${hex(keep)})`] : [];
      body.push(...writeChunk(decl, le, k, 'this.dataView', 'this.byteOffset', orBits(0, [...old, ...c.pieces])));
    }
    members.push({ doc: '', code: method({ kind: 'set', name: s.viewAccessor, params: `value: ${type}`, body }) });
  }
  const all = Array.from({ length: n }, (_, k) => k);
  const args = n <= 4 ? all.map(chunkName).join(', ') : `[${all.map(chunkName).join(', ')}]`;
  // The raw word: one read, then the companion's getters decode it without touching memory.
  if (n === 1) {
    const max = hex(ones(decl.width));
    members.push({
      doc: docComment(`The word as stored (${decl.width} bits): read it once and decode fields with \`${self}.field(word)\`.`),
      code: method({ kind: 'get', name: 'raw', returns: 'number', body: [`return ${readChunk(decl, le, 0, 'this.dataView', 'this.byteOffset')};`] }),
    });
    members.push({
      doc: '',
      code: method({
        kind: 'set',
        name: 'raw',
        params: 'value: number',
        body: [
          `if (${decl.width === 32 ? 'value >>> 0 !== value' : `(value & ${max}) !== value`}) throw ${m.rt('wordError')}(${str(decl.name)}, value, ${decl.width});`,
          ...writeChunk(decl, le, 0, 'this.dataView', 'this.byteOffset', 'value'),
        ],
      }),
    });
  } else {
    members.push({
      doc: docComment(`The word as stored (${decl.width} bits).`),
      code: method({ kind: 'get', name: 'raw', returns: 'bigint', body: [...loadChunks(all), `return ${m.rt('fromWords')}([${all.map(chunkName).join(', ')}]);`] }),
    });
    members.push({
      doc: '',
      code: method({
        kind: 'set',
        name: 'raw',
        params: 'value: bigint',
        body: [
          `if (${bigWordBad(decl.width, 'value')}) throw ${m.rt('wordError')}(${str(decl.name)}, value, ${decl.width});`,
          `${m.rt('toWords')}(value, ${n}, ${scratch(m)});`,
          ...all.flatMap((k) => writeChunk(decl, le, k, 'this.dataView', 'this.byteOffset', `${scratch(m)}[${k}]!`)),
        ],
      }),
    });
  }
  const loadFrom = (dv: string, base: string) => all.map((k) => `const ${chunkName(k)} = ${readChunk(decl, le, k, dv, base)};`);
  const decode = n === 1 ? `${self}.decode(word)` : `${self}.${model.api.decodeParts}(${args})`;
  members.push({ doc: docComment('Decodes the word.'), code: method({ name: 'read', returns: self, body: [`return ${view}.readAt(this.dataView, this.byteOffset);`] }) });
  members.push({
    doc: docComment('Encodes `value` into the word; a `RangeError` if a field does not fit (memory is then unchanged).'),
    code: method({ name: 'write', params: `value: ${self}`, returns: 'void', body: [`${view}.writeAt(this.dataView, this.byteOffset, value);`] }),
  });
  members.push({
    doc: docComment(`Problems with the word (see \`${self}.validate\`).`),
    code: method({ name: 'validate', returns: 'string[]', body: [...loadChunks(all), `return ${self}.${n === 1 ? 'validate' : model.api.validateParts}(${n === 1 ? 'word' : args});`] }),
  });
  members.push({
    doc: docComment('Decodes the word at `byteOffset` in `dataView`: `read()` without a view.'),
    code: method({ static: true, name: 'readAt', params: 'dataView: DataView, byteOffset: number', returns: self, body: [...loadFrom('dataView', 'byteOffset'), `return ${decode};`] }),
  });
  members.push({
    doc: docComment('Encodes `value` into the word at `byteOffset` in `dataView`: `write(value)` without a view.'),
    code: method({
      static: true,
      name: 'writeAt',
      params: `dataView: DataView, byteOffset: number, value: ${self}`,
      returns: 'void',
      body:
        n === 1
          ? writeChunk(decl, le, 0, 'dataView', 'byteOffset', `${self}.encode(value)`)
          : model.api.encodeChunks
            ? [
                // Every chunk is encoded (and checked) before memory is touched.
                ...model.api.encodeChunks.map((fn, k) => `const ${chunkName(k)} = ${self}.${fn}(value);`),
                ...all.flatMap((k) => writeChunk(decl, le, k, 'dataView', 'byteOffset', chunkName(k))),
              ]
            : [
                `${self}.${model.api.encodeParts}(value, ${scratch(m)});`,
                ...all.flatMap((k) => writeChunk(decl, le, k, 'dataView', 'byteOffset', `${scratch(m)}[${k}]!`)),
              ],
    }),
  });
  return render('viewClass', {
    doc: docComment(`{@link ${self}} in memory, read and written in place: ${decl.size} bytes, ${le ? 'little' : 'big'}-endian.`),
    name: view,
    base: m.rt('View', true),
    members,
  });
}


