/**
 * The programs the toolchain tests build from generated files: a C translation unit that
 * checks every #define with _Static_assert, a GNU as file that checks every .equ with .if,
 * the corpus programs in C and Rust (see reference.ts), and a Rust crate asserting the
 * #[repr(C)] mirrors' offsets. Expected values come from the reference, never from an emitter.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConstItem, FieldPlan, NamespacePlan } from '../../generator/emitters/common/numbers.js';
import { cValueType } from '../../generator/emitters/c/bitfield-c.js';
import { planCNames } from '../../generator/emitters/c/header.js';
import { planRustNames } from '../../generator/emitters/rust/names.js';
import { fileStems } from '../../generator/emitters/common/file-stems.js';
import { SYSTEM_HEADER_STEMS } from '../../generator/emitters/c/system-headers.js';
import type * as ir from '../../generator/ir.js';
import { expectedValue, reduceConstants, refFields, SAMPLES, SEED } from './reference.js';

/** Each namespace's header as the C emitter names it: `elf_.h` for `elf`, which <elf.h> has. */
export function headerFiles(names: { readonly namespaces: readonly { readonly namespace: string }[] }): string[] {
  const stems = fileStems(names.namespaces.map((n) => n.namespace), SYSTEM_HEADER_STEMS);
  return names.namespaces.map((n) => `${stems.get(n.namespace)!}.h`);
}

/** `0x1fULL`, `(-5LL)`, `(-9223372036854775807LL - 1)`: a C literal of any 64-bit value. */
export function cExpected(v: bigint): string {
  if (v >= 0n) return `0x${v.toString(16)}ULL`;
  if (v === -(1n << 63n)) return '(-9223372036854775807LL - 1)';
  return `(${v}LL)`;
}

/** The C type a number must have, where its suffix matters; null to leave it unchecked. */
function cTypeOf(item: ConstItem): string | null {
  const num = item.num;
  if (num.kind === 'mask') return num.bits === 64 ? 'unsigned long long' : 'unsigned int';
  if (num.kind === 'count') return 'int';
  if (num.kind !== 'declared') return null;
  switch (num.type) {
    case 'u8':
    case 'u16':
    case 'u32':
      return 'unsigned int';
    case 'u64':
      return 'unsigned long long';
    case 'i8':
    case 'i16':
    case 'i32':
      return 'int';
    case 'i64':
      return 'long long';
    case null: {
      const v = item.value;
      if (v >= -(1n << 31n) && v < 1n << 31n) return 'int';
      if (v >= 0n && v < 1n << 32n) return 'unsigned int';
      return v < 0n ? 'long long' : 'unsigned long long';
    }
    default:
      return null;
  }
}

export interface Checked {
  readonly text: string;
  /** Numbers checked against the reference. */
  readonly numbers: number;
  /** offsetof/sizeof/_Alignof checks of the C types. */
  readonly layoutChecks: number;
}

/**
 * A translation unit including every header of one layout, asserting that gcc's sizeof,
 * _Alignof and offsetof equal the #defines, that every #define has the reference's value, and
 * that masks and typed constants have the C type their suffix promises.
 */
export function cCheckUnit(layout: ir.Layout, headerDir: string): Checked {
  const names = planCNames(layout);
  const lines: string[] = [
    `/* Toolchain test: every #define of ${headerDir}. */`,
    '#define CDL_ASSERT(cond) do { if (!(cond)) __builtin_trap(); } while (0)',
    '#include <stddef.h>',
    ...headerFiles(names).map((h) => `#include "${headerDir}/${h}"`),
    // Twice: the include guards must hold.
    ...headerFiles(names).map((h) => `#include "${headerDir}/${h}"`),
    '',
  ];
  let numbers = 0;
  let layoutChecks = 0;
  const sa = (cond: string, what: string): void => {
    lines.push(`_Static_assert(${cond}, "${what.replace(/["\\]/g, '_')}");`);
  };
  for (const ns of names.namespaces) {
    for (const d of ns.decls) {
      const decl = d.decl;
      for (const item of d.items) {
        const want = expectedValue(item, layout);
        if (want === undefined) throw new Error(`no reference value for ${item.name} (${item.role} of ${item.subject.decl})`);
        sa(`(${item.name}) == ${cExpected(want)}`, `${item.name} == ${want}`);
        numbers++;
        const type = cTypeOf(item);
        if (type && !item.sameAs) sa(`_Generic((${item.name}), ${type}: 1, default: 0)`, `${item.name} is ${type}`);
        if (decl.kind !== 'struct' && decl.kind !== 'union') continue;
        const t = decl.cName;
        if (item.role === 'size') sa(`sizeof(${t}) == ${item.name}`, `sizeof(${t})`);
        else if (item.role === 'align') sa(`_Alignof(${t}) == ${item.name}`, `_Alignof(${t})`);
        else if (item.role === 'offset' && decl.kind === 'struct') {
          const f = decl.fields.find((x) => x.name === item.subject.member)!;
          sa(`offsetof(${t}, ${f.cName}) == ${item.name}`, `offsetof(${t}, ${f.cName})`);
        } else continue;
        layoutChecks++;
      }
    }
  }
  // The machine's numbers (register indices, syscall numbers per ABI), from the IR.
  for (const r of names.machine.registers) {
    for (const reg of r.registers) for (const m of reg.macros) sa(`(${m.macro}) == ${reg.register.index}`, `${m.macro} == ${reg.register.index}`);
    sa(`(${r.count}) == ${r.set.registers.length}`, `${r.count}`);
  }
  for (const t of names.machine.tables) for (const c of t.calls) sa(`(${c.macro}) == ${c.number}`, `${c.macro} == ${c.number}`);
  return { text: `${lines.join('\n')}\n`, numbers, layoutChecks };
}

/** `.if NAME != value` for every number: assembling fails with `.error` on a mismatch. */
export function asmCheckUnit(layout: ir.Layout, incDir: string): Checked {
  const names = planCNames(layout);
  const lines: string[] = [`/* Toolchain test: every .equ of ${incDir}. */`];
  for (const ns of names.namespaces) lines.push(`.include "${incDir}/${ns.namespace}.inc"`, `.include "${incDir}/${ns.namespace}.inc"`);
  let numbers = 0;
  for (const ns of names.namespaces) {
    for (const d of ns.decls) {
      for (const item of d.items) {
        const want = expectedValue(item, layout);
        if (want === undefined) throw new Error(`no reference value for ${item.name}`);
        const lit = want < 0n ? `(${want})` : `0x${want.toString(16)}`;
        lines.push(`.if (${item.name}) != ${lit}`, `.error "${item.name} is not ${want}"`, '.endif');
        numbers++;
      }
    }
  }
  return { text: `${lines.join('\n')}\n`, numbers, layoutChecks: 0 };
}

// ---------------------------------------------------------------------------
// The C corpus program

export function fieldPlans(names: { namespaces: readonly NamespacePlan[] }, b: ir.Bits): Map<string, FieldPlan> {
  const plan = names.namespaces.flatMap((ns) => ns.decls).find((d) => d.decl.qname === b.qname)!;
  return new Map(plan.fields.map((f) => [`${f.variant?.name ?? ''}.${f.field.name}`, f]));
}

export const C_RUNTIME = String.raw`
#ifdef CDL_FREESTANDING
/* No C library for this target: Linux system calls (RISC-V numbers) and our own _start. */
static long cdl_syscall3(long n, long a, long b, long c)
{
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}
static void cdl_exit(int status)
{
  cdl_syscall3(93, status, 0, 0);
  for (;;) {}
}
static void cdl_write(const char *p, unsigned long n)
{
  while (n) {
    long k = cdl_syscall3(64, 1, (long)p, (long)n);
    if (k <= 0) cdl_exit(2);
    p += k;
    n -= (unsigned long)k;
  }
}
#else
#include <stdio.h>
static void cdl_write(const char *p, unsigned long n)
{
  fwrite(p, 1, n, stdout);
}
#endif

static char cdl_buf[1 << 16];
static unsigned long cdl_len;

static inline void flush_out(void)
{
  cdl_write(cdl_buf, cdl_len);
  cdl_len = 0;
}

static inline void put_char(char c)
{
  if (cdl_len == sizeof cdl_buf) flush_out();
  cdl_buf[cdl_len++] = c;
}

static inline void put_str(const char *s)
{
  while (*s) put_char(*s++);
}

static inline void put_hex32(uint32_t v, int digits)
{
  char t[8];
  int n = 0;
  do {
    t[n++] = "0123456789abcdef"[v & 15u];
    v >>= 4;
  } while (v);
  while (n < digits) t[n++] = '0';
  while (n) put_char(t[--n]);
}

/* Hex without leading zeros, with 32-bit arithmetic only (no libgcc on riscv32). */
static inline void put_hex(uint64_t v)
{
  uint32_t hi = (uint32_t)(v >> 32);
  if (hi) {
    put_hex32(hi, 0);
    put_hex32((uint32_t)v, 8);
  } else {
    put_hex32((uint32_t)v, 0);
  }
}

static inline void put_signed(int64_t v)
{
  if (v < 0) {
    put_char('-');
    put_hex(0 - (uint64_t)v);
  } else {
    put_hex((uint64_t)v);
  }
}

static uint64_t cdl_state = @SEED@;

static inline uint64_t cdl_next(void)
{
  uint64_t x = cdl_state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return cdl_state = x;
}

/* A random number made into a field value: keep the value's bits, then sign-extend. */
static inline uint64_t cdl_reduce(uint64_t r, uint64_t mask, uint64_t sign)
{
  r &= mask;
  return sign ? (r ^ sign) - sign : r;
}
`;

/** One C program printing the corpus of a layout with the generated accessors. */
export function cCorpusProgram(layout: ir.Layout, headerDir: string): string {
  const names = planCNames(layout);
  const out: string[] = [
    `/* Toolchain test: the accessor corpus on ${layout.target.name} (see tests/toolchains/reference.ts). */`,
    '#include <stdint.h>',
    ...headerFiles(names).map((h) => `#include "${headerDir}/${h}"`),
    C_RUNTIME.replace("@SEED@", `0x${SEED.toString(16)}ULL`),
  ];
  layout.bits.forEach((b, i) => {
    const plans = fieldPlans(names, b);
    const fields = refFields(b).map((rf) => plans.get(`${rf.variant?.name ?? ''}.${rf.field.name}`)!);
    const word = `uint${b.wordBits}_t`;
    const words = (v: string): string =>
      b.words === 1 ? `put_hex((uint64_t)${v});` : Array.from({ length: b.words }, (_, k) => `${k ? "put_char(','); " : ''}put_hex((uint64_t)${v}.w[${k}]);`).join(' ');
    const body: string[] = [];
    if (b.words === 1) body.push(`${b.cName} w = (${word})cdl_next();`);
    else {
      body.push(`${b.cName} w;`);
      for (let k = 0; k < b.words; k++) body.push(`w.w[${k}] = (${word})cdl_next();`);
    }
    body.push(`put_str("${b.qname} ");`, words('w'), 'put_str(" :");');
    for (const f of fields) {
      const get = `${names.accessors.get(f)!.get}(w)`;
      body.push("put_char(' ');");
      if (f.field.type.kind === 'bool') body.push(`put_hex(${get} ? 1u : 0u);`);
      else if (f.field.signed) body.push(`put_signed((int64_t)${get});`);
      else body.push(`put_hex((uint64_t)${get});`);
    }
    body.push('put_str(" :");');
    for (const f of fields) {
      const { mask, sign } = reduceConstants(f.field);
      const type = cValueType(f.field);
      const raw = `cdl_reduce(cdl_next(), 0x${mask.toString(16)}ULL, 0x${sign.toString(16)}ULL)`;
      const value = f.field.type.kind === 'bool' ? `(_Bool)(${raw} & 1u)` : f.field.signed ? `(${type})(int64_t)${raw}` : `(${type})${raw}`;
      body.push(`{`, `  ${b.cName} r = ${names.accessors.get(f)!.set}(w, ${value});`, `  put_char(' ');`, `  ${words('r')}`, `}`);
    }
    body.push("put_char('\\n');");
    out.push(
      `/* ${b.qname} */`,
      `static void run_${i}(void)`,
      '{',
      `  for (int s = 0; s < ${SAMPLES}; s++) {`,
      ...body.map((l) => `    ${l}`),
      '  }',
      '}',
      '',
    );
  });
  out.push(...cProgramEnd(layout.bits.length));
  return out.join('\n');
}

/**
 * The end of a corpus program with `runs` functions `run_0` ... : `run_all`, and the entry
 * point (`_start` where there is no C library, as on riscv32, else `main`).
 */
export function cProgramEnd(runs: number): string[] {
  return [
    'static void run_all(void)',
    '{',
    ...Array.from({ length: runs }, (_, i) => `  run_${i}();`),
    '  flush_out();',
    '}',
    '',
    '#ifdef CDL_FREESTANDING',
    'void _start(void);',
    'void _start(void)',
    '{',
    '  run_all();',
    '  cdl_exit(0);',
    '}',
    '#else',
    'int main(void)',
    '{',
    '  run_all();',
    '  return fflush(stdout) != 0;',
    '}',
    '#endif',
    '',
  ];
}

// ---------------------------------------------------------------------------
// Rust

function rustFieldTypeIsSigned(f: ir.BitField): boolean {
  if (f.type.kind === 'enum') {
    const e = f.type.decl;
    return e?.kind === 'enum' ? e.signed : false;
  }
  return f.signed;
}

function rustValueType(f: ir.BitField): string {
  if (f.type.kind === 'bool') return 'bool';
  const bits = (n: number): number => (n <= 8 ? 8 : n <= 16 ? 16 : n <= 32 ? 32 : 64);
  if (f.type.kind === 'enum') {
    const e = f.type.decl;
    if (e?.kind === 'enum') return `${e.signed ? 'i' : 'u'}${e.storageBits}`;
  }
  return `${f.signed ? 'i' : 'u'}${bits(f.valueWidth)}`;
}

/** The file of a module of a generated crate (a configuration's may be the default's, as lib.rs says). */
export function rustModulePath(crateDir: string, module: string): string {
  const lib = readFileSync(join(crateDir, 'lib.rs'), 'utf8');
  const elsewhere = new Map([...lib.matchAll(/#\[path = "([^"]+)"\]\npub mod (\w+);/g)].map((x) => [x[2], resolve(crateDir, x[1])]));
  return elsewhere.get(module) ?? `${crateDir}/${module}.rs`;
}

/** `#[path]` modules for every namespace of a generated crate, as siblings at a crate root. */
export function rustModules(layout: ir.Layout, crateDir: string): string[] {
  const names = planRustNames(layout);
  // A module laid out as in the default configuration is the default crate's file: lib.rs says where.
  const lib = readFileSync(join(crateDir, 'lib.rs'), 'utf8');
  const elsewhere = new Map([...lib.matchAll(/#\[path = "([^"]+)"\]\npub mod (\w+);/g)].map((x) => [x[2], resolve(crateDir, x[1])]));
  return names.namespaces.map((ns) => {
    const m = names.modules.get(ns.namespace)!;
    return `#[path = "${elsewhere.get(m) ?? `${crateDir}/${m}.rs`}"]\npub mod ${m};`;
  });
}

/**
 * A `#![no_std]` crate of the generated modules with const assertions, from the IR (not the
 * generated constants), on every mirror's size, alignment and field offsets.
 */
export function rustLayoutCrate(layout: ir.Layout, crateDir: string): Checked {
  const names = planRustNames(layout);
  const checks: string[] = [];
  for (const ns of names.namespaces) {
    const m = names.modules.get(ns.namespace)!;
    for (const d of ns.decls) {
      const decl = d.decl;
      if (decl.kind !== 'struct' && decl.kind !== 'union') continue;
      const t = `${m}::${ns.typeNames.get(decl.qname)}`;
      checks.push(`assert!(size_of::<${t}>() == ${decl.size});`, `assert!(align_of::<${t}>() == ${decl.align});`);
      if (decl.kind === 'struct') {
        const inner = names.packedInner.has(decl.qname) ? '0.' : '';
        const members = names.members.get(decl.qname)!;
        decl.fields.forEach((f, i) => checks.push(`assert!(offset_of!(${t}, ${inner}${members[i]}) == ${f.offset});`));
      }
    }
  }
  const text = [
    '#![no_std]',
    ...rustModules(layout, crateDir),
    '',
    'const _: () = {',
    '    use ::core::mem::{align_of, offset_of, size_of};',
    ...checks.map((c) => `    ${c}`),
    '};',
    '',
  ].join('\n');
  return { text, numbers: 0, layoutChecks: checks.length };
}

/** A host program printing the corpus with the generated Rust accessors. */
export function rustCorpusProgram(layout: ir.Layout, crateDir: string): string {
  const names = planRustNames(layout);
  const fns: string[] = [];
  layout.bits.forEach((b, i) => {
    const ns = names.namespaces.find((n) => n.namespace === b.namespace)!;
    const t = `${names.modules.get(b.namespace)}::${ns.typeNames.get(b.qname)}`;
    const plan = ns.decls.find((d) => d.decl.qname === b.qname)!;
    const byKey = new Map(plan.fields.map((f) => [`${f.variant?.name ?? ''}.${f.field.name}`, f]));
    const fields = refFields(b).map((rf) => byKey.get(`${rf.variant?.name ?? ''}.${rf.field.name}`)!);
    const word = `u${b.wordBits}`;
    const words = (v: string): string =>
      b.words === 1 ? `hex(o, ${v}.0 as u64);` : Array.from({ length: b.words }, (_, k) => `${k ? "o.push(','); " : ''}hex(o, ${v}.0[${k}] as u64);`).join(' ');
    const body: string[] = [];
    body.push(b.words === 1 ? `let w = ${t}(rng.next() as ${word});` : `let w = ${t}([${Array.from({ length: b.words }, () => `rng.next() as ${word}`).join(', ')}]);`);
    body.push(`o.push_str("${b.qname} ");`, words('w'), 'o.push_str(" :");');
    for (const f of fields) {
      // Enum-typed fields by their raw accessors: random words hold values the enum lacks.
      const m = names.methods.get(f)!;
      const get = `w.${m.rawGet ?? m.get}()`;
      body.push("o.push(' ');");
      if (f.field.type.kind === 'bool') body.push(`hex(o, ${get} as u64);`);
      else if (rustFieldTypeIsSigned(f.field)) body.push(`signed(o, ${get} as i64);`);
      else body.push(`hex(o, ${get} as u64);`);
    }
    body.push('o.push_str(" :");');
    for (const f of fields) {
      const { mask, sign } = reduceConstants(f.field);
      const raw = `reduce(rng.next(), 0x${mask.toString(16)}, 0x${sign.toString(16)})`;
      const type = rustValueType(f.field);
      const value = type === 'bool' ? `${raw} & 1 != 0` : rustFieldTypeIsSigned(f.field) ? `${raw} as i64 as ${type}` : `${raw} as ${type}`;
      const m = names.methods.get(f)!;
      body.push(`let r = w.${m.rawWith ?? m.with}(${value});`, "o.push(' ');", words('r'));
    }
    body.push("o.push('\\n');");
    fns.push(
      `// ${b.qname}`,
      `fn run_${i}(o: &mut String, rng: &mut Rng) {`,
      `    for _ in 0..${SAMPLES} {`,
      ...body.map((l) => `        ${l}`),
      '    }',
      '}',
      '',
    );
  });
  return [
    '// Toolchain test: the accessor corpus with the generated Rust (see tests/toolchains/reference.ts).',
    '#![allow(dead_code)]',
    ...rustModules(layout, crateDir),
    '',
    'use std::fmt::Write as _;',
    'use std::io::Write as _;',
    '',
    'struct Rng(u64);',
    'impl Rng {',
    '    fn next(&mut self) -> u64 {',
    '        let mut x = self.0;',
    '        x ^= x << 13;',
    '        x ^= x >> 7;',
    '        x ^= x << 17;',
    '        self.0 = x;',
    '        x',
    '    }',
    '}',
    '',
    'fn reduce(r: u64, mask: u64, sign: u64) -> u64 {',
    '    let r = r & mask;',
    '    if sign != 0 { (r ^ sign).wrapping_sub(sign) } else { r }',
    '}',
    '',
    ...RUST_PRINTERS,
    ...fns,
    'fn main() {',
    '    let mut o = String::new();',
    `    let mut rng = Rng(0x${SEED.toString(16)});`,
    ...layout.bits.map((_, i) => `    run_${i}(&mut o, &mut rng);`),
    '    std::io::stdout().write_all(o.as_bytes()).unwrap();',
    '}',
    '',
  ].join('\n');
}

/** How the Rust corpus programs print numbers, as the C ones do: lower-case hex, `-` before a negative. */
export const RUST_PRINTERS: readonly string[] = [
  'fn hex(o: &mut String, v: u64) {',
  '    write!(o, "{v:x}").unwrap();',
  '}',
  '',
  'fn signed(o: &mut String, v: i64) {',
  '    if v < 0 {',
  "        o.push('-');",
  '        hex(o, v.unsigned_abs());',
  '    } else {',
  '        hex(o, v as u64);',
  '    }',
  '}',
  '',
];
