/**
 * The machine in a Rust module: what a kernel or a tool written in Rust matches on.
 *
 *   - a register set as a `#[repr(u16)]` enum of its registers by index (aliases, `PC` and
 *     `SP` as associated constants), with `from_raw` and `TryFrom<u16>`;
 *   - a syscall ABI as a `#[repr(usize)]` enum of the calls with a number on it, from every
 *     table (numbers are unique per ABI, the checker sees to it), with `TryFrom<usize>`;
 *   - a system register set as `pub const` numbers (`MSR_EFER: u32`).
 *
 * They are the target's: a module shares its body with other targets of its data model only
 * where the namespace declares no machine (`machineKey`).
 */
import type * as ir from '../../ir.js';
import { rustTypeName } from '../common/module-names.js';
import type { NamespacePlan } from '../common/numbers.js';
import { NameScope, RUST_RESERVED, upperSnake } from '../../names.js';
import { render } from './templates.js';
import { docs, rustInt } from './text.js';

/** The machine declarations of `ns` on a layout. */
function machineOf(layout: ir.Layout, ns: string): { sets: ir.RegisterSet[]; abis: ir.SyscallAbi[]; sysregs: ir.SysregSet[] } {
  const m = layout.machine;
  return {
    sets: m.registerSets.filter((s) => s.namespace === ns),
    abis: m.abis.filter((a) => a.namespace === ns),
    sysregs: m.sysregs.filter((s) => s.namespace === ns),
  };
}

/** What the machine part of a module is made of: the target, when the namespace has one. */
export function machineKey(layout: ir.Layout, ns: string): string {
  const { sets, abis, sysregs } = machineOf(layout, ns);
  return sets.length + abis.length + sysregs.length ? `machine of ${layout.target.name}` : '';
}

/** The module's machine items, named in a fork of its scope (after every other name). */
export function renderMachine(layout: ir.Layout, ns: NamespacePlan): string[] {
  const { sets, abis, sysregs } = machineOf(layout, ns.namespace);
  if (sets.length + abis.length + sysregs.length === 0) return [];
  const scope = ns.scope.fork();
  const blocks: string[] = [];
  for (const s of sets) blocks.push(registerEnum(s, scope.claim(rustTypeName(s.name))));
  for (const a of abis) {
    const calls = layout.machine.syscallTables.flatMap((t) => t.calls.flatMap((c) => c.numbers.filter((n) => n.abi === a).map((n) => ({ call: c, number: n.number }))));
    blocks.push(syscallEnum(a, scope.claim(rustTypeName(a.name)), calls));
  }
  for (const s of sysregs) {
    const lines = s.registers.map((r) => `${docs(r.doc)}pub const ${scope.claim(upperSnake(`${s.name}_${r.name}`))}: u32 = ${rustInt(r.number)};`);
    blocks.push(`${docs(s.doc, '', '', `System registers of ${s.target} (${s.space}), by number.`)}${lines.join('\n')}`);
  }
  return blocks;
}

function registerEnum(s: ir.RegisterSet, name: string): string {
  const variants = uniqueVariants(s.registers.map((r) => r.name));
  const aliases = s.registers.flatMap((r, i) => [
    ...r.aliases.map((a) => ({ doc: docs(null, '    ', `\`${a}\`: another name for [\`Self::${variants[i]}\`].`), name: rustTypeName(a), first: variants[i] })),
  ]);
  const special = [
    ...(s.pc ? [{ doc: docs(null, '    ', 'The program counter, as a debugger shows it.'), name: 'PC', first: variants[s.pc.index] }] : []),
    ...(s.sp ? [{ doc: docs(null, '    ', 'The stack pointer, as a debugger shows it.'), name: 'SP', first: variants[s.sp.index] }] : []),
  ];
  // Associated constants share the enum's namespace with its variants.
  const names = new NameScope(RUST_RESERVED, variants);
  const assoc = [...aliases, ...special].map((a) => ({ ...a, name: names.claim(a.name) }));
  return render('enum', {
    doc: docs(s.doc, '', '', `The registers of ${s.target}, by index (as a debugger numbers them).`),
    repr: 'u16',
    name,
    variants: s.registers.map((r, i) => ({ doc: docs(r.doc, '    ', `\`${r.name}\`: ${r.bits} bits, ${r.class}.`), name: variants[i], value: String(r.index) })),
    aliases: assoc,
    arms: s.registers.map((r, i) => ({ value: String(r.index), name: variants[i] })),
  });
}

function syscallEnum(a: ir.SyscallAbi, name: string, calls: readonly { call: ir.Syscall; number: bigint }[]): string {
  const variants = uniqueVariants(calls.map((c) => c.call.name));
  return render('enum', {
    doc: docs(a.doc, '', '', `The system calls of ${a.name} on ${a.target}, by number (\`${a.trap}\` with the number in \`${a.number.name}\`).`),
    repr: 'usize',
    name,
    variants: calls.map((c, i) => ({ doc: docs(c.call.doc, '    '), name: variants[i], value: rustInt(c.number) })),
    aliases: [],
    arms: calls.map((c, i) => ({ value: rustInt(c.number), name: variants[i] })),
  });
}

/** Rust variant names for spec names, distinct (`read` -> `Read`; a second `Read` -> `Read_`). */
function uniqueVariants(names: readonly string[]): string[] {
  const scope = new NameScope(RUST_RESERVED);
  return names.map((n) => scope.claim(rustTypeName(n)));
}
