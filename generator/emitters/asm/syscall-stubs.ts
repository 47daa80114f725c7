/**
 * System-call stubs for GNU as: `asm/<target>/<ns>-syscalls.S`, one global function per
 * syscall ABI of the target and call of a table in namespace <ns> with a number on that ABI.
 * A stub follows the target's C calling convention: it moves its C arguments into the ABI's
 * argument registers, loads the call's number, traps, and returns the result in the C return
 * register, errors normalised to -errno (an ABI whose `error` is a flag has the positive error
 * number negated when the flag is set; one whose errors are `negative` returns the result as
 * the kernel gives it). Its name is the C prototype's (common/machine.ts), `long` its result.
 * How each target's C convention is followed: common/syscall-conventions.ts.
 *
 * Stubs do not depend on the configuration: a target's are written once, in the default
 * configuration's directory (or the first configuration's, if the default is not generated).
 */
import type * as ir from '../../ir.js';
import { sourceFile } from '../../check/rules/common.js';
import { fileStems } from '../common/file-stems.js';
import type { EmitContext } from '../context.js';
import { banner, type GeneratedFile } from '../emitter.js';
import { wrap } from '../common/wrap.js';
import { layoutDir } from '../common/numbers.js';
import { type MachineNames, planCMachine, type StubCall } from '../common/machine.js';
import { stubAlign } from '../common/syscall-conventions.js';

/** The stub files of each target (from the default configuration's layout, else the first). */
export function* emitSyscallStubs(layouts: readonly ir.Layout[], specs: readonly string[], context?: EmitContext): Generator<GeneratedFile> {
  const chosen = new Map<string, ir.Layout>();
  for (const l of layouts) {
    const have = chosen.get(l.target.name);
    if (!have || (have.config !== null && l.config === null)) chosen.set(l.target.name, l);
  }
  for (const layout of layouts) {
    if (chosen.get(layout.target.name) !== layout) continue;
    yield* renderStubFiles(layout, planCMachine(layout, context).machine, specs);
  }
}

/** One `.S` file per namespace with stubs on this layout's target. */
export function renderStubFiles(layout: ir.Layout, machine: MachineNames, specs: readonly string[]): GeneratedFile[] {
  const byNs = new Map<string, StubCall[]>();
  const tables = new Map<string, Set<string>>();
  for (const group of machine.tables) {
    for (const call of group.calls) {
      if (!call.stub.ok) continue;
      const list = byNs.get(group.table.namespace) ?? [];
      list.push(call);
      byNs.set(group.table.namespace, list);
      const t = tables.get(group.table.namespace) ?? new Set();
      t.add(group.table.source);
      tables.set(group.table.namespace, t);
    }
  }
  if (byNs.size === 0) return [];
  const stems = fileStems([...new Set([...layout.namespaces, ...byNs.keys()])], []);
  const out: GeneratedFile[] = [];
  for (const [ns, calls] of byNs) {
    const files = [...new Set([...tables.get(ns)!].map(sourceFile))].sort();
    const lines: string[] = ['/*', ...banner(files.length ? files : specs).flatMap((l) => wrap(l)).map((l) => ` * ${l}`), ' *'];
    const about = `${stems.get(ns)}-syscalls.S: the system-call stubs of namespace ${ns} for ${layout.target.name} (every configuration): one global function per syscall ABI of ${layout.target.name} and call with a number on it, declared in c/${layoutDir(layout)}/${stems.get(ns)}.h. Each follows the C calling convention of ${layout.target.name}, traps, and returns the result in the C return register; a failed call returns -errno. Assemble with the target's gcc -c.`;
    lines.push(...wrap(about).map((l) => ` * ${l}`), ' */', '', '\t.text');
    for (const call of calls) {
      if (!call.stub.ok) continue;
      const name = call.function;
      lines.push(
        '',
        `/* ${call.abi.name} ${call.call.name} (${call.macro} = ${call.number}) */`,
        `\t.globl\t${name}`,
        `\t.type\t${name}, @function`,
        `\t${stubAlign(layout.target.name)}`,
        `${name}:`,
        ...call.stub.lines.map((l) => (/^\d+:/.test(l) ? l : `\t${l}`)),
        `\t.size\t${name}, .-${name}`,
      );
    }
    lines.push('', '\t.section\t.note.GNU-stack,"",@progbits', '');
    out.push({ path: `asm/${layoutDir(layout)}/${stems.get(ns)}-syscalls.S`, contents: lines.join('\n') });
  }
  return out;
}

