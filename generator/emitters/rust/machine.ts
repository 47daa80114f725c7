/**
 * The machine in a Rust module: what a kernel or a tool written in Rust matches on.
 *
 *   - a register set as a `#[repr(u16)]` enum of its registers by index (aliases, `PC` and
 *     `SP` as associated constants), with `from_raw` and `TryFrom<u16>`;
 *   - a syscall ABI as a `#[repr(usize)]` enum of the calls with a number on it, from every
 *     table (numbers are unique per ABI, the checker sees to it), with `TryFrom<usize>`;
 *   - a system register set as `pub const` numbers (`MSR_EFER: u32`);
 *   - for an ABI of a target whose registers Rust's `asm!` names (x86_64, aarch64, riscv64),
 *     a module of raw wrappers, compiled only there (`#[cfg(target_arch)]`): `unsafe fn
 *     getpid() -> isize`, arguments as words, the result as the kernel leaves it (a negated
 *     errno on failure, as the ABI's error convention says).
 *
 * They are the target's: a module shares its body with other targets of its data model only
 * where the namespace declares no machine (`machineKey`).
 */
import type * as ir from '../../ir.js';
import { rustTypeName } from '../common/module-names.js';
import { wrap } from '../common/wrap.js';
import type { NamespacePlan } from '../common/numbers.js';
import { NameScope, RUST_RESERVED, rustSnake, upperSnake } from '../../names.js';
import { render } from './templates.js';
import { docs, rustInt } from './text.js';
import { extend } from '../../util/objects.js';

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
    const arch = ASM_ARCH[a.target];
    if (arch && a.error.kind === 'negative' && a.args.every((s) => s.kind === 'register')) {
      blocks.push(wrappers(a, scope.claim(rustSnake(a.name)), arch, calls));
    }
  }
  for (const s of sysregs) {
    const lines = s.registers.map((r) => `${docs(r.doc)}pub const ${scope.claim(upperSnake(`${s.name}_${r.name}`))}: u32 = ${rustInt(r.number)};`);
    blocks.push(`${docs(s.doc, '', '', `System registers of ${s.target} (${s.space}), by number.`)}${lines.join('\n')}`);
  }
  return blocks;
}

function registerEnum(s: ir.RegisterSet, name: string): string {
  const variants = uniqueVariants(s.registers.map((r) => r.name));
  const aliases = s.registers.flatMap((r, i) =>
    r.aliases.map((a) => ({ doc: docs(null, '    ', `\`${a}\`: another name for [\`Self::${variants[i]}\`].`), name: rustTypeName(a), first: variants[i] })),
  );
  const special = [
    ...(s.pc ? [{ doc: docs(null, '    ', 'The program counter, as a debugger shows it.'), name: 'PC', first: variants[s.pc.index] }] : []),
    ...(s.sp ? [{ doc: docs(null, '    ', 'The stack pointer, as a debugger shows it.'), name: 'SP', first: variants[s.sp.index] }] : []),
  ];
  // Associated constants share the enum's namespace with its variants.
  const names = new NameScope(RUST_RESERVED, variants);
  const assoc = [...aliases, ...special].map((a) => extend(a, { name: names.claim(a.name) }));
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

/** Targets whose register names `asm!` takes as the specs spell them, by their `target_arch`. */
const ASM_ARCH: Readonly<Record<string, string>> = { x86_64: 'x86_64', aarch64: 'aarch64', riscv64: 'riscv64' };

/**
 * `pub mod linux_x86_64 { pub unsafe fn read(fd: usize, ...) -> isize }`: each call as one
 * `asm!` block that puts the number and the arguments in the ABI's registers, traps, and
 * takes the first result; every other register the trap may change is declared clobbered.
 */
function wrappers(a: ir.SyscallAbi, module: string, arch: string, calls: readonly { call: ir.Syscall; number: bigint }[]): string {
  const names = new NameScope(RUST_RESERVED, ['ret']);
  const fns = calls.map(({ call, number }) => {
    const params = new NameScope(RUST_RESERVED, ['ret']);
    const args = call.params.map((p) => params.claim(rustSnake(p.name)));
    const result = call.result === null ? null : a.results[0];
    // What the trap may change besides the result: the other result words and the clobbers.
    const changed = new Set(call.result === null ? [] : [...a.results.slice(1), ...a.clobbers].filter((r) => r !== result));
    const operands: string[] = [];
    const used = new Set<ir.Register>();
    const put = (r: ir.Register, value: string): void => {
      used.add(r);
      if (r === result) operands.push(`inlateout("${r.name}") ${value} => ret`);
      else if (changed.has(r)) operands.push(`inlateout("${r.name}") ${value} => _`);
      else operands.push(`in("${r.name}") ${value}`);
    };
    put(a.number, `${rustInt(number)}usize`);
    args.forEach((name, i) => put((a.args[i] as { register: ir.Register }).register, name));
    if (result && !used.has(result)) operands.push(`lateout("${result.name}") ret`);
    for (const r of changed) if (!used.has(r)) operands.push(`lateout("${r.name}") _`);
    const options = call.result === null ? 'options(noreturn, nostack)' : 'options(nostack)';
    const signature = `pub unsafe fn ${names.claim(rustSnake(call.name))}(${args.map((n) => `${n}: usize`).join(', ')}) -> ${call.result === null ? '!' : 'isize'}`;
    const asm = [`    core::arch::asm!(`, `        "${a.trap}",`, ...operands.map((o) => `        ${o},`), `        ${options},`, `    )`];
    const body = call.result === null ? asm : ['    let ret: isize;', ...asm.slice(0, -1), '    );', '    ret'];
    const doc = docs(call.doc, '    ', '', '# Safety', '', 'A raw system call: the arguments must be what the kernel expects of them.');
    return `${doc}    #[inline]
    ${signature} {
    ${body.join('\n    ')}
    }`;
  });
  const doc = docs(null, '', ...wrap(`Raw system calls of ${a.name}, compiled on ${arch} only: each returns what the kernel leaves in \`${a.results[0].name}\` (a negated errno on failure).`));
  return `${doc}#[cfg(target_arch = "${arch}")]\npub mod ${module} {\n${fns.join('\n\n')}\n}`;
}
