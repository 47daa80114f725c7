/**
 * Bit layouts as `#[repr(transparent)]` newtypes over their word (or word array), with
 * `const fn` getters and `with_*`/`set_*` setters per field.
 */
import type * as ir from '../../ir.js';
import { type DeclPlan, type FieldPlan, fieldSignature, type NamespacePlan, storageBits } from '../offsets/plan.js';
import type { Crate } from './names.js';
import { render } from './templates.js';
import { constLines, docs, groupedHex, intType } from './text.js';

function fieldValueType(layout: ir.Layout, f: ir.BitField): string {
  if (f.type.kind === 'bool') return 'bool';
  if (f.type.kind === 'enum') {
    const e = layout.byName.get(f.type.qname);
    if (e && e.kind === 'enum') return intType(e.storageBits, e.signed);
  }
  return intType(storageBits(f.valueWidth), f.signed);
}

function fieldTypeBits(layout: ir.Layout, f: ir.BitField): number {
  if (f.type.kind === 'bool') return 1;
  const t = fieldValueType(layout, f);
  return Number(t.slice(1));
}

export function renderBits(crate: Crate, ns: NamespacePlan, plan: DeclPlan, b: ir.Bits): string[] {
  const layout = crate.layout;
  const name = ns.typeNames.get(b.qname)!;
  const word = `u${b.wordBits}`;
  const repr = b.words === 1 ? word : `[${word}; ${b.words}]`;
  const out: string[] = [];
  const summary = `${b.width} bits${b.words > 1 ? `: ${b.words} words of ${b.wordBits}, word 0 holds bits 0..${b.wordBits - 1}` : ''}.`;
  out.push(render('bits', { doc: docs(b.doc, '', '', summary), name, repr }));
  const consts: string[] = [];
  for (const f of plan.fields) {
    const items = plan.items.filter((it) => it.subject.member === f.field.name && it.subject.variant === f.variant?.name);
    const sig = `${f.variant ? `${f.variant.name}: ` : ''}${f.isTag ? 'tag ' : ''}\`${fieldSignature(f.field, layout)}\``;
    consts.push(
      ...constLines(items, layout, false, (it) => {
        const what = { word: 'word index', shift: 'lowest bit in its word', width: 'stored bits', mask: 'bits in its word', 'value-shift': 'low value bits not stored' }[
          it.role as 'word' | 'shift' | 'width' | 'mask' | 'value-shift'
        ];
        return `${sig}${it.subject.part !== undefined ? `, part ${it.subject.part}` : ''}: ${what ?? it.role}.`;
      }),
    );
  }
  if (consts.length) out.push(consts.join('\n'));
  const methods: string[] = [];
  for (const f of plan.fields) {
    const m = crate.methods.get(f)!;
    methods.push(renderBitsMethods(layout, b, f, m.get, m.with, m.set));
  }
  if (methods.length) out.push(render('impl', { name, methods }));
  return out;
}

function renderBitsMethods(layout: ir.Layout, b: ir.Bits, f: FieldPlan, getter: string, wither: string, setter: string): string {
  const field = f.field;
  const type = fieldValueType(layout, field);
  // Rust has no integer promotion: compute in the word type unless the value is wider.
  const calcBits = storageBits(Math.max(b.wordBits, field.valueWidth));
  const calc = `u${calcBits}`;
  const word = `u${b.wordBits}`;
  const ref = (k: number): string => (b.words === 1 ? 'self.0' : `self.0[${k}]`);
  const terms = f.parts.map((p, k) => {
    const masked = `(${ref(p.word)} & ${f.partNames[k].mask})`;
    const typed = word === calc ? masked : `(${masked} as ${calc})`;
    const left = p.valueBit - p.lo;
    return left === 0 ? typed : left > 0 ? `(${typed} << ${left})` : `(${typed} >> ${-left})`;
  });
  const sig = `\`${fieldSignature(field, layout)}\``;
  const where = f.variant ? `Variant \`${f.variant.name}\`: ${sig}.` : `${sig}.`;
  const get: string[] = [];
  const signed = field.signed && field.valueWidth < fieldTypeBits(layout, field);
  if (field.type.kind === 'bool') {
    get.push(`(${ref(f.parts[0].word)} & ${f.partNames[0].mask}) != 0`);
  } else {
    const raw = terms.map((t) => t.replace(/^\((.*)\)$/, (m, inner: string) => (balanced(inner) ? inner : m))).join(' | ');
    if (signed) {
      const sign = groupedHex(1n << BigInt(field.valueWidth - 1));
      get.push(`let v = ${terms.length === 1 ? raw : terms.join(' | ')};`);
      get.push(`(v ^ ${sign}).wrapping_sub(${sign}) as ${type}`);
    } else if (terms.length === 1) {
      get.push(type === calc && word === calc ? raw : `${terms[0]} as ${type}`);
    } else {
      get.push(`let v = ${terms.join(' | ')};`);
      get.push(type === calc ? 'v' : `v as ${type}`);
    }
  }
  // Setter: range check, then clear and insert each part.
  const checks: string[] = [];
  const typeBits = fieldTypeBits(layout, field);
  if (field.type.kind !== 'bool') {
    if (field.signed) {
      if (field.valueWidth < typeBits) checks.push(`((v as ${calc}).wrapping_add(${groupedHex(1n << BigInt(field.valueWidth - 1))}) >> ${field.valueWidth}) == 0`);
      if (field.shift) checks.push(`((v as ${calc}) & ${groupedHex((1n << BigInt(field.shift)) - 1n)}) == 0`);
    } else {
      const valid = ((1n << BigInt(field.valueWidth)) - 1n) & ~((1n << BigInt(field.shift)) - 1n);
      const invalid = ((1n << BigInt(typeBits)) - 1n) & ~valid;
      if (invalid !== 0n) checks.push(`(v & ${groupedHex(invalid)}) == 0`);
    }
  }
  const part = (k: number): string => {
    const p = f.parts[k];
    const left = p.lo - p.valueBit;
    const v = type === calc ? 'v' : `(v as ${calc})`;
    const moved = left === 0 ? v : left > 0 ? `(${v} << ${left})` : `(${v} >> ${-left})`;
    return calc === word ? `(${moved} & ${f.partNames[k].mask})` : `(${moved} as ${word} & ${f.partNames[k].mask})`;
  };
  const set: string[] = [];
  if (checks.length) set.push(`debug_assert!(${checks.join(' && ')});`);
  if (b.words === 1) {
    const clear = f.mask ?? `(${f.partNames.map((n) => n.mask).join(' | ')})`;
    set.push(`Self((self.0 & !${clear}) | ${f.parts.map((_, k) => part(k)).join(' | ')})`);
  } else {
    set.push('let mut w = self.0;');
    for (const wi of [...new Set(f.parts.map((p) => p.word))]) {
      const ks = f.parts.flatMap((p, k) => (p.word === wi ? [k] : []));
      const clear = ks.length === 1 ? f.partNames[ks[0]].mask : `(${ks.map((k) => f.partNames[k].mask).join(' | ')})`;
      set.push(`w[${wi}] = (w[${wi}] & !${clear}) | ${ks.map(part).join(' | ')};`);
    }
    set.push('Self(w)');
  }
  return render('bitsMethods', {
    doc: docs(field.doc, '    ', ...(field.doc ? [''] : []), where),
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
