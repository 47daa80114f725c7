/**
 * Structs and unions as `#[repr(C)]` mirrors with the spec's layout, and the const assertions
 * that check it on the target.
 */
import type * as ir from '../../ir.js';
import type { DeclPlan, NamespacePlan } from '../common/numbers.js';
import { type Crate, rustType, typeRef } from './names.js';
import { render } from './templates.js';
import { constLines, docs, usize } from './text.js';
import { alignUp } from '../../util/align.js';

export function renderStruct(crate: Crate, ns: NamespacePlan, plan: DeclPlan, s: ir.Struct, asserts: string[]): string[] {
  const name = ns.typeNames.get(s.qname)!;
  const inner = crate.packedInner.get(s.qname) ?? null;
  const names = crate.members.get(s.qname)!;
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
    // A mirror holds the bytes as stored: a field of a bit layout with its own order says so.
    const orderNote = m.type.kind === 'bits' && m.type.decl.byteOrder && m.byteOrder !== (s.byteOrder ?? crate.layout.target.endian) ? [orderLine(m.type.decl.byteOrder)] : [];
    const notes = [...enumNote, ...orderNote];
    fields.push({ doc: docs(m.doc, '    ', ...(m.doc && notes.length ? [''] : []), ...notes), name: fieldName.get(m)!, type: rustType(crate, s, m.type) });
    end = m.offset + m.size;
  }
  const align = Math.max(natural, s.align);
  if (alignUp(end, align) < s.size) pad(s.size - end);
  const out: string[] = [];
  const path = (f: ir.Field): string => (inner ? `0.${fieldName.get(f)}` : fieldName.get(f)!);
  const orderNote = s.byteOrder === null ? [] : ['', s.byteOrder === 'runtime' ? RUNTIME_NOTE : orderLine(s.byteOrder)];
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

/** What a mirror of a fixed byte order means for its fields (Rust has no scalar_storage_order). */
function orderLine(order: ir.Endian): string {
  const e = order === 'big' ? 'be' : 'le';
  return `Stored ${order}-endian on every target: the fields hold the bytes as stored; convert each integer with \`from_${e}\` after reading and \`to_${e}\` before writing (a bit layout's word too).`;
}

const RUNTIME_NOTE =
  'byte_order(runtime): stored in the byte order its data gives; the fields hold the bytes as stored. In data of the other order, convert each integer with `swap_bytes` (a bit layout of its own order: `from_be`/`from_le`).';

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
