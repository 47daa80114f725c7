/**
 * The built-in targets, declared in CDL itself so that they read exactly like a user's
 * `target` declaration. Alignments are those of each target's C ABI (checked against gcc by
 * tests/oracle): only i386 differs, aligning 8-byte integers to 4 inside structures. `elf` is
 * the e_machine of the target's executables (<elf.h>: EM_X86_64, EM_386, EM_AARCH64,
 * EM_RISCV, EM_PPC, EM_S390, EM_MIPS; checked against each target's gcc by tests/toolchains).
 */
export const BUILTIN_FILE = '<builtin>';

export const BUILTIN_SOURCE = `\
/// x86-64 System V ABI.
target x86_64  { endian little; word 64; pointer 64; align u16 2; align u32 4; align u64 8; align ptr 8; elf 62; }
/// i386 System V ABI: 8-byte integers are 4-aligned inside structures.
target i386    { endian little; word 32; pointer 32; align u16 2; align u32 4; align u64 4; align ptr 4; elf 3; }
/// AArch64 (AAPCS64, LP64).
target aarch64 { endian little; word 64; pointer 64; align u16 2; align u32 4; align u64 8; align ptr 8; elf 183; }
/// RISC-V RV64 (LP64).
target riscv64 { endian little; word 64; pointer 64; align u16 2; align u32 4; align u64 8; align ptr 8; elf 243; }
/// RISC-V RV32 (ILP32).
target riscv32 { endian little; word 32; pointer 32; align u16 2; align u32 4; align u64 8; align ptr 4; elf 243; }
/// 32-bit PowerPC, big-endian (SVR4 ABI).
target ppc32   { endian big;    word 32; pointer 32; align u16 2; align u32 4; align u64 8; align ptr 4; elf 20; }
/// IBM Z, 64-bit, big-endian.
target s390x   { endian big;    word 64; pointer 64; align u16 2; align u32 4; align u64 8; align ptr 8; elf 22; }
/// MIPS32 O32 ABI, big-endian.
target mips32  { endian big;    word 32; pointer 32; align u16 2; align u32 4; align u64 8; align ptr 4; elf 8; }
`;

/** The built-in targets' names, in the order declared above (for help and defaults). */
export const BUILTIN_TARGETS: readonly string[] = [...BUILTIN_SOURCE.matchAll(/^target (\w+)/gm)].map((m) => m[1]!);
