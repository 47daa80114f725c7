/**
 * Everything a spec says reaches the page as text: doc comments with markup and script tags,
 * a spec path with quotes, and data for the page's scripts that holds `</script>`.
 */
import { describe, expect, it } from 'vitest';
import { docHtml, esc, scriptJson } from '../../generator/doc/html.js';
import { siteFiles } from '../../generator/doc/site.js';
import { compileSources } from '../helpers/compile.js';

const HOSTILE = '</script><script>alert(1)</script><img src=x onerror="alert(2)"> & \'quoted\' <!-- `<b>code</b>`';

const SPEC = `namespace demo;
/// ${HOSTILE}
bits Flags : u8 {
  /// ${HOSTILE}
  on @0;
  /// ${HOSTILE}
  reserved @1..7;
}
/// ${HOSTILE}
enum E : u8 {
  /// ${HOSTILE}
  A = 1
}
/// ${HOSTILE}
struct S {
  /// ${HOSTILE}
  f: Flags;
}
/// ${HOSTILE}
const C = 1;
`;

describe('escaping', () => {
  it('escapes text and attributes', () => {
    expect(esc(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('keeps markup in a doc comment as text, code spans included', () => {
    const html = docHtml(HOSTILE);
    expect(html).not.toMatch(/<(?!\/?p>|\/?code>)/);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)');
    expect(html).toContain('<code>&lt;b&gt;code&lt;/b&gt;</code>');
  });

  it('writes JSON for a script element that no string in it can close', () => {
    const text = scriptJson({ s: '</script><!-- \u2028' });
    expect(text).not.toContain('<');
    expect(text).not.toContain('\u2028');
    expect(JSON.parse(text)).toEqual({ s: '</script><!-- \u2028' });
  });

  it('leaves no tag of a hostile doc comment on any page', () => {
    const result = compileSources({ 'spec.cdl': SPEC }, { targets: ['x86_64'], configs: [null] });
    expect(result.ok).toBe(true);
    for (const f of siteFiles({ layouts: result.layouts, specs: ['sp"ec<1>.cdl'], runtimeScript: '/* runtime */' })) {
      if (!f.path.endsWith('.html')) continue;
      expect(f.contents, f.path).not.toContain('<script>alert');
      expect(f.contents, f.path).not.toContain('<img');
      expect(f.contents, f.path).not.toContain('<!--');
      expect(f.contents, f.path).not.toContain('sp"ec');
      // The only script elements are the page's own.
      const scripts = [...f.contents.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
      for (const s of scripts) expect(s).toMatch(/^<script (src="(\.\.\/)?assets\/[a-z-]+\.js"|type="application\/json" id="cdl-tables")>$/);
    }
    const page = [...siteFiles({ layouts: result.layouts, specs: [], runtimeScript: '' })].find((f) => f.path === 'ns/demo.html')!.contents;
    // Each of the eight doc comments is on the page, as text.
    expect(page.split('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;').length - 1).toBe(8);
  });

  it("keeps a machine declaration's doc comments and strings as text", () => {
    const machine = `namespace demo;
/// ${HOSTILE}
registers Regs : x86_64 {
  /// ${HOSTILE}
  r0: u64 general alias zero;
  r1: u64 general;
}
/// ${HOSTILE}
abi Abi : Regs {
  trap   "</script><img src=x>";
  number r0;
  args   r1;
  result r0;
  error  negative 4095;
}
/// ${HOSTILE}
syscalls Calls {
  /// ${HOSTILE}
  call(a: usize) -> isize = Abi 1;
}
`;
    const result = compileSources({ 'spec.cdl': machine }, { targets: ['x86_64'], configs: [null] });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const page = [...siteFiles({ layouts: result.layouts, specs: [], runtimeScript: '' })].find((f) => f.path === 'ns/demo.html')!.contents;
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<!--');
    // The five doc comments, and the trap instruction, as text.
    expect(page.split('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;').length - 1).toBe(5);
    expect(page).toContain('<code>&lt;/script&gt;&lt;img src=x&gt;</code>');
  });
});
