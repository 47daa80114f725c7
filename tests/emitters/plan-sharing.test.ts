/**
 * The plans of names and numbers (emitters/common/numbers.ts) are one object for a declaration
 * wherever the data models of a run plan it alike: the declaration is one object there
 * (layout/intern.ts) and its scope gave it the same names. Where its names differ, so do the
 * plans, and every plan refers to its own layout's declaration.
 */
import { describe, expect, it } from 'vitest';
import type * as ir from '../../generator/ir.js';
import { EmitContext } from '../../generator/emitters/context.js';
import { type DeclPlan, planConstants, plannedNames, type Style } from '../../generator/emitters/common/numbers.js';
import { compileSources, messages } from '../helpers/compile.js';

const ALL = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];

function layouts(spec: string, targets: readonly string[], configs: readonly (string | null)[]): readonly ir.Layout[] {
  const r = compileSources({ 'a.cdl': spec }, { targets, configs });
  expect(messages(r, "error")).toEqual([]);
  return r.layouts;
}

/** Each layout's plan of `qname`, planned in one run (shared), and alone (no run to share in). */
function plansOf(all: readonly ir.Layout[], style: Style, qname: string): { shared: DeclPlan[]; alone: DeclPlan[] } {
  const context = new EmitContext();
  const find = (plan: ReturnType<typeof planConstants>) => plan.flatMap((ns) => ns.decls).find((p) => p.decl.qname === qname)!;
  return { shared: all.map((l) => find(planConstants(l, style, context))), alone: all.map((l) => find(planConstants(l, style))) };
}

describe('plans shared between data models', () => {
  const spec = [
    'namespace a;',
    'bits Pte : u64 { present @0; frame @12..51 << 12; }',
    'struct Fixed { a: u32; b: u64; }',
    'struct Node { next: ptr<Node>; value: u32; }',
  ].join('\n');

  for (const style of ['c', 'module'] as const) {
    it(`is one object where the data models plan a declaration alike (${style})`, () => {
      const all = layouts(spec, ALL, [null]);
      // A bit layout is laid out alike on targets of one byte order, a struct of fixed-width
      // integers on those of one alignment of u64: fewer declarations than layouts, and as
      // many plans. A struct with a pointer differs with the pointer's size.
      for (const name of ['a.Pte', 'a.Fixed']) expect(new Set(all.map((l) => l.byName.get(name))).size).toBeLessThan(all.length / 2);
      for (const name of ['a.Pte', 'a.Fixed', 'a.Node']) {
        const { shared, alone } = plansOf(all, style, name);
        expect(new Set(shared).size).toBe(new Set(all.map((l) => l.byName.get(name))).size);
        all.forEach((l, i) => {
          // Each plan is its layout's, and says what the plan made alone says.
          expect(shared[i].decl).toBe(l.byName.get(name));
          expect(plannedNames(shared[i], () => [])).toEqual(plannedNames(alone[i], () => []));
          expect(shared[i].items.map((it) => it.value)).toEqual(alone[i].items.map((it) => it.value));
        });
      }
    });
  }

  it('is one per naming where the same declaration is named apart', () => {
    // In the kernel configuration Foo's `x_y` takes FOO_X_Y_OFFSET (with another value) before
    // Foo_x's `y` asks for it: Foo_x is one declaration in both configurations, named apart.
    const all = layouts(['namespace a;', 'config kernel;', 'struct Foo { a: u32; if kernel { x_y: u32; } }', 'struct Foo_x { y: u32; }'].join('\n'), ['x86_64'], [null, 'kernel']);
    expect(all[0].byName.get('a.Foo_x')).toBe(all[1].byName.get('a.Foo_x'));
    const { shared } = plansOf(all, 'c', 'a.Foo_x');
    expect(shared[0]).not.toBe(shared[1]);
    const offset = (p: DeclPlan) => p.items.find((it) => it.role === 'offset')!.name;
    expect([offset(shared[0]), offset(shared[1])]).toEqual(['FOO_X_Y_OFFSET', 'FOO_X_Y_OFFSET_']);
  });
});
