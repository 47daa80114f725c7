/**
 * Emitters render a declaration once for the data models that render it alike
 * (emitters/common/shared-parts.ts; TypeScript's emitters/ts/shared-decls.ts): the same
 * object (layout/intern.ts), the same names, the same reads of the layout
 * (common/layout-reads.ts). Sharing must change no byte of the output: compared with
 * rendering every declaration on every data model, for TypeScript, C and Rust, on dsl/, the
 * hostile spec, random specs and the benchmark's synthetic spec, on every target and in two
 * configurations where the spec has them.
 */
import { describe, expect, it } from 'vitest';
import { syntheticSpec } from '../../bench/synthetic.js';
import { compile } from '../../generator/compile.js';
import { emitCHeaders } from '../../generator/emitters/c/header.js';
import { readingLayout, readsHold } from '../../generator/emitters/common/layout-reads.js';
import { SharedParts } from '../../generator/emitters/common/shared-parts.js';
import { EmitContext } from '../../generator/emitters/context.js';
import { byDataModel, type GeneratedFile } from '../../generator/emitters/emitter.js';
import { emitRustCrates } from '../../generator/emitters/rust/module.js';
import { emitTs } from '../../generator/emitters/ts/index.js';
import type * as ir from '../../generator/ir.js';
import { compileSources, messages } from '../helpers/compile.js';
import { generateRandomSpecs } from '../oracle/random-structs.js';
import { dslFiles, dslLayouts } from '../ts/oracle.js';
import { WEIRD } from '../ts/weird.js';

const TARGETS = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];

/** Each emitter's files, declarations shared between data models or not, in one run's context as the CLI gives. */
const EMITTERS: Record<string, (layouts: readonly ir.Layout[], specs: readonly string[], share: boolean) => Iterable<GeneratedFile>> = {
  ts: (layouts, specs, share) => [...emitTs(layouts, specs, '../runtime/index.js', new EmitContext(), share)].map((f) => ({ path: f.path, contents: f.parts.join('\n') })),
  c: (layouts, specs, share) => emitCHeaders(layouts, specs, new EmitContext(), share),
  rust: (layouts, specs, share) => emitRustCrates(layouts, specs, new EmitContext(), share),
};

function expectSameOutput(emitter: string, layouts: readonly ir.Layout[], specs: readonly string[]): void {
  const emit = EMITTERS[emitter]!;
  const shared = new Map([...emit(layouts, specs, true)].map((f) => [f.path, f.contents]));
  const alone = new Map([...emit(layouts, specs, false)].map((f) => [f.path, f.contents]));
  expect([...shared.keys()]).toEqual([...alone.keys()]);
  for (const [path, text] of alone) if (shared.get(path) !== text) expect({ path, text: shared.get(path) }).toEqual({ path, text });
}

function compiled(sources: ReadonlyMap<string, string>, configs: readonly (string | null)[]): readonly ir.Layout[] {
  const r = compile({ files: [...sources.keys()], targets: TARGETS, configs: [...configs], readFile: (p) => sources.get(p) ?? '' });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return r.layouts;
}

describe.each(Object.keys(EMITTERS))('declarations shared between data models (%s)', (emitter) => {
  it('change nothing in the output of dsl/', () => {
    expectSameOutput(emitter, dslLayouts(TARGETS, [null, 'kernel']), dslFiles());
  }, 180_000);

  it('change nothing in the output of the hostile spec', () => {
    const r = compileSources({ 'weird.cdl': WEIRD }, { targets: TARGETS, configs: [null] });
    expect(messages(r, 'error')).toEqual([]);
    expectSameOutput(emitter, r.layouts, ['weird.cdl']);
  }, 120_000);

  it('change nothing in the output of random specs, in two configurations', () => {
    const random = generateRandomSpecs({ seed: 0x5ea1, files: 4, structsPerFile: 12 });
    expectSameOutput(emitter, compiled(random.sources, [null, 'kernel']), random.files.map((f) => f.path));
  }, 120_000);

  it("change nothing in the output of the benchmark's synthetic spec", () => {
    const spec = syntheticSpec(3_000, 1_000);
    expectSameOutput(emitter, compiled(spec.files, [null, 'kernel']), [...spec.files.keys()]);
  }, 180_000);
});

describe('SharedParts', () => {
  const r = compileSources({ 'a.cdl': 'namespace a;\nbits Pte : u64 { present @0; frame @12..51 << 12; }' }, { targets: ['x86_64', 'aarch64', 'ppc32'], configs: [null] });
  expect(messages(r, 'error')).toEqual([]);
  const [x86, arm, ppc] = r.layouts;
  const pte = x86.byName.get('a.Pte')!;

  it('renders a part once for layouts that read the same of it, and again where the key or a read differs', () => {
    const shared = new SharedParts<string>(byDataModel(r.layouts));
    let renders = 0;
    const render = (l: ir.Layout): string => `${++renders} ${l.target.endian}`;
    expect(shared.part(pte, 'k', x86, render)).toBe('1 little');
    expect(shared.part(pte, 'k', arm, render)).toBe('1 little');
    expect(shared.part(pte, 'k', ppc, render)).toBe('2 big');
    expect(shared.part(pte, 'other', arm, render)).toBe('3 little');
    const told: string[] = [];
    expect(shared.part(pte, 'k', arm, render, (p) => told.push(p))).toBe('1 little');
    expect(told).toEqual(['1 little']);
  });

  it('shares no part that read its layout whole', () => {
    const shared = new SharedParts<string>(byDataModel(r.layouts));
    let renders = 0;
    const render = (l: ir.Layout): string => `${++renders} ${l.decls.length}`;
    shared.part(pte, 'k', x86, render);
    shared.part(pte, 'k', x86, render);
    expect(renders).toBe(2);
  });

  it('forgets a declaration after the last group of layouts that has it', () => {
    const groups = byDataModel(r.layouts);
    const shared = new SharedParts<string>(groups);
    let renders = 0;
    const render = (l: ir.Layout): string => `${++renders} ${l.target.endian}`;
    shared.part(pte, 'k', x86, render);
    // Kept while a group to come has it, forgotten after the last.
    const last = Math.max(...groups.flatMap((g, i) => (g.some((l) => l.byName.get('a.Pte') === pte) ? [i] : [])));
    expect(last).toBeGreaterThan(0);
    for (let g = 0; g <= last; g++) shared.startGroup();
    shared.part(pte, 'k', arm, render);
    expect(renders).toBe(1);
    shared.startGroup();
    shared.part(pte, 'k', arm, render);
    expect(renders).toBe(2);
  });

  it('numbers objects for keys, one number each', () => {
    const shared = new SharedParts<string>(byDataModel(r.layouts));
    const [a, b] = [{}, {}];
    expect(shared.idOf(a)).toBe(shared.idOf(a));
    expect(shared.idOf(a)).not.toBe(shared.idOf(b));
  });
});

describe('readingLayout', () => {
  const r = compileSources({ 'a.cdl': 'namespace a;\nenum E : u8 { A = 1 }\ntype T = u32;\nstruct S { e: E; t: T; }' }, { targets: ['x86_64', 'ppc32'], configs: [null] });
  expect(messages(r, 'error')).toEqual([]);
  const [x86, ppc] = r.layouts;

  it('notes the target, and the names looked up, with what each gave', () => {
    const { layout, reads } = readingLayout(x86);
    expect(layout.target.endian).toBe('little');
    expect(layout.byName.get('a.E')).toBe(x86.byName.get('a.E'));
    expect(layout.aliasByName.has('a.T')).toBe(true);
    expect(layout.byName.get('a.Missing')).toBeUndefined();
    expect(reads.whole).toBe(false);
    expect([...reads.target]).toEqual([['endian', 'little']]);
    expect([...reads.byName.keys()]).toEqual(['a.E', 'a.Missing']);
    expect([...reads.aliasByName.keys()]).toEqual(['a.T']);
    expect(readsHold(x86, reads)).toBe(true);
    expect(readsHold(ppc, reads)).toBe(false);
  });

  it('counts any other read as reading the layout whole, and still gives what the layout holds', () => {
    for (const read of [
      (l: ir.Layout) => l.decls.length,
      (l: ir.Layout) => Object.keys(l).length,
      (l: ir.Layout) => ({ ...l }).config,
      (l: ir.Layout) => 'decls' in l,
      (l: ir.Layout) => [...l.byName.keys()].length,
      (l: ir.Layout) => l.byName.size,
      (l: ir.Layout) => Object.keys(l.target).length,
    ]) {
      const { layout, reads } = readingLayout(x86);
      expect(read(layout)).toEqual(read(x86));
      expect(reads.whole).toBe(true);
      expect(readsHold(x86, reads)).toBe(false);
    }
  });
});
