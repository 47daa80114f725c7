/**
 * formatSyscall and formatRegisters over the tables generated for tests/machine/spec.cdl (one
 * call of each argument type; an x86-64 ABI whose errors are negative results and a ppc32 one
 * whose errors are flagged by bit 28 of cr), with recorded register values; and a property:
 * they never throw, whatever they are given.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LINUX_FD_NAMES,
  formatRegisters,
  formatSyscall,
  frameRegisters,
  type MemoryReader,
  type RegisterSet,
  type SyscallAbi,
  type SyscallTable,
  type TrapFrame,
} from '../../runtime/index.js';
import { emitTs, type Emitted } from './emit.js';

let emitted: Emitted;
let neg: SyscallAbi;
let negCalls: SyscallTable;
let flag: SyscallAbi;
let flagCalls: SyscallTable;
let x64: RegisterSet;

beforeAll(async () => {
  emitted = await emitTs(['tests/machine/spec.cdl'], ['x86_64', 'ppc32']);
  const x = await emitted.module('x86_64', 't');
  const p = await emitted.module('ppc32', 't');
  [neg, negCalls, x64] = [x.Neg, x.Calls_Neg, x.X64];
  [flag, flagCalls] = [p.Flag, p.Calls_Flag];
}, 60_000);

/** Memory holding `blocks` (address, bytes or text); everything else unreadable. */
function memory(blocks: Record<string, string | Uint8Array>): MemoryReader {
  const enc = new TextEncoder();
  const regions = Object.entries(blocks).map(([at, b]) => [BigInt(at), typeof b === 'string' ? enc.encode(b) : b] as const);
  return (addr, len) => {
    for (const [at, bytes] of regions) {
      if (addr >= at && addr < at + BigInt(bytes.length)) {
        const from = Number(addr - at);
        return bytes.subarray(from, from + len);
      }
    }
    return null;
  };
}

const u64 = (n: bigint) => BigInt.asUintN(64, n);
const MEM = memory({
  0x1000: 'hello\n',
  0x2000: '/etc/x\0',
  0x3000: 'abcdefghijklmnopqrstuvwxyz0123456789\0',
  0x4000: 'abcdefghijklmnopqrstuvwxyz012345\0',
  0x5000: new Uint8Array([0x01, 0x02, 0x03, 0x80, 0xfe, 0x00, 0x07, 0x39, 0x22, 0x5c, 0x09, 0x0d, 0x0b, 0x0c, 0x1b, 0x31, 0x00]),
  0x6000: 'abc',
  0x7ff0: 'no NUL before the end',
});

describe('formatSyscall, errors as negative results (x86_64)', () => {
  const f = (n: number, args: bigint[], result?: bigint) => formatSyscall(neg, negCalls, BigInt(n), args, result, { memory: MEM, fdNames: LINUX_FD_NAMES });

  it('the generated tables have the spec', () => {
    expect(emitted.typecheck()).toBe('');
    expect(neg).toMatchObject({ name: 'Neg', wordBits: 64, number: 'rax', error: { kind: 'negative', max: 4095 } });
    expect(negCalls[257]?.name).toBe('openat');
    expect(x64.registers.map((r) => r.name)).toEqual(['rax', 'rdi', 'rsi', 'rdx', 'r10', 'r8', 'r9', 'rsp', 'rip', 'rflags', 'd0', 's0', 'v0']);
    expect(x64.registers[0]).toEqual({ name: 'rax', index: 0, bits: 64, class: 'general', format: 'hex', aliases: [], subs: [{ name: 'eax', lo: 0, hi: 31 }] });
  });

  it('fd, bytes(n) and a length: write(1, "hello\\n", 6) = 6', () => {
    expect(f(1, [1n, 0x1000n, 6n], 6n)).toBe('write(1, "hello\\n", 6) = 6');
  });

  it('cstr, flags and a negative result: openat(AT_FDCWD, "/etc/x", O_RDONLY, 0) = -1 ENOENT', () => {
    expect(f(257, [u64(-100n), 0x2000n, 0n, 0n], u64(-2n))).toBe('openat(AT_FDCWD, "/etc/x", O_RDONLY, 0) = -1 ENOENT');
    // -100 is AT_FDCWD only when the caller says so (a Linux convention, not the machine's).
    expect(formatSyscall(neg, negCalls, 257n, [u64(-100n), 0x2000n, 0n, 0n], 3n, MEM)).toBe('openat(-100, "/etc/x", O_RDONLY, 0) = 3');
  });

  it('flags: fields by name, an enum field by member, unknown bits in hex', () => {
    expect(f(257, [3n, 0x2000n, 0x800c1n, 0o644n], 4n)).toBe('openat(3, "/etc/x", O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 420) = 4');
    expect(f(257, [3n, 0x2000n, 0x102n, 0n], 4n)).toBe('openat(3, "/etc/x", O_RDWR|0x100, 0) = 4');
    expect(f(257, [3n, 0x2000n, 0x3n, 0n], 4n)).toBe('openat(3, "/etc/x", 0x3, 0) = 4');
  });

  it('signed ints and enums: lseek(3, -5, SEEK_END) = 10; an unknown member as a number', () => {
    expect(f(8, [3n, u64(-5n), 2n], 10n)).toBe('lseek(3, -5, SEEK_END) = 10');
    expect(f(8, [3n, 0n, 7n], u64(-22n))).toBe('lseek(3, 0, 7) = -1 ERRNO_22');
    // A wide enum (a const object of bigints): by member name too, else signed.
    expect(f(501, [1n << 63n], 0n)).toBe('wide(HUGE) = 0');
    expect(f(501, [1n], 0n)).toBe('wide(SMALL) = 0');
    expect(f(501, [u64(-2n)], 0n)).toBe('wide(-2) = 0');
  });

  it('pointers in hex, NULL for 0; a pointer result', () => {
    expect(f(9, [0n, 4096n, 3n, 34n, u64(-1n), 0n], 0x7f1234560000n)).toBe('mmap(NULL, 4096, 3, 34, -1, 0) = 0x7f1234560000');
    expect(f(35, [0x7ffc0000n, 0n], 0n)).toBe('nanosleep(0x7ffc0000, NULL) = 0');
  });

  it('ints wrap to their width', () => {
    expect(f(500, [0x1ffn, 0xffn, 0x12345n, 0x8000n, u64(-1n), 1n], 5n)).toBe('small(255, -1, 9029, -32768, 4294967295, 1) = 5');
  });

  it('out buffers: the address before the call and on failure, what was written after', () => {
    expect(f(0, [3n, 0x6000n, 10n])).toBe('read(3, 0x6000, 10)');
    expect(f(0, [3n, 0x6000n, 10n], 3n)).toBe('read(3, "abc", 10) = 3');
    expect(f(0, [3n, 0x6000n, 10n], u64(-9n))).toBe('read(3, 0x6000, 10) = -1 EBADF');
    expect(f(79, [0x2000n, 100n], 7n)).toBe('getcwd("/etc/x", 100) = 7');
  });

  it('strings: escaped and cut after 32 bytes as strace does, the address when unreadable', () => {
    expect(f(1, [1n, 0x5000n, 17n], 17n)).toBe('write(1, "\\1\\2\\3\\200\\376\\0\\79\\"\\\\\\t\\r\\v\\f\\0331\\0", 17) = 17');
    expect(f(1, [1n, 0x3000n, 36n], 36n)).toBe('write(1, "abcdefghijklmnopqrstuvwxyz012345"..., 36) = 36');
    expect(f(257, [3n, 0x3000n, 0n, 0n], 3n)).toBe('openat(3, "abcdefghijklmnopqrstuvwxyz012345"..., O_RDONLY, 0) = 3');
    expect(f(257, [3n, 0x4000n, 0n, 0n], 3n)).toBe('openat(3, "abcdefghijklmnopqrstuvwxyz012345", O_RDONLY, 0) = 3');
    expect(f(257, [3n, 0x7ff0n, 0n, 0n], 3n)).toBe('openat(3, 0x7ff0, O_RDONLY, 0) = 3');
    expect(f(257, [3n, 0x9000n, 0n, 0n], 3n)).toBe('openat(3, 0x9000, O_RDONLY, 0) = 3');
    expect(f(257, [3n, 0n, 0n, 0n], u64(-14n))).toBe('openat(3, NULL, O_RDONLY, 0) = -1 ERRNO_14');
    expect(f(1, [1n, 0x1000n, 0n], 0n)).toBe('write(1, "", 0) = 0');
    expect(formatSyscall(neg, negCalls, 1n, [1n, 0x1000n, 6n], 6n)).toBe('write(1, 0x1000, 6) = 6');
    expect(formatSyscall(neg, negCalls, 1n, [1n, 0x3000n, 36n], 36n, { memory: MEM, stringLimit: 4 })).toBe('write(1, "abcd"..., 36) = 36');
  });

  it('a memory reader that throws or returns garbage reads nothing', () => {
    const throwing: MemoryReader = () => {
      throw new Error('no');
    };
    expect(formatSyscall(neg, negCalls, 1n, [1n, 0x1000n, 6n], 6n, throwing)).toBe('write(1, 0x1000, 6) = 6');
    expect(formatSyscall(neg, negCalls, 1n, [1n, 0x1000n, 6n], 6n, (() => 'x') as unknown as MemoryReader)).toBe('write(1, 0x1000, 6) = 6');
  });

  it('errors: the first name of a number, the range [-max, -1], unknown numbers', () => {
    expect(f(39, [], u64(-11n))).toBe('getpid() = -1 EAGAIN');
    expect(f(39, [], u64(-4095n))).toBe('getpid() = -1 ERRNO_4095');
    expect(f(39, [], u64(-4096n))).toBe('getpid() = -4096');
    expect(f(39, [], 1234n)).toBe('getpid() = 1234');
  });

  it('noreturn: = ?', () => {
    expect(f(231, [0n])).toBe('exit_group(0) = ?');
    expect(f(231, [3n], 0n)).toBe('exit_group(3) = ?');
  });

  it('an unknown number: syscall_N with as many arguments as the ABI carries, in hex', () => {
    expect(f(1234, [1n, 2n, 0n, 0xffn, 5n, 6n], u64(-2n))).toBe('syscall_1234(0x1, 0x2, 0, 0xff, 0x5, 0x6) = -1 ENOENT');
    expect(f(1234, [1n], 0n)).toBe('syscall_1234(0x1, ?, ?, ?, ?, ?) = 0');
    expect(formatSyscall(neg, negCalls, -1n, [], undefined)).toBe('syscall_18446744073709551615(?, ?, ?, ?, ?, ?)');
  });

  it('missing arguments print as ?', () => {
    expect(f(1, [1n], 6n)).toBe('write(1, ?, ?) = 6');
  });
});

describe('formatSyscall, errors flagged (ppc32: bit 28 of cr)', () => {
  const SO = 1n << 28n;
  it('the flag register decides; 32-bit words', () => {
    expect(flag).toMatchObject({ wordBits: 32, error: { kind: 'flag', register: 'cr', bit: 28 } });
    const args = [0xffffff9cn, 0x2000n, 0x41n, 0x1a4n];
    expect(formatSyscall(flag, flagCalls, 286n, args, 2n, { memory: MEM, errorFlag: SO, fdNames: LINUX_FD_NAMES })).toBe('openat(AT_FDCWD, "/etc/x", O_WRONLY|O_CREAT, 420) = -1 ENOENT');
    expect(formatSyscall(flag, flagCalls, 286n, args, 2n, { memory: MEM, errorFlag: SO >> 1n })).toBe('openat(-100, "/etc/x", O_WRONLY|O_CREAT, 420) = 2');
    // Without the flag register, a result cannot be told from an error.
    expect(formatSyscall(flag, flagCalls, 286n, args, 2n, MEM)).toBe('openat(-100, "/etc/x", O_WRONLY|O_CREAT, 420) = 2');
    expect(formatSyscall(flag, flagCalls, 3n, [3n, 0x6000n, 10n], 9n, { memory: MEM, errorFlag: SO | 1n })).toBe('read(3, 0x6000, 10) = -1 EBADF');
    expect(formatSyscall(flag, flagCalls, 90n, [0n, 0x1_0000_1000n, 0n, 0n, 0xffffffffn, 0n], 0x1_f000_0000n)).toBe('mmap(NULL, 4096, 0, 0, -1, 0) = 0xf0000000');
  });
});

describe('formatRegisters', () => {
  it('prints the registers a trap frame holds, in either byte order', async () => {
    const golden = await emitTs(['tests/golden/machine/spec.cdl'], ['x86_64', 'mips32']);
    expect(golden.typecheck()).toBe('');
    // A frame of x86_64's registers has no table on mips32.
    expect((await golden.module('mips32', 'm')).EntryFrameRegisters).toBeUndefined();
    const ppc = await emitted.module('ppc32', 't');
    for (const stem of ['x86_64', 'ppc32']) {
      const m = stem === 'x86_64' ? await golden.module(stem, 'm') : ppc;
      const frame = (stem === 'x86_64' ? m.EntryFrameRegisters : m.PpcFrameRegisters) as TrapFrame;
      const set = (stem === 'x86_64' ? m.X86_64Regs : m.Ppc) as RegisterSet;
      expect(frame.slots.length).toBeGreaterThan(2);
      // Each slot holds its offset + 1 in its last byte: the value tells where it was read.
      const dv = new DataView(new ArrayBuffer(frame.size + 8));
      for (const s of frame.slots) dv.setUint8(8 + s.offset + (frame.littleEndian ? 0 : s.size - 1), s.offset + 1);
      const values = frameRegisters(frame, dv, 8);
      for (const s of frame.slots) expect(values[s.register], `${stem} ${s.register}`).toBe(BigInt(s.offset + 1));
      const line = formatRegisters(set, values);
      expect(line.split(' ').length).toBe(frame.slots.length);
      expect(line).toBe(stem === 'x86_64' ? 'rax=0x19 rsi=0x9 rdi=0x1 rsp=0x31 rip=0x21 rflags=0x29' : 'r0=0x9 r3=0x1 cr=0x11 pc=0xd');
      expect(frame.littleEndian).toBe(stem === 'x86_64');
      // A frame cut short: the slots that fit.
      expect(Object.keys(frameRegisters(frame, new DataView(new ArrayBuffer(frame.slots[1]!.offset))))).toEqual([frame.slots[0]!.register]);
    }
  }, 60_000);

  it('prints a dump line by index or by name', () => {
    expect(formatRegisters(x64, [1n, 0n, u64(-1n)])).toBe('rax=0x1 rdi=0 rsi=0xffffffffffffffff');
    expect(formatRegisters(x64, { rip: 0x401000n, rsp: 0x7ffc0000n })).toBe('rsp=0x7ffc0000 rip=0x401000');
    // Only the values' own properties: a register named like an Object.prototype member is not one.
    const odd: RegisterSet = { ...x64, registers: [{ ...x64.registers[0]!, name: 'constructor' }] };
    expect(formatRegisters(odd, {})).toBe('');
  });

  it('prints each register in its format: flags by their names, floats as numbers, the rest in hex', async () => {
    expect(x64.registers.map((r) => `${r.name}:${r.format}`).slice(-4)).toEqual(['rflags:flags', 'd0:float', 's0:float', 'v0:hex']);
    // Set one-bit fields by name, a wider field as name=value, an enum field by its member
    // (even when zero); bits no field names only in the hex.
    expect(formatRegisters(x64, { rflags: 0x242n })).toBe('rflags=0x242 [ZF IF O_RDONLY]');
    expect(formatRegisters(x64, { rflags: 0x7243n })).toBe('rflags=0x7243 [CF ZF IF IOPL=3 O_WRONLY]');
    expect(formatRegisters(x64, { rflags: 0xc000n | (1n << 40n) })).toBe('rflags=0x1000000c000 [mode=3]');
    expect(formatRegisters(x64, { d0: 0x3ff8000000000000n, s0: 0x3fc00000n })).toBe('d0=1.5 s0=1.5');
    expect(formatRegisters(x64, { d0: 0xfff8000000000000n, s0: 0xff800000n })).toBe('d0=NaN s0=-Infinity');
    expect(formatRegisters(x64, { v0: (1n << 100n) | 1n })).toBe('v0=0x10000000000000000000000001');
    // A value wider than the register is cut to its width, as everywhere.
    expect(formatRegisters(x64, { s0: (1n << 40n) | 0x3fc00000n })).toBe('s0=1.5');
  });

  it("shows dsl/linux's x86 flags registers by the SDM's flag names", async () => {
    const linux = await emitTs(['dsl/linux/registers.cdl'], ['x86_64', 'i386']);
    const x86_64 = (await linux.module('x86_64', 'linux')).X86_64Regs as RegisterSet;
    const i386 = (await linux.module('i386', 'linux')).I386Regs as RegisterSet;
    expect(formatRegisters(x86_64, { rflags: 0x246n })).toBe('rflags=0x246 [PF ZF IF]');
    expect(formatRegisters(i386, { eflags: 0x3287n })).toBe('eflags=0x3287 [CF PF SF IF IOPL=3]');
  }, 60_000);
});

describe('never throws', () => {
  const anyBig = fc.oneof(fc.bigInt(), fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }), fc.constantFrom(0n, -1n, -100n, 1n << 64n, -(1n << 63n)));
  const reader = fc.oneof(
    fc.constant(undefined),
    fc.constant(MEM),
    fc.uint8Array({ maxLength: 64 }).map((b): MemoryReader => () => b),
    fc.constant<MemoryReader>(() => {
      throw new Error('unreadable');
    }),
    fc.anything().map((x) => (() => x) as unknown as MemoryReader),
  );

  it('for any register values, on both ABIs and on numbers in and out of the tables', () => {
    const numbers = fc.oneof(anyBig, fc.constantFrom(...Object.keys(negCalls).map(BigInt), ...Object.keys(flagCalls).map(BigInt)));
    fc.assert(
      fc.property(fc.boolean(), numbers, fc.array(anyBig, { maxLength: 8 }), fc.option(anyBig, { nil: undefined }), reader, fc.option(anyBig, { nil: undefined }), fc.integer({ min: -5, max: 100 }), (ppc, n, args, result, memory, errorFlag, stringLimit) => {
        const abi = ppc ? flag : neg;
        const table = ppc ? flagCalls : negCalls;
        const options = { fdNames: LINUX_FD_NAMES, stringLimit, ...(memory ? { memory } : {}), ...(errorFlag === undefined ? {} : { errorFlag }) };
        expect(typeof formatSyscall(abi, table, n, args, result, options)).toBe('string');
        expect(typeof formatRegisters(x64, args)).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });

  it('for values of any JavaScript type, and tables that are not tables', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), fc.anything(), fc.anything(), (abi, table, n, args, result, options) => {
        const f = formatSyscall as unknown as (...a: unknown[]) => unknown;
        expect(typeof f(abi, table, n, args, result, options)).toBe('string');
        expect(typeof f(neg, negCalls, n, args, result, options)).toBe('string');
        expect(typeof (formatRegisters as unknown as (...a: unknown[]) => unknown)(abi, args)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});
