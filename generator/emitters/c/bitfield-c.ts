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
import { escapeName } from '../../names.js';
import { extract, type Expr, inRange, insert, storageBits, type Widths } from '../../lower/bits.js';
import type { FieldPlan } from '../common/numbers.js';
import { cUnsigned } from '../common/c-literals.js';
import { render } from './templates.js';
import { extend } from '../../util/objects.js';

export interface CFieldNames {
  readonly get: string;
  readonly set: string;
}

/** How a field's value is typed in C. */
export function cValueType(field: ir.BitField): string {
  switch (field.type.kind) {
    case 'bool':
      return '_Bool';
    case 'enum':
      return field.type.decl.cName;
    default:
      return `${field.signed ? '' : 'u'}int${storageBits(field.valueWidth)}_t`;
  }
}

/** Bits of the value's C type (the enum's storage for enum-typed fields). */
function valueTypeBits(field: ir.BitField): number {
  if (field.type.kind === 'bool') return 1;
  if (field.type.kind === 'enum') return field.type.decl.storageBits;
  return storageBits(field.valueWidth);
}

/** `uint32_t`, or `uint64_t` when the word or the value needs 64 bits. */
function calcBits(bits: ir.Bits, field: ir.BitField): 32 | 64 {
  return Math.max(bits.wordBits, field.valueWidth) > 32 ? 64 : 32;
}

/**
 * Parameter names: `w` (the layout) and `v` (the value), unless a type they name has that
 * name (the escaping rule, escapeName, past the two type names; `v` past `w` too). Every
 * accessor has them: a scope of its own for each would cost more than the accessor.
 */
function params(bits: ir.Bits, field: ir.BitField): { w: string; v: string } {
  const type = cValueType(field);
  const w = escapeName('w', { has: (n) => n === bits.cName || n === type });
  return { w, v: escapeName('v', { has: (n) => n === bits.cName || n === type || n === w }) };
}

function wordRef(bits: ir.Bits, word: number, w = 'w'): string {
  return bits.words === 1 ? w : `${w}.w[${word}]`;
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

/** How C spells the lowering's expressions for one field: masks by their #define names. */
function printer(bits: ir.Bits, plan: FieldPlan, w: string, v: string): (e: Expr) => string {
  const print = (e: Expr): string => {
    switch (e.k) {
      case 'word':
        return wordRef(bits, e.word, w);
      case 'value':
        return v;
      case 'partMask':
        return plan.partNames[e.part].mask;
      case 'fieldBits': {
        // One word: the field's mask; in a multi-word layout, its parts' masks in that word.
        if (bits.words === 1 && plan.mask) return plan.mask;
        return plan.parts.flatMap((p, k) => (p.word === e.word ? [plan.partNames[k].mask] : [])).join(' | ');
      }
      case 'lit':
        return cUnsigned(e.value, e.bits);
      case 'and':
        return `(${print(e.a)} & ${print(e.b)})`;
      case 'or':
        return e.terms.map(print).join(' | ');
      case 'not': {
        const x = print(e.a);
        return /^\w+$/.test(x) ? `~${x}` : `~(${x})`;
      }
      case 'shl':
        return `(${print(e.a)} << ${e.n})`;
      case 'shr':
        return `(${print(e.a)} >> ${e.n})`;
      case 'add':
        return `(${print(e.a)} + ${print(e.b)})`;
      case 'widen': {
        // C promotes: a masked word already in the computation type needs no cast.
        if (e.a.k === 'value') return `(uint${e.bits}_t)${v}`;
        return e.bits === bits.wordBits ? print(e.a) : `(uint${e.bits}_t)${print(e.a)}`;
      }
      case 'narrow':
        return print(e.a);
      case 'signExtend': {
        const sign = cUnsigned(1n << BigInt(e.width - 1), e.bits);
        return `((${print(e.a)} ^ ${sign}) - ${sign})`;
      }
      case 'isZero':
        return `${print(e.a)} == 0`;
      case 'nonZero':
        return `${print(e.a)} != 0`;
      case 'all':
        return e.terms.map(print).join(' && ');
    }
  };
  return print;
}

function widths(bits: ir.Bits, field: ir.BitField): Widths {
  return { calc: calcBits(bits, field), type: valueTypeBits(field) };
}

/** The condition that the word `w` is of the field's variant, for a variant field of a tagged layout. */
export type TagCheck = ((w: string) => string) | null;

export function renderGetter(bits: ir.Bits, plan: FieldPlan, names: CFieldNames, doc: string, tagCheck: TagCheck = null): string {
  const field = plan.field;
  const type = cValueType(field);
  const calc = `uint${calcBits(bits, field)}_t`;
  const { w, v } = params(bits, field);
  const print = printer(bits, plan, w, v);
  const read = extract(plan.facts, widths(bits, field));
  const lines: string[] = tagCheck ? [`  CDL_ASSERT(${tagCheck(w)});`] : [];
  if (read.k === 'nonZero') {
    lines.push(`  return ${print(read)};`);
  } else {
    const raw = read.k === 'signExtend' ? read.a : read;
    const terms = raw.k === 'or' ? raw.terms.map(print) : [print(raw)];
    if (terms.length === 1 && read.k !== 'signExtend') {
      lines.push(`  return (${type})${group(terms[0])};`);
    } else {
      lines.push(joinTerms(`${calc} ${v} = `, terms, ';'));
      if (read.k === 'signExtend') {
        lines.push(`  return (${type})${print(extend(read, { a: { k: 'value' } }))}; /* sign-extends bit ${read.width - 1} */`);
      } else {
        lines.push(type === calc ? `  return ${v};` : `  return (${type})${v};`);
      }
    }
  }
  return render('accessor', { doc, returns: type, name: names.get, params: `${bits.cName} ${w}`, body: lines });
}

export function renderSetter(bits: ir.Bits, plan: FieldPlan, names: CFieldNames, doc: string, tagCheck: TagCheck = null): string {
  const field = plan.field;
  const type = cValueType(field);
  const { w, v } = params(bits, field);
  const print = printer(bits, plan, w, v);
  const ws = widths(bits, field);
  const lines: string[] = tagCheck ? [`CDL_ASSERT(${tagCheck(w)});`] : [];
  const check = inRange(plan.facts, ws);
  if (check) lines.push(`CDL_ASSERT(${print(check)});`);
  const writes = insert(bits, plan.facts, ws);
  const terms = (e: Expr): string[] => (e.k === 'or' ? e.terms.map(print) : [print(e)]);
  if (bits.words === 1) {
    lines.push(joinTerms(`return (${bits.cName})(`, terms(writes[0].expr), ');', '').trimStart());
  } else {
    for (const { word, expr } of writes) lines.push(joinTerms(`${wordRef(bits, word, w)} = `, terms(expr), ';', '').trimStart());
    lines.push(`return ${w};`);
  }
  const body = lines.map((l) => l.replace(/^/gm, '  '));
  return render('accessor', { doc, returns: bits.cName, name: names.set, params: `${bits.cName} ${w}, ${type} ${v}`, body });
}
