/**
 * The machine tables generated/ts holds for dsl/linux, on each of the eight targets: every ABI
 * of the target formats a write, its success and its failure by the ABI's own convention.
 */
import { describe, expect, it } from 'vitest';
import { formatSyscall, type SyscallAbi, type SyscallTable } from '../../runtime/index.js';
import { targetModule } from '../ts/generated.js';

const TARGETS = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];

describe('dsl/linux in generated/ts', () => {
  it.each(TARGETS)('%s: write, its result and its failure, on every ABI', async (target) => {
    const m = await targetModule(target, 'linux');
    const abis = Object.values(m).filter((v): v is SyscallAbi => typeof v === 'object' && v !== null && 'trap' in v && 'error' in v);
    expect(abis.length).toBeGreaterThan(0);
    for (const abi of abis) {
      expect(abi.target).toBe(target);
      const calls: SyscallTable = Object.assign({}, ...Object.entries(m).filter(([k]) => k.endsWith(`_${abi.name}`)).map(([, t]) => t));
      const write = Object.entries(calls).find(([, c]) => c.name === 'write');
      expect(write, `${abi.name} has write`).toBeDefined();
      const n = BigInt(write![0]);
      const text = new TextEncoder().encode('hi\n');
      const memory = (addr: bigint, len: number) => (addr === 0x1000n ? text.subarray(0, len) : null);
      const ok = abi.error.kind === 'flag' ? { memory, errorFlag: 0n } : { memory };
      expect(formatSyscall(abi, calls, n, [1n, 0x1000n, 3n], 3n, ok)).toBe('write(1, "hi\\n", 3) = 3');
      const bad = abi.error.kind === 'flag' ? formatSyscall(abi, calls, n, [99n, 0x1000n, 3n], 9n, { memory, errorFlag: 1n << BigInt(abi.error.bit ?? 0) }) : formatSyscall(abi, calls, n, [99n, 0x1000n, 3n], -9n, memory);
      expect(bad).toBe('write(99, "hi\\n", 3) = -1 EBADF');
    }
  });
});
