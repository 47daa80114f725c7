/**
 * The machine's IR: checked once, target-free; each layout sees its target's register sets
 * and ABIs and every syscall table, as the same objects.
 */
import { describe, expect, it } from 'vitest';
import { compileSources, messages } from '../helpers/compile.js';

const SPEC = `namespace m;
registers X : x86_64 { rax: u64; rdi: u64; rsi: u64; rdx: u64; rip: u64 pc; rsp: u64 sp; }
registers M : mips32 { v0: u32; a0: u32; a1: u32; a3: u32; sp: u32 sp; }
abi LX : X { trap "syscall"; number rax; args rdi, rsi, rdx; result rax; error negative 4095; }
abi LM : M { trap "syscall"; number v0; args a0, a1, stack 16; result v0; error flag a3; }
syscalls T {
  write(fd: fd, buf: bytes(n), n: usize) -> isize = LX 1, LM 4004;
  only_x(a: u64) -> i32 = LX 500;
}
`;

describe('the machine in the IR', () => {
  const result = compileSources({ 'm.cdl': SPEC }, { targets: ['x86_64', 'aarch64', 'mips32'] });

  it('compiles', () => expect(messages(result)).toEqual([]));

  it('gives each layout its own target\'s register sets and ABIs, and every table', () => {
    const byTarget = new Map(result.layouts.map((l) => [l.target.name, l.machine]));
    expect(byTarget.get('x86_64')!.registerSets.map((s) => s.name)).toEqual(['X']);
    expect(byTarget.get('x86_64')!.abis.map((a) => a.name)).toEqual(['LX']);
    expect(byTarget.get('mips32')!.abis.map((a) => a.name)).toEqual(['LM']);
    // aarch64 shares x86_64's data model, and so its declarations, but not its machine.
    expect(byTarget.get('aarch64')!.registerSets).toEqual([]);
    expect(byTarget.get('aarch64')!.abis).toEqual([]);
    const tables = [...byTarget.values()].map((m) => m.syscallTables[0]);
    expect(new Set(tables).size).toBe(1);
  });

  it('refers to registers, ABIs and parameters as objects', () => {
    const x = result.layouts.find((l) => l.target.name === 'x86_64')!.machine;
    const [set] = x.registerSets;
    const [abi] = x.abis;
    expect(abi.registers).toBe(set);
    expect(abi.number).toBe(set.registers[0]);
    expect(set.pc?.name).toBe('rip');
    const write = x.syscallTables[0].calls[0];
    expect(write.numbers.map((n) => [n.abi.name, n.number])).toEqual([
      ['LX', 1n],
      ['LM', 4004n],
    ]);
    expect(write.numbers[0].abi).toBe(abi);
    expect(write.params[1].type).toEqual({ kind: 'bytes', length: 2 });
  });

  it('counts a 64-bit argument as two slots on a 32-bit ABI', () => {
    const bad = compileSources({ 'm.cdl': SPEC.replace('only_x(a: u64) -> i32 = LX 500;', 'two(a: u64, b: u64) -> i32 = LX 500, LM 4500;') });
    expect(messages(bad, 'error')).toEqual([expect.stringContaining("'two' needs 4 argument slots, more than 'LM' carries (3)")]);
  });
});
