/**
 * The TypeScript emitter renders a declaration once for the target modules that render it
 * alike (emitters/ts/shared-decls.ts): the same object (layout/intern.ts), the same reads of
 * the layout (layout-reads.ts), the same module and writer state. Sharing must change no
 * byte of the output: compared with rendering every declaration in every module, on dsl/, on
 * the hostile spec, on random specs and on the benchmark's synthetic spec, for every target
 * and both configurations. And it must share: fewer renders than modules, and none of a text
 * that read its layout whole.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { byDataModel } from '../../generator/emitters/emitter.js';
import { emitTs, planNamespaces } from '../../generator/emitters/ts/index.js';
import { readingLayout, readsHold } from '../../generator/emitters/ts/layout-reads.js';
import { ModuleWriter } from '../../generator/emitters/ts/module.js';
import { SharedDecls } from '../../generator/emitters/ts/shared-decls.js';
import type * as ir from '../../generator/ir.js';
import { syntheticSpec } from '../../bench/synthetic.js';
import { compileSources, messages } from '../helpers/compile.js';
import { generateRandomSpecs } from '../oracle/random-structs.js';
import { dslLayouts, dslFiles } from './oracle.js';
import { WEIRD } from './weird.js';

const TARGETS = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];

/** Every file's text, declarations rendered once where they can be (`share`) or in every module. */
function files(layouts: readonly ir.Layout[], specs: readonly string[], share: boolean): Map<string, string> {
  return new Map([...emitTs(layouts, specs, '../runtime/index.js', undefined, share)].map((f) => [f.path, f.parts.join('\n')]));
}

function expectSameOutput(layouts: readonly ir.Layout[], specs: readonly string[]): void {
  const shared = files(layouts, specs, true);
  const alone = files(layouts, specs, false);
  expect([...shared.keys()]).toEqual([...alone.keys()]);
  for (const [path, text] of alone) if (shared.get(path) !== text) expect({ path, text: shared.get(path) }).toEqual({ path, text });
}

function compiled(sources: ReadonlyMap<string, string>, configs: readonly (string | null)[]): readonly ir.Layout[] {
  const r = compile({ files: [...sources.keys()], targets: TARGETS, configs: [...configs], readFile: (p) => sources.get(p) ?? '' });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return r.layouts;
}

describe('declarations shared between target modules', () => {
  it('change nothing in the output of dsl/', () => {
    expectSameOutput(dslLayouts(TARGETS, [null, 'kernel']), dslFiles());
  }, 120_000);

  it('change nothing in the output of the hostile spec', () => {
    const r = compileSources({ 'weird.cdl': WEIRD }, { targets: TARGETS, configs: [null] });
    expect(messages(r, 'error')).toEqual([]);
    expectSameOutput(r.layouts, ['weird.cdl']);
  }, 120_000);

  it('change nothing in the output of random specs, in two configurations', () => {
    const random = generateRandomSpecs({ seed: 0x5ea1, files: 4, structsPerFile: 12 });
    expectSameOutput(compiled(random.sources, [null, 'kernel']), random.files.map((f) => f.path));
  }, 120_000);

  it("change nothing in the output of the benchmark's synthetic spec", () => {
    const spec = syntheticSpec(3_000, 1_000);
    expectSameOutput(compiled(spec.files, [null, 'kernel']), [...spec.files.keys()]);
  }, 120_000);
});

describe('SharedDecls', () => {
  const spec = ['namespace a;', 'bits Pte : u64 { present @0; frame @12..51 << 12; }', 'struct Fixed { a: u32; b: u64; }'].join('\n');
  const r = compileSources({ 'a.cdl': spec }, { targets: ['x86_64', 'aarch64', 'ppc32'], configs: [null] });
  expect(messages(r, 'error')).toEqual([]);
  const [x86, arm, ppc] = r.layouts;
  const plans = planNamespaces(r.layouts);
  const writer = (): ModuleWriter => new ModuleWriter(plans, plans.get('a')!, 'target', 'ts/t/a.ts', '../runtime/index.js', new Set());

  it('renders a declaration once for layouts that read the same of it, and again where a read differs', () => {
    const pte = x86.byName.get('a.Pte')!;
    // x86_64 and aarch64 are one data model: one object for the layout.
    expect(arm.byName.get('a.Pte')).toBe(pte);
    const shared = new SharedDecls(byDataModel(r.layouts));
    let renders = 0;
    const render = (l: ir.Layout): string[] => {
      renders++;
      return [l.target.endian];
    };
    expect(shared.part(pte, x86, writer(), 'a', render)).toEqual(['little']);
    expect(shared.part(pte, arm, writer(), 'a', render)).toEqual(['little']);
    expect(renders).toBe(1);
    // Another byte order: rendered again, since the text read it.
    expect(shared.part(pte, ppc, writer(), 'a', render)).toEqual(['big']);
    expect(renders).toBe(2);
    // Another module, or the writer in another state: rendered again.
    expect(shared.part(pte, arm, writer(), 'b', render)).toEqual(['little']);
    const named = writer();
    named.rt('View');
    expect(shared.part(pte, arm, named, 'a', render)).toEqual(['little']);
    expect(renders).toBe(4);
  });

  it('replays what a shared text did to its writer', () => {
    const pte = x86.byName.get('a.Pte')!;
    const shared = new SharedDecls(byDataModel(r.layouts));
    const first = writer();
    const text = shared.part(pte, x86, first, 'a', (l) => [`${first.rt('View')} ${l.target.endian}`]);
    const second = writer();
    const again = shared.part(pte, arm, second, 'a', () => {
      throw new Error('rendered again');
    });
    // The import the first made is the second's too, and leaves it in the same state.
    expect(again).toBe(text);
    expect(second.header()).toEqual(first.header());
    expect(second.header().join('\n')).toContain('View');
    expect(second.state).toBe(first.state);
  });

  it('shares no text that read its layout whole', () => {
    const pte = x86.byName.get('a.Pte')!;
    const shared = new SharedDecls(byDataModel(r.layouts));
    let renders = 0;
    const render = (l: ir.Layout): string[] => [`${++renders} ${l.decls.length}`];
    shared.part(pte, x86, writer(), 'a', render);
    shared.part(pte, x86, writer(), 'a', render);
    expect(renders).toBe(2);
  });

  it('forgets a declaration after the last group of layouts that has it', () => {
    const pte = x86.byName.get('a.Pte')!;
    const groups = byDataModel(r.layouts);
    const shared = new SharedDecls(groups);
    let renders = 0;
    const render = (l: ir.Layout): string[] => [`${++renders} ${l.target.endian}`];
    shared.part(pte, x86, writer(), 'a', render);
    // Kept while a group to come has it, forgotten after the last.
    const last = Math.max(...groups.flatMap((g, i) => (g.some((l) => l.byName.get('a.Pte') === pte) ? [i] : [])));
    expect(last).toBeGreaterThan(0);
    for (let g = 0; g < last; g++) shared.groupDone(g);
    shared.part(pte, arm, writer(), 'a', render);
    expect(renders).toBe(1);
    shared.groupDone(last);
    shared.part(pte, arm, writer(), 'a', render);
    expect(renders).toBe(2);
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
