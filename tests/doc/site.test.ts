/**
 * The site of dsl/, as `cdl doc` makes it: every link on every page (and in the search index)
 * leads to a page of the site and to an id on it; every bit layout has its diagram and its
 * decoder with the tables it needs; every struct and union has its table; and two runs give
 * the same bytes.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../generator/cli/project.js';
import { siteFiles } from '../../generator/doc/site.js';
import { valueTables } from '../../generator/emitters/tables/index.js';
import type * as ir from '../../generator/ir.js';
import { ROOT } from '../cli/harness.js';

describe('the site of dsl/', () => {
  const project = loadProject(path.join(ROOT, 'cdl.config.json'));
  const layouts = project.result!.layouts;
  const memo = new Map<ir.Layout, ReturnType<typeof valueTables>>();
  /** A layout's decode tables, as `cdl gen`'s tables emitter writes them. */
  const tablesOf = (l: ir.Layout) => memo.get(l) ?? memo.set(l, valueTables(l)).get(l)!;
  const files = new Map([...siteFiles({ layouts, specs: project.specs, runtimeScript: '/* runtime */' })].map((f) => [f.path, f.contents]));

  it('links only to pages and ids it has', () => {
    const ids = new Map([...files].map(([p, text]) => [p, new Set([...text.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!))]));
    let links = 0;
    const check = (from: string, href: string) => {
      const [file, fragment] = href.split('#') as [string, string | undefined];
      const target = file === '' ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), file));
      expect(files.has(target), `${from}: ${href}`).toBe(true);
      if (fragment !== undefined) expect(ids.get(target)!.has(decodeURIComponent(fragment)), `${from}: ${href}`).toBe(true);
      links++;
    };
    for (const [p, text] of files) {
      if (!p.endsWith('.html')) continue;
      for (const m of text.matchAll(/ (?:href|src)="([^"]+)"/g)) check(p, m[1]!.replaceAll('&amp;', '&'));
    }
    const index = JSON.parse(/^window\.CDL_SEARCH = (.*);\n$/s.exec(files.get('assets/search-index.js')!)![1]!) as [string, string, string][];
    for (const [, , href] of index) check('index.html', href);
    expect(index.length).toBeGreaterThan(100);
    expect(links).toBeGreaterThan(500);
  });

  it('draws every bit layout, with a decoder whose tables it holds, and tabulates every struct and union', () => {
    const first = layouts[0]!;
    for (const ns of first.namespaces) {
      const page = files.get(`ns/${ns}.html`)!;
      const tables = JSON.parse(/<script type="application\/json" id="cdl-tables">(.*?)<\/script>/s.exec(page)![1]!) as { target: string; types: Record<string, { kind: string }>; targets: Record<string, unknown[]> };
      expect(tables.target).toBe('x86_64');
      for (const b of first.bits.filter((d) => d.namespace === ns)) {
        const section = new RegExp(`<section class="decl bits" id="decl-${b.name}"[\\s\\S]*?</section>`).exec(page)![0];
        // One diagram per variant, for each distinct way the targets lay it out (their decode tables differ).
        const distinct = new Set(layouts.map((l) => tablesOf(l).types[b.qname]).filter((t) => t !== undefined).map((t) => JSON.stringify(t)));
        expect(section.match(/<svg /g)!.length, b.qname).toBe(distinct.size * Math.max(1, b.variants.length));
        expect(section).toContain(`<details class="decoder" data-type="${b.qname}"`);
        expect(tables.types[b.qname]!.kind).toBe('bits');
        // A target picker, with every target, exactly where the layouts differ.
        expect(section.includes('<select class="target"'), b.qname).toBe(distinct.size > 1);
        if (distinct.size > 1) {
          expect(section.match(/<option /g)!.length).toBe(new Set(layouts.map((l) => l.target.name)).size);
          expect(tables.targets[b.qname]!.length).toBe(distinct.size);
        }
      }
      for (const s of [...first.structs, ...first.unions].filter((d) => d.namespace === ns)) expect(page).toContain(`<table class="layout-table" data-decl="${s.qname}">`);
    }
  });

  it('draws a C bit-field layout once per byte order, labelled with its targets, and its picker decodes with each', () => {
    const page = files.get('ns/coyotos.html')!;
    const section = /<section class="decl bits" id="decl-CapHeader"[\s\S]*?<\/section>/.exec(page)![0];
    const blocks = [...section.matchAll(/<div class="target-layout" data-targets="([^"]*)">[\s\S]*?<\/div>/g)];
    expect(blocks.map((m) => m[1])).toEqual(['x86_64,i386,aarch64,riscv64,riscv32', 'ppc32,s390x,mips32']);
    // `type` is the first member: the low bits where C fills from bit 0, the high ones on big-endian targets.
    expect(blocks[0]![0]).toMatch(/<th scope="row">type<\/th><td>5\.\.0<\/td>/);
    expect(blocks[1]![0]).toMatch(/<th scope="row">type<\/th><td>31\.\.26<\/td>/);
    expect(section).toMatch(/<option value="0">x86_64<\/option>.*<option value="1">ppc32<\/option><option value="1">s390x<\/option><option value="1">mips32<\/option>/);
    const tables = JSON.parse(/<script type="application\/json" id="cdl-tables">(.*?)<\/script>/s.exec(page)![1]!) as { targets: Record<string, unknown[]> };
    const ppc32 = layouts.find((l) => l.target.name === 'ppc32')!;
    expect(tables.targets['coyotos.CapHeader']).toEqual([tablesOf(layouts[0]!).types['coyotos.CapHeader'], tablesOf(ppc32).types['coyotos.CapHeader']].map((t) => JSON.parse(JSON.stringify(t))));
    // A layout every target lays out alike keeps one diagram, no labels and no picker.
    const pte = /<section class="decl bits" id="decl-Pte"[\s\S]*?<\/section>/.exec(files.get('ns/x86.html')!)![0];
    expect(pte).not.toContain('target-layout');
    expect(pte).not.toContain('<select');
  });

  it('is the same bytes every time', () => {
    const again = [...siteFiles({ layouts, specs: project.specs, runtimeScript: '/* runtime */' })];
    expect(again.map((f) => f.path)).toEqual([...files.keys()]);
    for (const f of again) expect(f.contents === files.get(f.path), f.path).toBe(true);
  });
});
