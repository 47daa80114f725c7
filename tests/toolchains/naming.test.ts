/**
 * The C, assembler, Rust and TypeScript constants emitters without a toolchain: names and
 * their clashes, literal suffixes, escaped comments, file layout. The toolchains test
 * (toolchains.test.ts) proves the same outputs compile and carry the right values.
 */
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { renderAsmIncludes } from '../../generator/emitters/asm/offsets.js';
import { planConstants, type ConstItem } from '../../generator/emitters/common/numbers.js';
import { rustTypeName } from '../../generator/emitters/common/module-names.js';
import { emitCHeaders, renderCHeaders } from '../../generator/emitters/c/header.js';
import { cLiteral } from '../../generator/emitters/common/c-literals.js';
import { renderTsConstants } from '../../generator/emitters/ts-constants/constants.js';
import { emitRustCrates, renderRustCrate } from '../../generator/emitters/rust/module.js';
import type { GeneratedFile } from '../../generator/emitters/emitter.js';
import type * as ir from '../../generator/ir.js';
import { compileSources, layoutOf } from '../helpers/compile.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const SPECS = ['tests/toolchains/specs/match.cdl', 'tests/toolchains/specs/int2.cdl'];

function layouts(target = 'x86_64'): readonly ir.Layout[] {
  const result = compile({ files: SPECS.map((f) => join(ROOT, f)), targets: [target], configs: [null] });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.layouts;
}

const [LAYOUT] = layouts();
const file = (files: readonly GeneratedFile[], suffix: string): string => {
  const f = files.find((x) => x.path.endsWith(suffix));
  if (!f) throw new Error(`no ${suffix} among ${files.map((x) => x.path).join(', ')}`);
  return f.contents;
};

describe('C literals', () => {
  const lit = (value: bigint, num: ConstItem['num']): string => cLiteral(value, num);
  it('give masks the word type and hex digits for the whole word', () => {
    expect(lit(0x1000n, { kind: 'mask', bits: 64 })).toBe('0x0000000000001000ULL');
    expect(lit(0x3fn, { kind: 'mask', bits: 32 })).toBe('0x0000003fU');
    expect(lit(0x3n, { kind: 'mask', bits: 8 })).toBe('0x03U');
  });
  it('give constants the suffix of their declared type, or the smallest that holds them', () => {
    expect(lit(1n, { kind: 'declared', type: 'u64' })).toBe('1ULL');
    expect(lit(0xc0000080n, { kind: 'declared', type: 'u32' })).toBe('0xc0000080U');
    expect(lit(4096n, { kind: 'declared', type: null })).toBe('4096');
    expect(lit(0xffffffffn, { kind: 'declared', type: null })).toBe('0xffffffffU');
    expect(lit(0x1_0000_0000n, { kind: 'declared', type: null })).toBe('0x100000000ULL');
    expect(lit(-5n, { kind: 'declared', type: null })).toBe('(-5)');
    expect(lit(-(1n << 31n), { kind: 'declared', type: null })).toBe('(-2147483647 - 1)');
    expect(lit(-(1n << 63n), { kind: 'declared', type: 'i64' })).toBe('(-9223372036854775807LL - 1)');
    expect(lit(4096n, { kind: 'declared', type: 'usize' })).toBe('4096UL');
  });
  it('leave counts plain', () => {
    expect(lit(12n, { kind: 'count' })).toBe('12');
    expect(lit(104n, { kind: 'bytes' })).toBe('104');
  });
});

describe('names', () => {
  const c = planConstants(LAYOUT, 'c').flatMap((ns) => ns.decls.flatMap((d) => d.items));
  const mod = planConstants(LAYOUT, 'module').flatMap((ns) => ns.decls.flatMap((d) => d.items));
  const cName = (role: string, decl: string, member?: string): string | undefined =>
    c.find((i) => i.role === role && i.subject.decl === decl && i.subject.member === member)?.name;

  it('follow UPPER_SNAKE of the declaration and member', () => {
    expect(cName('offset', 'match.gap', 'b')).toBe('GAP_B_OFFSET');
    expect(cName('enum-member', 'int.fn', 'Self')).toBe('FN_SELF');
    expect(c.find((i) => i.subject.decl === 'match.impl' && i.subject.member === 'match' && i.subject.part === 1 && i.role === 'mask')?.name).toBe('IMPL_MATCH_P1_MASK');
    expect(c.find((i) => i.subject.decl === 'match.impl' && i.subject.member === 'big' && i.role === 'word')?.name).toBe('IMPL_BIG_WORD');
    expect(c.find((i) => i.subject.decl === 'match.new' && i.subject.variant === 'A' && i.role === 'shift')?.name).toBe('NEW_A_A_SHIFT');
  });

  it('keep the spec constants and resolve clashes: shared when equal, `_` otherwise', () => {
    const gapSize = c.find((i) => i.role === 'size' && i.subject.decl === 'match.gap')!;
    const gapAlign = c.find((i) => i.role === 'align' && i.subject.decl === 'match.gap')!;
    expect([gapSize.name, gapSize.sameAs]).toEqual(['GAP_SIZE_', false]);
    expect([gapAlign.name, gapAlign.sameAs]).toEqual(['GAP_ALIGN', true]);
    const constants = c.filter((i) => i.role === 'constant').map((i) => i.name);
    // C keywords, <stdint.h> macros, CDL_ASSERT and struct members are never macro names.
    expect(constants).toEqual(expect.arrayContaining(['static_', 'INT8_MAX_', 'CDL_ASSERT_', 'w_', 'Object']));
    expect(mod.filter((i) => i.role === 'constant').map((i) => i.name)).toEqual(expect.arrayContaining(['STATIC', 'INT8_MAX', 'CDL_ASSERT', 'W', 'OBJECT']));
  });

  it('put the namespace into C names only where two namespaces declare one', () => {
    const l = layoutOf('namespace a;\nconst PAGE_SHIFT = 12;\nconst ONLY_A = 1;\n');
    expect(planConstants(l, 'c')[0].decls.map((d) => d.items[0].name)).toEqual(['PAGE_SHIFT', 'ONLY_A']);
  });

  it('spell Rust types and variants in UpperCamelCase', () => {
    expect(['foo_bar', 'I386FixRegs', 'A1_2', 'char', '_x'].map(rustTypeName)).toEqual(['FooBar', 'I386FixRegs', 'A1_2', 'Char', 'X']);
  });
});

describe('files', () => {
  const c = renderCHeaders(LAYOUT, SPECS);
  const asm = renderAsmIncludes(LAYOUT, SPECS);
  const rust = renderRustCrate(LAYOUT, SPECS);
  const ts = renderTsConstants(LAYOUT, SPECS);

  it('are one per namespace under a directory per target and configuration', () => {
    // `aliases` declares only type aliases: it has a file too, which the others include.
    expect(c.map((f) => f.path)).toEqual(['c/x86_64/int-match.h', 'c/x86_64/int.h', 'c/x86_64/match.h', 'c/x86_64/aliases.h']);
    expect(asm.map((f) => f.path)).toEqual(['asm/x86_64/int.inc', 'asm/x86_64/match.inc', 'asm/x86_64/aliases.inc']);
    expect(rust.map((f) => f.path)).toEqual(['rust/x86_64/lib.rs', 'rust/x86_64/int.rs', 'rust/x86_64/match_.rs', 'rust/x86_64/aliases.rs']);
    expect(ts.map((f) => f.path)).toEqual([
      'ts-constants/x86_64/int.ts',
      'ts-constants/x86_64/match.ts',
      'ts-constants/x86_64/aliases.ts',
      'ts-constants/x86_64/index.ts',
    ]);
    const [kernel] = compile({ files: [join(ROOT, 'dsl/coyotos/process.cdl')], targets: ['i386'], configs: ['kernel'] }).layouts;
    expect(renderCHeaders(kernel, ['p']).map((f) => f.path)).toEqual(['c/i386-kernel/coyotos.h']);
  });

  it("share a configuration's files with the default configuration where nothing differs", () => {
    // `b` differs in the kernel configuration; `a` reads the same but points to a `b` type (its
    // file would see the default's `b`); `c` is alone.
    const result = compileSources(
      {
        'a.cdl': 'namespace a;\nimport "b.cdl";\nstruct A { x: u32; y: ptr<B>; }\n',
        'b.cdl': 'namespace b;\nconfig kernel;\nstruct B { x: u32; if kernel { y: u64; } }\n',
        'c.cdl': 'namespace c;\nstruct C { x: u16; }\n',
      },
      { entries: ['a.cdl', 'c.cdl'], targets: ['x86_64'], configs: [null, 'kernel'] },
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const c = [...emitCHeaders(result.layouts, ['p'])];
    const header = (p: string) => c.find((f) => f.path === p)!.contents;
    expect(header('c/x86_64-kernel/c.h')).toContain('#include "../x86_64/c.h"');
    expect(header('c/x86_64-kernel/c.h')).not.toContain('struct C');
    for (const ns of ['a', 'b']) expect(header(`c/x86_64-kernel/${ns}.h`)).toContain('struct');
    const rust = [...emitRustCrates(result.layouts, ['p'])];
    expect(rust.map((f) => f.path).filter((p) => p.includes('kernel')).sort()).toEqual(['rust/x86_64-kernel/a.rs', 'rust/x86_64-kernel/b.rs', 'rust/x86_64-kernel/lib.rs']);
    expect(rust.find((f) => f.path === 'rust/x86_64-kernel/lib.rs')!.contents).toContain('#[path = "../x86_64/c.rs"]\npub mod c;');
  });

  it('start with the banner, naming the spec files their namespaces come from', () => {
    const sources = (f: GeneratedFile) => [...(f.contents.slice(0, 600).match(/Generated by cdl from ([^]*?\.)\n/)?.[1] ?? '').matchAll(/specs\/(\w+\.cdl)/g)].map((m) => m[1]);
    for (const f of [...c, ...asm, ...rust, ...ts]) {
      // `int.h`, `match_.rs`, `int-match.h` (namespaces that use each other); index and lib files name every spec.
      const namespaces = /\/([\w-]+?)_?\.(h|inc|rs|ts)$/.exec(f.path)![1].split('-');
      const own: Record<string, string[]> = { int: ['int.cdl', 'int2.cdl'], match: ['match.cdl'], aliases: ['aliases.cdl'] };
      const want = namespaces.every((ns) => ns in own) ? namespaces.flatMap((ns) => own[ns]).sort() : ['match.cdl', 'int2.cdl'];
      expect(sources(f), f.path).toEqual(want);
      expect(f.contents.slice(0, 600)).toContain('Do not edit');
    }
  });

  it('share one header between namespaces that use each other', () => {
    expect(file(c, '/int.h')).toContain('#include "int-match.h"');
    expect(file(c, '/int-match.h')).toContain('#ifndef CDL_SHARED_INT_MATCH_H');
  });

  it('keep doc comments that would end or open a comment inside it', () => {
    const header = file(c, 'int-match.h');
    expect(header).toContain(' * A constant named like a C keyword. This doc closes a C comment: *\\/ and opens one: /\\*');
    expect(header).toContain(' * and has a trigraph that would splice lines ?\\?/');
    expect(file(asm, 'int.inc')).toContain('closes a C comment: *\\/ and opens one: /\\*');
    expect(file(ts, 'int.ts')).toContain('closes a C comment: *\\/ and opens one: /*');
    expect(file(rust, 'int.rs')).toContain('/// A constant named like a C keyword. This doc closes a C comment: */ and opens one: /*');
  });

  it('give C accessors parameter names that no type shadows', () => {
    expect(file(c, 'int-match.h')).toContain('static inline v v_set_w(v w, int16_t v_)');
  });

  it('escape Rust keywords', () => {
    const m = file(rust, 'match_.rs');
    expect(file(rust, 'lib.rs')).toContain('pub mod match_;');
    expect(m).toContain('pub const fn match_(self) -> i8');
    expect(m).toContain('pub const fn self_(self) -> i32');
    expect(file(rust, 'int.rs')).toContain('    Self_ = -1,');
  });
});
