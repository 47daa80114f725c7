/**
 * Every function of a bit layout's companion that takes a raw word, given words of every wrong
 * shape (issue 17): field getters, field setters (`withX(word, v)`, `setX(words, v)`),
 * `decode`, `decodeHalves`/`decodeWords`, `validate` and `validateHalves`/`validateWords`, for
 * every bit layout of dsl/ and of the hostile spec (one word, two halves, a narrow top half,
 * four words and a `words` list). Each wrong word or part is refused with a `WordError` whose
 * message names the type, the field (for getters and setters) and the part at fault; `validate`
 * answers with that message instead of throwing; a setter leaves the words it was given as they
 * were. Valid words pass every function.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bitsModel, type BitsModel } from '../../generator/emitters/ts/bits-model.js';
import { planNamespaces, tsEmitter } from '../../generator/emitters/ts/index.js';
import { collect } from '../../generator/emitters/emitter.js';
import type * as ir from '../../generator/ir.js';
import { WordError } from '../../runtime/index.js';
import { compileSources } from '../helpers/compile.js';
import { mulberry32 } from '../helpers/random.js';
import { runtimeFor } from '../helpers/runtime.js';
import { thrown } from '../helpers/thrown.js';
import { commonModule, targetModule, type Module } from './generated.js';
import { dslLayouts, stemOf } from './oracle.js';
import { WEIRD } from './weird.js';

interface Case {
  readonly name: string;
  readonly decl: ir.Bits;
  readonly model: BitsModel;
  readonly companion: () => Promise<Module>;
}

const dslCases: Case[] = dslLayouts(['x86_64', 's390x']).flatMap((layout) =>
  layout.bits.map((decl) => ({
    name: `${stemOf(layout)} ${decl.qname}`,
    decl,
    model: bitsModel(decl, layout),
    companion: async () => (await commonModule(decl.namespace))[decl.name] ?? (await targetModule(stemOf(layout), decl.namespace))[decl.name],
  })),
);

// The hostile spec's layouts, generated into a temporary directory.
let OUT = '';
const weird = compileSources({ 'weird.cdl': WEIRD }, { targets: ['x86_64'], configs: [null] });
const weirdModules = new Map<string, Promise<Module>>();
const weirdPlans = planNamespaces(weird.layouts);
const weirdCases: Case[] = weird.layouts.flatMap((layout) =>
  layout.bits.map((decl) => ({
    name: `hostile ${decl.qname}`,
    decl,
    model: bitsModel(decl, layout),
    companion: async () => {
      // The hostile names are escaped: the companion's name is the one the emitter planned.
      const name = weirdPlans.get(decl.namespace)!.names.get(decl.qname)!.base;
      const load = (file: string) => {
        if (!weirdModules.has(file)) weirdModules.set(file, import(/* @vite-ignore */ file) as Promise<Module>);
        return weirdModules.get(file)!;
      };
      return (await load(path.join(OUT, 'ts', `${decl.namespace}.ts`)))[name] ?? (await load(path.join(OUT, 'ts', stemOf(layout), `${decl.namespace}.ts`)))[name];
    },
  })),
);

beforeAll(async () => {
  OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-raw-words-'));
  for (const f of await collect(tsEmitter.emit({ layouts: weird.layouts, specs: ['weird.cdl'], runtime: runtimeFor(OUT) }))) {
    fs.mkdirSync(path.dirname(path.join(OUT, f.path)), { recursive: true });
    fs.writeFileSync(path.join(OUT, f.path), f.contents);
  }
}, 60_000);

afterAll(() => {
  if (OUT) fs.rmSync(OUT, { recursive: true, force: true });
});

/** The bits of part `k` of a `width`-bit word. */
function partBits(width: number, k: number): number {
  return Math.min(32, width - 32 * k);
}

/** Values that are not a `bits`-bit unsigned number. */
function wrongParts(bits: number): unknown[] {
  return [BigInt(1), undefined, null, '1', NaN, 1.5, -1, 2 ** bits, {}, Symbol('w')];
}

/** What a wrong word's message names: `Type.field: ` and the part (`lo`, `w2`, `words[5]`). */
function partName(model: BitsModel, k: number): string {
  return model.params ? model.params[k] : `words[${k}]`;
}


function expectWordError(e: unknown, prefix: string, part: string | null, what: string): void {
  expect(e, what).toBeInstanceOf(WordError);
  const message = (e as Error).message;
  expect(message.startsWith(prefix), `${what}: ${message}`).toBe(true);
  if (part !== null) expect(message, what).toContain(`${part} is `);
}

describe.each([...dslCases, ...weirdCases].map((c) => [c.name, c] as const))('the raw words of %s', (_name, c) => {
  const { decl, model } = c;
  const n = model.n;
  const random = mulberry32(decl.width * 7919 + decl.name.length);
  /** A valid word as the companion's functions take it: one number, or its 32-bit parts. */
  const validParts = () => Array.from({ length: n }, (_, k) => Math.floor(random() * 2 ** partBits(decl.width, k)));
  /** The arguments of a function taking the raw word: the parts, or one `words` list past four. */
  const args = (parts: readonly unknown[]) => (model.params ? parts : [parts]);
  /** The valid parts with part `k` replaced by `w`. */
  const withPart = (parts: readonly number[], k: number, w: unknown) => parts.map((p, j) => (j === k ? w : p));
  const wrongWords = () => Array.from({ length: n }, (_, k) => wrongParts(partBits(decl.width, k)).map((w) => ({ k, w })));

  it('getters and setters refuse a wrong word by type, field and part, and a setter changes nothing', async () => {
    const C = await c.companion();
    const valid = validParts();
    const seen = new Set<string>();
    for (const slot of model.slots) {
      if (seen.has(slot.accessor)) continue;
      seen.add(slot.accessor);
      const getter = slot.accessor;
      const setter = model.api.setters.get(slot)!;
      const prefix = `${decl.name}.${slot.field.name}: `;
      const value = C[getter](...args(valid));
      // The valid word passes; the value read from it sets it back unchanged.
      if (n === 1) expect(C[setter](valid[0], value)).toBe(valid[0]);
      else {
        const words = valid.slice();
        C[setter](words, value);
        expect(words).toEqual(valid);
      }
      for (const { k, w } of wrongWords().flat()) {
        const what = `${getter}/${setter} with part ${k} = ${String(w)}`;
        const parts = withPart(valid, k, w);
        expectWordError(thrown(() => C[getter](...args(parts))), prefix, n === 1 ? null : partName(model, k), `${what}: getter`);
        if (n === 1) expectWordError(thrown(() => C[setter](w, value)), prefix, null, `${what}: setter`);
        else {
          // A setter always takes a `words` list, whatever the getters take.
          const words = parts.slice();
          expectWordError(thrown(() => C[setter](words, value)), prefix, `words[${k}]`, `${what}: setter`);
          expect(words, `${what}: setter`).toEqual(parts);
        }
      }
      if (n > 1) {
        for (const w of [undefined, null, 5, 'words']) expectWordError(thrown(() => C[setter](w, value)), prefix, 'words', `${setter}(${String(w)})`);
        const short = valid.slice(0, n - 1);
        expectWordError(thrown(() => C[setter](short, value)), prefix, `words[${n - 1}]`, `${setter} given ${n - 1} words`);
        expect(short).toEqual(valid.slice(0, n - 1));
      }
    }
  });

  it('decoders refuse a wrong word, and validate answers with the same message', async () => {
    const C = await c.companion();
    const valid = validParts();
    const decodeParts = model.api.decodeParts ?? 'decode';
    const validateParts = model.api.validateParts ?? 'validate';
    expect(Array.isArray(C[validateParts](...args(valid)))).toBe(true);
    for (const { k, w } of wrongWords().flat()) {
      const parts = withPart(valid, k, w);
      const what = `part ${k} = ${String(w)}`;
      const part = n === 1 ? null : partName(model, k);
      expectWordError(thrown(() => C[decodeParts](...args(parts))), `${decl.name}: `, part, `${decodeParts}, ${what}`);
      const issues = C[validateParts](...args(parts)) as string[];
      expect(issues, `${validateParts}, ${what}`).toHaveLength(1);
      expect(issues[0].startsWith(`${decl.name}: `), issues[0]).toBe(true);
      if (part !== null) expect(issues[0]).toContain(`${part} is `);
    }
    if (!model.params) {
      for (const w of [undefined, null, 5]) {
        expectWordError(thrown(() => C[decodeParts](w)), `${decl.name}: `, 'words', `${decodeParts}(${String(w)})`);
        expect(C[validateParts](w)).toHaveLength(1);
      }
    }
    // A whole word of the wrong type or width.
    if (n > 1) {
      for (const w of [1, undefined, null, '1', -1n, 1n << BigInt(decl.width)]) {
        expectWordError(thrown(() => C.decode(w)), `${decl.name}: `, null, `decode(${String(w)})`);
        expect(C.validate(w), `validate(${String(w)})`).toHaveLength(1);
      }
    }
  });
});
