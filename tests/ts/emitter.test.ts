/**
 * The emitter on a spec built to break it: names that are TypeScript keywords, globals or
 * Object.prototype members, doc comments containing `*\/`, name clashes between declarations
 * and generated names, bigint enums, signed, shifted and split fields beyond 32 bits, 16- and
 * 8-bit containers, a 256-bit layout, tagged layouts with enum tags and gaps, 2-D arrays, plain
 * and discriminated unions. The output must type-check under the strictest settings, and its
 * decoders and views must agree with the bigint model.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsEmitter } from '../../generator/emitters/ts/index.js';
import type * as ir from '../../generator/ir.js';
import { compileSources, messages } from '../helpers/compile.js';
import { runtimeFor } from '../helpers/runtime.js';
import { arbBits, arbStruct, arbType, bigOf, ROOT, serialize, stemOf } from './oracle.js';
import { asGenerated, typeOf } from './spelling.js';
import { WEIRD } from './weird.js';
import { collect } from '../../generator/emitters/emitter.js';

const TARGETS = ['x86_64', 'ppc32'];
let out: string;
let layouts: ir.Layout[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const mods = new Map<string, Record<string, any>>();

beforeAll(async () => {
  const r = compileSources({ 'weird.cdl': WEIRD }, { targets: TARGETS, configs: [null] });
  expect(messages(r, 'error')).toEqual([]);
  layouts = [...r.layouts];
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-ts-'));
  const files = await collect(tsEmitter.emit({ layouts, specs: ['weird.cdl'], runtime: runtimeFor(out) }));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(out, f.path)), { recursive: true });
    fs.writeFileSync(path.join(out, f.path), f.contents);
  }
  fs.writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
  fs.writeFileSync(
    path.join(out, 'tsconfig.json'),
    JSON.stringify({ extends: path.join(ROOT, 'tests/ts/tsconfig.generated.json'), include: [path.join(out, 'ts'), path.join(ROOT, 'runtime')] }),
  );
  mods.set('common', await import(/* @vite-ignore */ path.join(out, 'ts/default.ts')));
  for (const t of TARGETS) mods.set(t, await import(/* @vite-ignore */ path.join(out, `ts/${t}/default.ts`)));
}, 120_000);

afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

describe('the TypeScript emitter on hostile names and shapes', () => {
  it('type-checks under strict settings (noUncheckedIndexedAccess, exactOptionalPropertyTypes, verbatimModuleSyntax...)', () => {
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const run = () => execFileSync(process.execPath, [tsc, '-p', path.join(out, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
    expect(run).not.toThrow();
  }, 120_000);

  it('escapes names and neutralises comment terminators', () => {
    const text = fs.readFileSync(path.join(out, 'ts/default.ts'), 'utf8');
    expect(text).toContain('The answer *\\/ and /* more *\\/ text.');
    expect(text).not.toMatch(/\bexport (const|enum|interface|class|type) (Object|constructor|interface|valueOf)\b/);
    const c = mods.get('common')!;
    expect([c.constructor_, c.Object_, c.BIG]).toEqual([42, -5, 0xffffffffffffffffn]);
    expect(Object.keys(c.interface_).filter((k) => isNaN(Number(k)))).toEqual(['constructor_', '__proto___', 'toString_', 'valueOf_', 'default']);
    expect(c.interface_.default).toBe(7);
    expect(c.Huge).toEqual({ Small: 1n, Large: 0xfffffffffffffffn });
    expect(c.Signed.Neg).toBe(-8);
    const x = mods.get('x86_64')!;
    expect(x.toString_).toBe(x.RecordView_.SIZE);
    expect(x.RecordViewView.SIZE).toBe(1); // the view of the spec's own RecordView
    expect(Object.getOwnPropertyNames(x.RecordView_.prototype)).toEqual(
      expect.arrayContaining(['constructor_', '__proto___', 'read_', 'write_', 'dataViewAt', 'setDataViewAt', 'byteOffset_', 'SIZE_', 'gridAt', 'read', 'write']),
    );
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(c.valueOf_))).toEqual(
      expect.arrayContaining(['decode', 'encode', 'decode_', 'encode_', 'withDecode_', 'constructor_', 'hasOwnProperty_']),
    );
  });

  it('round-trips every bit layout against the bigint model', () => {
    const layout = layouts[0];
    const c = mods.get('common')!;
    for (const b of layout.bits) {
      const C = c[b.name === 'valueOf' ? 'valueOf_' : b.name];
      const toWord = (w: bigint) => (b.width <= 32 ? Number(w) : w);
      fc.assert(
        fc.property(arbBits(b), ({ value, word }) => {
          const v = asGenerated(typeOf(b), value, layout);
          expect(C.decode(toWord(word))).toEqual(v);
          expect(bigOf(C.encode(v))).toBe(word);
          expect(C.validate(toWord(word))).toEqual([]);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('reports unnamed bits, reserved values and unknown tags', () => {
    const c = mods.get('common')!;
    expect(c.Hw.validate((4n << 60n) | (1n << 20n))).toEqual(['Hw: bits 16..55 are set, but no field describes them']);
    expect(() => c.Hw.decode(5n << 60n)).toThrow(/Hw\.m: 5 selects no variant \(expected 1, 2, 3, 4\)/);
    expect(c.Wide.validate(0n)).toEqual(['Wide: bits 200..249 must be 0x3ffffffffffff, not 0']);
    expect(() => c.Small.encode({ lo: 0, mid: 512, hi: 0 })).toThrow(/Small\.mid: 512 is out of range \(allowed: an integer from -512 to 511\)/);
    expect(() => c.Hw.encode({ m: 1, q: 3 })).toThrow(/a multiple of 4/);
    expect(() => c.Tagged.encode({ kind: 5, x: 0 })).toThrow(RangeError);
  });

  it.each(TARGETS)('views every struct and union on %s like the model', (target) => {
    const layout = layouts.find((l) => stemOf(l) === target)!;
    const m = mods.get(target)!;
    for (const d of [...layout.structs, ...layout.unions]) {
      const type = typeOf(d);
      const Actual = d.name === 'Record' ? m.RecordView_ : m[`${d.name}View`];
      const arb = d.kind === 'struct' ? arbStruct(d, layout) : arbType(type, layout);
      fc.assert(
        fc.property(arb, fc.uint8Array({ minLength: d.size, maxLength: d.size }), (value, background) => {
          const laid = background.slice();
          serialize(new DataView(laid.buffer), 0, type, value, layout);
          const expected = asGenerated(type, value, layout);
          expect(new Actual(laid).read()).toEqual(expected);
          // write() writes every byte: padding and unused union bytes as zero.
          const image = new Uint8Array(d.size);
          serialize(new DataView(image.buffer), 0, type, value, layout);
          const written = background.slice();
          new Actual(written).write(expected);
          expect(written).toEqual(image);
        }),
        { numRuns: 100 },
      );
    }
  });

  it('is deterministic', async () => {
    const a = await collect(tsEmitter.emit({ layouts, specs: ['weird.cdl'] }));
    const b = await collect(tsEmitter.emit({ layouts, specs: ['weird.cdl'] }));
    expect(b).toEqual(a);
  });
});
