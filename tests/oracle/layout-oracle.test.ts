/**
 * The layout oracle: every struct and union CDL lays out, on each of the eight built-in
 * targets, must have the size, alignment and field offsets that the target's own gcc gives
 * the equivalent C declaration. Runs on the dsl/ specs and on seeded random specs.
 *
 * A missing cross compiler skips its target with a warning, or fails the test when
 * CDL_REQUIRE_TOOLCHAINS=1 (as in CI).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { compile, type CompileOptions } from '../../generator/compile.js';
import { cStructMembers, renderCDeclarations } from '../../generator/emitters/c/declarations.js';
import type { Bits, Decl, Enum, Layout, Struct, Target, Type, Union } from '../../generator/ir.js';
import { FactsTable } from '../../generator/layout/namespace-facts.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { cdlMeasurements, compareMeasurements, compileToAsm, gccMeasurements, parseMarkers, reportStatement } from './asm-offsets.js';
import { generateRandomSpecs } from './random-structs.js';
import { BUILTIN_TARGETS, candidateNames, findToolchain, requireToolchains, type Toolchain } from './toolchains.js';

/** The ABI facts the built-in targets claim (acceptance criteria), checked against gcc below. */
const ABI: Record<string, { endian: 'little' | 'big'; bits: 32 | 64; u64: number }> = {
  x86_64: { endian: 'little', bits: 64, u64: 8 },
  i386: { endian: 'little', bits: 32, u64: 4 },
  aarch64: { endian: 'little', bits: 64, u64: 8 },
  riscv64: { endian: 'little', bits: 64, u64: 8 },
  riscv32: { endian: 'little', bits: 32, u64: 8 },
  ppc32: { endian: 'big', bits: 32, u64: 8 },
  s390x: { endian: 'big', bits: 64, u64: 8 },
  mips32: { endian: 'big', bits: 32, u64: 8 },
};

const warned = new Set<string>();

/** The target's compiler, or a skip (a failure under CDL_REQUIRE_TOOLCHAINS=1) when absent. */
function toolchainOrSkip(target: string, ctx: TestContext): Toolchain {
  const toolchain = findToolchain(target);
  if (toolchain) return toolchain;
  const reason = `no C compiler for ${target} (tried ${candidateNames(target)})`;
  if (requireToolchains()) expect.fail(`${reason}; CDL_REQUIRE_TOOLCHAINS=1 requires it`);
  if (!warned.has(target)) {
    warned.add(target);
    console.warn(`layout oracle: skipping ${target}: ${reason}; set CDL_REQUIRE_TOOLCHAINS=1 to make this an error`);
  }
  return ctx.skip(reason);
}

function compileOk(options: CompileOptions): readonly Layout[] {
  const result = compile(options);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => formatDiagnostic(d, result.sources)).join('\n\n')).toBe('');
  return result.layouts;
}

/** Compares every layout with gcc; returns how many structs and unions were checked. */
function expectGccAgrees(toolchain: Toolchain, layouts: readonly Layout[]): { structs: number; unions: number } {
  const problems = layouts.flatMap((l) => compareMeasurements(l, cdlMeasurements(l), gccMeasurements(toolchain, l)));
  expect(problems.join('\n')).toBe('');
  return {
    structs: layouts.reduce((n, l) => n + l.structs.length, 0),
    unions: layouts.reduce((n, l) => n + l.unions.length, 0),
  };
}

function dslFiles(): string[] {
  return readdirSync('dsl', { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.cdl'))
    .sort()
    .map((f) => join('dsl', f).split('\\').join('/'));
}

/** Default configuration, plus `kernel` when a spec declares it (dsl/coyotos does). */
function dslConfigs(files: readonly string[]): (string | null)[] {
  const kernel = files.some((f) => /^\s*config\s+kernel\s*;/m.test(readFileSync(f, 'utf8')));
  return kernel ? [null, 'kernel'] : [null];
}

const RANDOM = generateRandomSpecs({ seed: 0xcd1, files: 10, structsPerFile: 25 });
const readRandom = (path: string): string => {
  const text = RANDOM.sources.get(path);
  if (text === undefined) throw new Error(`no such random spec: ${path}`);
  return text;
};

const TSS = `\
namespace x86;
/// The 64-bit TSS (Intel SDM Vol. 3A, §8.7, Figure 8-11).
struct Tss64 packed {
  reserved0: u32;
  rsp0: u64 @4;
  rsp1: u64;
  rsp2: u64;
  reserved1: u64;
  ist1: u64 @36;
  ist2: u64; ist3: u64; ist4: u64; ist5: u64; ist6: u64; ist7: u64;
  reserved2: u64;
  reserved3: u16;
  iopb: u16 @102;
}
`;

describe.each(BUILTIN_TARGETS)('layout oracle: %s', (target) => {
  it('gcc has the ABI the built-in target declares', (ctx) => {
    const toolchain = toolchainOrSkip(target, ctx);
    const probe = [
      '#include <stddef.h>',
      '#include <stdint.h>',
      ...['uint8_t', 'uint16_t', 'uint32_t', 'uint64_t', 'void *', '_Bool'].map((t, i) => `struct s${i} { char c; ${t} x; };`),
      'void f(void) {',
      ...[0, 1, 2, 3, 4, 5].map((i) => `  ${reportStatement(`s${i}`, `offsetof(struct s${i}, x)`)}`),
      `  ${reportStatement('pointer', 'sizeof(void *)')}`,
      `  ${reportStatement('big', '__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__')}`,
      '}',
    ].join('\n');
    const gcc = parseMarkers(compileToAsm(toolchain, probe, `${target}.abi`));
    const abi = ABI[target];
    const ptr = abi.bits / 8;
    expect(Object.fromEntries(gcc)).toEqual({ s0: 1, s1: 2, s2: 4, s3: abi.u64, s4: ptr, s5: 1, pointer: ptr, big: abi.endian === 'big' ? 1 : 0 });

    const [layout] = compileOk({ files: ['abi.cdl'], targets: [target], readFile: () => 'struct One { x: u8; }\n' });
    const t = layout.target;
    expect({ endian: t.endian, word: t.wordBits, pointer: t.pointerBits, align: t.align }).toEqual({
      endian: abi.endian,
      word: abi.bits,
      pointer: abi.bits,
      align: { u8: 1, u16: 2, u32: 4, u64: abi.u64, ptr },
    });
  });

  it('the packed 64-bit TSS is 104 bytes: rsp0 at 4, ist1 at 36, iopb at 102', (ctx) => {
    const toolchain = toolchainOrSkip(target, ctx);
    const layouts = compileOk({ files: ['tss.cdl'], targets: [target], readFile: () => TSS });
    expectGccAgrees(toolchain, layouts);
    const tss = layouts[0].structs.find((s) => s.name === 'Tss64')!;
    const at = (name: string): number | undefined => tss.fields.find((f) => f.name === name)?.offset;
    expect({ size: tss.size, rsp0: at('rsp0'), ist1: at('ist1'), iopb: at('iopb') }).toEqual({ size: 104, rsp0: 4, ist1: 36, iopb: 102 });
  });

  it('dsl/ specs: every struct and union matches gcc', (ctx) => {
    const toolchain = toolchainOrSkip(target, ctx);
    const files = dslFiles();
    expect(files.length, 'no dsl/**/*.cdl specs found').toBeGreaterThan(0);
    const layouts = compileOk({ files, targets: [target], configs: dslConfigs(files) });
    const checked = expectGccAgrees(toolchain, layouts);
    expect(checked.structs, 'the dsl/ specs declare no structs to compare').toBeGreaterThan(0);
  });

  it('random specs: at least 200 structs match gcc', (ctx) => {
    const toolchain = toolchainOrSkip(target, ctx);
    const layouts = compileOk({
      files: RANDOM.files.map((f) => f.path),
      targets: [target],
      configs: [null, 'kernel'],
      readFile: readRandom,
    });
    const checked = expectGccAgrees(toolchain, layouts);
    expect(checked.structs / layouts.length).toBeGreaterThanOrEqual(200);
    // The C declarations add padding only where an explicit `@offset` skips bytes.
    for (const layout of layouts) {
      const filled = layout.structs.flatMap((s) =>
        cStructMembers(s).flatMap((m) => (m.kind === 'pad' && m.before !== null ? [`${s.qname}.${m.before}`] : [])),
      );
      expect(new Set(filled)).toEqual(RANDOM.skips);
    }
  });
});

describe('random specs', () => {
  it('are deterministic and declare at least 200 structs', () => {
    const again = generateRandomSpecs({ seed: 0xcd1, files: 10, structsPerFile: 25 });
    expect([...again.sources]).toEqual([...RANDOM.sources]);
    expect(RANDOM.files.reduce((n, f) => n + f.structs.length, 0)).toBeGreaterThanOrEqual(200);
    expect(RANDOM.skips.size).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------
// renderCDeclarations on a hand-built layout

const X86_64: Target = {
  name: 'x86_64',
  doc: null,
  endian: 'little',
  wordBits: 64,
  pointerBits: 64,
  elfMachine: 62,
  align: { u8: 1, u16: 2, u32: 4, u64: 8, ptr: 8 },
  builtin: true,
};

const base = (name: string, doc: string | null = null) => ({ name, qname: `t.${name}`, namespace: 't', cName: `t_${name}`, doc, source: 't.cdl:1' });
const int = (spelling: 'u8' | 'u16' | 'u32' | 'u64' | 'uword', size: number): Type => ({
  kind: 'int',
  spelling,
  bits: (spelling === 'uword' ? 64 : Number(spelling.slice(1))) as 8 | 16 | 32 | 64,
  signed: false,
  size,
  align: size,
  alias: null,
});
const array = (element: Type, length: number): Type => ({ kind: 'array', element, length, size: element.size * length, align: element.align, alias: null });
const field = (name: string, offset: number, type: Type, align = type.align, doc: string | null = null, explicitAlign: number | null = null) => ({
  kind: 'field' as const,
  name,
  cName: name === 'int' ? 'int_' : name,
  doc,
  offset,
  size: type.size,
  align,
  explicitAlign,
  type,
  selector: null,
  holds: null,
  byteOrder: 'little' as const,
});

function makeLayout(decls: Decl[]): Layout {
  const laidOut = {
    target: X86_64,
    config: null,
    sources: ['t.cdl'],
    decls,
    constants: [],
    enums: decls.filter((d) => d.kind === 'enum'),
    bits: decls.filter((d) => d.kind === 'bits'),
    structs: decls.filter((d): d is Struct => d.kind === 'struct'),
    unions: decls.filter((d): d is Union => d.kind === 'union'),
    aliases: [],
    namespaces: [...new Set(decls.map((d) => d.namespace))],
    namespaceSources: new Map([...new Set(decls.map((d) => d.namespace))].map((ns) => [ns, ['t.cdl']])),
    byName: new Map(decls.map((d) => [d.qname, d])),
    aliasByName: new Map(),
  };
  const machine = { registerSets: [], abis: [], syscallTables: [], sysregs: [], paging: [], instructionSets: [] };
  const facts = new FactsTable();
  const namespaceFacts = facts.namespaces(laidOut, machine);
  return { ...laidOut, namespaceFacts, shape: facts.layoutShape(laidOut.target, laidOut.config, namespaceFacts), machine };
}

const kind: Enum = { kind: 'enum', ...base('Kind'), width: 6, signed: false, storageBits: 8, members: [] };
const wide: Bits = {
  kind: 'bits', ...base('Wide'), wordBits: 64, words: 2, width: 128, size: 16, align: 8, fields: [], reserved: [], tag: null, variants: [], cBitfields: null, byteOrder: null,
};
const inner: Struct = {
  kind: 'struct', ...base('Inner', 'Holds */ one word.'), size: 4, align: 4, packed: false, explicitAlign: null, frame: null, byteOrder: null,
  members: [field('a', 0, int('u32', 4))], fields: [field('a', 0, int('u32', 4))], imageEnd: null,
};
const innerType: Type = { kind: 'struct', qname: 't.Inner', size: 4, align: 4, alias: null, decl: inner };
// Packed, aligned to 8; `w` raised to 2 by `align(2)`.
const packedFields = [
  field('k', 0, { kind: 'enum', qname: 't.Kind', storageBits: 8, size: 1, align: 1, alias: null, decl: kind }, 1),
  field('w', 2, { kind: 'bits', qname: 't.Wide', size: 16, align: 8, alias: null, decl: wide }, 2, null, 2),
  field('inner', 18, array(innerType, 2), 1),
];
const packed: Struct = {
  kind: 'struct', ...base('Packed'), size: 32, align: 8, packed: true, explicitAlign: 8, frame: null, byteOrder: null,
  members: packedFields, fields: packedFields, imageEnd: null,
};
// `b @8` skips 4 bytes past where C would put it; `pad 2` is explicit.
const gapFields = [
  field('a', 0, int('u8', 1), 1, 'The first byte.'),
  field('b', 8, int('u32', 4)),
  field('p', 16, { kind: 'pointer', pointee: inner, size: 8, align: 8, alias: null }),
  field('int', 24, int('uword', 8)),
  field('m', 34, array(array(int('u16', 2), 3), 2)),
];
const gap: Struct = {
  kind: 'struct', ...base('Gap'), size: 48, align: 8, packed: false, explicitAlign: null, frame: null, byteOrder: null,
  members: [...gapFields.slice(0, 4), { kind: 'pad', offset: 32, size: 2 }, gapFields[4]],
  fields: gapFields, imageEnd: null,
};
const union: Union = {
  kind: 'union', ...base('U'), size: 16, align: 16, explicitAlign: 16, discriminant: null, discriminantType: null,
  members: [
    { name: 'x', cName: 'x', doc: null, type: int('u64', 8), size: 8, align: 8, when: [] },
    { name: 'y', cName: 'y', doc: null, type: innerType, size: 4, align: 8, when: [] },
  ],
};
const FIXTURE = makeLayout([kind, wide, inner, packed, gap, union]);

describe('renderCDeclarations', () => {
  const text = renderCDeclarations(FIXTURE);

  it('declares enums and bit layouts as their storage', () => {
    expect(text).toContain('typedef uint8_t t_Kind; /* enum t.Kind : u6 */');
    expect(text).toContain('typedef struct { uint64_t w[2]; } t_Wide; /* bits t.Wide: 128 bits */');
  });

  it('forward-declares aggregates, then defines them in order', () => {
    expect(text).toContain('typedef struct t_Gap t_Gap;\ntypedef union t_U t_U;');
    expect(text.indexOf('struct t_Inner {')).toBeLessThan(text.indexOf('struct __attribute__((packed, aligned(8))) t_Packed {'));
  });

  it('spells out attributes, arrays, pointers, words, escaped names and docs', () => {
    expect(text).toContain('/** Holds *\\/ one word. */\nstruct t_Inner {');
    expect(text).toContain('  t_Wide w __attribute__((aligned(2)));\n  t_Inner inner[2];');
    expect(text).toContain('  /** The first byte. */\n  uint8_t a;\n  uint8_t _pad0[7];\n  uint32_t b;');
    expect(text).toContain('  t_Inner *p;\n  uint64_t int_;\n  uint8_t _pad1[2];\n  uint16_t m[2][3];');
    expect(text).toContain('union __attribute__((aligned(16))) t_U {\n  uint64_t x;\n  t_Inner y __attribute__((aligned(8)));\n};');
  });

  it('marks only the padding that fills an explicit offset', () => {
    expect(cStructMembers(gap).filter((m) => m.kind === 'pad').map((m) => (m.kind === 'pad' ? m.before : null))).toEqual(['b', null]);
  });

  it('gives gcc the layout the IR describes (x86_64)', (ctx) => {
    const toolchain = toolchainOrSkip('x86_64', ctx);
    const problems = compareMeasurements(FIXTURE, cdlMeasurements(FIXTURE), gccMeasurements(toolchain, FIXTURE));
    expect(problems).toEqual([]);
  });

  it('reports disagreements as `target Type.field: cdl N, gcc M`', () => {
    const gcc = new Map(cdlMeasurements(FIXTURE)).set('t.Gap.b', 4);
    expect(compareMeasurements(FIXTURE, cdlMeasurements(FIXTURE), gcc)).toEqual(['x86_64 t.Gap.b: cdl 8, gcc 4']);
  });
});
