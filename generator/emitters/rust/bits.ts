/**
 * Bit layouts as `#[repr(transparent)]` newtypes over their word (or word array), with
 * `const fn` getters and `with_*`/`set_*` setters per field.
 */
import type * as ir from '../../ir.js';
import { enumExhaustive, type Expr, extract, inRange, insert, rangeText, storageBits, type Widths, zeroValid } from '../../lower/bits.js';
import { type DeclPlan, type FieldPlan, fieldItems, fieldSignature, type NamespacePlan } from '../common/numbers.js';
import { renderConstructor, renderDebug, renderValidate, tagPattern } from './bits-whole.js';
import { type BitsMethods, type Crate, typeRef } from './names.js';
import { render } from './templates.js';
import { constLines, docs, groupedHex, intType } from './text.js';
import { extend } from '../../util/objects.js';

function fieldValueType(f: ir.BitField): string {
  if (f.type.kind === 'bool') return 'bool';
  if (f.type.kind === 'enum') return intType(f.type.decl.storageBits, f.type.decl.signed);
  return intType(storageBits(f.valueWidth), f.signed);
}

function fieldTypeBits(f: ir.BitField): number {
  if (f.type.kind === 'bool') return 1;
  const t = fieldValueType(f);
  return Number(t.slice(1));
}

export function renderBits(crate: Crate, ns: NamespacePlan, plan: DeclPlan, b: ir.Bits): string[] {
  const layout = crate.layout;
  const name = ns.typeNames.get(b.qname)!;
  const word = `u${b.wordBits}`;
  const repr = b.words === 1 ? word : `[${word}; ${b.words}]`;
  const out: string[] = [];
  const summary = `${b.width} bits${b.words > 1 ? `: ${b.words} words of ${b.wordBits}, word 0 holds bits 0..${b.wordBits - 1}` : ''}.`;
  out.push(render('bits', { doc: docs(b.doc, '', '', summary), name, repr, default: zeroValid(b) }));
  const consts: string[] = [];
  const itemsOf = fieldItems(plan);
  for (const f of plan.fields) {
    const items = itemsOf(f);
    const sig = `${f.variant ? `${f.variant.name}: ` : ''}${f.isTag ? 'tag ' : ''}\`${fieldSignature(f.field)}\``;
    consts.push(
      ...constLines(items, layout, false, (it) => {
        const what = { word: 'word index', shift: 'lowest bit in its word', width: 'stored bits', mask: 'bits in its word', 'value-shift': 'low value bits not stored' }[
          it.role as 'word' | 'shift' | 'width' | 'mask' | 'value-shift'
        ];
        return `${sig}${it.subject.part !== undefined ? `, part ${it.subject.part}` : ''}: ${what ?? it.role}.`;
      }),
    );
  }
  // Reserved bits with a fixed value: what constructors write and `validate` checks.
  consts.push(...constLines(plan.items.filter((it) => it.subject.member === undefined), layout, true));
  if (consts.length) out.push(consts.join('\n'));
  const methods: string[] = [];
  const tagPlan = plan.fields.find((f) => f.isTag);
  for (const f of plan.fields) {
    const m = crate.methods.get(f)!;
    // A variant's accessors check, in debug builds, that the word is of their variant.
    const tagCheck = f.variant && tagPlan ? tagAssert(crate, b, tagPlan, f) : null;
    if (f.field.type.kind === 'enum' && m.rawGet && m.rawWith && m.rawSet) {
      methods.push(renderEnumMethods(crate, ns, f, m));
      methods.push(renderBitsMethods(b, f, m.rawGet, m.rawWith, m.rawSet, tagCheck, true));
    } else {
      methods.push(renderBitsMethods(b, f, m.get, m.with, m.set, tagCheck, false));
    }
  }
  const whole = crate.whole.get(b.qname)!;
  methods.push(...whole.constructors.map((c) => renderConstructor(crate, ns, plan, c)), ...renderValidate(crate, plan, whole));
  out.push(render('impl', { name, methods }));
  out.push(renderDebug(crate, plan, name));
  return out;
}

/** `debug_assert!(matches!(self.kind_raw(), 1 | 3), "...")`: the word is of the field's variant. */
function tagAssert(crate: Crate, b: ir.Bits, tagPlan: FieldPlan, f: FieldPlan): string {
  const m = crate.methods.get(tagPlan)!;
  const patterns = f.variant!.when.map((v) => tagPattern(b, v)).join(' | ');
  return `debug_assert!(matches!(self.${m.rawGet ?? m.get}(), ${patterns}), "${b.name}: ${f.field.name} is a field of variant ${f.variant!.name}");`;
}

/** An enum-typed field by its enum: `Result<E, raw>` where the bits may hold a value E lacks. */
function renderEnumMethods(crate: Crate, ns: NamespacePlan, f: FieldPlan, m: BitsMethods): string {
  if (f.field.type.kind !== 'enum') throw new Error(`internal error: ${f.field.name} is not of an enum type`);
  const e = f.field.type.decl;
  const type = typeRef(crate, ns.namespace, e.qname);
  const raw = intType(e.storageBits, e.signed);
  const exhaustive = enumExhaustive(f.facts, e);
  const sig = `\`${fieldSignature(f.field)}\``;
  const where = f.variant ? `Variant \`${f.variant.name}\`: ${sig}.` : `${sig}.`;
  const get = exhaustive
    ? [`match ${type}::from_raw(self.${m.rawGet}()) {`, '    Some(v) => v,', `    // Every value of the field's bits is a member of ${e.name}.`, '    None => unreachable!(),', '}']
    : [`let raw = self.${m.rawGet}();`, `match ${type}::from_raw(raw) {`, '    Some(v) => Ok(v),', '    None => Err(raw),', '}'];
  const note = exhaustive ? '' : ` Fails with the raw value where it is no member of \`${e.name}\`.`;
  return render('enumMethods', {
    doc: docs(f.field.doc, '    ', ...(f.field.doc ? [''] : []), `${where}${note}`),
    getter: m.get,
    returns: exhaustive ? type : `Result<${type}, ${raw}>`,
    get,
    wither: m.with,
    setter: m.set,
    type,
    field: f.field.name,
    // An enum without members has no values to take.
    withBody: e.members.length ? `self.${m.rawWith}(v as ${raw})` : 'match v {}',
  });
}

/** How Rust spells the lowering's expressions for one field: masks by their const names. */
function printer(b: ir.Bits, f: FieldPlan, type: string, ref: (k: number) => string, castValue: 'needed' | 'always'): (e: Expr) => string {
  const word = `u${b.wordBits}`;
  const print = (e: Expr): string => {
    switch (e.k) {
      case 'word':
        return ref(e.word);
      case 'value':
        return 'v';
      case 'partMask':
        return f.partNames[e.part].mask;
      case 'fieldBits': {
        if (b.words === 1 && f.mask) return f.mask;
        const masks = f.parts.flatMap((p, k) => (p.word === e.word ? [f.partNames[k].mask] : []));
        return masks.length === 1 ? masks[0] : `(${masks.join(' | ')})`;
      }
      case 'lit':
        return groupedHex(e.value);
      case 'and':
        return `(${print(e.a)} & ${print(e.b)})`;
      case 'or':
        return e.terms.map(print).join(' | ');
      case 'not':
        return `!${print(e.a)}`;
      case 'shl':
        return `(${print(e.a)} << ${e.n})`;
      case 'shr':
        return `(${print(e.a)} >> ${e.n})`;
      case 'add':
        return `${print(e.a)}.wrapping_add(${print(e.b)})`;
      case 'widen': {
        // Rust has no integer promotion: cast where the types differ (checks always cast `v`).
        const from = e.a.k === 'value' ? (castValue === 'always' ? '' : type) : word;
        return from === `u${e.bits}` ? print(e.a) : `(${print(e.a)} as u${e.bits})`;
      }
      case 'narrow':
        return e.from === e.bits ? print(e.a) : `${print(e.a)} as u${e.bits}`;
      case 'signExtend': {
        const sign = groupedHex(1n << BigInt(e.width - 1));
        return `(${print(e.a)} ^ ${sign}).wrapping_sub(${sign})`;
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

function renderBitsMethods(b: ir.Bits, f: FieldPlan, getter: string, wither: string, setter: string, tagCheck: string | null, raw: boolean): string {
  const field = f.field;
  const type = fieldValueType(field);
  // Rust has no integer promotion: compute in the word type unless the value is wider.
  const ws: Widths = { calc: storageBits(Math.max(b.wordBits, field.valueWidth)), type: fieldTypeBits(field) };
  const calc = `u${ws.calc}`;
  const word = `u${b.wordBits}`;
  const ref = (k: number): string => (b.words === 1 ? 'self.0' : `self.0[${k}]`);
  const print = printer(b, f, type, ref, 'needed');
  const sig = `\`${fieldSignature(field)}\``;
  const where = `${f.variant ? `Variant \`${f.variant.name}\`: ${sig}.` : `${sig}.`}${raw ? ' The raw value: any bit pattern.' : ''}`;
  const get: string[] = tagCheck ? [tagCheck] : [];
  const read = extract(f.facts, ws);
  if (read.k === 'nonZero') {
    get.push(print(read));
  } else {
    const raw = read.k === 'signExtend' ? read.a : read;
    const terms = raw.k === 'or' ? raw.terms.map(print) : [print(raw)];
    const bare = terms.map((t) => t.replace(/^\((.*)\)$/, (m, inner: string) => (balanced(inner) ? inner : m))).join(' | ');
    if (read.k === 'signExtend') {
      get.push(`let v = ${terms.length === 1 ? bare : terms.join(' | ')};`);
      get.push(`${printer(b, f, type, ref, 'needed')(extend(read, { a: { k: 'value' } }))} as ${type}`);
    } else if (terms.length === 1) {
      get.push(type === calc && word === calc ? bare : `${terms[0]} as ${type}`);
    } else {
      get.push(`let v = ${terms.join(' | ')};`);
      get.push(type === calc ? 'v' : `v as ${type}`);
    }
  }
  // Setter: range check, then clear and insert each part.
  const check = inRange(f.facts, ws);
  const set: string[] = tagCheck ? [tagCheck] : [];
  // The message says what TypeScript's FieldRangeError says: the type, the field and what it allows.
  if (check) set.push(`debug_assert!(${printer(b, f, type, ref, 'always')(check)}, "${b.name}.${field.name}: out of range (allowed: ${rangeText(f.facts.range)})");`);
  const writes = insert(b, f.facts, ws);
  if (b.words === 1) {
    set.push(`Self(${print(writes[0].expr)})`);
  } else {
    set.push('let mut w = self.0;');
    const inW = printer(b, f, type, (k) => `w[${k}]`, 'needed');
    for (const { word: wi, expr } of writes) set.push(`w[${wi}] = ${inW(expr)};`);
    set.push('Self(w)');
  }
  return render('bitsMethods', {
    doc: raw ? docs(where, '    ') : docs(field.doc, '    ', ...(field.doc ? [''] : []), where),
    getter,
    wither,
    setter,
    type,
    field: field.name,
    fits: field.type.kind === 'bool' ? '' : ' Debug builds check that `v` fits.',
    get,
    set,
  });
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
