/**
 * Bit diagrams (generator/doc/svg.ts): a split field is one colour in several boxes, each
 * labelled with the value bits it holds; reserved bits are hatched and labelled with their
 * value; a layout wider than 32 bits is drawn a row per 32 bits; a tagged layout has one
 * diagram per variant on its page, each with that variant's fields only.
 */
import { describe, expect, it } from 'vitest';
import { bitDiagram, pieces, RESERVED_FILL } from '../../generator/doc/svg.js';
import { siteFiles } from '../../generator/doc/site.js';
import { compileSources, layoutOf } from '../helpers/compile.js';

const SPEC = `namespace demo;
/// A segment descriptor's limit is split, as on x86.
bits Desc : u64 {
  limit @0..15, @48..51;
  base @16..39;
  reserved @40..47 = 0x5a;
  reserved @52..62;
  present @63;
}

enum Kind : u2 { Table = 0, Page = 1 }

/// Tagged: ps selects the variant.
bits Entry : u32 {
  valid @0;
  tag kind : Kind @1..2;
  variant Table when Table { next @3..31; }
  variant Page when Page { frame @12..31 << 12; reserved @3..11; }
}
`;

/** The \`<g>\` elements of an SVG, with their attributes and the rect's fill. */
function groups(svg: string): { cls: string; field: string | null; bits: string; fill: string; label: string | null }[] {
  return [...svg.matchAll(/<g class="piece ([a-z]+)"(?: data-field="([^"]*)")? data-bits="([^"]*)">(.*?)<\/g>/g)].map((m) => ({
    cls: m[1]!,
    field: m[2] ?? null,
    bits: m[3]!,
    fill: /<rect [^>]*fill="([^"]*)"/.exec(m[4]!)![1]!,
    label: /<text class="label"[^>]*>([^<]*)<\/text>/.exec(m[4]!)?.[1] ?? null,
  }));
}

describe('bit diagrams', () => {
  const layout = layoutOf(SPEC);
  const desc = layout.bits.find((b) => b.name === 'Desc')!;

  it('draws a split field as boxes of one colour, each labelled with the value bits it holds', () => {
    const svg = bitDiagram(desc, null, 'd');
    const limit = groups(svg).filter((g) => g.field === 'limit');
    expect(limit.map((g) => [g.bits, g.label])).toEqual([
      ['51:48', 'limit[19:16]'],
      ['15:0', 'limit[15:0]'],
    ]);
    expect(new Set(limit.map((g) => g.fill)).size).toBe(1);
    // Other fields have colours of their own.
    const base = groups(svg).find((g) => g.field === 'base')!;
    expect(base.fill).not.toBe(limit[0]!.fill);
  });

  it('splits a field that crosses a 32-bit row, and draws 64 bits as two rows', () => {
    const svg = bitDiagram(desc, null, 'd');
    expect(groups(svg).filter((g) => g.field === 'base').map((g) => [g.bits, g.label])).toEqual([
      ['39:32', 'base[23:16]'],
      ['31:16', 'base[15:0]'],
    ]);
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    const rowHeight = height / 2;
    // Bits 63..32 are on the first row, 31..0 on the second.
    const y = (bits: string) => Number(new RegExp(`data-bits="${bits}">.*?<rect x="[\\d.]+" y="([\\d.]+)"`).exec(svg)![1]);
    expect(y('63:63')).toBeLessThan(rowHeight);
    expect(y('15:0')).toBeGreaterThan(rowHeight);
  });

  it('draws a layout of several words a row per 32 bits, and a byte as one row of 8', () => {
    const wide = layoutOf('namespace w;\nbits Wide : u32[4] { low @0..63; high @64..126; last @127; }\nbits Byte : u8 { a @0..3; b @4..7; }\n').bits;
    const rows = (svg: string) => new Set([...svg.matchAll(/<rect x="[\d.]+" y="([\d.]+)"/g)].map((m) => m[1])).size;
    const w = bitDiagram(wide[0]!, null, 'w');
    expect(rows(w)).toBe(4);
    expect(groups(w).filter((g) => g.field === 'high').map((g) => g.label)).toEqual(['high[62:32]', 'high[31:0]']);
    const b = bitDiagram(wide[1]!, null, 'b');
    expect(rows(b)).toBe(1);
    expect(/width="(\d+)"/.exec(b)![1]).toBe(String(8 * 22 + 2));
  });

  it('hatches reserved bits and labels them with the value they must hold, or ignored', () => {
    const svg = bitDiagram(desc, null, 'd');
    const reserved = groups(svg).filter((g) => g.cls === 'reserved');
    expect(reserved.map((g) => g.bits)).toEqual(['62:52', '47:40']);
    for (const g of reserved) expect(g.fill).toBe('url(#d-hatch)');
    expect(reserved.map((g) => g.label)).toEqual(['ignored', 'reserved =0x5a']);
    expect(svg).toContain(`<pattern id="d-hatch"`);
    expect(svg).toContain(`fill="${RESERVED_FILL}"`);
    // The tooltip says what they must be.
    expect(svg).toContain('<title>reserved, bits 47..40: must be 0x5a</title>');
  });

  it('covers every bit exactly once', () => {
    for (const b of layout.bits) {
      for (const v of b.variants.length ? b.variants : [null]) {
        const seen = new Array<number>(b.width).fill(0);
        for (const p of pieces(b, v, 'h')) for (let k = p.lo; k <= p.hi; k++) seen[k]!++;
        expect(seen.every((n) => n === 1), `${b.name} ${v?.name ?? ''}`).toBe(true);
      }
    }
  });

  it('draws a tagged layout once per variant, each with the common fields, the tag and its own fields', () => {
    const result = compileSources({ 'spec.cdl': SPEC }, { targets: ['x86_64'], configs: [null] });
    const pageHtml = [...siteFiles({ layouts: result.layouts, specs: ['spec.cdl'], runtimeScript: '' })].find((f) => f.path === 'ns/demo.html')!.contents;
    const section = /<section class="decl bits" id="decl-Entry"[\s\S]*?<\/section>/.exec(pageHtml)![0];
    const figures = [...section.matchAll(/<figure class="diagram" data-variant="([^"]*)">([\s\S]*?)<\/figure>/g)];
    expect(figures.map((f) => f[1])).toEqual(['Table', 'Page']);
    expect(figures.map((f) => /<figcaption>(.*?)<\/figcaption>/.exec(f[2]!)![1])).toEqual(['variant <strong>Table</strong> (kind = Table)', 'variant <strong>Page</strong> (kind = Page)']);
    const fieldsOf = (svg: string) => [...new Set(groups(svg).filter((g) => g.field).map((g) => g.field))].sort();
    expect(fieldsOf(figures[0]![2]!)).toEqual(['kind', 'next', 'valid']);
    expect(fieldsOf(figures[1]![2]!)).toEqual(['frame', 'kind', 'valid']);
    expect(groups(figures[1]![2]!).filter((g) => g.cls === 'reserved').map((g) => g.bits)).toEqual(['11:3']);
    // Ids are unique on the page: each diagram has its own pattern.
    const ids = [...pageHtml.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
