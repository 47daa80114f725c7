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
import { abiData, abisOf, type Data, DataObject, EnumRef, frameData, framesOf, registerSetData, syscallTableData, type TrapFrame } from '../../lower/machine-data.js';
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
    for (const f of framesOf(l)) add(f.namespace, frameKey(f), `${f.name}Registers`);
    for (const t of l.machine.syscallTables) for (const a of abisOf(t, l)) add(t.namespace, tableKey(t, a), `${t.name}_${a.name}`);
  }
  return out;
}

/** Key of a trap frame's register table in {@link NamespacePlan}'s machine names. */
const frameKey = (frame: ir.Struct): string => `${frame.qname}@frame`;

/** Whether the namespace has machine data on the layout's target; `frames`: the layout's. */
export function hasMachine(layout: ir.Layout, ns: string, frames: readonly TrapFrame[] = framesOf(layout)): boolean {
  const m = layout.machine;
  return (
    m.registerSets.some((r) => r.namespace === ns) ||
    m.abis.some((a) => a.namespace === ns) ||
    frames.some((s) => s.namespace === ns) ||
    m.syscallTables.some((t) => t.namespace === ns && abisOf(t, layout).length > 0)
  );
}

/** The machine declarations of namespace `ns` on the layout's target, as blocks of its target module. */
export function renderMachine(layout: ir.Layout, ns: string, m: ModuleWriter, plan: NamespacePlan, frames: readonly TrapFrame[] = framesOf(layout)): string[] {
  const blocks: string[] = [];
  const name = (key: string) => plan.machineName(key);
  const print = (doc: string, key: string, type: string, value: Data) => blocks.push(declaration(doc, name(key), m.rt(type, true), lit(value, m)));
  for (const r of layout.machine.registerSets) {
    if (r.namespace !== ns) continue;
    const doc = `${r.doc ?? `Register set \`${r.name}\`.`}\n\nThe registers of ${r.target} in order (\`index\`); where a trap frame holds them is in its own table.`;
    print(doc, r.qname, 'RegisterSet', registerSetData(r, layout));
  }
  // A frame of another target's registers is laid out here too, but holds none of them.
  for (const f of frames) {
    if (f.namespace !== ns) continue;
    const doc = `Where trap frame \`${f.name}\` (${f.size} bytes on ${layout.target.name}) holds registers of \`${f.frame.name}\`: offset and size of each, for \`frameRegisters\`.`;
    print(doc, frameKey(f), 'TrapFrame', frameData(f, layout));
  }
  for (const a of layout.machine.abis) {
    if (a.namespace !== ns) continue;
    const doc = `${a.doc ?? `Syscall ABI \`${a.name}\`.`}\n\nFor \`formatSyscall\`: arguments in the order of \`args\`.`;
    print(doc, a.qname, 'SyscallAbi', abiData(a, layout));
  }
  for (const t of layout.machine.syscallTables) {
    if (t.namespace !== ns) continue;
    for (const a of abisOf(t, layout)) {
      const value = syscallTableData(t, a, layout);
      const count = value.entries.length;
      const doc = `${t.doc ? `${t.doc}\n\n` : ''}Syscall table \`${t.name}\` on ${a.name}, indexed by number (${count} call${count === 1 ? '' : 's'}).`;
      print(doc, tableKey(t, a), 'SyscallTable', value);
    }
  }
  return blocks;
}

/** Machine data as a TypeScript literal: strings quoted, an enum by a reference to its generated object. */
function lit(d: Data, m: ModuleWriter): Lit {
  if (typeof d === 'string') return quoted(d);
  if (typeof d === 'number' || typeof d === 'boolean' || d === null) return String(d);
  if (d instanceof EnumRef) return m.ref(d.qname);
  if (d instanceof DataObject) return obj(...d.entries.map(([k, v]) => [k, lit(v, m)] as const));
  return arr(d.map((x) => lit(x, m)));
}
