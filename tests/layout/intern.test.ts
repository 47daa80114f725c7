/**
 * One object per declaration wherever data models lay it out alike (layout/intern.ts), and,
 * on every layout, every reference to a declaration is the layout's own object for it: a
 * shared struct never points at another layout's version of what it holds or points at.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as ir from '../../generator/ir.js';
import { compile } from '../../generator/compile.js';
import { compileSources } from '../helpers/compile.js';

const ALL = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];

/** Every place a layout's declarations refer to a declaration, by what they hold. */
function references(layout: ir.Layout): { where: string; to: ir.Decl | ir.TypeAlias; qname: string }[] {
  const found: { where: string; to: ir.Decl | ir.TypeAlias; qname: string }[] = [];
  const visit = (where: string, t: ir.Type): void => {
    if (t.kind === 'array') return visit(where, t.element);
    if (t.kind === 'pointer') {
      if (t.pointee) found.push({ where: `${where} (pointee)`, to: t.pointee, qname: t.pointee.qname });
      return;
    }
    if (t.kind === 'enum' || t.kind === 'bits' || t.kind === 'struct' || t.kind === 'union') found.push({ where, to: t.decl, qname: t.qname });
  };
  for (const d of layout.decls) {
    if (d.kind === 'struct') {
      for (const f of d.fields) {
        visit(`${d.qname}.${f.name}`, f.type);
        if (f.selector?.bitField) found.push({ where: `${d.qname}.${f.name} (selector)`, to: f.selector.bitField.bits, qname: f.selector.bitField.bits.qname });
      }
    } else if (d.kind === 'union') {
      for (const m of d.members) visit(`${d.qname}.${m.name}`, m.type);
      if (d.discriminantType) visit(`${d.qname} (discriminant)`, d.discriminantType);
    }
  }
  for (const a of layout.aliases) visit(a.qname, a.type);
  return found;
}

function expectOwnReferences(layouts: readonly ir.Layout[]): void {
  for (const layout of layouts) {
    for (const r of references(layout)) {
      const own = layout.byName.get(r.qname) ?? layout.aliasByName.get(r.qname);
      expect(own === r.to, `${r.where} on ${layout.target.name}/${layout.config ?? '-'} refers to ${r.qname} of another layout`).toBe(true);
    }
  }
}

/** The spec's lines laid out on every target, and the distinct objects a declaration is on them. */
function laidOut(lines: readonly string[]) {
  const r = compileSources({ 'a.cdl': lines.join('\n') }, { targets: ALL, configs: [null] });
  expect(r.ok).toBe(true);
  const of = (name: string) => new Set(r.layouts.map((l) => l.byName.get(`a.${name}`)));
  return { r, of };
}

describe('declarations shared between data models', () => {
  it('is one object where the data models lay it out alike, and one per layout where they do not', () => {
    const spec = [
      'bits Flags : u32 { a @0; b @1..7; }',
      'struct Fixed { flags: Flags; n: u32; }',
      'struct Word { w: uword; f: Fixed; }',
      'const SIZE = sizeof(Word);',
      'const ONE = 1;',
    ];
    const { r, of } = laidOut(spec);
    expect(of('Flags').size).toBe(1);
    expect(of('ONE').size).toBe(1);
    // Fixed's fields are stored in the target's byte order: one object per byte order.
    expect(of('Fixed').size).toBe(2);
    // Word differs in word size and byte order: four (32 and 64 bits, each byte order).
    expect(of('Word').size).toBe(4);
    expect(of('SIZE').size).toBe(2);
    expectOwnReferences(r.layouts);
  });

  it('shares a struct that points at itself, and keeps to its layout one that points at a declaration placed after it', () => {
    const spec = [
      'struct Node { next: ptr<Node>; later: ptr<Later>; n: u32; }',
      'struct Self { me: ptr<Self>; n: u32; }',
      'struct Later { n: u32; x: u64; }',
    ];
    const { r, of } = laidOut(spec);
    const models = new Set(r.layouts.map((l) => l.decls)).size;
    // Self is laid out alike wherever pointers are as wide and the byte order the same.
    expect(of('Self').size).toBe(4);
    expect(of('Node').size).toBe(models);
    for (const l of r.layouts) {
      const self = l.byName.get('a.Self') as ir.Struct;
      expect((self.fields[0].type as ir.PointerType).pointee).toBe(self);
    }
    expectOwnReferences(r.layouts);
  });

  it('refers, on every layout of dsl/, to that layout own declarations only', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.cdl')) files.push(p);
      }
    };
    walk('dsl');
    const configs = JSON.parse(fs.readFileSync('cdl.config.json', 'utf8')).configs as (string | null)[];
    const r = compile({ files: files.sort(), configs });
    expect(r.ok).toBe(true);
    const all = r.layouts.reduce((n, l) => n + l.decls.length, 0);
    const distinct = new Set(r.layouts.flatMap((l) => l.decls)).size;
    // Most of dsl/ does not depend on the data model.
    expect(distinct).toBeLessThan(all / 4);
    expectOwnReferences(r.layouts);
  });
});
