/**
 * Static inline accessors for bit-layout fields, in the spirit of seL4's generated ones:
 *
 *     static inline uint32_t CapHeader_get_allocCount(CapHeader w);
 *     static inline CapHeader CapHeader_set_allocCount(CapHeader w, uint32_t v);
 *
 * Layouts are values (`w`), setters return the new value. Getters assemble split fields,
 * sign-extend signed ones and return shifted ones with their low bits zero. Setters mask:
 * bits of `v` beyond the field, and the low bits a shifted field does not store, are
 * dropped. They check nothing unless the includer defines `CDL_ASSERT(cond)` (seL4 asserts);
 * then `v` must fit the field and a shifted field's low bits must be zero.
 */
import type * as ir from '../../ir.js';
import { storageBits, type FieldPart, type FieldPlan } from './constants.js';
import { cUnsigned } from './literals.js';

export interface CFieldNames {
  readonly get: string;
  readonly set: string;
}

/** How a field's value is typed in C. */
export function cValueType(field: ir.BitField, layout: ir.Layout): string {
  switch (field.type.kind) {
    case 'bool':
      return '_Bool';
    case 'enum': {
      const e = layout.byName.get(field.type.qname);
      if (!e) throw new Error(`C accessors: ${field.type.qname} is not declared in this layout`);
      return e.cName;
    }
    default:
      return `${field.signed ? '' : 'u'}int${storageBits(field.valueWidth)}_t`;
  }
}

/** Bits of the value's C type (the enum's storage for enum-typed fields). */
function valueTypeBits(field: ir.BitField, layout: ir.Layout): number {
  if (field.type.kind === 'bool') return 1;
  if (field.type.kind === 'enum') {
    const e = layout.byName.get(field.type.qname);
    return e && e.kind === 'enum' ? e.storageBits : storageBits(field.valueWidth);
  }
  return storageBits(field.valueWidth);
}

/** `uint32_t`, or `uint64_t` when the word or the value needs 64 bits. */
function calcBits(bits: ir.Bits, field: ir.BitField): 32 | 64 {
  return Math.max(bits.wordBits, field.valueWidth) > 32 ? 64 : 32;
}

function wordType(bits: ir.Bits): string {
  return `uint${bits.wordBits}_t`;
}

/** `(x << n)`, `(x >> n)` or `x`. */
function shifted(expr: string, left: number): string {
  if (left === 0) return expr;
  return left > 0 ? `(${expr} << ${left})` : `(${expr} >> ${-left})`;
}

function wordRef(bits: ir.Bits, word: number): string {
  return bits.words === 1 ? 'w' : `w.w[${word}]`;
}

/** The field's stored bits, moved to their value positions, in the calculation type. */
function rawValue(bits: ir.Bits, plan: FieldPlan): string {
  const calc = `uint${calcBits(bits, plan.field)}_t`;
  const sameType = calc === wordType(bits);
  const terms = plan.parts.map((p: FieldPart, k) => {
    const masked = `${wordRef(bits, p.word)} & ${plan.partNames[k].mask}`;
    const typed = sameType ? `(${masked})` : `(${calc})(${masked})`;
    return shifted(typed, p.valueBit - p.lo);
  });
  return terms.join(' | ');
}

/** `(x)` unless `x` already is one parenthesized group. */
export function group(expr: string): string {
  if (expr.startsWith('(') && expr.endsWith(')')) {
    let depth = 0;
    for (let i = 0; i < expr.length; i++) {
      if (expr[i] === '(') depth++;
      else if (expr[i] === ')') depth--;
      if (depth === 0 && i < expr.length - 1) return `(${expr})`;
    }
    return expr;
  }
  return `(${expr})`;
}

export function renderGetter(bits: ir.Bits, plan: FieldPlan, names: CFieldNames, layout: ir.Layout, doc: string): string {
  const field = plan.field;
  const type = cValueType(field, layout);
  const raw = rawValue(bits, plan);
  let body: string;
  if (field.type.kind === 'bool') {
    body = `return (${wordRef(bits, plan.parts[0].word)} & ${plan.partNames[0].mask}) != 0;`;
  } else if (field.signed && field.valueWidth < valueTypeBits(field, layout)) {
    const sign = cUnsigned(1n << BigInt(field.valueWidth - 1), calcBits(bits, field));
    body = `return (${type})((${group(raw)} ^ ${sign}) - ${sign});`;
  } else {
    body = `return (${type})${group(raw)};`;
  }
  return `${doc}static inline ${type} ${names.get}(${bits.cName} w)\n{\n  ${body}\n}`;
}

/** The CDL_ASSERT condition a setter checks, or null when every value of its type fits. */
function rangeCheck(bits: ir.Bits, field: ir.BitField, layout: ir.Layout): string | null {
  if (field.type.kind === 'bool') return null;
  const typeBits = valueTypeBits(field, layout);
  const calc = calcBits(bits, field);
  const checks: string[] = [];
  if (field.signed) {
    if (field.valueWidth < typeBits) {
      const bias = cUnsigned(1n << BigInt(field.valueWidth - 1), calc);
      checks.push(`(((uint${calc}_t)v + ${bias}) >> ${field.valueWidth}) == 0`);
    }
    if (field.shift) checks.push(`((uint${calc}_t)v & ${cUnsigned((1n << BigInt(field.shift)) - 1n, calc)}) == 0`);
  } else {
    const valid = ((1n << BigInt(field.valueWidth)) - 1n) & ~((1n << BigInt(field.shift)) - 1n);
    const invalid = ((1n << BigInt(typeBits)) - 1n) & ~valid;
    if (invalid !== 0n) checks.push(`(v & ${cUnsigned(invalid, typeBits)}) == 0`);
  }
  return checks.length ? checks.join(' && ') : null;
}

export function renderSetter(bits: ir.Bits, plan: FieldPlan, names: CFieldNames, layout: ir.Layout, doc: string): string {
  const field = plan.field;
  const type = cValueType(field, layout);
  const calc = `uint${calcBits(bits, field)}_t`;
  const lines: string[] = [];
  const check = rangeCheck(bits, field, layout);
  if (check) lines.push(`CDL_ASSERT(${check});`);
  const stored = (k: number): string => {
    const p = plan.parts[k];
    return `(${shifted(`(${calc})v`, p.lo - p.valueBit)} & ${plan.partNames[k].mask})`;
  };
  if (bits.words === 1) {
    const clear = plan.mask ?? plan.partNames.map((n) => n.mask).join(' | ');
    const clearExpr = plan.parts.length === 1 || plan.mask ? `~${clear}` : `~(${clear})`;
    const set = plan.parts.map((_, k) => stored(k)).join(' | ');
    lines.push(`return (${bits.cName})((w & ${clearExpr}) | ${set});`);
  } else {
    const words = [...new Set(plan.parts.map((p) => p.word))];
    for (const word of words) {
      const ks = plan.parts.flatMap((p, k) => (p.word === word ? [k] : []));
      const clear = ks.map((k) => plan.partNames[k].mask);
      const clearExpr = clear.length === 1 ? `~${clear[0]}` : `~(${clear.join(' | ')})`;
      const ref = wordRef(bits, word);
      lines.push(`${ref} = (${ref} & ${clearExpr}) | ${ks.map(stored).join(' | ')};`);
    }
    lines.push('return w;');
  }
  return `${doc}static inline ${bits.cName} ${names.set}(${bits.cName} w, ${type} v)\n{\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;
}
