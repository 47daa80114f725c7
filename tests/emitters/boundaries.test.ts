/**
 * Each emitter's directory under generator/emitters/ is its own: it may import from itself,
 * from emitters/common/ (what several emitters print alike: the numbers plan, comments,
 * C-family literals, module-style names, wrapping) and from the files beside the directories
 * (emitter.ts, templates.ts), but never from another emitter's directory. So a change inside
 * one emitter cannot alter another's output, and what two emitters share has one home.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../ts/oracle.js';

const EMITTERS = path.join(ROOT, 'generator/emitters');
const COMMON = 'common';
/** Files beside the directories that load every emitter, by design. */
const LOADERS = new Set(['registry.ts', 'precompile-templates.ts']);

/** Every module specifier of a file: static imports and re-exports, and dynamic imports. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g)) out.push(m[1] ?? m[2]);
  return out;
}

/** The emitter directory a path lies in, '' for the files beside them, or null outside emitters/. */
function dirOf(file: string): string | null {
  const rel = path.relative(EMITTERS, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : '';
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** `file -> specifier` for every relative import that crosses into another emitter's directory. */
function crossings(files: readonly { readonly file: string; readonly text: string }[]): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    const own = dirOf(file);
    if (own === '' && LOADERS.has(path.basename(file))) continue;
    for (const spec of specifiers(text)) {
      if (!spec.startsWith('.')) continue;
      const target = dirOf(path.resolve(path.dirname(file), spec));
      // Into the emitter's own directory, the shared place, the files beside, or out of emitters/.
      if (target === null || target === '' || target === own || target === COMMON) continue;
      out.push(`${path.relative(ROOT, file)} -> ${spec}`);
    }
  }
  return out;
}

describe('emitter boundaries', () => {
  const files = sources(EMITTERS).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));

  it('finds the emitters and their imports', () => {
    const dirs = new Set(files.map((f) => dirOf(f.file)));
    for (const d of ['asm', 'c', 'rust', 'ts', 'ts-constants', COMMON]) expect(dirs).toContain(d);
    expect(specifiers(files.find((f) => f.file.endsWith('asm/offsets.ts'))!.text)).toContain('../common/numbers.js');
  });

  it('no emitter imports from another emitter, and common/ from none', () => {
    expect(crossings(files)).toEqual([]);
  });

  it('would see a crossing', () => {
    const probe = (dir: string, text: string) => crossings([{ file: path.join(EMITTERS, dir, 'probe.ts'), text }]);
    expect(probe('asm', "import { asmLiteral } from '../c/literals.js';")).toEqual(['generator/emitters/asm/probe.ts -> ../c/literals.js']);
    expect(probe(COMMON, "export { rustModuleName } from '../rust/names.js';")).toHaveLength(1);
    expect(probe('ts', "const m = await import('../rust/module.js');")).toHaveLength(1);
    expect(probe('asm', "import { asmLiteral } from '../common/c-literals.js';\nimport { banner } from '../emitter.js';\nimport type * as ir from '../../ir.js';")).toEqual([]);
  });
});
