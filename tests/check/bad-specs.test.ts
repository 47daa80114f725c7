/**
 * The bad-spec corpus: each `bad-specs/NN-name.cdl` (or `bad-specs/NN-name/` directory of
 * files) makes one kind of mistake, or several to prove that one run reports them all, and
 * lists the diagnostics it must produce as comments:
 *
 *     // expect: 4:3: error: bits 7..7 of 'pat' overlap 'ps' (bit 7)
 *     // expect: 3:6: warning: bits 2..7 of 'Status' are not named; ...
 *
 * An expectation is `line:col: severity: message` in the file that holds it. Each case is
 * compiled for all eight built-in targets and the default configuration (a `// targets: a, b`
 * line overrides the targets); the diagnostics must equal the expectations exactly. In a
 * directory every `.cdl` file is an entry, and paths are relative to the directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../../generator/compile.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bad-specs');
const ALL_TARGETS = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];

interface Case {
  readonly name: string;
  readonly dir: string;
  readonly files: readonly string[];
  readonly targets: readonly string[];
  /** `file:line:col: severity: message`, sorted. */
  readonly expected: readonly string[];
}

function loadCases(): Case[] {
  return fs
    .readdirSync(CORPUS)
    .sort()
    .map((name): Case => {
      const full = path.join(CORPUS, name);
      const isDir = fs.statSync(full).isDirectory();
      const dir = isDir ? full : CORPUS;
      const files = isDir ? fs.readdirSync(full).filter((f) => f.endsWith('.cdl')).sort() : [name];
      const expected: string[] = [];
      let targets = ALL_TARGETS;
      for (const file of files) {
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        for (const m of text.matchAll(/^\/\/ expect: (\d+:\d+: (?:error|warning): .*)$/gm)) {
          expected.push(`${file}:${m[1]}`);
        }
        const directive = /^\/\/ targets: (.*)$/m.exec(text);
        if (directive) targets = directive[1].split(/[\s,]+/).filter(Boolean);
      }
      return { name, dir, files, targets, expected: expected.sort(byPosition) };
    });
}

/** Orders `file:line:col: ...` strings by file, line, column, then text. */
function byPosition(a: string, b: string): number {
  const key = (s: string) => {
    const m = /^(.*?):(\d+):(\d+): (.*)$/.exec(s)!;
    return [m[1], Number(m[2]), Number(m[3]), m[4]] as const;
  };
  const [fa, la, ca, ra] = key(a);
  const [fb, lb, cb, rb] = key(b);
  return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb || (ra < rb ? -1 : ra > rb ? 1 : 0);
}

function compileCase(c: Case): CompileResult {
  const readFile = (file: string): string => {
    const full = path.join(c.dir, file);
    if (!fs.existsSync(full) || !fs.statSync(full).isFile()) {
      throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    }
    return fs.readFileSync(full, 'utf8');
  };
  return compile({ files: c.files, targets: c.targets, configs: [null], readFile });
}

function actual(result: CompileResult): string[] {
  return result.diagnostics
    .map((d) => `${d.span.file}:${d.span.line}:${d.span.column}: ${d.severity}: ${d.message}`)
    .sort(byPosition);
}

const cases = loadCases();

describe('bad-spec corpus', () => {
  it('has at least 45 cases, each with an expectation', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    for (const c of cases) expect(c.expected, c.name).not.toEqual([]);
  });

  it('reports several errors of one file in one run', () => {
    const many = cases.filter((c) => c.expected.filter((e) => / error: /.test(e)).length >= 5);
    expect(many.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = compileCase(c);
    expect(actual(result)).toEqual(c.expected);

    const hasErrors = c.expected.some((e) => / error: /.test(e));
    expect(result.ok).toBe(!hasErrors);
    // Errors stop generation; warnings alone do not.
    expect(result.layouts.length).toBe(hasErrors ? 0 : c.targets.length);

    for (const d of result.diagnostics) {
      const text = formatDiagnostic(d, result.sources);
      const [head, source, caret] = text.split('\n');
      expect(head).toBe(`${d.span.file}:${d.span.line}:${d.span.column}: ${d.severity}: ${d.message}`);
      // The code frame: the source line (cut around the span if long: tests/grammar/code-frame),
      // then a caret under the column.
      const line = result.sources.get(d.span.file)!.split('\n')[d.span.line - 1].replace(/\t/g, ' ').replace(/\r$/, '');
      if (line.length <= 100) {
        expect(source).toBe(` ${d.span.line} | ${line}`);
        expect(caret).toMatch(new RegExp(`^ {${String(d.span.line).length + 2}}\\| {${d.span.column}}\\^+$`));
      } else {
        expect(line).toContain(source.slice(` ${d.span.line} | `.length).replace(/^…|…$/g, ''));
      }
    }
  });
});
