/**
 * The emitter's output is what prettier prints (with the emitter's options), though `cdl gen`
 * runs prettier only on declarations `layout.ts` cannot lay out: every declaration laid out by
 * `layoutCode` must be left unchanged by prettier, on dsl/, on the hostile spec of the emitter
 * test and on random specs for every target; and dsl/ needs prettier for none, which keeps
 * `cdl gen` fast (prettier is not even loaded).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { PRETTIER_OPTIONS, createTsEmitter, emitTs } from '../../generator/emitters/ts/index.js';
import { layoutCode } from '../../generator/emitters/ts/layout.js';
import type * as ir from '../../generator/ir.js';
import { compileSources, messages } from '../helpers/compile.js';
import { generateRandomSpecs } from '../oracle/random-structs.js';
import { WEIRD } from './weird.js';
import { ROOT, dslFiles, dslLayouts } from './oracle.js';
import { collect } from '../../generator/emitters/emitter.js';

const TARGETS = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];

/** Every distinct declaration (and file header) of the emitter's output, before layout. */
function parts(layouts: readonly ir.Layout[], specs: readonly string[]): string[] {
  return [...new Set([...emitTs(layouts, specs, '../runtime/index.js')].flatMap((f) => f.parts))];
}

/**
 * The parts `layoutCode` lays out that prettier would print otherwise, how many it left to
 * prettier, and the first name each of those declares.
 */
async function check(texts: readonly string[]): Promise<{ differ: string[]; toPrettier: number; names: string[] }> {
  const differ: string[] = [];
  const names: string[] = [];
  let toPrettier = 0;
  for (const text of texts) {
    const laid = layoutCode(text);
    if (laid === null) {
      toPrettier++;
      names.push(/export (?:class|const|function|interface|type) (\w+)/.exec(text)?.[1] ?? '?');
      continue;
    }
    const want = await prettier.format(text, PRETTIER_OPTIONS);
    if (laid !== want) {
      const a = laid.split('\n');
      const b = want.split('\n');
      const k = a.findIndex((line, i) => line !== b[i]);
      differ.push(`line ${k + 1}:\n  laid out: ${a[k]}\n  prettier: ${b[k]}`);
    }
  }
  return { differ, toPrettier, names };
}

describe('the layout of generated TypeScript', () => {
  it('is what prettier prints, for dsl/, without prettier', async () => {
    const { differ, names } = await check(parts(dslLayouts(TARGETS, [null, 'kernel']), dslFiles()));
    expect(differ).toEqual([]);
    // Scrambled immediates (RISC-V B, J and compressed formats, in four to six pieces) make
    // expressions longer than a line: expression-layout.ts breaks them as prettier does.
    expect(names).toEqual([]);
  }, 120_000);

  it('is what prettier prints, for the hostile spec', async () => {
    const r = compileSources({ 'weird.cdl': WEIRD }, { targets: TARGETS, configs: [null] });
    expect(messages(r, 'error')).toEqual([]);
    const { differ } = await check(parts(r.layouts, ['weird.cdl']));
    expect(differ).toEqual([]);
  }, 120_000);

  it('is what prettier prints, for random specs on every target', async () => {
    const random = generateRandomSpecs({ seed: 0x75f, files: 4, structsPerFile: 12 });
    const r = compile({
      files: random.files.map((f) => f.path),
      targets: TARGETS,
      configs: [null, 'kernel'],
      readFile: (p) => random.sources.get(p) ?? '',
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    const { differ } = await check(parts(r.layouts, random.files.map((f) => f.path)));
    expect(differ).toEqual([]);
  }, 120_000);

  it('is what prettier prints, for machine tables (register sets, trap frames, ABIs, syscall tables), without prettier', async () => {
    const specs = ['tests/golden/machine/spec.cdl', 'tests/machine/spec.cdl'];
    const r = compile({ files: specs, targets: TARGETS, configs: [null], readFile: (p) => fs.readFileSync(path.join(ROOT, p), 'utf8') });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    const texts = parts(r.layouts, specs).filter((t) => /^export const \w+: (RegisterSet|SyscallAbi|SyscallTable|TrapFrame) = /m.test(t));
    expect(texts.length).toBeGreaterThan(5);
    const { differ, toPrettier } = await check(texts);
    expect(differ).toEqual([]);
    expect(toPrettier).toBe(0);
  }, 120_000);

  it('gives whole files prettier leaves as they are', async () => {
    const r = compileSources({ 'weird.cdl': WEIRD }, { targets: ['x86_64', 'ppc32'], configs: [null] });
    const files = await collect(createTsEmitter().emit({ layouts: r.layouts, specs: ['weird.cdl'] }));
    for (const f of files) expect(await prettier.format(f.contents, PRETTIER_OPTIONS), f.path).toBe(f.contents);
  }, 120_000);
});

describe('layoutCode', () => {
  it('indents blocks and switch bodies, and splits labels from statements', () => {
    const text = ['class A {', 'f(x: number): number {', 'switch (x) {', 'case 1:', 'case 2:', '{', 'const y = x;', 'return y;', '}', 'default: return 0;', '}', '}', '}', ''].join('\n');
    expect(layoutCode(text)).toBe(
      [
        'class A {',
        '  f(x: number): number {',
        '    switch (x) {',
        '      case 1:',
        '      case 2: {',
        '        const y = x;',
        '        return y;',
        '      }',
        '      default:',
        '        return 0;',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('prints empty blocks as {}, keeps one blank line between members and none at the ends', () => {
    expect(layoutCode('export interface A {\n}\n\n\nexport class B {\n\na = 1;\n\n\nb = 2;\n\n}\n')).toBe('export interface A {}\n\nexport class B {\n  a = 1;\n\n  b = 2;\n}\n');
  });

  it('re-indents JSDoc comments and never breaks comments', () => {
    const long = `// ${'x'.repeat(150)}`;
    expect(layoutCode(`class A {\n/**\n * Doc.\n */\nf() {}\n${long}\n}\n`)).toBe(`class A {\n  /**\n   * Doc.\n   */\n  f() {}\n  ${long}\n}\n`);
  });

  it('breaks the long statements it knows, as prettier does', async () => {
    const pad = 'a'.repeat(60);
    const statements = [
      `if (typeof value !== 'bigint' || value < 0n || value > 0xffffffffffffffffn) throw rangeError('${pad}', 'x', value);`,
      `const lo = (${pad} & 0x1) | (${pad} & 0x2) | (flag === true ? 0x4 : flag === false ? 0 : -1);`,
      `const lo = (${pad} & 0x1) | (b & 0x2);`,
      `return (${pad} & 0x1) | (${pad} & 0x2) | ${pad};`,
      `this.dataView.setUint32(this.byteOffset + 4, (${pad} & 0xffff00) | ((value >>> 16) & 0xff), true);`,
      `return X.readAt(dataView, byteOffset + 8, (dataView.getUint32(byteOffset, true) & 0x3f) as ${pad});`,
      `throw new TagError('${pad}', 'kind', (value as { kind: unknown }).kind, 'constructor_, default');`,
      // Bit expressions nested in parentheses (a split, sign-extended immediate):
      `return ((((word >>> 2) & 0xe) | ((word >>> 7) & 0x10) | ((word << 3) & 0x20) | ((word >>> 1) & 0x40) | ((word << 1) & 0x80)) << 20) >> 20;`,
      `return ((word & 0xe003) | ((value << 2) & 0x38) | ((value << 7) & 0x800) | ((value >>> 3) & 0x4) | ((value << 1) & 0x80)) >>> 0;`,
      `this.dataView.setUint16(this.byteOffset, ((word & 0xe003) | ((value << 2) & 0x38) | ((value << 7) & 0x800) | ((value >>> 3) & 0x4)) >>> 0, true);`,
      `words[1] = (${pad} & 0x1) | ((value << 2) & 0x38) | ((value << 7) & 0x800) | (flag === true ? 0x4 : flag === false ? 0 : -1);`,
      `return ${pad} === 1 || (typeof value === 'number' && (value << 20) >> 20 === value && (value & 0x1) === 0 && value !== ${pad});`,
    ];
    for (const s of statements) {
      const text = `class A {\nf() {\n${s}\n}\n}\n`;
      const laid = layoutCode(text);
      expect(laid, s).not.toBeNull();
      expect(laid).toBe(await prettier.format(text, PRETTIER_OPTIONS));
    }
  });

  it('breaks a long property of an object literal as prettier does', async () => {
    const imm = `((((word >>> 2) & 0xe) | ((word >>> 7) & 0x10) | ((word << 3) & 0x20) | ((word >>> 1) & 0x40) | ((word << 1) & 0x80)) << 20) >> 20`;
    for (const value of [imm, `(${imm}) | ${'a'.repeat(70)}`]) {
      const text = `class A {\nf(word: number) {\nreturn {\nop: word & 0x3,\nimm: ${value},\n};\n}\n}\n`;
      expect(layoutCode(text)).toBe(await prettier.format(text, PRETTIER_OPTIONS));
    }
  });

  it('leaves to prettier what it cannot break', () => {
    expect(layoutCode(`class A {\nf() {\nreturn g(${'a'.repeat(60)}, () => ${'b'.repeat(60)});\n}\n}\n`)).toBeNull();
    expect(layoutCode('class A {\nf() {\n')).toBeNull();
  });
});
