/**
 * A target's machine as plain data, in the shapes of runtime/syscalls.ts: each register set,
 * where each trap frame holds its registers, each syscall ABI, and each syscall table on each
 * ABI of the target, indexed by number. Computed once here; the TypeScript emitter prints it
 * as literals of the target modules, the tables emitter as JSON for runtime/machines.ts.
 *
 * Objects keep their keys in the order given ({@link DataObject}), so that both printings are
 * stable and read as the runtime's types declare them. An enum the data refers to (an ABI's
 * errno, an enum argument, an enum field of flags) is an {@link EnumRef}: TypeScript prints a
 * reference to the generated enum, JSON `{ "$enum": qname }`, which the runtime resolves
 * against the tables' enums.
 */
import type { PagingScheme } from '../../runtime/paging.js';
import type * as ir from '../ir.js';
import { paramsOn, typeOn } from './syscalls.js';

/** A value of the data: a string, number, boolean or null, an enum by name, an array or an object. */
export type Data = string | number | boolean | null | EnumRef | DataObject | readonly Data[];

/** An enum the data refers to, by qualified name. */
export class EnumRef {
  constructor(readonly qname: string) {}
  toJSON(): { $enum: string } {
    return { $enum: this.qname };
  }
}

/** An object whose keys keep the order given (a syscall table's numbers, ascending). */
export class DataObject {
  readonly entries: readonly (readonly [string, Data])[];
  /** Entries that are null are left out (an optional key not given). */
  constructor(...entries: (readonly [string, Data] | null)[]) {
    this.entries = entries.filter((e): e is readonly [string, Data] => e !== null);
  }
  toJSON(): Record<string, Data> {
    return Object.fromEntries(this.entries);
  }
}

const obj = (...entries: (readonly [string, Data] | null)[]) => new DataObject(...entries);

/** The ABIs of the layout's target on which the table has calls, in the layout's order. */
export function abisOf(table: ir.SyscallTable, layout: ir.Layout): ir.SyscallAbi[] {
  return layout.machine.abis.filter((a) => table.calls.some((c) => c.numbers.some((n) => n.abi === a)));
}

/** A struct that is a trap frame: the register set whose registers its fields hold. */
export type TrapFrame = ir.Struct & { readonly frame: ir.RegisterSet };

/** The trap frames laid out on the layout whose registers are its target's (a frame is laid out on every target, like any struct). */
export function framesOf(layout: ir.Layout): TrapFrame[] {
  return layout.structs.filter((f): f is TrapFrame => f.frame?.target === layout.target.name);
}

/** A register set: its registers in order, each with its display format (and fields). */
export function registerSetData(r: ir.RegisterSet, layout: ir.Layout): DataObject {
  const fields = (reg: ir.Register): readonly [string, Data] | null => {
    const bits = reg.bitLayout === null ? undefined : layout.byName.get(reg.bitLayout);
    return bits?.kind === 'bits' ? ['fields', flagFields(bits)] : null;
  };
  return obj(
    ['name', r.name],
    ['target', r.target],
    ['pc', r.pc ? r.pc.name : null],
    ['sp', r.sp ? r.sp.name : null],
    [
      'registers',
      r.registers.map((reg) =>
        obj(
          ['name', reg.name],
          ['index', reg.index],
          ['bits', reg.bits],
          ['class', reg.class],
          ['format', registerFormat(reg)],
          fields(reg),
          ['aliases', reg.aliases],
          ['subs', reg.subs.map((s) => obj(['name', s.name], ['lo', s.lo], ['hi', s.hi]))],
        ),
      ),
    ],
  );
}

/** How a debugger shows a register: by its bit layout's fields, as a float, or in hex. */
function registerFormat(reg: ir.Register): 'flags' | 'float' | 'hex' {
  if (reg.bitLayout !== null) return 'flags';
  return reg.class === 'float' && (reg.bits === 32 || reg.bits === 64) ? 'float' : 'hex';
}

/** Where a trap frame (a struct with `frame`) holds its registers, on the layout's target. */
export function frameData(f: TrapFrame, layout: ir.Layout): DataObject {
  const slots = f.fields.filter((x) => x.holds !== null).map((x) => obj(['register', x.holds!.name], ['field', x.name], ['offset', x.offset], ['size', x.size]));
  return obj(['name', f.name], ['registers', f.frame.name], ['size', f.size], ['littleEndian', layout.target.endian === 'little'], ['slots', slots]);
}

/** A syscall ABI, with the target's word size. */
export function abiData(a: ir.SyscallAbi, layout: ir.Layout): DataObject {
  const error =
    a.error.kind === 'negative'
      ? obj(['kind', 'negative'], ['max', Number(a.error.max)])
      : obj(['kind', 'flag'], ['register', a.error.register.name], ['bit', a.error.bit]);
  return obj(
    ['name', a.name],
    ['target', a.target],
    ['registers', a.registers.name],
    ['wordBits', layout.target.wordBits],
    ['trap', a.trap],
    ['number', a.number.name],
    ['args', a.args.map((s) => (s.kind === 'register' ? s.register.name : obj(['stack', s.offset])))],
    ['results', a.results.map((r) => r.name)],
    ['error', error],
    ['clobbers', a.clobbers.map((r) => r.name)],
    ['errno', a.errno ? new EnumRef(a.errno.qname) : null],
  );
}

/**
 * A paging scheme as the runtime's `PagingScheme` (runtime/paging.ts), typed by it: what a
 * walker or a table builder in the generator takes directly. The tables' and the TypeScript
 * modules' data ({@link pagingData}) is made from it, so the three agree.
 */
export function pagingTable(p: ir.PagingScheme): PagingScheme {
  const address = (a: ir.PagingAddress | null) => (a ? { field: a.field, shift: a.shift } : null);
  return {
    name: p.name,
    target: p.target,
    addressBits: p.addressBits,
    canonical: p.canonical,
    noncanonical: p.noncanonical,
    valid: p.valid,
    levels: p.levels.map((l) => ({ entry: l.entry, lo: l.lo, hi: l.hi, table: address(l.table), page: address(l.page), leafWhen: l.leafWhen })),
    rules: p.rules.map((r) => ({ effect: r.effect, accesses: r.accesses, modes: r.modes, field: r.field, scope: r.scope, unless: r.unless })),
    reserved: p.reserved.map((r) => ({ field: r.field, without: r.without })),
    fault: { type: p.fault.bits, fields: p.fault.fields.map((f) => ({ field: f.field, value: Number(f.value), when: f.when })) },
  };
}

/** The layout's target's paging schemes by qualified name, the default (the first declared) first. */
export function pagingTables(layout: ir.Layout): { readonly [qname: string]: PagingScheme } {
  return Object.fromEntries(layout.machine.paging.map((p) => [p.qname, pagingTable(p)]));
}

/** A paging scheme as data ({@link pagingTable}; its keys are names, so their order is kept). */
export function pagingData(p: ir.PagingScheme): DataObject {
  const data = (v: unknown): Data =>
    Array.isArray(v) ? v.map(data) : typeof v === 'object' && v !== null ? new DataObject(...Object.entries(v).map(([k, x]) => [k, data(x)] as const)) : (v as Data);
  return data(pagingTable(p)) as DataObject;
}

/** A syscall table's calls on one ABI, by number (ascending), with their types on that ABI. */
export function syscallTableData(t: ir.SyscallTable, a: ir.SyscallAbi, layout: ir.Layout): DataObject {
  const calls = t.calls
    .flatMap((c) => c.numbers.filter((n) => n.abi === a).map((n) => [n.number, c] as const))
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return obj(
    ...calls.map(
      ([n, c]) =>
        [
          String(n),
          obj(
            ['name', c.name],
            ['params', paramsOn(a, c).map((p) => obj(['name', p.name], ['type', syscallTypeData(p.type, layout)], p.out ? ['out', true] : null))],
            ['result', c.result ? syscallTypeData(typeOn(a, c.result), layout) : null],
          ),
        ] as const,
    ),
  );
}

/** How a parameter or result type prints, as the runtime's `SyscallType`. */
function syscallTypeData(t: ir.SyscallType, layout: ir.Layout): Data {
  switch (t.kind) {
    case 'int':
      return `${t.signed ? 'i' : 'u'}${t.bits}`;
    case 'word':
      return t.signed ? 'iword' : 'uword';
    case 'bool':
    case 'fd':
    case 'cstr':
      return t.kind;
    case 'pointer':
      return t.pointee ? obj(['kind', 'ptr'], ['to', t.pointee]) : 'ptr';
    case 'bytes':
      return obj(['kind', 'bytes'], ['length', t.length]);
    case 'enum':
      return obj(['kind', 'enum'], ['name', t.decl.name], ['members', new EnumRef(t.decl.qname)]);
    case 'flags': {
      const bits = layout.byName.get(t.bits);
      return obj(['kind', 'flags'], ['name', bits?.name ?? t.bits], ['fields', bits?.kind === 'bits' ? flagFields(bits) : []]);
    }
  }
}

/**
 * A bit layout's fields as the runtime's `FlagField`s: those of one range and no shift (the
 * common part's; a flags word has no variants to choose), enum fields with their members.
 */
function flagFields(bits: ir.Bits): DataObject[] {
  return bits.fields
    .filter((f) => f.ranges.length === 1 && f.shift === 0)
    .map((f) => obj(['name', f.name], ['lo', f.ranges[0].lo], ['hi', f.ranges[0].hi], f.type.kind === 'enum' ? ['enum', new EnumRef(f.type.decl.qname)] : null));
}
