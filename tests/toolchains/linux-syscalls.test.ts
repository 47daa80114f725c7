/**
 * dsl/linux against the targets' own kernel headers. For every built-in target whose compiler
 * is found (tests/oracle/toolchains.ts), the dsl/ specs are compiled and the target's machine
 * (Layout.machine) is checked against what that compiler's <asm/unistd.h> and <asm/errno.h>
 * say (tests/toolchains/linux-headers.ts):
 *
 * - every call of every syscall table that has a number on the target's ABI has the number
 *   `__NR_<name>` has; a call whose `__NR_<name>` the headers lack has none on the ABI; and a
 *   call the tables name that the headers have is numbered on the ABI in one of the tables;
 * - within the ABI, no two calls share a number or a name across the tables;
 * - the ABI's errno enum has each E* value of <asm/errno.h> and lists every E* name the
 *   headers define, except EMAXERRNO (mips: the largest error number, not an error);
 * - open's flags on the ABI (OpenFlags, or the layout the ABI's `use` puts for it) have the
 *   bits of <asm/fcntl.h>: each O_* field its macro's bit, the access mode O_RDONLY, O_WRONLY,
 *   O_RDWR and O_ACCMODE; every other O_* macro of one bit is another name of a field's bit
 *   (O_NDELAY), and every one of several bits is made of fields' bits (O_SYNC, O_TMPFILE);
 * - the main table, Linux, has at least 40 calls.
 *
 * Without a compiler the header checks skip (fail under CDL_REQUIRE_TOOLCHAINS=1). The ABIs'
 * settings (trap, number, argument slots, results, error convention, clobbers) are checked
 * against the reference table of the conventions (ABI_TABLE below, from syscall(2) and the
 * kernels' entry code) on every run, since they need no compiler.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import type * as ir from '../../generator/ir.js';
import { BUILTIN_TARGETS, candidateNames, findToolchain } from '../oracle/toolchains.js';
import { typeOn } from '../../generator/lower/syscalls.js';
import { errnoValues, integerMacros, syscallNumbers } from './linux-headers.js';
import { missingHeaders, skipFor } from './tools.js';

/** The kernel headers these tests read, which a compiler without them cannot preprocess. */
const KERNEL_HEADERS = ['asm/unistd.h', 'asm/errno.h', 'asm/fcntl.h'];

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** E* macros of <asm/errno.h> that name no error, and so are not in the errno enums. */
const NOT_ERRNOS = new Set(['EMAXERRNO']);

interface AbiRow {
  readonly abi: string;
  readonly registers: string;
  readonly trap: string;
  readonly number: string;
  /** Register names, or stack offsets. */
  readonly args: readonly (string | number)[];
  readonly results: readonly string[];
  readonly error: { readonly kind: 'negative'; readonly max: bigint } | { readonly kind: 'flag'; readonly register: string; readonly bit: number | null };
  readonly clobbers: readonly string[];
  readonly errno: string;
  readonly pc: string;
  readonly sp: string;
}

/**
 * The conventions, one ABI per target (/work/shared/reference/syscall-abis.md, syscall(2)).
 * Clobbers: x86-64's from the reference (SYSCALL's rcx and r11); ppc32's and mips o32's from
 * the C libraries' inline system calls (glibc's powerpc32 sysdep.h, musl's mips
 * syscall_arch.h), since the reference gives none for them.
 */
const ABI_TABLE: Readonly<Record<string, AbiRow>> = {
  x86_64: {
    abi: 'LinuxX86_64', registers: 'X86_64Regs', trap: 'syscall', number: 'rax',
    args: ['rdi', 'rsi', 'rdx', 'r10', 'r8', 'r9'], results: ['rax', 'rdx'],
    error: { kind: 'negative', max: 4095n }, clobbers: ['rcx', 'r11'], errno: 'LinuxErrno', pc: 'rip', sp: 'rsp',
  },
  i386: {
    abi: 'LinuxI386', registers: 'I386Regs', trap: 'int $0x80', number: 'eax',
    args: ['ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp'], results: ['eax', 'edx'],
    error: { kind: 'negative', max: 4095n }, clobbers: [], errno: 'LinuxErrno', pc: 'eip', sp: 'esp',
  },
  aarch64: {
    abi: 'LinuxAarch64', registers: 'Aarch64Regs', trap: 'svc #0', number: 'x8',
    args: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'], results: ['x0', 'x1'],
    error: { kind: 'negative', max: 4095n }, clobbers: [], errno: 'LinuxErrno', pc: 'pc', sp: 'sp',
  },
  riscv64: {
    abi: 'LinuxRiscv64', registers: 'Riscv64Regs', trap: 'ecall', number: 'a7',
    args: ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'], results: ['a0', 'a1'],
    error: { kind: 'negative', max: 4095n }, clobbers: [], errno: 'LinuxErrno', pc: 'pc', sp: 'sp',
  },
  riscv32: {
    abi: 'LinuxRiscv32', registers: 'Riscv32Regs', trap: 'ecall', number: 'a7',
    args: ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'], results: ['a0', 'a1'],
    error: { kind: 'negative', max: 4095n }, clobbers: [], errno: 'LinuxErrno', pc: 'pc', sp: 'sp',
  },
  ppc32: {
    abi: 'LinuxPpc32', registers: 'PpcRegs', trap: 'sc', number: 'r0',
    args: ['r3', 'r4', 'r5', 'r6', 'r7', 'r8'], results: ['r3'],
    error: { kind: 'flag', register: 'cr', bit: 28 },
    clobbers: ['r0', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'ctr', 'cr'], errno: 'LinuxPpcErrno', pc: 'pc', sp: 'r1',
  },
  s390x: {
    abi: 'LinuxS390x', registers: 'S390xRegs', trap: 'svc 0', number: 'r1',
    args: ['r2', 'r3', 'r4', 'r5', 'r6', 'r7'], results: ['r2', 'r3'],
    error: { kind: 'negative', max: 4095n }, clobbers: [], errno: 'LinuxErrno', pc: 'pswa', sp: 'r15',
  },
  mips32: {
    abi: 'LinuxMipsO32', registers: 'MipsRegs', trap: 'syscall', number: 'v0',
    args: ['a0', 'a1', 'a2', 'a3', 16, 20, 24, 28], results: ['v0', 'v1'],
    error: { kind: 'flag', register: 'a3', bit: null },
    clobbers: ['at', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 'hi', 'lo'], errno: 'LinuxMipsErrno', pc: 'pc', sp: 'sp',
  },
};

/**
 * The reference's table of known numbers (read, write, close, getpid, exit, exit_group, mmap;
 * mmap2 where it gives one): the headers must agree with it before they judge the specs.
 */
const KNOWN: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  x86_64: { read: 0, write: 1, close: 3, getpid: 39, exit: 60, exit_group: 231, mmap: 9 },
  i386: { read: 3, write: 4, close: 6, getpid: 20, exit: 1, exit_group: 252, mmap: 90, mmap2: 192 },
  aarch64: { read: 63, write: 64, close: 57, getpid: 172, exit: 93, exit_group: 94, mmap: 222 },
  riscv64: { read: 63, write: 64, close: 57, getpid: 172, exit: 93, exit_group: 94, mmap: 222 },
  ppc32: { read: 3, write: 4, close: 6, getpid: 20, exit: 1, exit_group: 234, mmap: 90, mmap2: 192 },
  s390x: { read: 3, write: 4, close: 6, getpid: 20, exit: 1, exit_group: 248, mmap: 90 },
  mips32: { read: 4003, write: 4004, close: 4006, getpid: 4020, exit: 4001, exit_group: 4246, mmap: 4090, mmap2: 4210 },
};

function dslFiles(): string[] {
  return readdirSync(join(ROOT, 'dsl'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.cdl'))
    .sort()
    .map((f) => join(ROOT, 'dsl', f));
}

/** Whether `reg` is called `name`, by its own name or an alias (`a7` is riscv's x17). */
function named(reg: ir.Register, name: string): boolean {
  return reg.name === name || reg.aliases.includes(name);
}

function regName(reg: ir.Register): string {
  return reg.aliases.length ? `${reg.name} (${reg.aliases.join(', ')})` : reg.name;
}

/** Each call of every table that is numbered on `abi`, with its table. */
function callsOn(layout: ir.Layout, abi: ir.SyscallAbi): { table: string; call: ir.Syscall; number: bigint }[] {
  const out: { table: string; call: ir.Syscall; number: bigint }[] = [];
  for (const table of layout.machine.syscallTables) {
    for (const call of table.calls) {
      for (const n of call.numbers) if (n.abi === abi) out.push({ table: table.name, call, number: n.number });
    }
  }
  return out;
}

describe("the kernel headers agree with the reference's known numbers", () => {
  for (const target of Object.keys(KNOWN)) {
    it(target, (ctx) => {
      const tc = findToolchain(target);
      if (!tc) return skipFor(ctx, `no ${target} compiler (${candidateNames(target)})`);
      const missing = missingHeaders(tc.argv, KERNEL_HEADERS);
      if (missing) return skipFor(ctx, missing);
      const headers = syscallNumbers(tc.argv);
      expect(Object.fromEntries(Object.keys(KNOWN[target]).map((n) => [n, headers.get(n)]))).toEqual(KNOWN[target]);
    });
  }
});

describe('dsl/linux: the Linux system calls of every target, against its kernel headers', () => {
  const layouts = new Map<string, ir.Layout>();

  beforeAll(() => {
    const result = compile({ files: dslFiles(), targets: BUILTIN_TARGETS, configs: [null] });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      throw new Error(`dsl/ does not compile:\n${errors.map((d) => `${d.span.file}:${d.span.line}:${d.span.column}: ${d.message}`).join('\n')}`);
    }
    for (const layout of result.layouts) layouts.set(layout.target.name, layout);
  });

  const layoutOf = (target: string): ir.Layout => {
    const layout = layouts.get(target);
    if (!layout) throw new Error(`no layout for ${target}`);
    return layout;
  };

  const abiOf = (target: string): ir.SyscallAbi => {
    const row = ABI_TABLE[target];
    const abi = layoutOf(target).machine.abis.find((a) => a.name === row.abi);
    if (!abi) throw new Error(`${target}: no ABI ${row.abi} among ${layoutOf(target).machine.abis.map((a) => a.name).join(', ') || 'none'}`);
    return abi;
  };

  it('has one Linux ABI per built-in target, and a Linux table of at least 40 calls', () => {
    expect(Object.keys(ABI_TABLE).sort()).toEqual([...BUILTIN_TARGETS].sort());
    for (const target of BUILTIN_TARGETS) {
      const machine = layoutOf(target).machine;
      // Other specs may add ABIs and register sets (a kernel's view) to a target.
      expect(machine.abis.map((a) => a.name), target).toContain(ABI_TABLE[target].abi);
      expect(machine.registerSets.map((r) => r.name), target).toContain(ABI_TABLE[target].registers);
    }
    const linux = layoutOf('x86_64').machine.syscallTables.find((t) => t.name === 'Linux');
    expect(linux, 'no syscalls Linux table').toBeDefined();
    expect(linux!.calls.length).toBeGreaterThanOrEqual(40);
    for (const call of linux!.calls) expect(call.numbers.length, `${call.name} has no number on any ABI`).toBeGreaterThan(0);
  });

  it('gives the argument kinds the man pages give (spot checks)', () => {
    const linux = layoutOf('x86_64').machine.syscallTables.find((t) => t.name === 'Linux')!;
    const call = (name: string): ir.Syscall => {
      const c = linux.calls.find((x) => x.name === name);
      if (!c) throw new Error(`no call ${name}`);
      return c;
    };
    const read = call('read');
    expect(read.params.map((p) => [p.name, p.type.kind, p.out])).toEqual([['fd', 'fd', false], ['buf', 'bytes', true], ['count', 'word', false]]);
    expect(read.params[1].type).toEqual({ kind: 'bytes', length: 2 });
    expect(read.result).toEqual({ kind: 'word', signed: true });
    const write = call('write');
    expect(write.params[1]).toMatchObject({ out: false, type: { kind: 'bytes', length: 2 } });
    expect(call('openat').params.map((p) => p.type.kind)).toEqual(['fd', 'cstr', 'flags', 'int']);
    expect(call('openat').result).toEqual({ kind: 'fd' });
    expect(call('exit').result).toBeNull();
    expect(call('exit_group').result).toBeNull();
    for (const c of linux.calls) {
      for (const p of c.params) {
        if (p.type.kind !== 'bytes') continue;
        const length = c.params[p.type.length];
        expect(length && ['word', 'int'].includes(length.type.kind), `${c.name}.${p.name}: length ${length?.name}`).toBe(true);
      }
    }
  });

  for (const target of BUILTIN_TARGETS) {
    describe(target, () => {
      it(`${ABI_TABLE[target].abi} follows the reference conventions`, () => {
        const row = ABI_TABLE[target];
        const abi = abiOf(target);
        expect(abi.target).toBe(target);
        expect(abi.registers.name).toBe(row.registers);
        expect(abi.trap).toBe(row.trap);
        expect(named(abi.number, row.number), `number in ${regName(abi.number)}`).toBe(true);
        expect(abi.args.length).toBe(row.args.length);
        abi.args.forEach((slot, i) => {
          const want = row.args[i];
          if (typeof want === 'number') expect(slot, `argument ${i + 1}`).toEqual({ kind: 'stack', offset: want });
          else expect(slot.kind === 'register' && named(slot.register, want), `argument ${i + 1}: ${JSON.stringify(slot.kind === 'register' ? regName(slot.register) : slot)}, not ${want}`).toBe(true);
        });
        expect(abi.results.length).toBe(row.results.length);
        abi.results.forEach((r, i) => expect(named(r, row.results[i]), `result ${i + 1}: ${regName(r)}`).toBe(true));
        if (row.error.kind === 'negative') expect(abi.error).toEqual(row.error);
        else {
          expect(abi.error.kind).toBe('flag');
          if (abi.error.kind === 'flag') {
            expect(named(abi.error.register, row.error.register), regName(abi.error.register)).toBe(true);
            expect(abi.error.bit).toBe(row.error.bit);
          }
        }
        expect(abi.clobbers.length, abi.clobbers.map(regName).join(', ')).toBe(row.clobbers.length);
        abi.clobbers.forEach((r, i) => expect(named(r, row.clobbers[i]), `clobber ${i + 1}: ${regName(r)}`).toBe(true));
        expect(abi.errno?.name).toBe(row.errno);
        // Every register the ABI names belongs to its set.
        const set = abi.registers.registers;
        for (const r of [abi.number, ...abi.results, ...abi.clobbers, ...abi.args.flatMap((s) => (s.kind === 'register' ? [s.register] : []))]) {
          expect(set.includes(r), `${r.name} is not in ${abi.registers.name}`).toBe(true);
        }
      });

      it(`${ABI_TABLE[target].registers} has one pc and one sp`, () => {
        const row = ABI_TABLE[target];
        const set = abiOf(target).registers;
        expect(set.registers.filter((r) => r.class === 'pc').map((r) => r.name)).toEqual([set.pc?.name]);
        expect(set.registers.filter((r) => r.class === 'sp').map((r) => r.name)).toEqual([set.sp?.name]);
        expect(set.pc && named(set.pc, row.pc), `pc: ${set.pc?.name}`).toBe(true);
        expect(set.sp && named(set.sp, row.sp), `sp: ${set.sp?.name}`).toBe(true);
        set.registers.forEach((r, i) => expect(r.index).toBe(i));
        for (const r of set.registers) for (const s of r.subs) expect(s.hi < r.bits && s.lo <= s.hi, `${r.name}.${s.name}`).toBe(true);
      });

      it('numbers every call as <asm/unistd.h> does, and lacks the calls it lacks', (ctx) => {
        const tc = findToolchain(target);
        if (!tc) return skipFor(ctx, `no ${target} compiler (${candidateNames(target)})`);
        const missing = missingHeaders(tc.argv, KERNEL_HEADERS);
        if (missing) return skipFor(ctx, missing);
        const headers = syscallNumbers(tc.argv);
        expect(headers.get('read'), 'the headers define no __NR_read').toBeDefined();
        const layout = layoutOf(target);
        const abi = abiOf(target);
        const problems: string[] = [];
        const listed = callsOn(layout, abi);
        for (const { table, call, number } of listed) {
          const want = headers.get(call.name);
          if (want === undefined) problems.push(`${table}.${call.name}: numbered ${number} on ${abi.name}, but the headers have no __NR_${call.name}`);
          else if (BigInt(want) !== number) problems.push(`${table}.${call.name}: ${number} on ${abi.name}, __NR_${call.name} is ${want}`);
        }
        const names = new Set(layout.machine.syscallTables.flatMap((t) => t.calls.map((c) => c.name)));
        for (const name of names) {
          if (headers.has(name) && !listed.some((l) => l.call.name === name)) {
            problems.push(`${name}: __NR_${name} is ${headers.get(name)}, but no table numbers it on ${abi.name}`);
          }
        }
        const byNumber = new Map<bigint, string>();
        const byName = new Set<string>();
        for (const { table, call, number } of listed) {
          const other = byNumber.get(number);
          if (other) problems.push(`${table}.${call.name}: number ${number} on ${abi.name} is also ${other}'s`);
          byNumber.set(number, `${table}.${call.name}`);
          if (byName.has(call.name)) problems.push(`${call.name} is numbered twice on ${abi.name}`);
          byName.add(call.name);
        }
        expect(problems).toEqual([]);
        expect(listed.length).toBeGreaterThanOrEqual(40);
      });

      it("takes open's flags with the bits of <asm/fcntl.h>", (ctx) => {
        const tc = findToolchain(target);
        if (!tc) return skipFor(ctx, `no ${target} compiler (${candidateNames(target)})`);
        const missing = missingHeaders(tc.argv, KERNEL_HEADERS);
        if (missing) return skipFor(ctx, missing);
        const headers = integerMacros(tc.argv, 'asm/fcntl.h', /^((?:__)?O_\w+|FASYNC)$/);
        expect(headers.get('O_CREAT'), 'the headers define no O_CREAT').toBeDefined();
        const abi = abiOf(target);
        const openat = layoutOf(target).machine.syscallTables.flatMap((t) => t.calls).find((c) => c.name === 'openat')!;
        const type = typeOn(abi, openat.params.find((p) => p.name === 'flags')!.type);
        expect(type.kind).toBe('flags');
        const bits = layoutOf(target).byName.get((type as { bits: string }).bits) as ir.Bits;
        const problems: string[] = [];
        const fieldBits = new Map<number, string>();
        for (const f of bits.fields) {
          const [r] = f.ranges;
          if (f.type.kind === 'enum') {
            // The access mode: O_ACCMODE its mask, each member its macro's value.
            if (headers.get('O_ACCMODE') !== ((1 << (r.hi + 1)) - 1) - ((1 << r.lo) - 1)) problems.push(`${f.name} @${r.lo}..${r.hi} is not O_ACCMODE (${headers.get('O_ACCMODE')})`);
            for (const m of f.type.decl.members) if (BigInt(headers.get(m.name) ?? -1) !== m.value << BigInt(r.lo)) problems.push(`${m.name} is ${m.value}, the headers' ${headers.get(m.name)}`);
            for (let b = r.lo; b <= r.hi; b++) fieldBits.set(1 << b, f.name);
            continue;
          }
          const want = headers.get(f.name);
          if (want !== 2 ** r.lo) problems.push(`${bits.name}.${f.name} is bit ${r.lo} (${2 ** r.lo}), the headers' ${want}`);
          fieldBits.set(2 ** r.lo, f.name);
        }
        const named = new Set([...bits.fields.map((f) => f.name), ...bits.fields.flatMap((f) => (f.type.kind === 'enum' ? f.type.decl.members.map((m) => m.name) : [])), 'O_ACCMODE']);
        for (const [name, value] of headers) {
          if (named.has(name) || value === 0) continue;
          // Another name of a field's bit, or several fields' bits together.
          let rest = value;
          for (const bit of fieldBits.keys()) if (rest & bit) rest -= bit;
          if (rest !== 0) problems.push(`${bits.name} lacks ${name} (${value.toString(8)} octal)`);
        }
        expect(problems).toEqual([]);
      });

      it('has the error numbers of <asm/errno.h>', (ctx) => {
        const tc = findToolchain(target);
        if (!tc) return skipFor(ctx, `no ${target} compiler (${candidateNames(target)})`);
        const missing = missingHeaders(tc.argv, KERNEL_HEADERS);
        if (missing) return skipFor(ctx, missing);
        const headers = errnoValues(tc.argv);
        for (const name of NOT_ERRNOS) headers.delete(name);
        expect(headers.get('EINVAL'), 'the headers define no EINVAL').toBe(22);
        const errno = abiOf(target).errno!;
        const inEnum = new Map(errno.members.map((m) => [m.name, m.value]));
        const problems: string[] = [];
        for (const [name, value] of inEnum) {
          const want = headers.get(name);
          if (want === undefined) problems.push(`${errno.name}.${name} (${value}): not in the headers`);
          else if (BigInt(want) !== value) problems.push(`${errno.name}.${name} is ${value}, the headers' ${want}`);
        }
        for (const [name, value] of headers) if (!inEnum.has(name)) problems.push(`${errno.name} lacks ${name} (${value})`);
        expect(problems).toEqual([]);
        expect(inEnum.size).toBeGreaterThanOrEqual(130);
      });
    });
  }
});
