/**
 * Machines in TypeScript: a target module (`ts/<target>/<ns>.ts`) holds, as plain data typed by
 * `runtime/syscalls.ts`, the namespace's register sets and syscall ABIs of that target, where
 * each of its trap frames holds which register (`EntryFrameRegisters`: offset and size in the
 * frame), and each of its syscall tables on each ABI of the target that has calls in it
 * (`Linux_LinuxX86_64`: indexed by number). `formatSyscall` in the runtime prints calls from
 * them.
 *
 * The literals are laid out here as prettier lays them out (`layout.ts` only indents them): on
 * one line when they fit, else one property or element a line; an array of more than one
 * object of more than one property is always broken, as prettier breaks it.
 */
import type * as ir from '../../ir.js';
import { paramsOn, typeOn } from '../../lower/syscalls.js';
import { PRINT_WIDTH } from './layout.js';
import type { ModuleWriter, NamespacePlan } from './module.js';
import { docComment } from './naming.js';

/** A literal: code as it is, an object (keys as written) or an array. */
type Lit = string | { readonly obj: readonly (readonly [string, Lit])[] } | { readonly arr: readonly Lit[] };

const obj = (...entries: (readonly [string, Lit] | null)[]): Lit => ({ obj: entries.filter((e): e is readonly [string, Lit] => e !== null) });
const arr = (items: readonly Lit[]): Lit => ({ arr: items });

/** A string literal as prettier prints it (single quotes unless that takes more escapes). */
function quoted(s: string): string {
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  if (s.includes("'") && !s.includes('"')) return `"${body}"`;
  return `'${body.replace(/'/g, "\\'")}'`;
}

function flat(l: Lit): string {
  if (typeof l === 'string') return l;
  if ('obj' in l) return l.obj.length ? `{ ${l.obj.map(([k, v]) => `${k}: ${flat(v)}`).join(', ')} }` : '{}';
  return `[${l.arr.map(flat).join(', ')}]`;
}

/** Whether prettier breaks it whatever the width: an array of objects (or arrays) of more than one entry, or anything holding one. */
function forced(l: Lit): boolean {
  if (typeof l === 'string') return false;
  if ('obj' in l) return l.obj.some(([, v]) => forced(v));
  const own = l.arr.length > 1 && (l.arr.every((e) => typeof e !== 'string' && 'obj' in e && e.obj.length > 1) || l.arr.every((e) => typeof e !== 'string' && 'arr' in e && e.arr.length > 1));
  return own || l.arr.some(forced);
}

/** Lines (unindented: `layoutCode` indents them) of `prefix literal suffix` at indentation `level`. */
function lines(l: Lit, level: number, prefix: string, suffix: string): string[] {
  const one = `${prefix}${flat(l)}${suffix}`;
  if (typeof l === 'string' || ((l as { obj?: unknown[] }).obj?.length === 0) || ((l as { arr?: unknown[] }).arr?.length === 0)) return [one];
  if (!forced(l) && 2 * level + one.length <= PRINT_WIDTH) return [one];
  if ('obj' in l) return [`${prefix}{`, ...l.obj.flatMap(([k, v]) => lines(v, level + 1, `${k}: `, ',')), `}${suffix}`];
  return [`${prefix}[`, ...l.arr.flatMap((v) => lines(v, level + 1, '', ',')), `]${suffix}`];
}

/** `export const name: Type = literal;` with its doc comment. */
function declaration(doc: string, name: string, type: string, value: Lit): string {
  return `${docComment(doc)}${lines(value, 0, `export const ${name}: ${type} = `, ';').join('\n')}`;
}

/** Key of a table on an ABI in {@link NamespacePlan}'s machine names. */
export const tableKey = (table: ir.SyscallTable, abi: ir.SyscallAbi): string => `${table.qname}@${abi.qname}`;

/** Every machine binding of each namespace, over all layouts, in a stable order: (key, preferred name). */
export function machineBindings(layouts: readonly ir.Layout[]): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  const seen = new Set<string>();
  const add = (ns: string, key: string, name: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    let list = out.get(ns);
    if (!list) out.set(ns, (list = []));
    list.push([key, name]);
  };
  for (const l of layouts) {
    for (const r of l.machine.registerSets) add(r.namespace, r.qname, r.name);
    for (const a of l.machine.abis) add(a.namespace, a.qname, a.name);
    for (const f of l.structs) if (f.frame?.target === l.target.name) add(f.namespace, frameKey(f), `${f.name}Registers`);
    for (const t of l.machine.syscallTables) for (const a of abisOf(t, l)) add(t.namespace, tableKey(t, a), `${t.name}_${a.name}`);
  }
  return out;
}

/** Key of a trap frame's register table in {@link NamespacePlan}'s machine names. */
const frameKey = (frame: ir.Struct): string => `${frame.qname}@frame`;

/** The ABIs of the layout's target on which the table has calls, in the layout's order. */
function abisOf(table: ir.SyscallTable, layout: ir.Layout): ir.SyscallAbi[] {
  return layout.machine.abis.filter((a) => table.calls.some((c) => c.numbers.some((n) => n.abi === a)));
}

/** Whether the namespace has machine data on the layout's target. */
export function hasMachine(layout: ir.Layout, ns: string): boolean {
  const m = layout.machine;
  return (
    m.registerSets.some((r) => r.namespace === ns) ||
    m.abis.some((a) => a.namespace === ns) ||
    layout.structs.some((s) => s.namespace === ns && s.frame?.target === layout.target.name) ||
    m.syscallTables.some((t) => t.namespace === ns && abisOf(t, layout).length > 0)
  );
}

/** The machine declarations of namespace `ns` on the layout's target, as blocks of its target module. */
export function renderMachine(layout: ir.Layout, ns: string, m: ModuleWriter, plan: NamespacePlan): string[] {
  const blocks: string[] = [];
  const name = (key: string) => plan.machineName(key);
  /** A register shown by its bit layout's fields: the fields, for `formatRegisters`. */
  const registerFields = (reg: ir.Register): [string, Lit][] => {
    const bits = reg.bitLayout === null ? undefined : layout.byName.get(reg.bitLayout);
    return bits?.kind === 'bits' ? [['fields', arr(flagFields(bits, m))]] : [];
  };
  for (const r of layout.machine.registerSets) {
    if (r.namespace !== ns) continue;
    const value = obj(
      ['name', quoted(r.name)],
      ['target', quoted(r.target)],
      ['pc', r.pc ? quoted(r.pc.name) : 'null'],
      ['sp', r.sp ? quoted(r.sp.name) : 'null'],
      [
        'registers',
        arr(
          r.registers.map((reg) =>
            obj(
              ['name', quoted(reg.name)],
              ['index', String(reg.index)],
              ['bits', String(reg.bits)],
              ['class', quoted(reg.class)],
              ['format', quoted(registerFormat(reg))],
              ...registerFields(reg),
              ['aliases', arr(reg.aliases.map(quoted))],
              ['subs', arr(reg.subs.map((s) => obj(['name', quoted(s.name)], ['lo', String(s.lo)], ['hi', String(s.hi)])))],
            ),
          ),
        ),
      ],
    );
    const doc = `${r.doc ?? `Register set \`${r.name}\`.`}\n\nThe registers of ${r.target} in order (\`index\`); where a trap frame holds them is in its own table.`;
    blocks.push(declaration(doc, name(r.qname), m.rt('RegisterSet', true), value));
  }
  for (const f of layout.structs) {
    // A frame of another target's registers is laid out here too, but holds none of them.
    if (f.namespace !== ns || f.frame?.target !== layout.target.name) continue;
    const slots = f.fields
      .filter((x) => x.holds !== null)
      .map((x) => obj(['register', quoted(x.holds!.name)], ['field', quoted(x.name)], ['offset', String(x.offset)], ['size', String(x.size)]));
    const value = obj(
      ['name', quoted(f.name)],
      ['registers', quoted(f.frame.name)],
      ['size', String(f.size)],
      ['littleEndian', String(layout.target.endian === 'little')],
      ['slots', arr(slots)],
    );
    const doc = `Where trap frame \`${f.name}\` (${f.size} bytes on ${layout.target.name}) holds registers of \`${f.frame.name}\`: offset and size of each, for \`frameRegisters\`.`;
    blocks.push(declaration(doc, name(frameKey(f)), m.rt('TrapFrame', true), value));
  }
  const wordBits = layout.target.wordBits;
  for (const a of layout.machine.abis) {
    if (a.namespace !== ns) continue;
    const error =
      a.error.kind === 'negative'
        ? obj(['kind', quoted('negative')], ['max', String(a.error.max)])
        : obj(['kind', quoted('flag')], ['register', quoted(a.error.register.name)], ['bit', a.error.bit === null ? 'null' : String(a.error.bit)]);
    const value = obj(
      ['name', quoted(a.name)],
      ['target', quoted(a.target)],
      ['registers', quoted(a.registers.name)],
      ['wordBits', String(wordBits)],
      ['trap', quoted(a.trap)],
      ['number', quoted(a.number.name)],
      ['args', arr(a.args.map((s) => (s.kind === 'register' ? quoted(s.register.name) : obj(['stack', String(s.offset)]))))],
      ['results', arr(a.results.map((r) => quoted(r.name)))],
      ['error', error],
      ['clobbers', arr(a.clobbers.map((r) => quoted(r.name)))],
      ['errno', a.errno ? m.ref(a.errno.qname) : 'null'],
    );
    const doc = `${a.doc ?? `Syscall ABI \`${a.name}\`.`}\n\nFor \`formatSyscall\`: arguments in the order of \`args\`.`;
    blocks.push(declaration(doc, name(a.qname), m.rt('SyscallAbi', true), value));
  }
  for (const t of layout.machine.syscallTables) {
    if (t.namespace !== ns) continue;
    for (const a of abisOf(t, layout)) {
      const calls = t.calls
        .flatMap((c) => c.numbers.filter((n) => n.abi === a).map((n) => [n.number, c] as const))
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
      const value = obj(
        ...calls.map(
          ([n, c]) =>
            [
              String(n),
              obj(
                ['name', quoted(c.name)],
                [
                  'params',
                  arr(paramsOn(a, c).map((p) => obj(['name', quoted(p.name)], ['type', typeLit(p.type, layout, m)], p.out ? ['out', 'true'] : null))),
                ],
                ['result', c.result ? typeLit(typeOn(a, c.result), layout, m) : 'null'],
              ),
            ] as const,
        ),
      );
      const doc = `${t.doc ? `${t.doc}\n\n` : ''}Syscall table \`${t.name}\` on ${a.name}, indexed by number (${calls.length} call${calls.length === 1 ? '' : 's'}).`;
      blocks.push(declaration(doc, name(tableKey(t, a)), m.rt('SyscallTable', true), value));
    }
  }
  return blocks;
}

/** How a parameter or result type prints, as the runtime's `SyscallType`. */
function typeLit(t: ir.SyscallType, layout: ir.Layout, m: ModuleWriter): Lit {
  switch (t.kind) {
    case 'int':
      return quoted(`${t.signed ? 'i' : 'u'}${t.bits}`);
    case 'word':
      return quoted(t.signed ? 'iword' : 'uword');
    case 'bool':
      return quoted('bool');
    case 'fd':
      return quoted('fd');
    case 'cstr':
      return quoted('cstr');
    case 'pointer':
      return t.pointee ? obj(['kind', quoted('ptr')], ['to', quoted(t.pointee)]) : quoted('ptr');
    case 'bytes':
      return obj(['kind', quoted('bytes')], ['length', String(t.length)]);
    case 'enum':
      return obj(['kind', quoted('enum')], ['name', quoted(t.decl.name)], ['members', m.ref(t.decl.qname)]);
    case 'flags': {
      const bits = layout.byName.get(t.bits);
      return obj(['kind', quoted('flags')], ['name', quoted(bits?.name ?? t.bits)], ['fields', arr(bits?.kind === 'bits' ? flagFields(bits, m) : [])]);
    }
  }
}

/**
 * A bit layout's fields as the runtime's `FlagField`s: those of one range and no shift (the
 * common part's; a flags word has no variants to choose), enum fields with their members.
 */
function flagFields(bits: ir.Bits, m: ModuleWriter): Lit[] {
  return bits.fields
    .filter((f) => f.ranges.length === 1 && f.shift === 0)
    .map((f) =>
      obj(['name', quoted(f.name)], ['lo', String(f.ranges[0].lo)], ['hi', String(f.ranges[0].hi)], f.type.kind === 'enum' ? ['enum', m.ref(f.type.decl.qname)] : null),
    );
}

/** How a debugger shows a register: by its bit layout's fields, as a float, or in hex. */
function registerFormat(reg: ir.Register): 'flags' | 'float' | 'hex' {
  if (reg.bitLayout !== null) return 'flags';
  return reg.class === 'float' && (reg.bits === 32 || reg.bits === 64) ? 'float' : 'hex';
}
