/**
 * An independent model of the layouts, straight from the IR, with bigints: the reference the
 * generated TypeScript is compared with. Nothing here shares code with the emitter.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { compile } from '../../generator/compile.js';
import type * as ir from '../../generator/ir.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function dslFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const f of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, f);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.cdl')) out.push(path.relative(ROOT, p));
    }
  };
  walk(path.join(ROOT, 'dsl'));
  return out;
}

const cache = new Map<string, ir.Layout[]>();

/** The dsl layouts for the given targets and configurations (compiled once per key). */
export function dslLayouts(targets: string[], configs: (string | null)[] = [null]): ir.Layout[] {
  const key = `${targets.join(',')}|${configs.join(',')}`;
  let layouts = cache.get(key);
  if (!layouts) {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const r = compile({ files: dslFiles(), targets, configs });
      if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
      layouts = [...r.layouts];
    } finally {
      process.chdir(cwd);
    }
    cache.set(key, layouts);
  }
  return layouts;
}

export function stemOf(l: ir.Layout): string {
  return l.config ? `${l.target.name}.${l.config}` : l.target.name;
}

// ---------------------------------------------------------------------------
// Bit layouts

const mask = (w: number) => (1n << BigInt(w)) - 1n;

/** The value of a field in a word (stored bits assembled in range order, shifted, signed). */
export function getField(word: bigint, f: ir.BitField): bigint {
  let v = 0n;
  let at = 0;
  for (const r of f.ranges) {
    const w = r.hi - r.lo + 1;
    v |= ((word >> BigInt(r.lo)) & mask(w)) << BigInt(at);
    at += w;
  }
  v <<= BigInt(f.shift);
  return f.signed ? BigInt.asIntN(f.valueWidth, v) : v;
}

/** `word` with a field set to `value` (which must fit). */
export function setField(word: bigint, f: ir.BitField, value: bigint): bigint {
  let stored = BigInt.asUintN(f.valueWidth, value) >> BigInt(f.shift);
  let out = word;
  for (const r of f.ranges) {
    const w = r.hi - r.lo + 1;
    out = (out & ~(mask(w) << BigInt(r.lo))) | ((stored & mask(w)) << BigInt(r.lo));
    stored >>= BigInt(w);
  }
  return out;
}

export function rangeField(r: ir.BitRange): ir.BitField {
  const w = r.hi - r.lo + 1;
  return { name: '', cName: '', doc: null, ranges: [r], shift: 0, signed: false, storedWidth: w, valueWidth: w, type: { kind: 'uint' } };
}

/** How a field's value reads in TypeScript. */
export function jsOf(f: ir.BitField, v: bigint): boolean | number | bigint {
  if (f.type.kind === 'bool') return v !== 0n;
  return f.valueWidth > 53 ? v : Number(v);
}

/** Sets an own property, even one called `__proto__`. */
export function put(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Reads an own property, even one called `__proto__`. */
export function own(o: unknown, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

export function bigOf(v: unknown): bigint {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return BigInt(v as number | bigint);
}

/** Name of the property holding ignored reserved bits, as the emitter documents it. */
export function reservedProp(r: ir.BitRange): string {
  return r.lo === r.hi ? `reserved${r.lo}` : `reserved${r.lo}_${r.hi}`;
}

export function enumOf(layout: ir.Layout, qname: string): ir.Enum {
  return layout.byName.get(qname) as ir.Enum;
}

/** Arbitrary valid value of a field (enum fields: members only). */
export function arbField(f: ir.BitField): fc.Arbitrary<bigint> {
  if (f.type.kind === 'enum') return fc.constantFrom(...f.type.decl.members.map((m) => m.value));
  const w = f.valueWidth - f.shift;
  const lo = f.signed ? -(1n << BigInt(f.valueWidth - 1)) >> BigInt(f.shift) : 0n;
  const hi = f.signed ? ((1n << BigInt(f.valueWidth - 1)) >> BigInt(f.shift)) - 1n : mask(w);
  return fc.oneof(fc.bigInt(lo, hi), fc.constantFrom(lo, hi, 0n)).map((v) => v << BigInt(f.shift));
}

export interface BitsCase {
  /** The decoded object, as TypeScript sees it. */
  readonly value: Record<string, unknown>;
  /** Its word. */
  readonly word: bigint;
}

/** Parts of the layout that apply to one variant (or the whole untagged layout). */
export function partsOf(b: ir.Bits, v: ir.BitsVariant | null): { fields: ir.BitField[]; reserved: ir.ReservedBits[] } {
  return { fields: [...b.fields, ...(b.tag ? [b.tag] : []), ...(v ? v.fields : [])], reserved: [...b.reserved, ...(v ? v.reserved : [])] };
}

/** Arbitrary valid (value, word) pairs of a bit layout. */
export function arbBits(b: ir.Bits): fc.Arbitrary<BitsCase> {
  const variants: (ir.BitsVariant | null)[] = b.tag ? [...b.variants] : [null];
  return fc.constantFrom(...variants).chain((v) => {
    const { fields, reserved } = partsOf(b, v);
    const ignored = reserved.filter((r) => r.value === null);
    const arbs = fields.map((f) => (f === b.tag ? fc.constantFrom(...v!.when) : arbField(f)));
    return fc.tuple(fc.tuple(...arbs), fc.tuple(...ignored.map((r) => fc.bigInt(0n, mask(r.range.hi - r.range.lo + 1))))).map(([vals, ign]) => {
      let word = 0n;
      const value: Record<string, unknown> = {};
      fields.forEach((f, i) => {
        word = setField(word, f, vals[i]);
        put(value, f.name, jsOf(f, vals[i]));
      });
      ignored.forEach((r, i) => {
        const rf = rangeField(r.range);
        word = setField(word, rf, ign[i]);
        put(value, reservedProp(r.range), jsOf(rf, ign[i]));
      });
      for (const r of reserved) if (r.value !== null) word = setField(word, rangeField(r.range), r.value);
      return { value, word };
    });
  });
}

/** The 32-bit parts of a word, least significant first. */
export function chunks(word: bigint, width: number): number[] {
  return Array.from({ length: Math.ceil(width / 32) }, (_, k) => Number((word >> BigInt(32 * k)) & 0xffff_ffffn));
}

/** The bytes of a bit layout's word in memory on a target. */
export function bitsBytes(b: ir.Bits, word: bigint, le: boolean): Uint8Array {
  const out = new Uint8Array(b.size);
  const wb = b.wordBits / 8;
  for (let j = 0; j < b.words; j++) {
    const w = (word >> BigInt(j * b.wordBits)) & mask(b.wordBits);
    for (let i = 0; i < wb; i++) {
      const byte = Number((w >> BigInt(8 * i)) & 0xffn);
      out[j * wb + (le ? i : wb - 1 - i)] = byte;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Structs and unions

export type Plain = unknown;

function leafBits(t: ir.Type, layout: ir.Layout): { bits: number; signed: boolean; width: number } | null {
  switch (t.kind) {
    case 'int':
      return { bits: t.bits, signed: t.signed, width: t.bits };
    case 'pointer':
      return { bits: layout.target.pointerBits, signed: false, width: layout.target.pointerBits };
    case 'enum': {
      const e = enumOf(layout, t.qname);
      return { bits: t.storageBits, signed: e.signed, width: e.width };
    }
    default:
      return null;
  }
}

function jsInt(v: bigint, t: ir.Type, layout: ir.Layout): number | bigint {
  if (t.kind === 'enum') return enumOf(layout, t.qname).width > 53 ? v : Number(v);
  return leafBits(t, layout)!.bits > 32 ? v : Number(v);
}

/** The value of a selector path in a plain struct value. */
export function selectorValue(value: Record<string, unknown>, p: readonly string[]): bigint {
  let cur: unknown = value;
  for (const seg of p) cur = own(cur, seg);
  return bigOf(cur);
}

/** Arbitrary valid plain values of a type (plain unions: the largest member, as `read()` gives). */
export function arbType(t: ir.Type, layout: ir.Layout): fc.Arbitrary<Plain> {
  switch (t.kind) {
    case 'bool':
      return fc.boolean();
    case 'int':
    case 'pointer':
    case 'enum': {
      if (t.kind === 'enum') return fc.constantFrom(...enumOf(layout, t.qname).members.map((m) => jsInt(m.value, t, layout)));
      const { bits, signed } = leafBits(t, layout)!;
      const lo = signed ? -(1n << BigInt(bits - 1)) : 0n;
      const hi = signed ? (1n << BigInt(bits - 1)) - 1n : mask(bits);
      return fc.oneof(fc.bigInt(lo, hi), fc.constantFrom(lo, hi)).map((v) => jsInt(v, t, layout));
    }
    case 'bits':
      return arbBits(layout.byName.get(t.qname) as ir.Bits).map((c) => c.value);
    case 'struct':
      return arbStruct(layout.byName.get(t.qname) as ir.Struct, layout);
    case 'union': {
      const u = layout.byName.get(t.qname) as ir.Union;
      const largest = u.members.reduce((best, m) => (best === null || m.size > best.size ? m : best), null as ir.UnionMember | null);
      return largest ? arbType(largest.type, layout).map((v) => ({ [largest.name]: v })) : fc.constant(null);
    }
    case 'array':
      return fc.array(arbType(t.element, layout), { minLength: t.length, maxLength: t.length });
  }
}

export function arbStruct(s: ir.Struct, layout: ir.Layout): fc.Arbitrary<Record<string, unknown>> {
  const plain = s.fields.filter((f) => !f.selector);
  return fc.tuple(...plain.map((f) => arbType(f.type, layout))).chain((vals) => {
    const base: Record<string, unknown> = {};
    plain.forEach((f, i) => put(base, f.name, vals[i]));
    const selected = s.fields.filter((f) => f.selector);
    const arbs = selected.map((f) => {
      const u = layout.byName.get((f.type as ir.UnionRefType).qname) as ir.Union;
      const sel = selectorValue(base, f.selector!.path);
      const m = u.members.find((x) => x.when.includes(sel));
      return m ? arbType(m.type, layout).map((v) => ({ [m.name]: v }) as unknown) : fc.constant(null as unknown);
    });
    return fc.tuple(...arbs).map((uv) => {
      const out = { ...base };
      selected.forEach((f, i) => put(out, f.name, uv[i]));
      // Keep declaration order.
      return Object.fromEntries(s.fields.map((f) => [f.name, own(out, f.name)]));
    });
  });
}

/** Writes a plain value of `t` at `off`, as the target lays it out. */
/**
 * Writes `v` as type `t` at `off`. `le` is the order of the struct the value is in (the
 * target's, unless a struct states its own; for a struct of runtime order, the order to lay
 * it out in): scalars take it, a bit layout or struct of a stated order its own.
 */
export function serialize(dv: DataView, off: number, t: ir.Type, v: Plain, layout: ir.Layout, le = layout.target.endian === 'little'): void {
  switch (t.kind) {
    case 'bool':
      dv.setUint8(off, v ? 1 : 0);
      return;
    case 'int':
    case 'pointer':
    case 'enum': {
      const { bits } = leafBits(t, layout)!;
      const x = BigInt.asUintN(bits, bigOf(v));
      for (let i = 0; i < bits / 8; i++) dv.setUint8(off + (le ? i : bits / 8 - 1 - i), Number((x >> BigInt(8 * i)) & 0xffn));
      return;
    }
    case 'bits': {
      const b = layout.byName.get(t.qname) as ir.Bits;
      const bytes = bitsBytes(b, encodeOracle(b, v as Record<string, unknown>, layout), b.byteOrder ? b.byteOrder === 'little' : le);
      bytes.forEach((x, i) => dv.setUint8(off + i, x));
      return;
    }
    case 'struct': {
      const s = layout.byName.get(t.qname) as ir.Struct;
      const order = s.byteOrder === 'runtime' ? le : (s.byteOrder ?? layout.target.endian) === 'little';
      for (const f of s.fields) {
        const fv = own(v, f.name);
        if (f.selector && fv === null) continue;
        serialize(dv, off + f.offset, f.type, fv, layout, order);
      }
      return;
    }
    case 'union': {
      const u = layout.byName.get(t.qname) as ir.Union;
      if (v === null) return;
      const [name, mv] = Object.entries(v as Record<string, unknown>)[0];
      serialize(dv, off, u.members.find((m) => m.name === name)!.type, mv, layout, layout.target.endian === 'little');
      return;
    }
    case 'array':
      (v as Plain[]).forEach((e, i) => serialize(dv, off + i * t.element.size, t.element, e, layout, le));
      return;
  }
}

/** The word of a decoded bit-layout value. */
export function encodeOracle(b: ir.Bits, value: Record<string, unknown>, layout: ir.Layout): bigint {
  const tag = b.tag ? bigOf(own(value, b.tag.name)) : null;
  const v = b.tag ? b.variants.find((x) => x.when.includes(tag!))! : null;
  const { fields, reserved } = partsOf(b, v);
  let word = 0n;
  for (const f of fields) word = setField(word, f, bigOf(own(value, f.name)));
  for (const r of reserved) {
    const ign = own(value, reservedProp(r.range));
    const x = r.value ?? (ign === undefined ? 0n : bigOf(ign));
    word = setField(word, rangeField(r.range), x);
  }
  void layout;
  return word;
}
