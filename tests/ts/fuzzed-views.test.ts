/**
 * The TypeScript decoders and views of specs nobody wrote by hand, against the bigint model
 * (oracle.ts). structs.test.ts and bits.test.ts hold dsl/ to the model; this holds to it the
 * layout oracle's random specs (packed, align(N), explicit offsets, pad, nested arrays,
 * members per target and configuration), the keyword-laden toolchain specs (tagged layouts,
 * selected unions, names that clash with generated ones) and seeded edits of both and of dsl/,
 * on little- and big-endian targets with 32- and 64-bit words, in both configurations.
 *
 * Every bit layout decodes the model's words and encodes them back; every struct and union
 * view, at an offset inside a larger buffer, reads what the model lays out and writes the same
 * bytes. The decode tables (runtime/tables.ts) decode the same bit layouts and read the same
 * structs and unions as the generated TypeScript. `CDL_FUZZ_SEED` changes the edits.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planNamespaces, tsEmitter } from '../../generator/emitters/ts/index.js';
import type { NamespacePlan } from '../../generator/emitters/ts/module.js';
import type * as ir from '../../generator/ir.js';
import { compileSources } from '../helpers/compile.js';
import { mutate, specsBelow } from '../helpers/mutate.js';
import { mulberry32 } from '../helpers/random.js';
import { runtimeFor } from '../helpers/runtime.js';
import { generateRandomSpecs } from '../oracle/random-structs.js';
import { arbBits, arbStruct, arbType, bigOf, ROOT, serialize, stemOf } from './oracle.js';
import { asGenerated, typeOf } from './spelling.js';
import { collect } from '../../generator/emitters/emitter.js';
import { valueTables } from '../../generator/emitters/tables/index.js';
import { bitsModel } from '../../generator/emitters/ts/bits-model.js';
import { decodeBits, encodeBits, readValue, type BitsTable } from '../../runtime/tables.js';
import { canonMine, canonTs, stringify } from '../tables/canon.js';

const TARGETS = ['x86_64', 'i386', 'ppc32', 's390x'];
const CONFIGS: (string | null)[] = [null, 'kernel'];
const SEED = Number(process.env.CDL_FUZZ_SEED ?? 0xcd1f0044);
const RUNS = 25;
/** Edits can make arrays of millions of elements: larger objects get fewer runs, the largest none. */
const MAX_SIZE = 1 << 16;

function runsFor(size: number): number {
  return size > 4096 ? 3 : size > 512 ? 10 : RUNS;
}

interface SpecSet {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly entries: string[];
  /** The toolchain specs declare no configuration of their own. */
  readonly configs: (string | null)[];
}

const toolchainSpecs: SpecSet = {
  name: 'toolchain specs',
  files: Object.fromEntries(specsBelow(path.join(ROOT, 'tests/toolchains/specs'))),
  entries: ['match.cdl', 'int2.cdl'],
  configs: [null],
};
/** Numbers as wide as a TypeScript number holds (53 bits), signed, split and shifted. */
const wideSpecs: SpecSet = {
  name: 'wide numbers',
  files: {
    'wide.cdl': [
      'namespace wide;',
      'bits Wide : u64 {',
      '  a: i53 @0..52;',
      '  b @53..63;',
      '}',
      'bits Split : u32[3] {',
      '  lo: i53 @40..71, @0..20;',
      '  s: i45 @21..39 << 26;',
      '  u @72..95;',
      '}',
      'enum Big : u40 { A = 1, B = 0xffffffffff }',
      'struct Holder {',
      '  e: Big;',
      '  n: u8;',
      '}',
      '',
    ].join('\n'),
  },
  entries: ['wide.cdl'],
  configs: [null],
};
/** Structs and bit layouts of a fixed byte order and of runtime order (the golden case's spec). */
const byteOrderSpecs: SpecSet = {
  name: 'byte orders',
  files: { 'wire.cdl': fs.readFileSync(path.join(ROOT, 'tests/golden/byte-order/spec.cdl'), 'utf8') },
  entries: ['wire.cdl'],
  configs: [null],
};
const dslSpecs: SpecSet = { name: 'dsl', files: Object.fromEntries(specsBelow(path.join(ROOT, 'dsl'))), entries: [], configs: CONFIGS };

/** Random spec sets, the toolchain specs, and accepted edits of the toolchain specs and dsl/. */
function specSets(): SpecSet[] {
  const sets: SpecSet[] = [toolchainSpecs, wideSpecs, byteOrderSpecs];
  for (const seed of [1, 2, 3]) {
    const specs = generateRandomSpecs({ seed, files: 3, structsPerFile: 6 });
    sets.push({ name: `random specs, seed ${seed}`, files: Object.fromEntries(specs.sources), entries: specs.files.map((f) => f.path), configs: CONFIGS });
  }
  const random = mulberry32(SEED);
  const seen = new Set<string>();
  for (let tries = 0, made = 0; made < 4 && tries < 2000; tries++) {
    const base = tries % 2 === 0 ? toolchainSpecs : dslSpecs;
    const names = Object.keys(base.files);
    const victim = names[Math.floor(random() * names.length)];
    const text = mutate(base.files[victim], random, 2);
    if (text === base.files[victim] || seen.has(text)) continue;
    seen.add(text);
    const set = { ...base, name: `${base.name}, ${victim} edited (${made})`, files: { ...base.files, [victim]: text }, entries: base.entries.length ? base.entries : names };
    if (!compileSources(set.files, { entries: set.entries, targets: TARGETS, configs: set.configs }).ok) continue;
    sets.push(set);
    made++;
  }
  return sets;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Module = Record<string, any>;

interface Emitted {
  readonly set: SpecSet;
  readonly layouts: readonly ir.Layout[];
  readonly plans: ReadonlyMap<string, NamespacePlan>;
  /** `ts/<ns>.ts` and `ts/<stem>/<ns>.ts`, loaded. */
  readonly modules: ReadonlyMap<string, Module>;
}

const SETS = specSets();
let OUT = '';
const EMITTED = new Map<string, Emitted>();

beforeAll(async () => {
  OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-fuzzed-views-'));
  for (const [i, set] of SETS.entries()) {
    const result = compileSources(set.files, { entries: set.entries, targets: TARGETS, configs: set.configs });
    expect(result.diagnostics.filter((d) => d.severity === 'error'), set.name).toEqual([]);
    const dir = path.join(OUT, `set${i}`);
    const modules = new Map<string, Module>();
    for (const f of await collect(tsEmitter.emit({ layouts: result.layouts, specs: set.entries, runtime: runtimeFor(dir) }))) {
      fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.path), f.contents);
    }
    for (const f of fs.readdirSync(path.join(dir, 'ts'), { recursive: true }).map(String)) {
      if (f.endsWith('.ts') && !f.endsWith('index.ts')) modules.set(f, (await import(/* @vite-ignore */ path.join(dir, 'ts', f))) as Module);
    }
    EMITTED.set(set.name, { set, layouts: result.layouts, plans: planNamespaces(result.layouts), modules });
  }
}, 120_000);

afterAll(() => {
  if (OUT) fs.rmSync(OUT, { recursive: true, force: true });
});

/**
 * The orders to read a struct or union in: a struct of `byte_order(runtime)` in both (its view
 * and the tables given the order), anything else in its own (nothing given).
 */
function ordersOf(d: ir.Struct | ir.Union): (boolean | undefined)[] {
  return d.kind === 'struct' && d.byteOrder === 'runtime' ? [true, false] : [undefined];
}

/** Every struct and union small enough to read many times, in each of its orders. */
function viewCases(layout: ir.Layout): [ir.Struct | ir.Union, boolean | undefined][] {
  return [...layout.structs, ...layout.unions].filter((x) => x.size <= MAX_SIZE).flatMap((d) => ordersOf(d).map((le): [ir.Struct | ir.Union, boolean | undefined] => [d, le]));
}

function namesOf(e: Emitted, d: ir.Decl) {
  return e.plans.get(d.namespace)!.names.get(d.qname)!;
}

describe.each(SETS.map((s) => [s.name, s.configs] as const))('the TypeScript of %s', (name, configs) => {
  it('decodes and encodes every bit layout like the model', () => {
    const e = EMITTED.get(name)!;
    const seen = new Set<string>();
    for (const layout of e.layouts) {
      for (const b of layout.bits) {
        // A c_bitfields layout whose bits depend on the byte order has a codec per target.
        const name = namesOf(e, b).base;
        const where = e.modules.get(`${b.namespace}.ts`)![name] ? `${b.namespace}.ts` : `${stemOf(layout)}/${b.namespace}.ts`;
        if (seen.has(`${where} ${b.qname}`)) continue;
        seen.add(`${where} ${b.qname}`);
        const Codec = e.modules.get(where)![name];
        const toWord = (w: bigint) => (b.width <= 32 ? Number(w) : w);
        fc.assert(
          fc.property(arbBits(b), ({ value, word }) => {
            const v = asGenerated(typeOf(b), value, layout);
            expect(Codec.decode(toWord(word)), b.qname).toEqual(v);
            expect(bigOf(Codec.encode(v)), b.qname).toBe(word);
            expect(Codec.validate(toWord(word)), b.qname).toEqual([]);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      }
    }
  });

  it('decodes every bit layout through the decode tables as the TypeScript does', () => {
    const e = EMITTED.get(name)!;
    for (const layout of e.layouts) {
      const tables = valueTables(layout);
      for (const b of layout.bits) {
        const where = e.modules.get(`${b.namespace}.ts`)![namesOf(e, b).base] ? `${b.namespace}.ts` : `${stemOf(layout)}/${b.namespace}.ts`;
        const Codec = e.modules.get(where)![namesOf(e, b).base];
        const t = tables.types[b.qname] as BitsTable;
        const props = new Map(bitsModel(b, layout).slots.map((x) => [x.field.name, x.prop]));
        const toWord = (w: bigint) => (b.width <= 32 ? Number(w) : w);
        fc.assert(
          fc.property(arbBits(b), ({ word }) => {
            const mine = decodeBits(t, word);
            const theirs = Codec.decode(toWord(word)) as Record<string, unknown>;
            for (const [field, v] of Object.entries(mine.fields)) expect(BigInt(theirs[props.get(field)!] as number), `${b.qname}.${field}`).toBe(BigInt(v));
            expect(encodeBits(t, mine.fields, mine.ignored), b.qname).toBe(word);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      }
    }
  });

  it.each(TARGETS.flatMap((t) => configs.map((c) => (c ? `${t}.${c}` : t))))('reads every struct and union on %s through the decode tables as the views do', (stem) => {
    const e = EMITTED.get(name)!;
    const layout = e.layouts.find((l) => stemOf(l) === stem)!;
    const tables = valueTables(layout);
    for (const [d, le] of viewCases(layout)) {
      const View = e.modules.get(`${stem}/${d.namespace}.ts`)![namesOf(e, d).view!];
      const random = mulberry32(d.size * 13 + d.qname.length);
      const bytes = new Uint8Array(d.size);
      const dv = new DataView(bytes.buffer);
      for (let i = 0; i < runsFor(d.size); i++) {
        for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(random() * 256);
        let theirs: unknown;
        try {
          theirs = le === undefined ? View.readAt(dv, 0) : View.readAt(dv, 0, le);
        } catch {
          // The generated read refuses a bit layout whose tag selects no variant, and an enum of
          // up to 53 bits whose 8 bytes hold more (a number cannot); the table reads both.
          continue;
        }
        expect(stringify(canonMine(tables, d.qname, readValue(tables, d.qname, dv, 0, undefined, le === undefined ? undefined : { littleEndian: le }))), `${d.qname} ${le ?? ''} ${Buffer.from(bytes).toString('hex')}`).toBe(stringify(canonTs(tables, d.qname, theirs)));
      }
    }
  });

  it.each(TARGETS.flatMap((t) => configs.map((c) => (c ? `${t}.${c}` : t))))('views every struct and union on %s like the model', (stem) => {
    const e = EMITTED.get(name)!;
    const layout = e.layouts.find((l) => stemOf(l) === stem)!;
    for (const [d, le] of viewCases(layout)) {
      const View = e.modules.get(`${stem}/${d.namespace}.ts`)![namesOf(e, d).view!];
      const order = le === undefined ? [] : [{ littleEndian: le }];
      expect([View.SIZE, View.ALIGN], d.qname).toEqual([d.size, d.align]);
      const type = typeOf(d);
      const arb = d.kind === 'struct' ? arbStruct(d, layout) : arbType(type, layout);
      fc.assert(
        fc.property(arb, fc.uint8Array({ minLength: d.size + 16, maxLength: d.size + 16 }), (value, background) => {
          const laid = background.slice();
          serialize(new DataView(laid.buffer), 8, type, value, layout, le);
          const expected = asGenerated(type, value, layout);
          expect(new View(laid, 8, ...order).read(), d.qname).toEqual(expected);
          // write() writes every byte: padding and unused union bytes as zero.
          const image = background.slice().fill(0, 8, 8 + d.size);
          serialize(new DataView(image.buffer), 8, type, value, layout, le);
          const written = background.slice();
          new View(written.buffer, 8, ...order).write(expected);
          expect(written, d.qname).toEqual(image);
        }),
        { numRuns: runsFor(d.size), seed: SEED },
      );
    }
  });
});

describe('the TypeScript of an enum of up to 53 bits in 8 bytes', () => {
  it('reads an enum of up to 53 bits in 8 bytes as a number, and refuses storage that holds more', () => {
    const e = EMITTED.get(wideSpecs.name)!;
    for (const stem of ['x86_64', 's390x']) {
      const layout = e.layouts.find((l) => stemOf(l) === stem)!;
      const d = layout.structs.find((x) => x.qname === 'wide.Holder')!;
      const View = e.modules.get(`${stem}/wide.ts`)![namesOf(e, d).view!];
      const dv = new DataView(new ArrayBuffer(16));
      const le = stem === 'x86_64';
      dv.setBigUint64(0, 0xffffffffffn, le);
      expect(View.readAt(dv, 0).e).toBe(0xffffffffff);
      dv.setBigUint64(0, (1n << 53n) - 1n, le);
      expect(View.readAt(dv, 0).e).toBe(2 ** 53 - 1);
      dv.setBigUint64(0, (1n << 60n) | 3n, le);
      expect(() => View.readAt(dv, 0)).toThrow(/^Holder: an enum stored in 8 bytes is 0x1000000000000003n, not an integer of at most 53 bits/);
      expect(() => new View(dv, 0).e).toThrow(/^Holder: an enum stored in 8 bytes is 0x1000000000000003n/);
    }
  });
});
