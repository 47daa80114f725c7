/**
 * The JSON layout emitter: `layout/<target>[.<config>].json`, the resolved layouts in the
 * schema documented in docs/layout-json.md (also what `cdl layout --json` prints). Integers that do
 * not fit a JSON number exactly (beyond 2^53) are written as decimal strings.
 */
import type * as ir from '../ir.js';
import { unreachable } from '../util/unreachable.js';
import { spellSyscallType } from './common/syscall-types.js';
import { renderedOnce } from './context.js';
import { banner, layoutStem, type Emitter } from './emitter.js';
import { extend } from '../util/objects.js';

export const layoutJsonEmitter: Emitter = {
  name: 'layout-json',
  description: 'resolved layouts as JSON, one file per target and configuration',
  *emit({ layouts, specs, context }) {
    const comment = banner(specs).join(' ');
    // A long-lived process keeps each file by the layout's shape: the JSON holds no doc comment.
    const kept = context?.keptAcrossRuns<string>('layout json') ?? new Map<string, string>();
    for (const layout of layouts) {
      yield {
        path: `layout/${layoutStem(layout)}.json`,
        contents: renderedOnce(kept, `${layout.shape}\n${comment}`, () => `${JSON.stringify({ $comment: comment, ...layoutToJson(layout) }, null, 2)}\n`),
      };
    }
  },
};

type DeclOf<K extends ir.Decl['kind']> = Extract<ir.Decl, { kind: K }>;

/**
 * Each kind of declaration: its section of the JSON and how one is written. Typed over every
 * kind, so a new kind does not compile until the schema has a place for it.
 */
const SECTIONS: { readonly [K in ir.Decl['kind']]: { readonly section: string; readonly json: (d: DeclOf<K>, t: ir.Target) => Record<string, unknown> } } = {
  const: { section: 'constants', json: (c) => ({ name: c.qname, c_name: c.cName, value: int(c.value) }) },
  enum: {
    section: 'enums',
    json: (e) => ({
      name: e.qname,
      c_name: e.cName,
      width: e.width,
      signed: e.signed,
      members: e.members.map((m) => ({ name: m.name, value: int(m.value) })),
    }),
  },
  bits: {
    section: 'bits',
    json: (b) => ({
      name: b.qname,
      c_name: b.cName,
      width: b.width,
      words: b.words,
      // Only where stated: a layout without one is stored in its holder's (the target's) order.
      ...(b.byteOrder ? { byte_order: b.byteOrder } : {}),
      fields: b.fields.map(bitField),
      reserved: b.reserved.map(reserved),
      ...(b.tag ? { tag: bitField(b.tag) } : {}),
      ...(b.variants.length
        ? {
            variants: b.variants.map((v) => ({
              name: v.name,
              when: v.when.map(int),
              fields: v.fields.map(bitField),
              reserved: v.reserved.map(reserved),
            })),
          }
        : {}),
    }),
  },
  struct: {
    section: 'structs',
    json: (s, t) => ({
      name: s.qname,
      c_name: s.cName,
      size: s.size,
      align: s.align,
      ...(s.imageEnd !== null ? { image_end: s.imageEnd } : {}),
      ...(s.frame ? { frame: s.frame.qname } : {}),
      ...(s.byteOrder ? { byte_order: s.byteOrder } : {}),
      fields: s.fields.map((f) => ({
        name: f.name,
        c_name: f.cName,
        offset: f.offset,
        size: f.size,
        type: typeName(f.type),
        ...(f.selector ? { selector: f.selector.path.join('.') } : {}),
        ...(f.holds ? { holds: f.holds.name } : {}),
        // Where its scalars are not in the target's order: big, little or runtime.
        ...(f.byteOrder !== t.endian ? { byte_order: f.byteOrder } : {}),
      })),
    }),
  },
  union: {
    section: 'unions',
    json: (u) => ({
      name: u.qname,
      c_name: u.cName,
      size: u.size,
      align: u.align,
      discriminant: u.discriminant,
      members: u.members.map((m) => ({ name: m.name, c_name: m.cName, size: m.size, type: typeName(m.type), when: m.when.map(int) })),
    }),
  },
};

export function layoutToJson(layout: ir.Layout): Record<string, unknown> {
  const t = layout.target;
  const out: Record<string, unknown> = {
    target: { name: t.name, endian: t.endian, word_bits: t.wordBits, pointer_bits: t.pointerBits },
    config: layout.config,
  };
  // Sections in the order of SECTIONS, with the type aliases after the structs (docs/layout-json.md).
  for (const kind of Object.keys(SECTIONS) as ir.Decl['kind'][]) {
    const { section, json } = SECTIONS[kind] as { section: string; json: (d: ir.Decl, t: ir.Target) => Record<string, unknown> };
    out[section] = layout.decls.filter((d) => d.kind === kind).map((d) => json(d, t));
    if (kind === 'struct') out.aliases = layout.aliases.map((a) => ({ name: a.qname, c_name: a.cName, type: typeName(a.type) }));
  }
  return extend(out, machineToJson(layout.machine));
}

/** The target's register sets and ABIs, and every syscall table with the numbers on those ABIs. */
function machineToJson(m: ir.Machine): Record<string, unknown> {
  const reg = (r: ir.Register): string => r.name;
  return {
    registers: m.registerSets.map((s) => ({
      name: s.qname,
      c_name: s.cName,
      target: s.target,
      pc: s.pc?.name ?? null,
      sp: s.sp?.name ?? null,
      registers: s.registers.map((r) => ({
        name: r.name,
        index: r.index,
        type: r.bitLayout ?? `u${r.bits}`,
        bits: r.bits,
        class: r.class,
        aliases: r.aliases,
        subs: r.subs.map((x) => ({ name: x.name, range: [x.lo, x.hi] })),
      })),
    })),
    abis: m.abis.map((a) => ({
      name: a.qname,
      c_name: a.cName,
      registers: a.registers.qname,
      trap: a.trap,
      number: reg(a.number),
      args: a.args.map((s) => (s.kind === 'register' ? reg(s.register) : { stack: s.offset })),
      results: a.results.map(reg),
      error: a.error.kind === 'negative' ? { negative: int(a.error.max) } : { flag: reg(a.error.register), bit: a.error.bit },
      clobbers: a.clobbers.map(reg),
      errno: a.errno?.qname ?? null,
      // `use X for Y`: the calls' type Y is X on this ABI.
      uses: Object.fromEntries(a.uses.map((u) => [u.generic.kind === 'enum' ? u.generic.decl.qname : u.generic.bits, u.specific.kind === 'enum' ? u.specific.decl.qname : u.specific.bits])),
    })),
    sysregs: m.sysregs.map((s) => ({
      name: s.qname,
      c_name: s.cName,
      target: s.target,
      space: s.space,
      registers: s.registers.map((r) => ({
        name: r.name,
        number: int(r.number),
        type: r.bits ?? `u${r.width}`,
        width: r.width,
        reset: r.reset === null ? null : int(r.reset),
        access: Object.fromEntries(r.access.map((a) => [a.field, a.access])),
      })),
    })),
    syscalls: m.syscallTables.map((t) => ({
      name: t.qname,
      c_name: t.cName,
      // A target's file lists the calls its ABIs number (a table is for every target).
      calls: t.calls.filter((c) => c.numbers.some((n) => m.abis.includes(n.abi))).map((c) => ({
        name: c.name,
        params: c.params.map((p) => ({ name: p.name, type: spellSyscallType(p.type, c), ...(p.out ? { out: true } : {}) })),
        result: c.result ? spellSyscallType(c.result, c) : 'noreturn',
        numbers: Object.fromEntries(c.numbers.filter((n) => m.abis.includes(n.abi)).map((n) => [n.abi.qname, int(n.number)])),
      })),
    })),
  };
}


function bitField(f: ir.BitField): Record<string, unknown> {
  return {
    name: f.name,
    ranges: f.ranges.map((r) => [r.lo, r.hi]),
    shift: f.shift,
    signed: f.signed,
    type: f.type.kind === 'enum' ? f.type.decl.qname : f.type.kind === 'bool' ? 'bool' : `${f.signed ? 'i' : 'u'}${f.valueWidth}`,
  };
}

function reserved(r: ir.ReservedBits): Record<string, unknown> {
  return { range: [r.range.lo, r.range.hi], value: r.value === null ? null : int(r.value) };
}

/** A type as a spec would spell it: `u64`, `usize`, `Capability[32]`, `ptr<Header>`. */
export function typeName(t: ir.Type): string {
  switch (t.kind) {
    case 'int':
      return t.spelling;
    case 'bool':
      return 'bool';
    case 'pointer':
      return t.pointee ? `ptr<${t.pointee.qname}>` : 'ptr';
    case 'array':
      return `${typeName(t.element)}[${t.length}]`;
    case 'enum':
    case 'bits':
    case 'struct':
    case 'union':
      return t.qname;
    default:
      return unreachable(t);
  }
}

function int(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}
