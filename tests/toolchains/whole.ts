/**
 * Whole values of bit layouts, proven on the toolchains: constructors, validators and the tag
 * checks of variant accessors (C under CDL_ASSERT, Rust with debug_assert!), and Rust's
 * enum-typed accessors. The inputs are drawn here, from the IR, and baked into the programs;
 * what each program must print is computed here too, bit by bit (reference.ts), never with
 * the generator's bit facts.
 *
 * One line per sample and layout:
 *
 *     match.Page <words> : <valid> <fixed-up words> <valid> : <constructed words> <valid>... : <tag checks>
 *
 * `fixed-up words` are the random words with a variant's tag and the fixed reserved bits forced,
 * and in half the samples unnamed bits cleared (so many are valid, bar enum fields); one constructor call per variant,
 * with random in-range values (members for enum fields); tag checks are two characters per
 * variant field, whether its getter and its setter asserted on the random words.
 */
import { cValueType } from '../../generator/emitters/c/bitfield-c.js';
import { type CNames, planCNames } from '../../generator/emitters/c/header.js';
import type * as ir from '../../generator/ir.js';
import { enumVariantNames, planRustNames } from '../../generator/emitters/rust/names.js';
import { C_RUNTIME, cExpected, cProgramEnd, fieldPlans, headerFiles, RUST_PRINTERS, rustModules } from './programs.js';
import { getField, reduce, reduceConstants, refFields, Rng, setField, storedBits } from './reference.js';

/** Samples per bit layout. */
export const WHOLE_SAMPLES = 12;

export interface WholeCall {
  readonly variant: ir.BitsVariant | null;
  /** Values of the constructor's fields, in its parameter order. */
  readonly values: readonly bigint[];
  readonly words: readonly bigint[];
}

export interface WholeSample {
  readonly words: readonly bigint[];
  readonly fixedUp: readonly bigint[];
  readonly calls: readonly WholeCall[];
}

function enumOf(layout: ir.Layout, qname: string): ir.Enum {
  const e = layout.byName.get(qname);
  if (!e || e.kind !== 'enum') throw new Error(`${qname} is not an enum`);
  return e;
}

/** The common part's fields and reserved bits, with those of `variant`. */
function partOf(b: ir.Bits, variant: ir.BitsVariant | null): { fields: ir.BitField[]; reserved: ir.ReservedBits[] } {
  return { fields: [...b.fields, ...(variant ? variant.fields : [])], reserved: [...b.reserved, ...(variant ? variant.reserved : [])] };
}

function asField(r: ir.BitRange): ir.BitField {
  const w = r.hi - r.lo + 1;
  return { name: '', cName: '', doc: null, ranges: [r], shift: 0, signed: false, storedWidth: w, valueWidth: w, type: { kind: 'uint' } };
}

/** The bits of the container that no field, tag or reserved range of a part names. */
function unnamedBits(b: ir.Bits, variant: ir.BitsVariant | null): number[] {
  const { fields, reserved } = partOf(b, variant);
  const named = new Set([...fields, ...(b.tag ? [b.tag] : [])].flatMap(storedBits));
  for (const r of reserved) for (let i = r.range.lo; i <= r.range.hi; i++) named.add(i);
  return Array.from({ length: b.width }, (_, i) => i).filter((i) => !named.has(i));
}

/** Whether a word is valid, as the validators must decide: see the C and Rust emitters. */
export function refValid(b: ir.Bits, words: readonly bigint[]): boolean {
  let variant: ir.BitsVariant | null = null;
  if (b.tag) {
    const tag = getField(words, b.wordBits, b.tag);
    variant = b.variants.find((v) => v.when.includes(tag)) ?? null;
    if (!variant) return false;
  }
  const { fields, reserved } = partOf(b, variant);
  for (const r of reserved) if (r.value !== null && getField(words, b.wordBits, asField(r.range)) !== r.value) return false;
  // An untagged layout's unnamed bits, or those of the variant the tag selects.
  for (const i of unnamedBits(b, variant)) if (getField(words, b.wordBits, asField({ lo: i, hi: i })) !== 0n) return false;
  for (const f of fields) {
    if (f.type.kind !== 'enum') continue;
    const v = getField(words, b.wordBits, f);
    if (!f.type.decl.members.some((m) => m.value === v)) return false;
  }
  return true;
}

/** Words with every fixed bit of the part set to its value (and the tag to `tag`). */
function withFixed(b: ir.Bits, words: readonly bigint[], variant: ir.BitsVariant | null, tag: bigint | null): bigint[] {
  let out = [...words];
  if (b.tag && tag !== null) out = setField(out, b.wordBits, b.tag, tag);
  for (const r of partOf(b, variant).reserved) if (r.value !== null) out = setField(out, b.wordBits, asField(r.range), r.value);
  return out;
}

/** A random value a field can hold: a member for an enum field. */
function randomValue(f: ir.BitField, rng: Rng): bigint {
  if (f.type.kind !== 'enum') return reduce(rng.next(), f);
  const e = f.type.decl;
  if (e.members.length === 0) throw new Error(`${e.qname} has no members to construct with`);
  return e.members[Number(rng.next() % BigInt(e.members.length))].value;
}

/**
 * The samples of one layout. `order(variant)` gives the constructor's fields in parameter
 * order (the emitters' order, which the reference only follows).
 */
export function wholeSamples(b: ir.Bits, rng: Rng, order: (variant: ir.BitsVariant | null) => readonly ir.BitField[]): WholeSample[] {
  const mask = (1n << BigInt(b.wordBits)) - 1n;
  const out: WholeSample[] = [];
  for (let s = 0; s < WHOLE_SAMPLES; s++) {
    const words = Array.from({ length: b.words }, () => rng.next() & mask);
    const variant = b.tag ? b.variants[Number(rng.next() % BigInt(b.variants.length))] : null;
    const tag = variant ? variant.when[Number(rng.next() % BigInt(variant.when.length))] : null;
    let fixedUp = withFixed(b, words, variant, tag);
    // Unnamed bits are cleared in half the samples, so that some words are wrong only there.
    if (rng.next() & 1n) for (const i of unnamedBits(b, variant)) fixedUp = setField(fixedUp, b.wordBits, asField({ lo: i, hi: i }), 0n);
    const calls = (b.tag ? b.variants : [null]).map((v): WholeCall => {
      const fields = order(v);
      const values = fields.map((f) => randomValue(f, rng));
      let w = withFixed(b, Array.from({ length: b.words }, () => 0n), v, v ? v.when[0] : null);
      fields.forEach((f, k) => (w = setField(w, b.wordBits, f, values[k])));
      return { variant: v, values, words: w };
    });
    out.push({ words, fixedUp, calls });
  }
  return out;
}

/** For each variant field (refFields order), whether its accessors assert on `words`. */
export function refTagChecks(b: ir.Bits, words: readonly bigint[]): boolean[] {
  if (!b.tag) return [];
  const tag = getField(words, b.wordBits, b.tag);
  return refFields(b)
    .filter((f) => f.variant)
    .map((f) => !f.variant!.when.includes(tag));
}

const hex = (words: readonly bigint[]): string => words.map((w) => w.toString(16)).join(',');
const flag = (v: boolean): string => (v ? '1' : '0');

/** What a program must print for one sample. */
export function wholeLine(b: ir.Bits, s: WholeSample): string {
  const calls = s.calls.map((c) => `${hex(c.words)} ${flag(refValid(b, c.words))}`);
  const tags = refTagChecks(b, s.words).map((fires) => `${flag(fires)}${flag(fires)}`);
  return `${b.qname} ${hex(s.words)} : ${flag(refValid(b, s.words))} ${hex(s.fixedUp)} ${flag(refValid(b, s.fixedUp))} : ${calls.join(' ')} : ${tags.join('')}`;
}

// ---------------------------------------------------------------------------
// The C program

/** The whole-value samples of every bit layout of a layout, with the lines to expect. */
export function wholeCorpus(layout: ir.Layout, order: (b: ir.Bits, variant: ir.BitsVariant | null) => readonly ir.BitField[]): { samples: Map<string, WholeSample[]>; expected: string } {
  const rng = new Rng();
  const samples = new Map(layout.bits.map((b) => [b.qname, wholeSamples(b, rng, (v) => order(b, v))]));
  const lines = layout.bits.flatMap((b) => samples.get(b.qname)!.map((s) => wholeLine(b, s)));
  return { samples, expected: `${lines.join('\n')}\n` };
}

/** The C constructor's fields, as the header plans them. */
export function cOrder(names: CNames): (b: ir.Bits, variant: ir.BitsVariant | null) => readonly ir.BitField[] {
  return (b, variant) => names.whole.get(b.qname)!.constructors.find((c) => c.variant === variant)!.fields.map((f) => f.field);
}

/** A C program printing the whole-value corpus with the generated constructors and validators. */
export function cWholeProgram(layout: ir.Layout, headerDir: string, samples: ReadonlyMap<string, readonly WholeSample[]>): string {
  const names = planCNames(layout);
  const out: string[] = [
    `/* Toolchain test: constructors, validators and tag checks on ${layout.target.name} (see tests/toolchains/whole.ts). */`,
    '#include <stdint.h>',
    '/* Assertions are recorded, not fatal: the program prints which accessors asserted. */',
    'static int cdl_failed;',
    '#define CDL_ASSERT(cond) ((void)((cond) || (cdl_failed = 1)))',
    ...headerFiles(names).map((h) => `#include "${headerDir}/${h}"`),
    C_RUNTIME.replace('@SEED@', '0'),
    'static inline void put_flag(int v)',
    '{',
    "  put_char(v ? '1' : '0');",
    '}',
    '',
  ];
  const literal = (b: ir.Bits, words: readonly bigint[]): string =>
    b.words === 1 ? `(${b.cName})${cExpected(words[0])}` : `{ { ${words.map(cExpected).join(', ')} } }`;
  const put = (b: ir.Bits, v: string): string =>
    b.words === 1 ? `put_hex((uint64_t)${v});` : Array.from({ length: b.words }, (_, k) => `${k ? "put_char(','); " : ''}put_hex((uint64_t)${v}.w[${k}]);`).join(' ');
  layout.bits.forEach((b, i) => {
    const whole = names.whole.get(b.qname)!;
    const plans = fieldPlans(names, b);
    const body: string[] = [];
    for (const s of samples.get(b.qname)!) {
      body.push('{', `  ${b.cName} w = ${literal(b, s.words)};`, `  ${b.cName} f = ${literal(b, s.fixedUp)};`);
      body.push(`  put_str("${b.qname} ");`, `  ${put(b, 'w')}`, '  put_str(" : ");', `  put_flag(${whole.valid}(w));`, "  put_char(' ');", `  ${put(b, 'f')}`, "  put_char(' ');", `  put_flag(${whole.valid}(f));`, '  put_str(" :");');
      body.push('  cdl_failed = 0;');
      for (const c of s.calls) {
        const ctor = whole.constructors.find((x) => x.variant?.name === c.variant?.name)!;
        const args = ctor.fields.map((f, k) => (f.field.type.kind === 'bool' ? (c.values[k] ? '1' : '0') : `(${cValueType(f.field)})${cExpected(c.values[k])}`));
        body.push('  {', `    ${b.cName} c = ${ctor.name}(${args.join(', ')});`, "    put_char(' ');", `    ${put(b, 'c')}`, "    put_char(' ');", `    put_flag(${whole.valid}(c));`, '  }');
      }
      // The constructors were given values that fit: nothing may assert.
      body.push('  if (cdl_failed) put_str(" ASSERTED");', '  put_str(" : ");');
      for (const rf of refFields(b).filter((f) => f.variant)) {
        const n = names.accessors.get(plans.get(`${rf.variant!.name}.${rf.field.name}`)!)!;
        const zero = rf.field.type.kind === 'bool' ? '0' : `(${cValueType(rf.field)})0`;
        body.push(`  cdl_failed = 0; (void)${n.get}(w); put_flag(cdl_failed);`, `  cdl_failed = 0; (void)${n.set}(w, ${zero}); put_flag(cdl_failed);`);
      }
      body.push("  put_char('\\n');", '}');
    }
    out.push(`/* ${b.qname} */`, `static void run_${i}(void)`, '{', ...body.map((l) => `  ${l}`), '}', '');
  });
  out.push(...cProgramEnd(layout.bits.length));
  return out.join('\n');
}

// ---------------------------------------------------------------------------
// Rust: the same lines, then each enum-typed getter on the random words

/** Whether every value a field's bits can hold is a member of its enum (values enumerated). */
function refExhaustive(f: ir.BitField): boolean {
  if (f.storedWidth > 16) return false;
  const members = new Set((f.type as { decl: ir.Enum }).decl.members.map((m) => m.value));
  for (let raw = 0n; raw < 1n << BigInt(f.storedWidth); raw++) {
    const v = f.signed ? BigInt.asIntN(f.valueWidth, raw << BigInt(f.shift)) : raw << BigInt(f.shift);
    if (!members.has(v)) return false;
  }
  return true;
}

const fmt = (v: bigint): string => (v < 0n ? `-${(-v).toString(16)}` : v.toString(16));

/** The enum-typed getters' results on a sample's random words: `P` (the tag check panicked), a member's value, or `!raw`. */
export function refEnumLine(b: ir.Bits, s: WholeSample): string | null {
  const fields = refFields(b).filter((f) => f.field.type.kind === 'enum');
  if (!fields.length) return null;
  const tag = b.tag ? getField(s.words, b.wordBits, b.tag) : null;
  const results = fields.map(({ field, variant }) => {
    if (variant && !variant.when.includes(tag!)) return 'P';
    const v = getField(s.words, b.wordBits, field);
    return (field.type as { decl: ir.Enum }).decl.members.some((m) => m.value === v) ? fmt(v) : `!${fmt(v)}`;
  });
  return `enum ${b.qname} ${hex(s.words)} : ${results.join(' ')}`;
}

/**
 * `Debug` of a word as Rust must print it: the spec's name, then the tag, the common fields and
 * the fields of the variant the tag selects, by their spec names; unsigned integers in hex,
 * enum fields by the member's Rust name (`rustName`) or, when no member has the value, the value.
 */
export function refDebug(b: ir.Bits, words: readonly bigint[], rustName: (e: ir.Enum, v: bigint) => string): string {
  const tag = b.tag ? getField(words, b.wordBits, b.tag) : null;
  const variant = b.tag ? (b.variants.find((v) => v.when.includes(tag!)) ?? null) : null;
  const fields = refFields(b).filter((f) => !f.variant || f.variant === variant);
  const show = (f: ir.BitField): string => {
    const v = getField(words, b.wordBits, f);
    if (f.type.kind === 'bool') return v ? 'true' : 'false';
    if (f.type.kind === 'enum') {
      const e = f.type.decl;
      return e.members.some((m) => m.value === v) ? rustName(e, v) : v.toString();
    }
    return f.signed ? v.toString() : `0x${v.toString(16)}`;
  };
  if (!fields.length) return b.name;
  return `${b.name} { ${fields.map((f) => `${f.field.name}: ${show(f.field)}`).join(', ')} }`;
}

/** Unsigned integer fields whose type holds values the field does not: a value just beyond its range. */
function outOfRange(f: ir.BitField): bigint | null {
  if (f.type.kind !== 'uint') return null;
  const { mask } = reduceConstants(f);
  const typeBits = f.valueWidth <= 8 ? 8 : f.valueWidth <= 16 ? 16 : f.valueWidth <= 32 ? 32 : 64;
  const beyond = mask + (1n << BigInt(f.shift));
  return beyond < 1n << BigInt(typeBits) ? beyond : null;
}

/** `7`, `0x1000`: the runtime's way with integers, for the messages. */
const formatInt = (v: bigint): string => (v < 1024n ? v.toString() : `0x${v.toString(16)}`);

/** The panic messages of `with_` given a value beyond the range, per layout (TypeScript's wording). */
export function refRangeLine(b: ir.Bits): string | null {
  const msgs = refFields(b).flatMap(({ field }) => {
    if (outOfRange(field) === null) return [];
    const { mask } = reduceConstants(field);
    const step = 1n << BigInt(field.shift);
    const span = `0 to ${formatInt(mask)}`;
    return [`${b.name}.${field.name}: out of range (allowed: ${step === 1n ? `an integer from ${span}` : `a multiple of ${formatInt(step)} from ${span}`})`];
  });
  return msgs.length ? `range ${b.qname} ${msgs.join(' | ')}` : null;
}

/** What the Rust program prints: the C program's lines, then the enum getters' and Debug lines. */
export function rustWholeExpected(layout: ir.Layout, samples: ReadonlyMap<string, readonly WholeSample[]>, cLines: string): string {
  const rustName = (e: ir.Enum, v: bigint): string => enumVariantNames(e).byValue.get(v)!;
  const lines = layout.bits.flatMap((b) => [
    ...samples.get(b.qname)!.flatMap((s) => [refEnumLine(b, s), `debug ${refDebug(b, s.words, rustName)}`].filter((l): l is string => l !== null)),
    ...[refRangeLine(b)].filter((l): l is string => l !== null),
  ]);
  return `${cLines}${lines.join('\n')}\n`;
}

function rustLiteral(v: bigint, type: string): string {
  return v < 0n ? `(${v}i64 as ${type})` : `(0x${v.toString(16)}u64 as ${type})`;
}

/** A host program printing the whole-value corpus with the generated Rust (debug assertions on). */
export function rustWholeProgram(layout: ir.Layout, crateDir: string, samples: ReadonlyMap<string, readonly WholeSample[]>): string {
  const names = planRustNames(layout);
  const fns: string[] = [];
  const enumLines: string[] = [];
  layout.bits.forEach((b, i) => {
    const ns = names.namespaces.find((n) => n.namespace === b.namespace)!;
    const mod = names.modules.get(b.namespace)!;
    const t = `${mod}::${ns.typeNames.get(b.qname)}`;
    const whole = names.whole.get(b.qname)!;
    const plan = ns.decls.find((d) => d.decl.qname === b.qname)!;
    const byKey = new Map(plan.fields.map((f) => [`${f.variant?.name ?? ''}.${f.field.name}`, f]));
    const literal = (words: readonly bigint[]): string =>
      b.words === 1 ? `${t}(0x${words[0].toString(16)}_u${b.wordBits})` : `${t}([${words.map((w) => `0x${w.toString(16)}_u${b.wordBits}`).join(', ')}])`;
    const put = (v: string): string =>
      b.words === 1 ? `hex(o, ${v}.0 as u64);` : Array.from({ length: b.words }, (_, k) => `${k ? "o.push(','); " : ''}hex(o, ${v}.0[${k}] as u64);`).join(' ');
    const enumType = (qname: string): { path: string; repr: string; signed: boolean } => {
      const e = enumOf(layout, qname);
      const ens = names.namespaces.find((n) => n.namespace === e.namespace)!;
      return { path: `${names.modules.get(e.namespace)}::${ens.typeNames.get(qname)}`, repr: `${e.signed ? 'i' : 'u'}${e.storageBits}`, signed: e.signed };
    };
    const body: string[] = [];
    const enumBody: string[] = [];
    for (const s of samples.get(b.qname)!) {
      body.push('{', `    let w = ${literal(s.words)};`, `    let f = ${literal(s.fixedUp)};`);
      body.push(`    o.push_str("${b.qname} ");`, `    ${put('w')}`, '    o.push_str(" : ");', '    flag(o, w.is_valid());', "    o.push(' ');", `    ${put('f')}`, "    o.push(' ');", '    flag(o, f.is_valid());', '    o.push_str(" :");');
      for (const c of s.calls) {
        const ctor = whole.constructors.find((x) => x.variant?.name === c.variant?.name)!;
        const args = ctor.fields.map((f, k) => {
          const v = c.values[k];
          if (f.field.type.kind === 'bool') return v ? 'true' : 'false';
          if (f.field.type.kind === 'enum') {
            const e = enumType(f.field.type.decl.qname);
            return `${e.path}::from_raw(${rustLiteral(v, e.repr)}).unwrap()`;
          }
          return rustLiteral(v, `${f.field.signed ? 'i' : 'u'}${f.field.valueWidth <= 8 ? 8 : f.field.valueWidth <= 16 ? 16 : f.field.valueWidth <= 32 ? 32 : 64}`);
        });
        body.push('    {', `        let c = ${t}::${ctor.name}(${args.join(', ')});`, "        o.push(' ');", `        ${put('c')}`, "        o.push(' ');", '        flag(o, c.is_valid());', '    }');
      }
      body.push('    o.push_str(" : ");');
      for (const rf of refFields(b).filter((f) => f.variant)) {
        const m = names.methods.get(byKey.get(`${rf.variant!.name}.${rf.field.name}`)!)!;
        const zero = rf.field.type.kind === 'bool' ? 'false' : '0';
        body.push(`    flag(o, panics(|| { let _ = w.${m.get}(); }));`, `    flag(o, panics(|| { let _ = w.${m.rawWith ?? m.with}(${zero}); }));`);
      }
      body.push("    o.push('\\n');", '}');
      const enums = refFields(b).filter((f) => f.field.type.kind === 'enum');
      if (enums.length) {
        enumBody.push('{', `    let w = ${literal(s.words)};`, `    o.push_str("enum ${b.qname} ");`, `    ${put('w')}`, '    o.push_str(" :");');
        for (const rf of enums) {
          const m = names.methods.get(byKey.get(`${rf.variant?.name ?? ''}.${rf.field.name}`)!)!;
          const e = enumType((rf.field.type as { decl: ir.Enum }).decl.qname);
          const show = e.signed ? 'signed(o, v as i64)' : 'hex(o, v as u64)';
          const read = refExhaustive(rf.field)
            ? `Ok(v) => { o.push(' '); let v = v as ${e.repr}; ${show}; }`
            : `Ok(Ok(v)) => { o.push(' '); let v = v as ${e.repr}; ${show}; }\n        Ok(Err(v)) => { o.push_str(" !"); ${show}; }`;
          enumBody.push(`    match catch_unwind(|| w.${m.get}()) {`, `        ${read}`, '        Err(_) => o.push_str(" P"),', '    }');
        }
        enumBody.push("    o.push('\\n');", '}');
      }
      enumBody.push('{', `    let w = ${literal(s.words)};`, '    write!(o, "debug {w:?}\\n").unwrap();', '}');
    }
    // Each unsigned field given a value beyond its range, on a word of its variant: the message.
    const ranged = refFields(b).filter((rf) => outOfRange(rf.field) !== null);
    if (ranged.length) {
      enumBody.push(`o.push_str("range ${b.qname} ");`);
      ranged.forEach((rf, k) => {
        const m = names.methods.get(byKey.get(`${rf.variant?.name ?? ''}.${rf.field.name}`)!)!;
        // A variant field: a word of its variant first, or the tag check would panic instead.
        const tm = rf.variant ? names.methods.get(plan.fields.find((f) => f.isTag)!)! : null;
        const tv = rf.variant ? rf.variant.when[0] : 0n;
        const tagLiteral = b.tag?.type.kind === 'bool' ? (tv ? 'true' : 'false') : tv < 0n ? `${tv}` : `0x${tv.toString(16)}`;
        const tagged = tm ? `.${tm.rawWith ?? tm.with}(${tagLiteral})` : '';
        const type = `u${rf.field.valueWidth <= 8 ? 8 : rf.field.valueWidth <= 16 ? 16 : rf.field.valueWidth <= 32 ? 32 : 64}`;
        enumBody.push(
          ...(k ? ['o.push_str(" | ");'] : []),
          `match catch_unwind(|| ${literal(Array.from({ length: b.words }, () => 0n))}${tagged}.${m.with}(0x${outOfRange(rf.field)!.toString(16)}_${type})) {`,
          '    Ok(_) => o.push_str("no panic"),',
          '    Err(e) => o.push_str(e.downcast_ref::<&str>().copied().unwrap_or("?")),',
          '}',
        );
      });
      enumBody.push("o.push('\\n');");
    }
    fns.push(`// ${b.qname}`, `fn run_${i}(o: &mut String) {`, ...body.map((l) => `    ${l}`), '}', '', `fn enums_${i}(o: &mut String) {`, ...enumBody.map((l) => `    ${l}`), '}', '');
    enumLines.push(`    enums_${i}(&mut o);`);
  });
  return [
    '// Toolchain test: constructors, validators, tag checks and enum accessors of the generated Rust (see tests/toolchains/whole.ts).',
    '#![allow(dead_code, unused_variables, clippy::all)]',
    ...rustModules(layout, crateDir),
    '',
    'use std::fmt::Write as _;',
    'use std::io::Write as _;',
    'use std::panic::catch_unwind;',
    '',
    ...RUST_PRINTERS,
    'fn flag(o: &mut String, v: bool) {',
    "    o.push(if v { '1' } else { '0' });",
    '}',
    '',
    '/// Whether `f` panics (a debug assertion).',
    'fn panics<F: FnOnce() + std::panic::UnwindSafe>(f: F) -> bool {',
    '    catch_unwind(f).is_err()',
    '}',
    '',
    ...fns,
    'fn main() {',
    '    // Assertions are expected: say nothing of them.',
    '    std::panic::set_hook(Box::new(|_| {}));',
    '    let mut o = String::new();',
    ...layout.bits.map((_, i) => `    run_${i}(&mut o);`),
    ...enumLines,
    '    std::io::stdout().write_all(o.as_bytes()).unwrap();',
    '}',
    '',
  ].join('\n');
}
