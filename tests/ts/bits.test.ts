/**
 * Property tests for every bit layout in dsl/, driven by the IR: the generated decoders,
 * encoders, field getters and setters, validators and views agree with an independent bigint
 * model (oracle.ts), round-trip, and reject every value outside a field's range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitsModel } from '../../generator/emitters/ts/bits-model.js';
import type * as ir from '../../generator/ir.js';
import { FieldRangeError } from '../../runtime/index.js';
import { commonModule, targetModule, type Module } from './generated.js';
import { arbBits, bigOf, bitsBytes, chunks, dslLayouts, partsOf, setField, stemOf } from './oracle.js';

const [layout] = dslLayouts(['x86_64']);
const targets = dslLayouts(['x86_64', 'ppc32', 'mips32', 's390x']);
const RUNS = 200;

/**
 * A layout's companion object: in the target-independent module, or (a c_bitfields layout
 * whose bits depend on the byte order) in x86_64's own module.
 */
const companion = async (b: ir.Bits): Promise<Module> => (await commonModule(b.namespace))[b.name] ?? (await targetModule(stemOf(layout), b.namespace))[b.name];

/** Calls a function taking a layout's word as parts: (word) | (lo, hi) | (w0..w3) | (words). */
function withParts<T>(fn: (...args: never[]) => T, word: bigint, width: number): T {
  const c = chunks(word, width);
  const f = fn as (...args: unknown[]) => T;
  if (c.length === 1) return f(c[0]);
  return c.length <= 4 ? f(...c) : f(c);
}

/** Every field's out-of-range values: beyond the top, below the bottom, off the shift's step. */
function badValues(f: ir.BitField): unknown[] {
  if (f.type.kind === 'bool') return [1, 0, 'true', null];
  const big = f.valueWidth > 53;
  const step = 1n << BigInt(f.shift);
  const max = f.signed ? (1n << BigInt(f.valueWidth - 1)) - step : ((1n << BigInt(f.valueWidth - f.shift)) - 1n) << BigInt(f.shift);
  const min = f.signed ? -(1n << BigInt(f.valueWidth - 1)) : 0n;
  const out: bigint[] = [max + step, min - step, max * 2n + 2n * step];
  if (f.shift) out.push(step / 2n, max - step / 2n);
  const vals: unknown[] = out.map((v) => (big ? v : Number(v)));
  if (!big) vals.push(0.5, NaN, Infinity);
  return vals;
}

describe.each(layout.bits.map((b) => [b.qname, b] as const))('bit layout %s', (_name, b) => {
  const n = Math.ceil(b.width / 32);
  // Names as the emitter spells them (escaped where a field is called `write`, `constructor`...).
  const model = bitsModel(b, layout);
  const slot = (f: ir.BitField) => model.slots.find((s) => s.field === f)!;
  const getter = (f: ir.BitField) => slot(f).accessor;
  const setter = (f: ir.BitField) => model.api.setters.get(slot(f))!;
  const toWord = (w: bigint) => (n === 1 ? Number(w) : w);
  const parts = n === 1 ? null : n === 2 ? 'Halves' : 'Words';

  it('decodes, encodes and validates like the bigint model, in every word form', async () => {
    const C = await companion(b);
    expect([C.SIZE, C.WIDTH]).toEqual([b.size, b.width]);
    fc.assert(
      fc.property(arbBits(b), ({ value, word }) => {
        expect(C.decode(toWord(word))).toEqual(value);
        expect(bigOf(C.encode(value))).toBe(word);
        expect(C.validate(toWord(word))).toEqual([]);
        if (parts) {
          expect(withParts(C[`decode${parts}`], word, b.width)).toEqual(value);
          const out = new Array(n).fill(0);
          C[`encode${parts}`](value, out);
          expect(out).toEqual(chunks(word, b.width));
          expect(withParts(C[`validate${parts}`], word, b.width)).toEqual([]);
          // The per-chunk encoders (encodeLo/encodeHi, encodeW0...) build the same chunks.
          model.api.encodeChunks?.forEach((fn, k) => expect(C[fn](value), fn).toBe(chunks(word, b.width)[k]));
        }
        expect(C.check(value)).toBeUndefined();
        // encode(decode(w)) = w
        expect(bigOf(C.encode(C.decode(toWord(word))))).toBe(word);
      }),
      { numRuns: RUNS },
    );
  });

  it('reads every field from the raw word and sets it without touching the others', async () => {
    const C = await companion(b);
    fc.assert(
      fc.property(arbBits(b), ({ value, word }) => {
        const v = b.tag ? b.variants.find((x) => x.when.includes(bigOf(value[b.tag!.name]))) ?? null : null;
        const { fields } = partsOf(b, v);
        for (const f of fields) expect(withParts(C[getter(f)], word, b.width)).toEqual(value[f.name]);
        // Clear the fields, then set them back one by one.
        let blank = word;
        for (const f of fields) blank = setField(blank, f, 0n);
        if (n === 1) {
          let w = Number(blank);
          for (const f of fields) w = C[setter(f)](w, value[f.name]);
          expect(BigInt(w)).toBe(word);
        } else {
          const words = chunks(blank, b.width);
          for (const f of fields) C[setter(f)](words, value[f.name]);
          expect(words).toEqual(chunks(word, b.width));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects out-of-range values in encode and in setters, naming the type and field', async () => {
    const C = await companion(b);
    const sample = fc.sample(arbBits(b), { numRuns: 5, seed: 42 });
    for (const { value, word } of sample) {
      const v = b.tag ? b.variants.find((x) => x.when.includes(bigOf(value[b.tag!.name]))) ?? null : null;
      for (const f of partsOf(b, v).fields) {
        if (f === b.tag) continue;
        for (const bad of badValues(f)) {
          const words = chunks(word, b.width);
          const call = n === 1 ? () => C[setter(f)](words[0], bad) : () => C[setter(f)](words, bad);
          expect(call, `${b.name}.${f.name} = ${String(bad)}`).toThrow(RangeError);
          expect(words).toEqual(chunks(word, b.width));
          let err: unknown;
          try {
            C.encode({ ...value, [f.name]: bad });
          } catch (e) {
            err = e;
          }
          expect(err, `encode with ${b.name}.${f.name} = ${String(bad)}`).toBeInstanceOf(FieldRangeError);
          expect(() => C.check({ ...value, [f.name]: bad })).toThrow((err as Error).message);
          expect((err as Error).message).toContain(`${b.name}.${f.name}`);
          expect((err as Error).message).toMatch(/allowed: (true or false|.*\d)/);
        }
      }
    }
  });

  it('encodes a word of all ones (a chunk of -1 is also how an encoder flags a non-boolean)', async () => {
    const C = await companion(b);
    const ones = (1n << BigInt(b.width)) - 1n;
    let value: Record<string, unknown>;
    try {
      value = C.decode(toWord(ones));
    } catch {
      return; // the tag of all ones selects no variant
    }
    if (C.validate(toWord(ones)).length) return; // fixed bits forbid it
    expect(bigOf(C.encode(value))).toBe(ones);
  });

  it('rejects words out of range and reports broken fixed bits, unknown tags and non-members', async () => {
    const C = await companion(b);
    expect(() => C.decode(toWord(1n << BigInt(b.width)))).toThrow(RangeError);
    expect(() => C.decode(n === 1 ? -1 : -1n)).toThrow(RangeError);
    fc.assert(
      fc.property(arbBits(b), fc.nat(), ({ value, word }, pick) => {
        const v = b.tag ? b.variants.find((x) => x.when.includes(bigOf(value[b.tag!.name]))) ?? null : null;
        const { reserved, fields } = partsOf(b, v);
        const mine = reserved.filter((r) => r.value !== null);
        if (mine.length) {
          const r = mine[pick % mine.length];
          const bit = r.range.lo + (pick % (r.range.hi - r.range.lo + 1));
          const broken = word ^ (1n << BigInt(bit));
          expect(C.validate(toWord(broken)).join('\n')).toMatch(new RegExp(`${b.name}: bits? `));
        }
        for (const f of fields.filter((x) => x.type.kind === 'enum' && x !== b.tag)) {
          const e = (f.type as { decl: ir.Enum }).decl;
          const missing = [...Array(2 ** Math.min(f.valueWidth, 12)).keys()].map(BigInt).find((x) => !e.members.some((m) => m.value === x));
          if (missing === undefined) continue;
          expect(C.validate(toWord(setField(word, f, missing))).join('\n')).toContain(`${b.name}.${f.name}`);
        }
      }),
      { numRuns: 50 },
    );
    if (b.tag) {
      const used = new Set(b.variants.flatMap((v) => v.when));
      const free = [...Array(2 ** Math.min(b.tag.valueWidth, 12)).keys()].map(BigInt).find((x) => !used.has(x));
      if (free !== undefined) {
        const w = setField(0n, b.tag, free);
        expect(() => C.decode(toWord(w))).toThrow(RangeError);
        expect(C.validate(toWord(w)).join('\n')).toContain('selects no variant');
      }
    }
  });

  it.each(targets.map((t) => [stemOf(t), t] as const))('views it in memory on %s', async (stem, t) => {
    // The layout as this target lays it out: a c_bitfields layout's bits follow its C compiler.
    const tb = t.byName.get(b.qname) as ir.Bits;
    const tmodel = bitsModel(tb, t);
    const viewOf = (f: ir.BitField) => tmodel.slots.find((s) => s.field === f)!.viewAccessor;
    const View = (await targetModule(stem, b.namespace))[`${b.name}View`];
    const le = t.target.endian === 'little';
    expect(View.SIZE).toBe(tb.size);
    fc.assert(
      fc.property(arbBits(tb), fc.uint8Array({ minLength: tb.size + 8, maxLength: tb.size + 8 }), ({ value, word }, background) => {
        const buf = background.slice();
        const view = new View(buf, 4);
        view.write(value);
        const expected = background.slice();
        expected.set(bitsBytes(tb, word, le), 4);
        expect(buf).toEqual(expected);
        expect(view.read()).toEqual(value);
        expect(view.validate()).toEqual([]);
        const v = tb.tag ? tb.variants.find((x) => x.when.includes(bigOf(value[tb.tag!.name]))) ?? null : null;
        for (const f of partsOf(tb, v).fields) expect(view[viewOf(f)]).toEqual(value[f.name]);
        // Setters: rebuild the word field by field over a cleared one.
        let blank = word;
        for (const f of partsOf(tb, v).fields) blank = setField(blank, f, 0n);
        buf.set(bitsBytes(tb, blank, le), 4);
        for (const f of partsOf(tb, v).fields) view[viewOf(f)] = value[f.name];
        expect(buf).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
