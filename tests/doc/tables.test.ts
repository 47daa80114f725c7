/**
 * Layout tables across targets (generator/doc/tables.ts): a column per group of layouts that
 * agree, and a cell that differs from the first column marked. i386 aligns a u64 to 4 bytes
 * and x86_64 to 8, so `b` below is at 4 on one and at 8 on the other.
 */
import { describe, expect, it } from 'vitest';
import { layoutTable } from '../../generator/doc/tables.js';
import { compileSources } from '../helpers/compile.js';

const SPEC = `namespace demo;
enum Colour : u8 { Red = 1 }
struct S {
  a: u32;
  b: u64;
  c: Colour;
}
union U { x: u32; y: u64; }
`;

/** The cells of row `field`: [text, marked]. */
function row(html: string, field: string): [string, boolean][] {
  const tr = new RegExp(`<tr[^>]*data-field="${field}"><th scope="row">[^<]*</th><td class="type">.*?</td>(.*?)<td class="doc">`).exec(html)![1]!;
  return [...tr.matchAll(/<td( class="differs"[^>]*)?>([^<]*)<\/td>/g)].map((m) => [m[2]!, m[1] !== undefined]);
}

describe('layout tables', () => {
  const result = compileSources({ 'spec.cdl': SPEC }, { targets: ['x86_64', 'i386', 'aarch64'], configs: [null] });
  const html = layoutTable('demo.S', result.layouts, '../');

  it('marks a field whose offset differs between x86_64 and i386', () => {
    expect(row(html, 'a')).toEqual([
      ['0 / 4', false],
      ['0 / 4', false],
    ]);
    expect(row(html, 'b')).toEqual([
      ['8 / 8', false],
      ['4 / 8', true],
    ]);
    expect(row(html, 'size')).toEqual([
      ['24', false],
      ['16', true],
    ]);
    expect(html).toContain('title="differs from x86_64, aarch64"');
  });

  it('gives layouts that agree one column', () => {
    const head = /<thead>(.*?)<\/thead>/.exec(html)![1]!;
    expect([...head.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(['field', 'type', 'x86_64, aarch64', 'i386', 'doc']);
  });

  it("links a field's type to its declaration", () => {
    expect(html).toContain('<a class="type" href="../ns/demo.html#decl-Colour">demo.Colour</a>');
  });

  it('shows a union member by size', () => {
    const u = layoutTable('demo.U', result.layouts, '../');
    expect(row(u, 'y')).toEqual([
      ['8', false],
      ['8', false],
    ]);
    expect(row(u, 'align')).toEqual([
      ['8', false],
      ['4', true],
    ]);
  });
});
