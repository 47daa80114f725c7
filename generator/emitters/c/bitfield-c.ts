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
import { storageBits, type FieldPart, type FieldPlan } from '../offsets/plan.js';
import { cUnsigned } from './literals.js';
import { render } from './templates.js';

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

/** Parameter names: `w` (the layout) and `v` (the value), unless a type has that name. */
function params(bits: ir.Bits, field: ir.BitField, layout: ir.Layout): { w: string; v: string } {
  const types = new Set([bits.cName, cValueType(field, layout)]);
  let w = 'w';
  let v = 'v';
  while (types.has(w)) w += '_';
  while (types.has(v) || v === w) v += '_';
  return { w, v };
}

function wordRef(bits: ir.Bits, word: number, w = 'w'): string {
  return bits.words === 1 ? w : `${w}.w[${word}]`;
}

/** The field's stored bits, moved to their value positions, in the calculation type. */
function rawTerms(bits: ir.Bits, plan: FieldPlan, w: string): string[] {
  const calc = `uint${calcBits(bits, plan.field)}_t`;
  const sameType = calc === wordType(bits);
  return plan.parts.map((p: FieldPart, k) => {
    const masked = `${wordRef(bits, p.word, w)} & ${plan.partNames[k].mask}`;
    const typed = sameType ? `(${masked})` : `(${calc})(${masked})`;
    return shifted(typed, p.valueBit - p.lo);
  });
}

/** Limit for one line of generated C before `|` terms go on lines of their own. */
const LINE = 100;

/** `head t0 | t1 | t2 tail`, or one term per line aligned under the first. */
export function joinTerms(head: string, terms: readonly string[], tail: string, indent = '  '): string {
  const one = `${indent}${head}${terms.join(' | ')}${tail}`;
  if (one.length <= LINE || terms.length === 1) return one;
  const pad = ' '.repeat(indent.length + head.length - 2);
  return `${indent}${head}${terms[0]}\n${terms.slice(1).map((t) => `${pad}| ${t}`).join('\n')}${tail}`;
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
  const calc = `uint${calcBits(bits, field)}_t`;
  const { w, v } = params(bits, field, layout);
  const terms = rawTerms(bits, plan, w);
  const lines: string[] = [];
  const signed = field.signed && field.valueWidth < valueTypeBits(field, layout);
  if (field.type.kind === 'bool') {
    lines.push(`  return (${wordRef(bits, plan.parts[0].word, w)} & ${plan.partNames[0].mask}) != 0;`);
  } else if (terms.length === 1 && !signed) {
    lines.push(`  return (${type})${group(terms[0])};`);
  } else {
    lines.push(joinTerms(`${calc} ${v} = `, terms, ';'));
    if (signed) {
      const sign = cUnsigned(1n << BigInt(field.valueWidth - 1), calcBits(bits, field));
      lines.push(`  return (${type})((${v} ^ ${sign}) - ${sign}); /* sign-extends bit ${field.valueWidth - 1} */`);
    } else {
      lines.push(type === calc ? `  return ${v};` : `  return (${type})${v};`);
    }
  }
  return render('accessor', { doc, returns: type, name: names.get, params: `${bits.cName} ${w}`, body: lines });
}

/** The CDL_ASSERT condition a setter checks, or null when every value of its type fits. */
function rangeCheck(bits: ir.Bits, field: ir.BitField, layout: ir.Layout): string | null {
  if (field.type.kind === 'bool') return null;
  const typeBits = valueTypeBits(field, layout);
  const calc = calcBits(bits, field);
  const { v } = params(bits, field, layout);
  const checks: string[] = [];
  if (field.signed) {
    if (field.valueWidth < typeBits) {
      const bias = cUnsigned(1n << BigInt(field.valueWidth - 1), calc);
      checks.push(`(((uint${calc}_t)${v} + ${bias}) >> ${field.valueWidth}) == 0`);
    }
    if (field.shift) checks.push(`((uint${calc}_t)${v} & ${cUnsigned((1n << BigInt(field.shift)) - 1n, calc)}) == 0`);
  } else {
    const valid = ((1n << BigInt(field.valueWidth)) - 1n) & ~((1n << BigInt(field.shift)) - 1n);
    const invalid = ((1n << BigInt(typeBits)) - 1n) & ~valid;
    if (invalid !== 0n) checks.push(`(${v} & ${cUnsigned(invalid, typeBits)}) == 0`);
  }
  return checks.length ? checks.join(' && ') : null;
}

export function renderSetter(bits: ir.Bits, plan: FieldPlan, names: CFieldNames, layout: ir.Layout, doc: string): string {
  const field = plan.field;
  const type = cValueType(field, layout);
  const calc = `uint${calcBits(bits, field)}_t`;
  const { w, v } = params(bits, field, layout);
  const lines: string[] = [];
  const check = rangeCheck(bits, field, layout);
  if (check) lines.push(`CDL_ASSERT(${check});`);
  const stored = (k: number): string => {
    const p = plan.parts[k];
    return `(${shifted(`(${calc})${v}`, p.lo - p.valueBit)} & ${plan.partNames[k].mask})`;
  };
  if (bits.words === 1) {
    const clear = plan.mask ?? plan.partNames.map((n) => n.mask).join(' | ');
    const clearExpr = plan.parts.length === 1 || plan.mask ? `~${clear}` : `~(${clear})`;
    const set = plan.parts.map((_, k) => stored(k));
    lines.push(joinTerms(`return (${bits.cName})(`, [`(${w} & ${clearExpr})`, ...set], ');', '').trimStart());
  } else {
    const words = [...new Set(plan.parts.map((p) => p.word))];
    for (const word of words) {
      const ks = plan.parts.flatMap((p, k) => (p.word === word ? [k] : []));
      const clear = ks.map((k) => plan.partNames[k].mask);
      const clearExpr = clear.length === 1 ? `~${clear[0]}` : `~(${clear.join(' | ')})`;
      const ref = wordRef(bits, word, w);
      lines.push(joinTerms(`${ref} = `, [`(${ref} & ${clearExpr})`, ...ks.map(stored)], ';', '').trimStart());
    }
    lines.push(`return ${w};`);
  }
  const body = lines.map((l) => l.replace(/^/gm, '  '));
  return render('accessor', { doc, returns: bits.cName, name: names.set, params: `${bits.cName} ${w}, ${type} ${v}`, body });
}
