/**
 * The C bit-field oracle: on each of the eight built-in targets, the target's own gcc decides
 * where bit-fields go (bit-probes.ts reads it from the bytes gcc initialises), and CDL must
 * agree:
 *
 *   1. random C bit-field structs, fields straddling storage units included: gcc allocates
 *      them as generator/layout/c-bitfields.ts says (`allocateCBitfields` and the bit order);
 *   2. random c_bitfields specs, declared in C by this test: every field at the bits of its
 *      CDL ranges on that target, the value's low bit first, the struct the container's size;
 *   3. the real Coyotos declarations, written from the reference as Coyotos declares them
 *      (capability, GPT, endpoint, i386 cdest): each field at the bits of dsl/coyotos's
 *      layout on that target (type:6 is byte 0 mask 0x3f little-endian, 0xfc big-endian);
 *   4. the generated C headers: each `X_bitfields` struct puts every field where the header's
 *      own _MASK, _SHIFT and _WORD constants say, for dsl/ and for random specs whose names
 *      are C keywords, macros and the like (the headers compile with -Wall -Wextra -Werror).
 *
 * A missing cross compiler skips its target with a printed reason, or fails the test when
 * CDL_REQUIRE_TOOLCHAINS=1.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { compile } from '../../generator/compile.js';
import { planCNames, renderCHeaders } from '../../generator/emitters/c/header.js';
import { layoutDir } from '../../generator/emitters/common/numbers.js';
import type { Bits, BitField, Endian, Layout, Struct, Target } from '../../generator/ir.js';
import { allocateCBitfields } from '../../generator/layout/c-bitfields.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { compileSources } from '../helpers/compile.js';
import { mulberry32 } from '../helpers/random.js';
import { allocationBitsSet, cdlBitsSet, probeUnit, readUint, runProbes, type NumberSet, type ProbeSet } from './bit-probes.js';
import { BUILTIN_TARGETS, candidateNames, findToolchain, requireToolchains, type Toolchain } from './toolchains.js';

const warned = new Set<string>();

function toolchainOrSkip(target: string, ctx: TestContext): Toolchain {
  const toolchain = findToolchain(target);
  if (toolchain) return toolchain;
  const reason = `no C compiler for ${target} (tried ${candidateNames(target)})`;
  if (requireToolchains()) expect.fail(`${reason}; CDL_REQUIRE_TOOLCHAINS=1 requires it`);
  if (!warned.has(target)) {
    warned.add(target);
    console.warn(`C bit-field oracle: skipping ${target}: ${reason}; set CDL_REQUIRE_TOOLCHAINS=1 to make this an error`);
  }
  return ctx.skip(reason);
}

function layoutsFor(files: Record<string, string> | string[], target: string): Layout[] {
  const result = Array.isArray(files) ? compile({ files, targets: [target], configs: [null] }) : compileSources(files, { targets: [target], configs: [null] });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => formatDiagnostic(d, result.sources)).join('\n\n')).toBe('');
  return [...result.layouts];
}

const bitsOf = (ranges: readonly { lo: number; hi: number }[]): number[] =>
  ranges.flatMap((r) => Array.from({ length: r.hi - r.lo + 1 }, (_, i) => r.lo + i)).sort((a, b) => a - b);

/** C initialisers: every bit of the field set, and the value 1 (its low bit; -1 for a 1-bit signed field). */
const allOnes = (width: number, signed: boolean): string => (signed ? '-1' : `0x${((1n << BigInt(width)) - 1n).toString(16)}ULL`);
const one = (width: number, signed: boolean): string => (signed && width === 1 ? '-1' : '1');

// ---------------------------------------------------------------------------
// 1. Random C bit-field structs

interface RandomCStruct {
  readonly typeBits: 8 | 16 | 32 | 64;
  /** Members in declaration order; null names are unnamed bit-fields. */
  readonly members: readonly { readonly name: string | null; readonly width: number }[];
}

function randomCStructs(seed: number, count: number): RandomCStruct[] {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  return Array.from({ length: count }, () => {
    const typeBits = pick([8, 16, 32, 64] as const);
    const n = 1 + Math.floor(random() * 10);
    const members = Array.from({ length: n }, (_, k) => ({
      name: k > 0 && random() < 0.2 ? null : `m${k}`,
      // Wide fields are what straddle a unit: favour them.
      width: random() < 0.5 ? 1 + Math.floor(random() * typeBits) : 1 + Math.floor(random() * Math.min(8, typeBits)),
    }));
    return { typeBits, members };
  });
}

const RANDOM_STRUCTS = randomCStructs(0xb17f, 80);

// ---------------------------------------------------------------------------
// 2 and 4. Random c_bitfields specs

interface RandomMember {
  readonly name: string | null;
  readonly width: number;
  readonly kind: 'u' | 'i' | 'bool';
}
interface RandomLayout {
  readonly name: string;
  readonly wordBits: 8 | 16 | 32 | 64;
  readonly words: number;
  readonly members: readonly RandomMember[];
}

/**
 * Names a C header could trip over: C keywords and stdint names (escaped with `_`), the
 * accessors' parameters, CDL keywords, a spec constant's name and a CDL macro's.
 */
const AWKWARD = ['int', 'type', 'default', 'w', 'v', 'match', 'static', 'uint32_t', 'NULL', 'signed', 'CDL_ASSERT', 'PAGE', 'size_t', 'bool', 'if_'];

function randomSpec(seed: number, count: number): { source: string; layouts: RandomLayout[] } {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const layouts: RandomLayout[] = [];
  for (let l = 0; l < count; l++) {
    const wordBits = pick([8, 16, 32, 64] as const);
    const words = random() < 0.7 ? 1 : 2 + Math.floor(random() * 2);
    const awkward = [...AWKWARD];
    const members: RandomMember[] = [];
    for (let w = 0; w < words; w++) {
      // Fill each word exactly: no member crosses one.
      for (let rest = wordBits; rest > 0; ) {
        const width = random() < 0.3 ? rest : 1 + Math.floor(random() * Math.min(rest, random() < 0.5 ? 8 : wordBits));
        rest -= width;
        const k = members.length;
        const unnamed = random() < 0.15;
        const name = unnamed ? null : random() < 0.3 && awkward.length ? awkward.splice(Math.floor(random() * awkward.length), 1)[0] : `f${k}`;
        const kind = unnamed ? 'u' : width === 1 && random() < 0.5 ? 'bool' : random() < 0.3 ? 'i' : 'u';
        members.push({ name, width, kind });
      }
    }
    if (members.every((m) => m.name === null)) members[0] = { ...members[0], name: 'f0' };
    layouts.push({ name: `L${l}`, wordBits, words, members });
  }
  const source = [
    '// Random c_bitfields layouts (tests/oracle/c-bitfields-oracle.test.ts).',
    'const PAGE = 1;',
    ...layouts.map((l) =>
      [
        `bits ${l.name} : u${l.wordBits}${l.words > 1 ? `[${l.words}]` : ''} c_bitfields {`,
        ...l.members.map((m) => `  ${m.name ?? 'reserved'}: ${m.kind === 'bool' ? 'bool' : `${m.kind}${m.width}`};`),
        '}',
      ].join('\n'),
    ),
  ].join('\n\n');
  return { source: `${source}\n`, layouts };
}

const RANDOM_SPEC = randomSpec(0xcb17, 40);

// ---------------------------------------------------------------------------
// 3. The Coyotos declarations, as the reference gives them

const COYOTOS_C = `
typedef uint64_t oid_t;
typedef uint64_t coyaddr_t;

/* Coyotos' capability (reference, "Capability (16 bytes in the store)"). */
typedef struct capability {
  uint32_t type : 6;
  uint32_t swizzled : 1;
  uint32_t restr : 5;
  uint32_t allocCount : 20;
  union {
    uint32_t protPayload;
    struct {
      uint32_t l2g : 7;
      uint32_t : 1;
      uint32_t match : 24;
    } mem;
  } u1;
  union {
    oid_t oid;
    coyaddr_t offset;
  } u2;
} capability;

/* The GPT (reference, "GPT"): l2v, ha, bg, 24 reserved bits, 32 bits of padding, the slots. */
typedef struct ExGPT {
  uint32_t l2v : 6;
  uint32_t ha : 1;
  uint32_t bg : 1;
  uint32_t : 24;
  uint32_t : 32;
  capability cap[16];
} ExGPT;

/* The endpoint (reference, "Endpoint"): pm, 31 bits of padding, then the payload. */
typedef struct ExEndpoint {
  uint32_t pm : 1;
  uint32_t protPayload;
  uint64_t endpointID;
  capability recipient;
} ExEndpoint;

/* A receive-capability destination (reference, "i386 register set"): raw or { ty, loc }. */
typedef union cdest {
  uint32_t raw;
  struct {
    uint32_t ty : 1;
    uint32_t loc : 31;
  } parts;
} cdest;
`;

/** A Coyotos bit-field, where it is in the C declaration, and which CDL layout describes it. */
interface CoyotosField {
  readonly type: string;
  /** The designator in the C type. */
  readonly path: string;
  /** The CDL bit layout and its field. */
  readonly bits: string;
  readonly field: string;
  /** Where CDL puts the word in the C type's bytes: a struct field's offset, or 0. */
  readonly word: (layout: Layout) => number;
}

const fieldOffset = (struct: string, field: string) => (layout: Layout): number => {
  const s = layout.structs.find((x) => x.qname === struct) as Struct;
  return s.fields.find((f) => f.name === field)!.offset;
};

const COYOTOS_FIELDS: readonly CoyotosField[] = [
  ...['type', 'swizzled', 'restr', 'allocCount'].map((f) => ({ type: 'capability', path: f, bits: 'coyotos.CapHeader', field: f, word: fieldOffset('coyotos.Capability', 'hdr') })),
  ...['l2g', 'match'].map((f) => ({ type: 'capability', path: `u1.mem.${f}`, bits: 'coyotos.MemInfo', field: f, word: fieldOffset('coyotos.Capability', 'info') })),
  ...['l2v', 'ha', 'bg'].map((f) => ({ type: 'ExGPT', path: f, bits: 'coyotos.GptHeader', field: f, word: fieldOffset('coyotos.Gpt', 'hdr') })),
  { type: 'ExEndpoint', path: 'pm', bits: 'coyotos.EndpointFlags', field: 'pm', word: fieldOffset('coyotos.Endpoint', 'flags') },
  ...['ty', 'loc'].map((f) => ({ type: 'cdest', path: `parts.${f}`, bits: 'coyotos.CDestParts', field: f, word: () => 0 })),
];

function dslFiles(): string[] {
  return readdirSync('dsl', { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.cdl'))
    .sort()
    .map((f) => join('dsl', f).split('\\').join('/'));
}

// ---------------------------------------------------------------------------

let OUT = '';
afterAll(() => {
  if (OUT) rmSync(OUT, { recursive: true, force: true });
});

describe.each(BUILTIN_TARGETS)('C bit-field oracle: %s', (target) => {
  // The target as CDL declares it (byte order, alignments), from a spec with nothing in it.
  const targetOf = (): Target => layoutsFor({ 'empty.cdl': 'const X = 1;\n' }, target)[0].target;

  it('random bit-field structs: gcc allocates them as allocateCBitfields does, straddling units included', (ctx) => {
    const toolchain = toolchainOrSkip(target, ctx);
    const t = targetOf();
    const prelude = RANDOM_STRUCTS.map(
      (s, k) => `typedef struct R${k} {\n${s.members.map((m) => `  uint${s.typeBits}_t ${m.name ?? ''} : ${m.width};`).join('\n')}\n} R${k};`,
    ).join('\n');
    const named = (s: RandomCStruct) => s.members.flatMap((m, i) => (m.name === null ? [] : [{ ...m, index: i }]));
    const sets: ProbeSet[] = RANDOM_STRUCTS.map((s, k) => ({
      type: `R${k}`,
      inits: named(s).flatMap((m) => [`.${m.name} = ${allOnes(m.width, false)}`, `.${m.name} = 1`]),
    }));
    const { probes } = runProbes(toolchain, probeUnit(prelude, sets), sets);
    const problems: string[] = [];
    let straddles = 0;
    RANDOM_STRUCTS.forEach((s, k) => {
      const { starts } = allocateCBitfields(s.members.map((m) => m.width), s.typeBits, t.align[`u${s.typeBits}`] * 8);
      starts.forEach((start, i) => {
        if (Math.floor(start / s.typeBits) !== Math.floor((start + s.members[i].width - 1) / s.typeBits)) straddles++;
      });
      named(s).forEach((m, j) => {
        const start = starts[m.index];
        const want = Array.from({ length: m.width }, (_, i) => start + i);
        const got = allocationBitsSet(probes[k].entries[2 * j], t.endian);
        const low = allocationBitsSet(probes[k].entries[2 * j + 1], t.endian);
        // The value's low bit: first in allocation order little-endian, last big-endian.
        const wantLow = [t.endian === 'little' ? start : start + m.width - 1];
        if (JSON.stringify(got) !== JSON.stringify(want) || JSON.stringify(low) !== JSON.stringify(wantLow)) {
          problems.push(`R${k}.${m.name} (uint${s.typeBits}_t :${m.width}): gcc bits ${got[0]}..${got[got.length - 1]} low ${low}, CDL ${want[0]}..${want[want.length - 1]} low ${wantLow}`);
        }
      });
    });
    expect(problems.slice(0, 10).join('\n')).toBe('');
    // i386 aligns uint64_t to 4, so its gcc lets some fields cross a 64-bit unit.
    if (target === 'i386') expect(straddles).toBeGreaterThan(0);
  });

  it('random c_bitfields specs: every field at its bits on this target, value low bit first', (ctx) => {
    const toolchain = toolchainOrSkip(target, ctx);
    const [layout] = layoutsFor({ 'random.cdl': RANDOM_SPEC.source }, target);
    const t = layout.target;
    // The C side names members by position: the spec's names are the emitter's concern (test 4).
    const cType = (l: RandomLayout, m: RandomMember) => `${m.kind === 'i' ? '' : 'u'}int${l.wordBits}_t`;
    const prelude = RANDOM_SPEC.layouts
      .map((l) => `typedef struct ${l.name} {\n${l.members.map((m, i) => `  ${cType(l, m)} ${m.name === null ? '' : `m${i}`} : ${m.width};`).join('\n')}\n} ${l.name};`)
      .join('\n');
    const named = (l: RandomLayout) => l.members.flatMap((m, i) => (m.name === null ? [] : [{ ...m, index: i }]));
    const sets: ProbeSet[] = RANDOM_SPEC.layouts.map((l) => ({
      type: l.name,
      inits: named(l).flatMap((m) => [`.m${m.index} = ${allOnes(m.width, m.kind === 'i')}`, `.m${m.index} = ${one(m.width, m.kind === 'i')}`]),
    }));
    const { probes } = runProbes(toolchain, probeUnit(prelude, sets), sets);
    const problems: string[] = [];
    RANDOM_SPEC.layouts.forEach((l, k) => {
      const b = layout.bits.find((x) => x.name === l.name)!;
      const size = (l.wordBits / 8) * l.words;
      if (probes[k].size !== size || probes[k].align !== t.align[`u${l.wordBits}`]) problems.push(`${l.name}: gcc size ${probes[k].size} align ${probes[k].align}`);
      named(l).forEach((m, j) => {
        const f = b.fields.find((x) => x.name === m.name)!;
        const got = cdlBitsSet(probes[k].entries[2 * j], l.wordBits, t.endian);
        const low = cdlBitsSet(probes[k].entries[2 * j + 1], l.wordBits, t.endian);
        if (JSON.stringify(got) !== JSON.stringify(bitsOf(f.ranges)) || low[0] !== f.ranges[0].lo || low.length !== 1) {
          problems.push(`${l.name}.${m.name}: gcc bits ${got.join(',')} (low ${low}), CDL ${JSON.stringify(f.ranges)}`);
        }
      });
    });
    expect(problems.slice(0, 10).join('\n')).toBe('');
    expect(RANDOM_SPEC.layouts.some((l) => l.words > 1) && RANDOM_SPEC.layouts.some((l) => l.members.some((m) => m.kind === 'i'))).toBe(true);
  });

  it("the Coyotos capability, GPT, endpoint and cdest as Coyotos declares them: dsl/coyotos's bits", (ctx) => {
    const toolchain = toolchainOrSkip(target, ctx);
    const layout = layoutsFor(dslFiles(), target)[0];
    const t = layout.target;
    const fieldOf = (c: CoyotosField): BitField => (layout.byName.get(c.bits) as Bits).fields.find((f) => f.name === c.field)!;
    const sets: ProbeSet[] = COYOTOS_FIELDS.map((c) => {
      const width = fieldOf(c).storedWidth;
      return { type: c.type, inits: [`.${c.path} = ${allOnes(width, false)}`, `.${c.path} = 1`] };
    });
    const { probes } = runProbes(toolchain, probeUnit(COYOTOS_C, sets), sets);
    const problems: string[] = [];
    COYOTOS_FIELDS.forEach((c, k) => {
      const f = fieldOf(c);
      const at = c.word(layout);
      for (const [i, want] of [bitsOf(f.ranges), [f.ranges[0].lo]].entries()) {
        const bytes = probes[k].entries[i];
        const outside = [...bytes.subarray(0, at), ...bytes.subarray(at + 4)].some((x) => x !== 0);
        const got = cdlBitsSet(bytes.subarray(at, at + 4), 32, t.endian);
        if (outside || JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${c.type}.${c.path}: gcc bits ${got.join(',')}${outside ? ' (and others)' : ''}, ${c.bits}.${c.field} ${JSON.stringify(want)}`);
      }
    });
    expect(problems.join('\n')).toBe('');
    // The issue's own numbers: type:6 is byte 0, mask 0x3f little-endian and 0xfc big-endian.
    const typeBytes = [...probes[0].entries[0].subarray(0, 4)];
    expect(typeBytes).toEqual(t.endian === 'little' ? [0x3f, 0, 0, 0] : [0xfc, 0, 0, 0]);
  });

  it('generated C: each X_bitfields struct puts its fields where the header constants say', (ctx) => {
    const toolchain = toolchainOrSkip(target, ctx);
    OUT ||= mkdtempSync(join(tmpdir(), 'cdl-cbits-oracle-'));
    const sources: { name: string; layout: Layout; specs: string[] }[] = [
      { name: 'dsl', layout: layoutsFor(dslFiles(), target)[0], specs: dslFiles() },
      { name: 'random', layout: layoutsFor({ 'random.cdl': RANDOM_SPEC.source }, target)[0], specs: ['random.cdl'] },
    ];
    let checked = 0;
    for (const { name, layout, specs } of sources) {
      const dir = join(OUT, target, name);
      for (const f of renderCHeaders(layout, specs)) {
        mkdirSync(dirname(join(dir, f.path)), { recursive: true });
        writeFileSync(join(dir, f.path), f.contents);
      }
      const names = planCNames(layout);
      const sets: ProbeSet[] = [];
      const numbers: NumberSet[] = [];
      const expectations: { bits: Bits; field: BitField; set: number; entry: number; mask: string; shift: string; word: string | null }[] = [];
      for (const plan of names.namespaces.flatMap((ns) => ns.decls)) {
        const struct = names.bitfieldStructs.get(plan.decl);
        if (struct === undefined) continue;
        const bits = plan.decl as Bits;
        const inits: string[] = [];
        for (const fp of plan.fields) {
          const f = fp.field;
          expectations.push({ bits, field: f, set: sets.length, entry: inits.length, ...fp.partNames[0] });
          inits.push(`.${f.cName} = ${allOnes(f.storedWidth, f.signed)}`, `.${f.cName} = ${one(f.storedWidth, f.signed)}`);
        }
        sets.push({ type: struct, inits });
      }
      expect(sets.length, `${name}: no c_bitfields layouts`).toBeGreaterThan(0);
      numbers.push({ name: 'masks', values: expectations.map((e) => e.mask) });
      numbers.push({ name: 'shifts', values: expectations.map((e) => e.shift) });
      numbers.push({ name: 'words', values: expectations.map((e) => e.word ?? '0') });
      const includes = [...new Set(layout.bits.filter((b) => b.cBitfields).map((b) => b.namespace))].map((ns) => `#include "${ns}.h"`);
      const unit = probeUnit(includes.join('\n'), sets, numbers);
      const result = runProbes(toolchain, unit, sets, numbers, [join(dir, 'c', layoutDir(layout))]);
      const [masks, shifts, words] = ['masks', 'shifts', 'words'].map((n) => result.numbers.get(n)!);
      const problems: string[] = [];
      expectations.forEach((e, i) => {
        const wordsOf = (bytes: Uint8Array): bigint[] => {
          const size = e.bits.wordBits / 8;
          return Array.from({ length: e.bits.words }, (_, k) => readUint(bytes.subarray(k * size, (k + 1) * size), result.endian as Endian));
        };
        const want = (value: bigint) => Array.from({ length: e.bits.words }, (_, k) => (BigInt(k) === words[i] ? value : 0n));
        const ones = wordsOf(result.probes[e.set].entries[e.entry]);
        const low = wordsOf(result.probes[e.set].entries[e.entry + 1]);
        if (JSON.stringify(ones.map(String)) !== JSON.stringify(want(masks[i]).map(String))) problems.push(`${name} ${e.bits.name}.${e.field.name}: struct sets ${ones.map((w) => w.toString(16))}, mask ${masks[i].toString(16)} in word ${words[i]}`);
        if (JSON.stringify(low.map(String)) !== JSON.stringify(want(1n << shifts[i]).map(String))) problems.push(`${name} ${e.bits.name}.${e.field.name}: value 1 sets ${low.map((w) => w.toString(16))}, shift ${shifts[i]}`);
        checked++;
      });
      expect(problems.slice(0, 10).join('\n')).toBe('');
    }
    expect(checked).toBeGreaterThan(100);
  });
});
