/**
 * The documentation's links: every relative link in the README, ARCHITECTURE.md, docs/ and the
 * directories' READMEs names a file that exists and, with a `#fragment`, a heading of it (by
 * GitHub's rule for heading anchors). The README was split into pages; a link into a moved
 * section fails here rather than on a reader.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', 'ARCHITECTURE.md', 'grammar/README.md', 'runtime/README.md', ...docs];
}

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6} (.*)$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Links outside code: `[text](target)`, targets without a scheme. */
function relativeLinks(text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
}

describe('documentation links', () => {
  it('finds the slugs GitHub makes', () => {
    expect(slug('Constants for C, assembler and Rust')).toBe('constants-for-c-assembler-and-rust');
    expect(slug('Machines: registers and system calls')).toBe('machines-registers-and-system-calls');
    expect(slug('`cdl walk`')).toBe('cdl-walk');
  });

  for (const file of markdownFiles()) {
    it(`every relative link of ${file} resolves`, () => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const broken: string[] = [];
      for (const link of relativeLinks(text)) {
        const [target, fragment] = link.split('#') as [string, string | undefined];
        const resolved = target === '' ? path.join(ROOT, file) : path.resolve(path.dirname(path.join(ROOT, file)), decodeURIComponent(target));
        if (!fs.existsSync(resolved)) {
          broken.push(`${link}: no such file`);
          continue;
        }
        if (fragment && resolved.endsWith('.md') && !anchorsOf(fs.readFileSync(resolved, 'utf8')).has(fragment)) {
          broken.push(`${link}: no heading with that anchor`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
