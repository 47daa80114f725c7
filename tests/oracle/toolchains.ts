/**
 * The C compiler that defines each built-in target's ABI. The oracle only asks for assembly
 * (`-S -ffreestanding`), so a bare cross gcc without a C library is enough.
 */
import { spawnSync } from 'node:child_process';

export interface ToolchainSpec {
  /** Candidate argv prefixes, best first: the first one that compiles a probe is used. */
  readonly cc: readonly (readonly string[])[];
  readonly description: string;
}

export interface Toolchain {
  readonly target: string;
  /** argv prefix: compiler and the flags that select the target's ABI. */
  readonly argv: readonly string[];
  readonly description: string;
}

const onX64 = process.arch === 'x64';

export const TOOLCHAINS: Readonly<Record<string, ToolchainSpec>> = {
  x86_64: {
    cc: [['x86_64-linux-gnu-gcc', '-m64'], ...(onX64 ? [['gcc', '-m64']] : [])],
    description: 'x86-64 System V (host gcc -m64)',
  },
  // Debian's gcc-multilib conflicts with its cross compilers, so i386 uses the i686 cross gcc.
  i386: {
    cc: [['i686-linux-gnu-gcc'], ...(onX64 ? [['gcc', '-m32']] : [])],
    description: 'i386 System V (i686-linux-gnu-gcc)',
  },
  aarch64: { cc: [['aarch64-linux-gnu-gcc']], description: 'AArch64 LP64 (aarch64-linux-gnu-gcc)' },
  riscv64: { cc: [['riscv64-linux-gnu-gcc']], description: 'RV64 LP64 (riscv64-linux-gnu-gcc)' },
  // No riscv32 gcc in Debian; the riscv64 one emits RV32 ILP32 code when asked.
  riscv32: {
    cc: [
      ['riscv32-linux-gnu-gcc'],
      ['riscv64-linux-gnu-gcc', '-march=rv32imac', '-mabi=ilp32'],
      ['riscv64-unknown-elf-gcc', '-march=rv32imac', '-mabi=ilp32'],
    ],
    description: 'RV32 ILP32 (riscv64-linux-gnu-gcc -march=rv32imac -mabi=ilp32)',
  },
  ppc32: { cc: [['powerpc-linux-gnu-gcc']], description: '32-bit PowerPC SVR4, big-endian (powerpc-linux-gnu-gcc)' },
  s390x: { cc: [['s390x-linux-gnu-gcc']], description: 'IBM Z 64-bit, big-endian (s390x-linux-gnu-gcc)' },
  mips32: { cc: [['mips-linux-gnu-gcc']], description: 'MIPS32 O32, big-endian (mips-linux-gnu-gcc)' },
};

export const BUILTIN_TARGETS = Object.keys(TOOLCHAINS);

/** Flags for every oracle compile: assembly only, no C library, plain C11 plus GNU attributes. */
export const CC_FLAGS = ['-S', '-O0', '-ffreestanding', '-std=c11', '-x', 'c', '-o', '-', '-'] as const;

const PROBE = '#include <stddef.h>\n#include <stdint.h>\nint cdl_probe(void) { return (int)sizeof(uintptr_t); }\n';
const found = new Map<string, Toolchain | null>();

/** The working compiler for a target, or null when none of its candidates compiles a probe. */
export function findToolchain(target: string): Toolchain | null {
  if (found.has(target)) return found.get(target)!;
  const spec = TOOLCHAINS[target];
  let result: Toolchain | null = null;
  for (const argv of spec?.cc ?? []) {
    const run = spawnSync(argv[0], [...argv.slice(1), ...CC_FLAGS], { input: PROBE, encoding: 'utf8' });
    if (run.status === 0) {
      result = { target, argv, description: spec.description };
      break;
    }
  }
  found.set(target, result);
  return result;
}

/** The compilers tried for a target, for "not found" messages. */
export function candidateNames(target: string): string {
  return (TOOLCHAINS[target]?.cc ?? []).map((argv) => argv.join(' ')).join(' or ') || '(no compiler known)';
}

/** CI sets CDL_REQUIRE_TOOLCHAINS=1 so that a missing cross compiler fails instead of skipping. */
export function requireToolchains(): boolean {
  return process.env.CDL_REQUIRE_TOOLCHAINS === '1';
}
