/**
 * The TypeScript emitter renders a declaration once for the target modules that render it
 * alike (emitters/ts/shared-decls.ts): the same object (layout/intern.ts), the same reads of
 * the layout (common/layout-reads.ts), the same module and writer state. It must share where
 * all are the same, render again where one differs, and share no text that read its layout
 * whole. (That sharing changes no output: tests/emitters/shared-parts.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { byDataModel } from '../../generator/emitters/emitter.js';
import { planNamespaces } from '../../generator/emitters/ts/index.js';
import { ModuleWriter } from '../../generator/emitters/ts/module.js';
import { SharedDecls } from '../../generator/emitters/ts/shared-decls.js';
import type * as ir from '../../generator/ir.js';
import { compileSources, messages } from '../helpers/compile.js';

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
});
