/**
 * Bit layouts, the model: the names and shapes of a layout's fields, shared by its companion
 * (bits-companion.ts) and its views (bits-view.ts).
 *
 * Words: a layout of at most 32 bits is a `number`; a 64-bit one is a `bigint` or two 32-bit
 * halves `(lo, hi)`; up to 128 bits, four 32-bit words `(w0, w1, w2, w3)`; wider, an array
 * of 32-bit words. Getters never allocate unless the field itself is wider than 53 bits.
 */
import type * as ir from '../../ir.js';
import { reservedRun } from '../../lower/bits.js';
import { OBJECT_PROTOTYPE_NAMES } from '../../names.js';
import { chunkCount, kindOf, rangeCheck, readField, type ValueKind } from './bitcode.js';
import type { ModuleWriter } from './module.js';
import { lowerFirst, NameScope, str, upperFirst } from './naming.js';
import { isBigEnum } from './types.js';
import { extend } from '../../util/objects.js';

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
  const sameType = a.type.kind === b.type.kind && (a.type.kind !== 'enum' || (b.type.kind === 'enum' && a.type.decl === b.type.decl));
  return sameType && a.shift === b.shift && a.signed === b.signed && JSON.stringify(a.ranges) === JSON.stringify(b.ranges);
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
    if (!ignoredProp.has(key)) ignoredProp.set(key, props.claim(reservedRun(e.reserved.range).name));
    return extend(e, { prop: ignoredProp.get(key)!, field: reservedRun(e.reserved.range) });
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

/** The TypeScript type of a field's value. */
export function fieldType(f: ir.BitField, m: ModuleWriter): string {
  if (f.type.kind === 'enum') return m.ref(f.type.decl.qname, 'base', true);
  return kindOf(f) === 'bool' ? 'boolean' : kindOf(f) === 'bigint' ? 'bigint' : 'number';
}

export function kindOfType(f: ir.BitField): ValueKind {
  if (f.type.kind === 'enum') return isBigEnum(f.type.decl) ? 'bigint' : 'number';
  return kindOf(f);
}

/** A field's value from chunks, with its enum cast. */
export function readExpr(f: ir.BitField, chunk: (k: number) => string, m: ModuleWriter): string {
  const cast = f.type.kind === 'enum' ? m.ref(f.type.decl.qname, 'base', true) : undefined;
  return readField(f, chunk, m.rt, cast);
}

/** The range check of a field about to be written, as statements. */
export function checkField(typeName: string, fieldName: string, f: ir.BitField, kind: ValueKind, v: string, m: ModuleWriter): string {
  // Two comparisons: V8 (Node 20) compiles them inline, and `typeof v !== 'boolean'` slower.
  if (kind === 'bool') return `if (${v} !== true && ${v} !== false) throw ${m.rt('boolError')}(${str(typeName)}, ${str(fieldName)}, ${v});`;
  const { bad, args } = rangeCheck(f, kind, v);
  return `if (${bad}) throw ${m.rt('rangeError')}(${str(typeName)}, ${str(fieldName)}, ${v}, ${args});`;
}

export function fieldDoc(slot: { field: ir.BitField; variant: ir.BitsVariant | null; isTag?: boolean }): string {
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
