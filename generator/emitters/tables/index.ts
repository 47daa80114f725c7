/**
 * The decode-table emitter: `tables/<target>[.<config>].json`, the plain data that the
 * runtime's interpreter (runtime/tables.ts) decodes, encodes, validates and prints values
 * with, for tools that look at any target (an emulator, a debugger, `cdl decode`) without code
 * generated per type. Compact: one line per type, integers beyond 2^53 as hex strings.
 */
import type * as ir from '../../ir.js';
import type { MachineIndex } from '../../../runtime/machines.js';
import type { BitsTable, EnumTable, FieldTable, MemberTable, ReservedTable, StructTable, TableInt, TypeRef, TypeTable, UnionTable, ValueTables } from '../../../runtime/tables.js';
import { abiData, abisOf, type Data, DataObject, frameData, framesOf, pagingData, registerSetData, syscallTableData } from '../../lower/machine-data.js';
import { instructionSections } from '../../lower/instruction-data.js';
import { unreachable } from '../../util/unreachable.js';
import { renderedOnce } from '../context.js';
import { banner, layoutStem, type Emitter } from '../emitter.js';

export const tablesEmitter: Emitter = {
  name: 'tables',
  description: 'decode tables (enums, bit layouts, structs, unions) as JSON, one file per target and configuration, for runtime/tables.ts',
  *emit({ layouts, specs, context }) {
    const comment = banner(specs).join(' ');
    // A long-lived process keeps each file by the layout's shape: the tables hold no doc comment.
    const kept = context?.keptAcrossRuns<string>('tables') ?? new Map<string, string>();
    for (const layout of layouts) {
      yield { path: `tables/${layoutStem(layout)}.json`, contents: renderedOnce(kept, `${layout.shape}\n${comment}`, () => tablesText(valueTables(layout), comment)) };
    }
    yield { path: 'tables/index.json', contents: `${JSON.stringify({ $comment: comment, ...machineIndex(layouts) }, null, 2)}\n` };
  },
};

/** The tables of one layout: every enum, bit layout, struct and union, by qualified name, in spec order. */
export function valueTables(layout: ir.Layout): ValueTables & { readonly machine: DataObject } {
  const types: Record<string, TypeTable> = {};
  for (const e of layout.enums) types[e.qname] = enumTable(e);
  for (const b of layout.bits) types[b.qname] = bitsTable(b);
  for (const st of layout.structs) types[st.qname] = structTable(st);
  for (const u of layout.unions) types[u.qname] = unionTable(u);
  return {
    format: 'cdl-tables 1',
    target: layout.target.name,
    config: layout.config,
    littleEndian: layout.target.endian === 'little',
    wordBits: layout.target.wordBits,
    pointerBytes: layout.target.pointerBits / 8,
    elfMachine: layout.target.elfMachine,
    types,
    machine: machineData(layout),
  };
}

/**
 * The target's machine (lower/machine-data.ts, as the TypeScript modules hold it): register
 * sets, trap frames and ABIs by qualified name, per ABI the calls of every table on it,
 * merged by number (numbers are unique on an ABI across tables), and the paging schemes, the
 * default (the first declared) first.
 */
function machineData(layout: ir.Layout): DataObject {
  const m = layout.machine;
  const frames = framesOf(layout);
  const calls = (a: ir.SyscallAbi): DataObject => {
    const entries = m.syscallTables.filter((t) => abisOf(t, layout).includes(a)).flatMap((t) => syscallTableData(t, a, layout).entries);
    return new DataObject(...[...entries].sort(([x], [y]) => Number(x) - Number(y)));
  };
  const byName = <T extends { qname: string }>(list: readonly T[], data: (x: T) => Data) => new DataObject(...list.map((x) => [x.qname, data(x)] as const));
  return new DataObject(
    ['registers', byName(m.registerSets, (r) => registerSetData(r, layout))],
    ['frames', byName(frames, (f) => frameData(f, layout))],
    ['abis', byName(m.abis, (a) => abiData(a, layout))],
    ['syscalls', byName(m.abis, calls)],
    ['paging', byName(m.paging, pagingData)],
    // Only a target with instruction sets has these, so that the others' tables do not change.
    ...instructionSections(layout),
  );
}

/**
 * `tables/index.json`: each target and configuration's tables file, with what picks it out of
 * an ELF header (runtime/machines.ts), so that a tool loads the one machine it needs.
 */
export function machineIndex(layouts: readonly ir.Layout[]): MachineIndex {
  return {
    format: 'cdl-machines 1',
    machines: layouts.map((l) => ({
      target: l.target.name,
      config: l.config,
      file: `${layoutStem(l)}.json`,
      elf: l.target.elfMachine === null ? null : { machine: l.target.elfMachine, class: l.target.pointerBits, littleEndian: l.target.endian === 'little' },
    })),
  };
}

/**
 * JSON with one type a line, and one register set, frame, ABI or ABI's calls a line: small to
 * load, and a diff shows what changed.
 */
export function tablesText(t: ValueTables & { readonly machine: DataObject }, comment: string): string {
  const { types: _, machine, ...header } = t;
  const head = JSON.stringify({ $comment: comment, ...header });
  const lines = (indent: string, entries: readonly (readonly [string, unknown])[]) => entries.map(([k, v]) => `${indent}${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
  const sections = machine.entries.map(([k, v]) => `    ${JSON.stringify(k)}: {\n${lines('      ', (v as DataObject).entries)}\n    }`);
  return `${head.slice(0, -1)},\n  "types": {\n${lines('    ', Object.entries(t.types))}\n  },\n  "machine": {\n${sections.join(',\n')}\n  }\n}\n`;
}

function int(v: bigint): TableInt {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

function enumTable(e: ir.Enum): EnumTable {
  return { kind: 'enum', name: e.name, bits: e.width, signed: e.signed, storageBits: e.storageBits, members: e.members.map((m) => [m.name, int(m.value)] as const) };
}

function field(f: ir.BitField): FieldTable {
  const type = f.type.kind === 'enum' ? f.type.decl.qname : f.type.kind === 'bool' ? 'bool' : 'int';
  return { name: f.name, ranges: f.ranges.map((r) => [r.lo, r.hi] as const), shift: f.shift, signed: f.signed, type };
}

function reserved(r: ir.ReservedBits): ReservedTable {
  return [r.range.lo, r.range.hi, r.value === null ? null : int(r.value)];
}

/** A bit layout's decode table: the tables' `types` entry, and what each of `cdl doc`'s decoders runs on. */
export function bitsTable(b: ir.Bits): BitsTable {
  return {
    kind: 'bits',
    name: b.name,
    width: b.width,
    wordBits: b.wordBits,
    words: b.words,
    fields: b.fields.map(field),
    reserved: b.reserved.map(reserved),
    tag: b.tag ? field(b.tag) : null,
    variants: b.variants.map((v) => ({ name: v.name, when: v.when.map(int), fields: v.fields.map(field), reserved: v.reserved.map(reserved) })),
    // Only where stated, so that tables without byte orders stay as they were.
    ...(b.byteOrder ? { byteOrder: b.byteOrder } : {}),
  };
}

/** What a member holds, as the tables name it. */
function typeRef(t: ir.Type): TypeRef {
  switch (t.kind) {
    case 'int':
      return `${t.signed ? 'i' : 'u'}${t.bits}`;
    case 'bool':
      return 'bool';
    case 'pointer':
      return 'ptr';
    case 'enum':
    case 'bits':
    case 'struct':
    case 'union':
      return t.qname;
    case 'array':
      return { array: typeRef(t.element), length: t.length, stride: t.element.size };
    default:
      return unreachable(t);
  }
}

function structTable(st: ir.Struct): StructTable {
  const fields = st.fields.map((f): MemberTable => ({ name: f.name, offset: f.offset, size: f.size, type: typeRef(f.type), ...(f.selector ? { selector: f.selector.path } : {}) }));
  return { kind: 'struct', name: st.name, size: st.size, align: st.align, fields, ...(st.byteOrder ? { byteOrder: st.byteOrder } : {}) };
}

function unionTable(u: ir.Union): UnionTable {
  return {
    kind: 'union',
    name: u.name,
    size: u.size,
    align: u.align,
    discriminant: u.discriminant,
    members: u.members.map((m) => ({ name: m.name, offset: 0, size: m.size, type: typeRef(m.type), when: m.when.map(int) })),
  };
}
