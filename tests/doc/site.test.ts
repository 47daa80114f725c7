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
import { ROOT } from '../cli/harness.js';

describe('the site of dsl/', () => {
  const project = loadProject(path.join(ROOT, 'cdl.config.json'));
  const layouts = project.result!.layouts;
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
      const tables = JSON.parse(/<script type="application\/json" id="cdl-tables">(.*?)<\/script>/s.exec(page)![1]!) as { target: string; types: Record<string, { kind: string }> };
      expect(tables.target).toBe('x86_64');
      for (const b of first.bits.filter((d) => d.namespace === ns)) {
        const section = new RegExp(`<section class="decl bits" id="decl-${b.name}"[\\s\\S]*?</section>`).exec(page)![0];
        expect(section.match(/<svg /g)!.length, b.qname).toBe(Math.max(1, b.variants.length));
        expect(section).toContain(`<details class="decoder" data-type="${b.qname}"`);
        expect(tables.types[b.qname]!.kind).toBe('bits');
      }
      for (const s of [...first.structs, ...first.unions].filter((d) => d.namespace === ns)) expect(page).toContain(`<table class="layout-table" data-decl="${s.qname}">`);
    }
  });

  it('is the same bytes every time', () => {
    const again = [...siteFiles({ layouts, specs: project.specs, runtimeScript: '/* runtime */' })];
    expect(again.map((f) => f.path)).toEqual([...files.keys()]);
    for (const f of again) expect(f.contents === files.get(f.path), f.path).toBe(true);
  });
});
