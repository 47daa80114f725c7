/**
 * The machine in C headers (issue 18): register numbers, system-call numbers per ABI, and the
 * prototypes of the system-call stubs (asm/syscall-stubs.ts writes their code; the names are
 * common/machine.ts's). Each goes into the header of the namespace that declares it: a
 * register set's numbers into its namespace's, a syscall table's numbers and prototypes into
 * the table's. A call with no stub (common/syscall-conventions.ts) has its number, and a
 * comment saying why there is no prototype.
 */
import type * as ir from '../../ir.js';
import { paramsOn } from '../../lower/syscalls.js';
import { blockCommentText, commentLines } from '../common/comments.js';
import type { MachineNames, SysregNames } from '../common/machine.js';
import { wrap } from '../common/wrap.js';

/** A parameter's C type, ready to take its name (`int `, `const char *`). */
function cParamType(layout: ir.Layout, p: ir.SyscallParam): string {
  const t = p.type;
  switch (t.kind) {
    case 'int':
      return `${t.signed ? '' : 'u'}int${t.bits}_t `;
    case 'word':
      return t.signed ? 'intptr_t ' : 'uintptr_t ';
    case 'bool':
      return '_Bool ';
    case 'pointer':
      return 'void *';
    case 'enum':
      return `${t.decl.signed ? '' : 'u'}int${t.decl.storageBits}_t `;
    case 'flags': {
      const d = layout.byName.get(t.bits);
      return d ? `${d.cName} ` : 'uintptr_t ';
    }
    case 'fd':
      return 'int ';
    case 'cstr':
      return 'const char *';
    case 'bytes':
      return p.out ? 'void *' : 'const void *';
  }
}

/** The namespaces a table's prototypes use besides its own (flags types). */
export function machineUses(layout: ir.Layout): Map<string, Set<string>> {
  const uses = new Map<string, Set<string>>();
  for (const table of layout.machine.syscallTables) {
    for (const call of table.calls) {
      // The types of the call on each of this target's ABIs that numbers it.
      for (const n of call.numbers) {
        if (!layout.machine.abis.includes(n.abi)) continue;
        for (const p of paramsOn(n.abi, call)) {
          if (p.type.kind !== 'flags') continue;
          const d = layout.byName.get(p.type.bits);
          if (!d || d.namespace === table.namespace) continue;
          const set = uses.get(table.namespace) ?? new Set();
          set.add(d.namespace);
          uses.set(table.namespace, set);
        }
      }
    }
  }
  return uses;
}

/** The namespaces with machine declarations the layout's headers show. */
export function machineNamespaces(names: MachineNames): string[] {
  return [...new Set([...names.registers.map((r) => r.set.namespace), ...names.sysregs.map((s) => s.set.namespace), ...names.tables.map((t) => t.table.namespace)])];
}

function defines(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([n]) => n.length));
  return rows.map(([n, v]) => `#define ${n.padEnd(width)}  ${v}`);
}

/** The C blocks of one namespace's machine declarations. */
export function renderMachineBlocks(layout: ir.Layout, names: MachineNames, namespace: string): string[] {
  const blocks: string[] = [];
  for (const r of names.registers) {
    if (r.set.namespace !== namespace) continue;
    const head = blockCommentText([...(r.set.doc ? commentLines(r.set.doc) : []), ...(r.set.doc ? [''] : []), `registers ${r.set.qname} : ${r.set.target}: each register's number (its place in the set).`]);
    const rows: [string, string][] = [];
    for (const reg of r.registers) for (const m of reg.macros) rows.push([m.macro, `${reg.register.index}`]);
    rows.push([r.count, `${r.set.registers.length}`]);
    blocks.push(head + defines(rows).join('\n'));
  }
  for (const s of names.sysregs) if (s.set.namespace === namespace) blocks.push(renderSysregs(layout, s));
  for (const t of names.tables) {
    if (t.table.namespace !== namespace) continue;
    const abi = t.abi;
    const error = abi.error.kind === 'negative' ? `a result in [-${abi.error.max}, -1] is -errno` : `the kernel's positive error number is negated`;
    const head = blockCommentText([
      ...(t.table.doc ? [...commentLines(t.table.doc), ''] : []),
      ...wrap(
        `syscalls ${t.table.qname} on ${abi.qname}: each call's number, and its stub (in ${abi.target}'s asm directory, ${t.table.namespace}-syscalls.S), which returns the call's result as a long, on failure -errno (${error}).`,
      ),
    ]);
    const parts: string[] = [head + defines(t.calls.map((c) => [c.macro, `${c.number}`])).join('\n')];
    const protos: string[] = [];
    for (const c of t.calls) {
      const doc = c.call.doc ? commentLines(c.call.doc) : [];
      if (!c.stub.ok) {
        protos.push(`/* ${c.function}: no stub (${c.stub.reason.replaceAll('*/', '*\\/')}). */`);
        continue;
      }
      const extra = c.call.result === null ? ['Does not return.'] : [];
      const params = paramsOn(abi, c.call).map((p, i) => `${cParamType(layout, p)}${c.params[i]}`);
      protos.push(`${blockCommentText([...doc, ...extra])}long ${c.function}(${params.length ? params.join(', ') : 'void'});`);
    }
    parts.push(protos.join('\n'));
    blocks.push(parts.join('\n\n'));
  }
  return blocks;
}

/**
 * A system register set: each register's number, and where the target has an instruction
 * for the space, `static inline` functions that read and write it (`rdmsr`/`wrmsr` by ECX,
 * `mov` to and from `crN`, `csrr`/`csrw` by address). The value is the register's bit layout
 * (its typedef) or its width's integer.
 */
function renderSysregs(layout: ir.Layout, s: SysregNames): string {
  const set = s.set;
  const head = blockCommentText([
    ...(set.doc ? [...commentLines(set.doc), ''] : []),
    ...wrap(`sysregs ${set.qname} : ${set.target} ${set.space}: each register's number${set.space === 'none' ? '' : ', and functions that read and write it'}.`),
  ]);
  const rows: [string, string][] = s.registers.map((r) => [r.macro, `0x${r.register.number.toString(16)}U`]);
  const fns: string[] = [];
  for (const r of s.registers) {
    if (!r.read || !r.write) continue;
    const reg = r.register;
    const bits = reg.bits ? layout.byName.get(reg.bits) : undefined;
    const type = bits ? bits.cName : `uint${reg.width}_t`;
    const notes = [...(reg.doc ? commentLines(reg.doc) : []), ...(reg.reset !== null ? [`Reset value: 0x${reg.reset.toString(16)}.`] : []), ...reg.access.map((a) => `${a.field}: ${ACCESS_TEXT[a.access]}.`)];
    const doc = notes.length ? blockCommentText(notes) : '';
    switch (set.space) {
      case 'msr':
        fns.push(
          `${doc}static inline ${type} ${r.read}(void) {\n  uint32_t lo, hi;\n  __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"((uint32_t)${r.macro}));\n  return (${type})(((uint64_t)hi << 32) | lo);\n}`,
          `static inline void ${r.write}(${type} v) {\n  __asm__ __volatile__("wrmsr" : : "c"((uint32_t)${r.macro}), "a"((uint32_t)(uint64_t)v), "d"((uint32_t)((uint64_t)v >> 32)) : "memory");\n}`,
        );
        break;
      case 'cr':
        fns.push(
          `${doc}static inline ${type} ${r.read}(void) {\n  unsigned long v;\n  __asm__ __volatile__("mov %%cr${reg.number}, %0" : "=r"(v));\n  return (${type})v;\n}`,
          `static inline void ${r.write}(${type} v) {\n  __asm__ __volatile__("mov %0, %%cr${reg.number}" : : "r"((unsigned long)v) : "memory");\n}`,
        );
        break;
      case 'csr':
        fns.push(
          `${doc}static inline ${type} ${r.read}(void) {\n  unsigned long v;\n  __asm__ __volatile__("csrr %0, ${reg.number}" : "=r"(v));\n  return (${type})v;\n}`,
          `static inline void ${r.write}(${type} v) {\n  __asm__ __volatile__("csrw ${reg.number}, %0" : : "r"((unsigned long)v) : "memory");\n}`,
        );
        break;
      case 'none':
        break;
    }
  }
  return [head + defines(rows).join('\n'), ...(fns.length ? [fns.join('\n\n')] : [])].join('\n\n');
}

const ACCESS_TEXT: Readonly<Record<ir.SysregAccess, string>> = {
  ro: 'read-only',
  rw: 'read-write',
  w1c: 'write 1 to clear',
  warl: 'write any value, reads a legal one',
};
