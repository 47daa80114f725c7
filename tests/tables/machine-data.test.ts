/**
 * The machine data of the decode tables (`machine` in tables/<target>.json, loaded by
 * runtime/machines.ts) against the TypeScript modules generated from the same facts
 * (lower/machine-data.ts): on every built-in target, each register set and trap frame is the
 * same data, and every call of every ABI prints the same line through `formatSyscall` from
 * either (random arguments, a success and an error result), so a debugger that loads only the
 * JSON of its target prints what one built on the generated modules prints.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMachine, loadMachine, type MachineIndex } from '../../runtime/machines.js';
import { formatRegisters, formatSyscall, type RegisterSet, type SyscallAbi, type SyscallTable, type TrapFrame } from '../../runtime/syscalls.js';
import { mulberry32 } from '../helpers/random.js';
import { targetModule } from '../ts/generated.js';
import { ROOT } from '../ts/oracle.js';

const TABLES = path.join(ROOT, 'generated/tables');
const index = JSON.parse(fs.readFileSync(path.join(TABLES, 'index.json'), 'utf8')) as MachineIndex;
const TARGETS = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];

describe.each(TARGETS)('the machine data of %s', (target) => {
  it('is what the generated TypeScript holds', async () => {
    const machine = await loadMachine(findMachine(index, { target })!, (f) => JSON.parse(fs.readFileSync(path.join(TABLES, f), 'utf8')));
    // Every namespace module of the target, and what it exports of the machine.
    const modules = await Promise.all(['linux', 'hobby', 'x86', 'riscv', 'coyotos'].filter((ns) => fs.existsSync(path.join(ROOT, 'generated/ts', target, `${ns}.ts`))).map((ns) => targetModule(target, ns)));
    const exported = modules.flatMap((m) => Object.entries(m));
    const sets = exported.filter(([, v]) => v && typeof v === 'object' && 'registers' in v && 'pc' in v).map(([, v]) => v as RegisterSet);
    const frames = exported.filter(([, v]) => v && typeof v === 'object' && 'slots' in v).map(([, v]) => v as TrapFrame);
    const abis = exported.filter(([, v]) => v && typeof v === 'object' && 'trap' in v && 'number' in v).map(([k, v]) => [k, v as SyscallAbi] as const);
    expect(Object.values(machine.registers).map((r) => r.name).sort()).toEqual(sets.map((r) => r.name).sort());
    expect(Object.values(machine.frames).map((f) => f.name).sort()).toEqual(frames.map((f) => f.name).sort());
    expect(Object.values(machine.abis).map((a) => a.name).sort()).toEqual(abis.map(([, a]) => a.name).sort());
    for (const set of sets) expect(Object.values(machine.registers).find((r) => r.name === set.name)).toEqual(set);
    for (const frame of frames) expect(Object.values(machine.frames).find((f) => f.name === frame.name)).toEqual(frame);

    const random = mulberry32(target.length * 7 + 1);
    const word = (bits: number) => BigInt(Math.floor(random() * 2 ** 32)) | (bits > 32 ? BigInt(Math.floor(random() * 2 ** 32)) << 32n : 0n);
    // Memory holding a string where pointers point, so that cstr and bytes print from it.
    const memory = (addr: bigint, len: number) => (addr < 0x10000n ? null : new TextEncoder().encode('/etc/x\0'.repeat(8)).subarray(0, len));
    let lines = 0;
    for (const [name, abi] of abis) {
      const mine = Object.entries(machine.abis).find(([, a]) => a.name === abi.name)!;
      const table = machine.syscalls[mine[0]]!;
      // The generated tables of this ABI: exports named `<Table>_<Abi>`, merged as the README says.
      const theirs: SyscallTable = Object.assign({}, ...exported.filter(([k]) => k.endsWith(`_${name}`)).map(([, t]) => t as SyscallTable));
      expect(Object.keys(table)).toEqual(Object.keys(theirs));
      for (const n of Object.keys(theirs)) {
        const args = Array.from({ length: abi.args.length }, () => word(abi.wordBits));
        for (const result of [3n, BigInt.asUintN(abi.wordBits, -2n)]) {
          const opts = { memory, errorFlag: abi.error.kind === 'flag' ? (result === 3n ? 0n : 1n << BigInt(abi.error.bit ?? 0)) : undefined };
          expect(formatSyscall(mine[1], table, BigInt(n), args, result, opts), `${abi.name} ${n}`).toBe(formatSyscall(abi, theirs, BigInt(n), args, result, opts));
          lines++;
        }
      }
    }
    for (const set of sets) {
      const values = Object.fromEntries(set.registers.map((r) => [r.name, word(r.bits)]));
      expect(formatRegisters(Object.values(machine.registers).find((r) => r.name === set.name)!, values)).toBe(formatRegisters(set, values));
    }
    expect(lines).toBeGreaterThan(target === 'riscv32' ? 20 : 80);
  }, 60_000);
});
