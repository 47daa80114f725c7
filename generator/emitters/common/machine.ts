/**
 * The names of the machine (issue 18) in C and GNU as: register numbers, system-call numbers
 * per ABI, and the system-call stubs, claimed in the layout's one C scope right after the
 * numbers' plan (common/numbers.ts), so that the C headers and the stub files agree:
 *
 *   `<SET>_<REG>`            register number (its index in the set; aliases too), `<SET>_COUNT`
 *   `<ABI>_NR_<CALL>`        the call's number on that ABI
 *   `<abi>_<call>`           the stub: `long <abi>_<call>(<params>)`, -errno on failure
 *
 * with `<SET>`, `<ABI>`, `<CALL>` in UPPER_SNAKE and `<abi>` in lower_snake of the spec's names
 * (`X86_64_REGS_RAX`, `LINUX_X86_64_NR_READ`, `linux_x86_64_read`). A layout with no machine
 * declarations claims nothing, so the rest of its output keeps its names.
 */
import type * as ir from '../../ir.js';
import { C_FILE_SCOPE_RESERVED, C_RESERVED, escapeName, lowerSnake, NameScope, upperSnake } from '../../names.js';
import type { EmitContext } from '../context.js';
import { forkPlan, type NamespacePlan, planConstants } from './numbers.js';
import { planStub, type StubPlan } from './syscall-conventions.js';
import { extend } from '../../util/objects.js';

export interface RegisterNames {
  readonly set: ir.RegisterSet;
  /** Per register: its macro, and one per alias. */
  readonly registers: readonly { readonly register: ir.Register; readonly macros: readonly { readonly spelling: string; readonly macro: string }[] }[];
  readonly count: string;
}

export interface StubCall {
  readonly abi: ir.SyscallAbi;
  readonly call: ir.Syscall;
  readonly number: bigint;
  /** `<ABI>_NR_<CALL>`. */
  readonly macro: string;
  /** The stub's function (and symbol) name. */
  readonly function: string;
  /** The parameters' names, escaped past the scope's names. */
  readonly params: readonly string[];
  /** The stub's instructions, or why there is none. */
  readonly stub: StubPlan;
}

export interface TableNames {
  readonly table: ir.SyscallTable;
  readonly abi: ir.SyscallAbi;
  readonly calls: readonly StubCall[];
}

/** A system register's number macro and its read and write functions (none for space `none`). */
export interface SysregNames {
  readonly set: ir.SysregSet;
  readonly registers: readonly { readonly register: ir.Sysreg; readonly macro: string; readonly read: string | null; readonly write: string | null }[];
}

export interface MachineNames {
  readonly registers: readonly RegisterNames[];
  readonly sysregs: readonly SysregNames[];
  /** Per syscall table and ABI of the layout's target that numbers one of its calls. */
  readonly tables: readonly TableNames[];
}

/** What {@link planCMachine} is computed once per run under (EmitContext.once, Emitter.shares). */
export const C_MACHINE_NAMES = 'c machine names';

/**
 * The layout's C plan (planConstants(layout, 'c')) with the machine's names claimed in it,
 * where the C headers, the asm includes and the stub files all start: made once per layout
 * where a run's `context` is given, each caller getting forks of its scopes to claim more in.
 */
export function planCMachine(layout: ir.Layout, context?: EmitContext): { readonly namespaces: NamespacePlan[]; readonly machine: MachineNames } {
  const make = () => {
    const namespaces = planConstants(layout, 'c', context);
    // A long-lived process keeps the names by the layout's shape, which the plan and the
    // machine are made of: the scope they were claimed in, and the machine's names. (Those
    // refer to the machine declarations of the run that made them, equal to this run's.)
    const kept = context?.keptAcrossRuns<{ readonly scopes: ReadonlyMap<string, NameScope>; readonly machine: MachineNames }>(C_MACHINE_NAMES);
    const before = kept?.get(layout.shape);
    if (before) {
      kept!.set(layout.shape, before);
      return { namespaces: namespaces.map((ns) => extend(ns, { scope: before.scopes.get(ns.namespace)! })), machine: before.machine };
    }
    const machine = planMachineNames(layout, namespaces);
    for (const ns of namespaces) ns.scope.seal();
    kept?.set(layout.shape, { scopes: new Map(namespaces.map((ns) => [ns.namespace, ns.scope])), machine });
    return { namespaces, machine };
  };
  const planned = context ? context.once(C_MACHINE_NAMES, layout, make) : make();
  return { namespaces: forkPlan(planned.namespaces), machine: planned.machine };
}

/**
 * Claims the machine's C names in the scope of `plans` (planConstants(layout, 'c'): the
 * layout's one C scope), or a scope of their own where the layout has no namespace.
 */
export function planMachineNames(layout: ir.Layout, plans: readonly NamespacePlan[]): MachineNames {
  const scope = plans[0]?.scope ?? new NameScope(C_FILE_SCOPE_RESERVED);
  const registers = layout.machine.registerSets.map((set): RegisterNames => {
    const stem = upperSnake(set.name);
    return {
      set,
      registers: set.registers.map((register) => ({
        register,
        macros: [register.name, ...register.aliases].map((spelling) => ({ spelling, macro: scope.claim(`${stem}_${upperSnake(spelling)}`) })),
      })),
      count: scope.claim(`${stem}_COUNT`),
    };
  });
  const sysregs = layout.machine.sysregs.map((set): SysregNames => ({
    set,
    registers: set.registers.map((register) => ({
      register,
      macro: scope.claim(`${upperSnake(set.name)}_${upperSnake(register.name)}`),
      read: set.space === 'none' ? null : scope.claim(`${set.cName}_read_${register.name}`),
      write: set.space === 'none' ? null : scope.claim(`${set.cName}_write_${register.name}`),
    })),
  }));
  const tables: TableNames[] = [];
  const planned: { calls: StubCall[]; raw: { abi: ir.SyscallAbi; call: ir.Syscall; number: bigint; macro: string; fn: string }[] }[] = [];
  for (const table of layout.machine.syscallTables) {
    for (const abi of layout.machine.abis) {
      const raw = [];
      for (const call of table.calls) {
        const n = call.numbers.find((x) => x.abi === abi);
        if (!n) continue;
        const macro = scope.claim(`${upperSnake(abi.name)}_NR_${upperSnake(call.name)}`);
        const fn = scope.claim(`${lowerSnake(abi.name)}_${call.name}`);
        raw.push({ abi, call, number: n.number, macro, fn });
      }
      if (!raw.length) continue;
      const calls: StubCall[] = [];
      planned.push({ calls, raw });
      tables.push({ table, abi, calls });
    }
  }
  if (planned.length === 0) return { registers, sysregs, tables };
  // Parameters keep off every macro the headers define (it would rename them), and the C
  // library's; another declaration of the same name is only shadowed (`int fd` beside a
  // struct member `fd` is fine).
  const macros = new Set([
    ...plans.flatMap((ns) => ns.decls.flatMap((d) => d.items.map((item) => item.name))),
    ...registers.flatMap((r) => [...r.registers.flatMap((x) => x.macros.map((m) => m.macro)), r.count]),
    ...sysregs.flatMap((s) => s.registers.map((r) => r.macro)),
    ...planned.flatMap((p) => p.raw.map((r) => r.macro)),
  ]);
  for (const p of planned) {
    for (const r of p.raw) {
      const used = new Set<string>();
      const params = r.call.params.map((param) => {
        const name = escapeName(param.name, { has: (n) => C_RESERVED.has(n) || macros.has(n) || used.has(n) });
        used.add(name);
        return name;
      });
      p.calls.push({ abi: r.abi, call: r.call, number: r.number, macro: r.macro, function: r.fn, params, stub: planStub(layout, r.abi, r.call, r.number) });
    }
  }
  return { registers, sysregs, tables };
}

