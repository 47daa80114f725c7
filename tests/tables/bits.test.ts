/**
 * The decode tables and their interpreter (runtime/tables.ts) against the generated
 * TypeScript accessors, for every bit layout of dsl/ on a little- and a big-endian target:
 * on random words of every variant (valid ones, from the oracle's arbitraries) and on raw
 * random words (any tag, any reserved bits), `decodeBits` gives each field the value the
 * companion's `decode` gives, `encodeBits` of the decoded value gives what the companion's
 * `encode` does, `validateBits` finds a problem exactly where the companion's `validate` does,
 * and `formatBits` never throws. Enums: every member prints by name, other values as such.
 * The tables emitter's JSON reads back as the same tables; structs print as one line (the
 * proof for structs and unions is memory.test.ts). `CDL_TABLE_WORDS` sets the number of words
 * per bit layout (default 100,000: the proof; a smaller number for a quick run).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { bitsModel } from '../../generator/emitters/ts/bits-model.js';
import { tablesText, valueTables } from '../../generator/emitters/tables/index.js';
import {
  bitsFieldReader,
  decodeBits,
  decodeBitsParts,
  encodeBits,
  findType,
  formatBits,
  formatMemory,
  formatValue,
  validateBits,
  type BitsTable,
  type ValueTables,
} from '../../runtime/tables.js';
import { mulberry32 } from '../helpers/random.js';
import { commonModule, targetModule } from '../ts/generated.js';
import { arbBits, dslLayouts, stemOf } from '../ts/oracle.js';

const WORDS = Number(process.env.CDL_TABLE_WORDS ?? 100_000);
const layouts = dslLayouts(['x86_64', 's390x']);
const cases = layouts.flatMap((l) => l.bits.map((b) => [`${stemOf(l)} ${b.qname}`, l, b] as const));

/** A random word of `width` bits. */
function randomWord(random: () => number, width: number): bigint {
  let w = 0n;
  for (let k = 0; k < width; k += 32) w |= BigInt(Math.floor(random() * 2 ** 32)) << BigInt(k);
  return BigInt.asUintN(width, w);
}

describe.each(cases)('the decode table of %s', (_name, layout, b) => {
  it('decodes, encodes and validates as the generated accessors do', async () => {
    const tables = valueTables(layout);
    const t = tables.types[b.qname] as BitsTable;
    expect(t.kind).toBe('bits');
    const C = (await commonModule(b.namespace))[b.name] ?? (await targetModule(stemOf(layout), b.namespace))[b.name];
    const model = bitsModel(b, layout);
    const props = new Map(model.slots.map((s) => [s.field.name, s.prop]));
    const n = Math.ceil(b.width / 32);
    // Words as the companion takes them: a number up to 32 bits, a bigint beyond.
    const asArg = (w: bigint) => (n === 1 ? Number(w) : w);
    const random = mulberry32(b.width * 31 + b.qname.length);
    const valid = fc.sample(arbBits(b), Math.min(WORDS, 20_000)).map((c) => c.word);
    const words = [...valid, ...Array.from({ length: WORDS - valid.length }, () => randomWord(random, b.width))];
    let decoded = 0;
    const fieldNames = [...new Set([...t.fields, ...(t.tag ? [t.tag] : []), ...t.variants.flatMap((v) => v.fields)].map((f) => f.name))];
    expect(bitsFieldReader(t, 'no such field')).toBeNull();
    // Mismatches are collected rather than asserted one by one: a million expects would take
    // longer than the decoding they check.
    const problems: string[] = [];
    const fail = (w: bigint, what: string) => {
      if (problems.length < 10) problems.push(`0x${w.toString(16)}: ${what}`);
    };
    for (const [i, w] of words.entries()) {
      const mine = decodeBits(t, w);
      // From 32-bit parts, the same (checked on a sample: the suite's time goes to the rest).
      if (i % 16 === 0) {
        const parts = Array.from({ length: n }, (_, k) => Number((w >> BigInt(32 * k)) & 0xffffffffn));
        const fromParts = decodeBitsParts(t, parts);
        if (stringify(fromParts.fields) !== stringify(mine.fields) || fromParts.variant !== mine.variant || fromParts.word !== mine.word) fail(w, 'decodeBitsParts differs from decodeBits');
        // Each field read alone: what the decoded value holds, undefined for another variant's.
        for (const name of fieldNames) {
          const got = bitsFieldReader(t, name)!(...parts);
          if (got !== mine.fields[name]) fail(w, `bitsFieldReader(${name}) gives ${String(got)}, decodeBits ${String(mine.fields[name])}`);
        }
      }
      if (typeof formatBits(tables, t, w) !== 'string') fail(w, 'formatBits gave no string');
      let theirs: Record<string, unknown> | null = null;
      try {
        theirs = C.decode(asArg(w));
      } catch {
        // The companion refuses only a tag that selects no variant.
        if (mine.variant !== null || b.tag === null) fail(w, `the companion refuses it, the table decodes variant ${mine.variant}`);
        continue;
      }
      decoded++;
      for (const [name, value] of Object.entries(mine.fields)) {
        const got = theirs![props.get(name)!];
        // Numbers where the companion gives numbers (53 bits or fewer), bigints beyond.
        if (typeof value !== typeof got || (typeof value === 'boolean' ? got !== value : BigInt(got as number | bigint) !== BigInt(value))) fail(w, `${name} is ${value}, the companion's ${String(got)}`);
      }
      const encoded = encodeBits(t, mine.fields, mine.ignored);
      if (encoded !== BigInt(C.encode(theirs))) fail(w, `encodes to 0x${encoded.toString(16)}, the companion's 0x${BigInt(C.encode(theirs)).toString(16)}`);
      const mineValid = validateBits(tables, t, w);
      const theirsValid: string[] = C.validate(asArg(w));
      if ((mineValid.length === 0) !== (theirsValid.length === 0)) fail(w, `validate: ${mineValid.join('; ') || 'valid'} / ${theirsValid.join('; ') || 'valid'}`);
    }
    expect(problems).toEqual([]);
    expect(decoded).toBeGreaterThanOrEqual(valid.length);
  }, 300_000);
});

/** JSON with bigints, for comparing decoded fields. */
function stringify(v: unknown): string {
  return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x));
}

describe('without new Function (a content security policy without unsafe-eval)', () => {
  it('decodes field by field to the same values', () => {
    const compiled = valueTables(layouts[0]!);
    const random = mulberry32(0xc5b);
    const words = Object.values(compiled.types).filter((t): t is BitsTable => t.kind === 'bits').map((t) => [t.name, Array.from({ length: 200 }, () => randomWord(random, t.width))] as const);
    const want = words.map(([name, ws]) => ws.map((w) => stringify(decodeBits(Object.values(compiled.types).find((t) => t.name === name) as BitsTable, w))));
    vi.stubGlobal('Function', function () {
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    try {
      // Fresh tables: their plans are made now, without compiling.
      const plain = valueTables(layouts[0]!);
      const got = words.map(([name, ws]) => ws.map((w) => stringify(decodeBits(Object.values(plain.types).find((t) => t.name === name) as BitsTable, w))));
      expect(got).toEqual(want);
      // Field readers too: read the interpreted way, each field is what decodeBits gives.
      for (const [name, ws] of words) {
        const t = Object.values(plain.types).find((x) => x.name === name) as BitsTable;
        const names = [...t.fields, ...(t.tag ? [t.tag] : []), ...t.variants.flatMap((v) => v.fields)].map((f) => f.name);
        for (const w of ws.slice(0, 20)) {
          const d = decodeBits(t, w);
          const parts = Array.from({ length: Math.ceil(t.width / 32) }, (_, k) => Number((w >> BigInt(32 * k)) & 0xffffffffn));
          for (const f of names) expect(bitsFieldReader(t, f)!(...parts), `${name}.${f}`).toBe(d.fields[f]);
        }
      }
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('the tables', () => {
  const tables = valueTables(layouts[0]!);

  it('read back from the JSON the emitter writes', () => {
    const text = tablesText(tables, 'test');
    const back = JSON.parse(text) as ValueTables & { $comment: string };
    expect(back.$comment).toBe('test');
    const { $comment: _, ...rest } = back;
    expect(rest).toEqual(JSON.parse(JSON.stringify(tables)));
  });

  it('print enums by member, and values that name none as such', () => {
    expect(formatValue(tables, 'coyotos.CapType', 33n)).toBe('CapType.Page');
    expect(formatValue(tables, 'CapType', 62n)).toBe('CapType.CapType(62)');
    // A signed enum reads a value of its width as signed.
    expect(formatValue(tables, 'coyotos.ObType', 0xffn)).toBe('ObType.Invalid');
    expect(formatValue(tables, 'NoSuchType', 1n)).toBeNull();
  });

  it('print bit layouts as one line, and refuse what does not fit when encoding', () => {
    const pte = findType(tables, 'x86.Pte') as BitsTable;
    expect(formatBits(tables, pte, 0x8000000012345067n)).toBe('Pte{present writable user accessed dirty frame=0x12345000 protKey=0 executeDisable}');
    expect(formatBits(tables, findType(tables, 'x86.PageFaultError') as BitsTable, 7n)).toBe('PageFaultError{present write user}');
    expect(() => encodeBits(pte, { frame: 0x1001 })).toThrow(/^Pte\.frame: 0x1001 is out of range \(allowed: a multiple of 0x1000 from 0 to 0xffffffffff000\)$/);
    expect(() => encodeBits(pte, { present: 1 })).toThrow(/^Pte\.present: 1 is out of range \(allowed: true or false\)$/);
  });

  it('print a struct read from memory, its unions by the member its selector picks', () => {
    const bytes = new Uint8Array(16);
    const dv = new DataView(bytes.buffer);
    dv.setUint32(0, 33 | (5 << 12), true); // hdr: type Page, allocCount 5
    dv.setUint32(4, 12, true); // info: mem, l2g 12
    dv.setBigUint64(8, 0x1234n, true); // payload: oid
    expect(formatMemory(tables, 'coyotos.Capability', dv, 0)).toBe('Capability{hdr=CapHeader{type=Page restr=0 allocCount=5} info={mem=MemInfo{l2g=12 match=0}} payload={oid=0x1234}}');
    dv.setUint32(0, 0, true); // a Null capability: no member of either union
    expect(formatMemory(tables, 'coyotos.Capability', dv, 0)).toBe('Capability{hdr=CapHeader{type=Null restr=0 allocCount=0} info=null payload=null}');
    expect(() => formatMemory(tables, 'coyotos.Capability', dv, 16)).toThrow(RangeError);
  });

  it('keep the word a value was decoded from when the caller reuses its parts array', () => {
    const pte = findType(tables, 'x86.Pte') as BitsTable;
    const parts = [0x12345067, 0x80000000];
    const d = decodeBitsParts(pte, parts);
    parts[0] = 0;
    parts[1] = 0;
    expect(d.word).toBe(0x8000000012345067n);
    expect(d.fields['frame']).toBe(0x12345000);
    // Parts that are not words are taken as their low 32 bits, or 0.
    expect(decodeBitsParts(pte, [2 ** 32 + 1, 'x' as unknown as number]).word).toBe(1n);
  });

  it('name a variant of a tagged layout, and a tag that selects none', () => {
    const tagged = Object.values(tables.types).filter((t): t is BitsTable => t.kind === 'bits' && t.tag !== null);
    expect(tagged.length).toBeGreaterThan(0);
    for (const t of tagged) {
      const v = t.variants[0]!;
      const word = encodeBits(t, { [t.tag!.name]: BigInt(v.when[0]!) });
      expect(formatBits(tables, t, word)).toMatch(new RegExp(`^${t.name}\\.${v.name}\\{`));
    }
  });
});

describe('totality', () => {
  it('one million words of any size, and values that are not words, never make the interpreter throw', () => {
    const all = layouts.map((l) => valueTables(l));
    const random = mulberry32(0x70741);
    const entries = all.flatMap((tables) => Object.entries(tables.types).map(([q, t]) => [tables, q, t] as const));
    const perType = Math.ceil(1_000_000 / entries.length);
    const odd: unknown[] = [undefined, null, 1, -1, 1.5, NaN, '0x1', {}, [], Symbol('w'), -1n, 1n << 200n];
    const problems: string[] = [];
    for (const [tables, q, t] of entries) {
      for (let i = 0; i < perType; i++) {
        // Mostly words of the type's width; some wider or negative.
        const w = randomWord(random, 72) * (random() < 0.1 ? -1n : 1n) >> BigInt(Math.floor(random() * 72));
        try {
          if (t.kind === 'bits') {
            decodeBits(t, w);
            formatBits(tables, t, w);
            validateBits(tables, t, w);
          } else if (t.kind === 'enum') formatValue(tables, q, w);
        } catch (e) {
          if (problems.length < 5) problems.push(`${q} 0x${w.toString(16)}: ${String(e)}`);
        }
      }
      for (const v of odd) {
        try {
          if (t.kind === 'bits') {
            decodeBits(t, v as bigint);
            formatBits(tables, t, v as bigint);
            validateBits(tables, t, v as bigint);
            for (const f of [...t.fields, ...t.variants.flatMap((x) => x.fields)]) bitsFieldReader(t, f.name)!(v as number, 2 ** 40, -1);
          } else formatValue(tables, q, v as bigint);
        } catch (e) {
          if (problems.length < 5) problems.push(`${q} ${typeof v}: ${String(e)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);
});

