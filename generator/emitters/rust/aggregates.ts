/**
 * Structs and unions as `#[repr(C)]` mirrors with the spec's layout, and the const assertions
 * that check it on the target.
 */
import type * as ir from '../../ir.js';
import type { DeclPlan, NamespacePlan } from '../common/numbers.js';
import { type Crate, type RustAccessor, rustType, typeRef } from './names.js';
import { render } from './templates.js';
import { constLines, docs, usize } from './text.js';
import { alignUp } from '../../util/align.js';
import { indexNames } from '../common/byte-order.js';

export function renderStruct(crate: Crate, ns: NamespacePlan, plan: DeclPlan, s: ir.Struct, asserts: string[]): string[] {
  const name = ns.typeNames.get(s.qname)!;
  const inner = crate.packedInner.get(s.qname) ?? null;
  const names = crate.members.get(s.qname)!;
  const accessors = crate.accessors.get(s.qname) ?? [];
  const fieldName = new Map(s.fields.map((f, i) => [f, names[i]]));
  const fields: { doc: string; name: string; type: string }[] = [];
  let pads = 0;
  let end = 0;
  let natural = 1;
  const pad = (size: number): void => {
    fields.push({ doc: '', name: `_pad${pads++}`, type: `[u8; ${size}]` });
    end += size;
  };
  for (const m of s.members) {
    if (m.kind === 'pad') {
      if (m.offset > end) pad(m.offset - end);
      pad(m.size);
      continue;
    }
    const align = s.packed ? 1 : m.type.align;
    natural = Math.max(natural, align);
    if (m.offset > alignUp(end, align)) pad(m.offset - end);
    const enumNote = m.type.kind === 'enum' ? [`A [\`${typeRef(crate, ns.namespace, m.type.qname)}\`] value.`] : [];
    // A mirror holds the bytes as stored: a field of a bit layout with its own order, in a
    // struct of the target's order, names the methods that convert it.
    const access = s.byteOrder === null ? accessors.find((a) => a.field === m) : undefined;
    const orderNote = access ? [`Stored ${access.order}-endian on every target: read and write it through [\`Self::${access.get}\`] and [\`Self::${access.set}\`].`] : [];
    const notes = [...enumNote, ...orderNote];
    fields.push({ doc: docs(m.doc, '    ', ...(m.doc && notes.length ? [''] : []), ...notes), name: fieldName.get(m)!, type: rustType(crate, s, m.type) });
    end = m.offset + m.size;
  }
  const align = Math.max(natural, s.align);
  if (alignUp(end, align) < s.size) pad(s.size - end);
  const out: string[] = [];
  const path = (f: ir.Field): string => (inner ? `0.${fieldName.get(f)}` : fieldName.get(f)!);
  const orderNote = s.byteOrder === null ? [] : ['', orderLine(s.byteOrder)];
  const structDoc = (...extra: string[]) => docs(s.doc, '', ...extra, ...orderNote);
  if (inner) {
    out.push(
      render('aggregate', { doc: `/// The fields of [\`${name}\`], packed.\n`, repr: 'C, packed', kind: 'struct', name: inner, fields }),
      render('wrapper', { doc: structDoc(...(s.doc ? [''] : []), `Packed, aligned to ${s.align}: the fields are in [\`${inner}\`].`), align: s.align, name, inner }),
    );
  } else {
    const repr = ['C', ...(s.packed ? ['packed'] : []), ...(s.align > natural && !s.packed ? [`align(${s.align})`] : [])];
    out.push(render('aggregate', { doc: structDoc(), repr: repr.join(', '), kind: 'struct', name, fields }));
  }
  if (accessors.length) out.push(render('impl', { name, methods: accessors.flatMap((a) => renderAccessors(crate, s, a, inner ? 'self.0' : 'self')) }));
  out.push(constLines(plan.items, crate.layout, false).join('\n'));
  const item = (role: string): string => usize(plan.items.find((it) => it.role === role)!);
  asserts.push(`assert!(size_of::<${name}>() == ${item('size')});`, `assert!(align_of::<${name}>() == ${item('align')});`);
  for (const it of plan.items) {
    if (it.role !== 'offset') continue;
    const f = s.fields.find((x) => x.name === it.subject.member)!;
    asserts.push(`assert!(offset_of!(${name}, ${path(f)}) == ${usize(it)});`);
  }
  return out;
}

/** What a mirror of a stated byte order means for its fields (Rust has no scalar_storage_order). */
function orderLine(order: ir.ByteOrder): string {
  return order === 'runtime'
    ? 'byte_order(runtime): stored in the byte order its data gives. The fields hold the bytes as stored: read and write them through the methods, which take that order and convert.'
    : `Stored ${order}-endian on every target. The fields hold the bytes as stored: read and write them through the methods, which convert (on every target, so that code using them is the same everywhere).`;
}

/**
 * A field's getter and setter, converting between the target's order and the one it is stored
 * in (`from_be`/`to_be`, or `swap_bytes` unless the given order is the CPU's). The fields keep
 * their integer types, and so the struct its alignment. An array's element is read by index.
 */
function renderAccessors(crate: Crate, s: ir.Struct, a: RustAccessor, self: string): string[] {
  const indices = indexNames(a.dims.length);
  const place = `${self}.${crate.members.get(s.qname)![s.fields.indexOf(a.field)]}${indices.map((i) => `[${i}]`).join('')}`;
  // A byte has no order: its accessors take none, and only say what they read.
  const byte = a.element.size === 1;
  const runtime = a.order === 'runtime' && !byte;
  const params = [...(runtime ? [`order: ${crate.byteOrders.get(s.namespace)}`] : []), ...indices.map((i) => `${i}: usize`)];
  const type = rustType(crate, s, a.element);
  const { get, set } = conversions(crate, s, a);
  const where = `\`${a.field.name}${indices.map((i) => `[${i}]`).join('')}\``;
  const stored = byte ? '' : runtime ? ', in data of byte order `order`' : `, stored ${a.order}-endian`;
  return [
    render('method', { head: `    /// ${where}${stored}.\n    #[inline]\n`, name: a.get, params: ['&self', ...params].join(', '), returns: type, body: [get(place)] }),
    render('method', { head: `    /// Sets ${where} to \`v\`${stored}.\n    #[inline]\n`, name: a.set, params: ['&mut self', ...params, `v: ${type}`].join(', '), returns: '', body: [`${place} = ${set('v')};`] }),
  ];
}

/** How a field's scalar is read from its place and stored from a value. */
function conversions(crate: Crate, s: ir.Struct, a: RustAccessor): { get: (place: string) => string; set: (value: string) => string } {
  const t = a.element;
  if (t.kind === 'bits') {
    // A bit layout has an order of its own, never runtime: its newtype over converted words.
    const bits = typeRef(crate, s.namespace, t.qname);
    const e = a.order === 'big' ? 'be' : 'le';
    const word = `u${t.decl.wordBits}`;
    const words = (w: (i: string) => string): string => (t.decl.words === 1 ? w('') : `[${Array.from({ length: t.decl.words }, (_, i) => w(`[${i}]`)).join(', ')}]`);
    return { get: (p) => `${bits}(${words((i) => `${word}::from_${e}(${p}.0${i})`)})`, set: (v) => `${bits}(${words((i) => `${v}.0${i}.to_${e}()`)})` };
  }
  if (t.size === 1) return { get: (p) => p, set: (v) => v };
  if (a.order === 'runtime') {
    const swap = (x: string): string => `if order.is_native() { ${x} } else { ${x}.swap_bytes() }`;
    return { get: swap, set: swap };
  }
  const e = a.order === 'big' ? 'be' : 'le';
  const int = rustType(crate, s, t, false);
  return { get: (p) => `${int}::from_${e}(${p})`, set: (v) => `${v}.to_${e}()` };
}

export function renderUnion(crate: Crate, ns: NamespacePlan, plan: DeclPlan, u: ir.Union, asserts: string[]): string[] {
  const name = ns.typeNames.get(u.qname)!;
  const names = crate.members.get(u.qname)!;
  const natural = Math.max(1, ...u.members.map((m) => m.type.align));
  const fields = u.members.map((m, i) => {
    const when = m.when.length ? [`Live when the discriminant is ${m.when.join(', ')}.`] : [];
    return { doc: docs(m.doc, '    ', ...(m.doc && when.length ? [''] : []), ...when), name: names[i], type: rustType(crate, u, m.type) };
  });
  const repr = ['C', ...(u.align > natural ? [`align(${u.align})`] : [])];
  const out = [
    render('aggregate', { doc: docs(u.doc), repr: repr.join(', '), kind: 'union', name, fields }),
    constLines(plan.items, crate.layout, false).join('\n'),
  ];
  const item = (role: string): string => usize(plan.items.find((it) => it.role === role)!);
  asserts.push(`assert!(size_of::<${name}>() == ${item('size')});`, `assert!(align_of::<${name}>() == ${item('align')});`);
  return out;
}
