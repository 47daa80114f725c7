/**
 * The tools the toolchain tests run besides each target's gcc (tests/oracle/toolchains.ts):
 * qemu-user for running the corpus programs, and rustc. A missing tool skips its test with the
 * reason printed, or fails it when CDL_REQUIRE_TOOLCHAINS=1 (as in CI).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expect, type TestContext } from 'vitest';
import { requireToolchains } from '../oracle/toolchains.js';

const warned = new Set<string>();

/** Skips the test (fails it under CDL_REQUIRE_TOOLCHAINS=1) with a reason printed once. */
export function skipFor(ctx: TestContext, reason: string, required = requireToolchains()): never {
  if (required) expect.fail(`${reason}; CDL_REQUIRE_TOOLCHAINS=1 requires it`);
  if (!warned.has(reason)) {
    warned.add(reason);
    console.warn(`toolchain tests: skipping: ${reason}`);
  }
  return ctx.skip(reason) as never;
}

/**
 * Whether a compiler links a static program against its C library: Debian's cross compilers
 * only recommend theirs (`libc6-dev-<arch>-cross`). Null if it does, else what is missing.
 */
export function missingLibc(argv: readonly string[]): string | null {
  const run = spawnSync(argv[0], [...argv.slice(1), '-static', '-x', 'c', '-o', '/dev/null', '-'], {
    input: '#include <stdint.h>\n#include <stdio.h>\nint main(void) { return puts("") < 0; }\n',
    encoding: 'utf8',
  });
  if (run.status === 0) return null;
  return `${argv.join(' ')} cannot link a static C program (its C library, on Debian libc6-dev-<arch>-cross, may be missing): ${(run.stderr ?? String(run.error)).split('\n').find((l) => l.includes('error')) ?? 'failed'}`;
}

/**
 * Whether a compiler finds `headers` for its target: a host gcc compiles for i386 with `-m32`
 * without the i386 C library and kernel headers (on Debian `gcc-multilib`), and a cross
 * compiler without `libc6-dev-<arch>-cross` or `linux-libc-dev-<arch>-cross`. Null if it finds
 * them all, else what it lacks: a test that reads them skips with that (skipFor).
 */
export function missingHeaders(argv: readonly string[], headers: readonly string[]): string | null {
  const run = spawnSync(argv[0], [...argv.slice(1), '-E', '-x', 'c', '-o', '/dev/null', '-'], {
    input: headers.map((h) => `#include <${h}>\n`).join(''),
    encoding: 'utf8',
  });
  if (run.status === 0) return null;
  const error = (run.stderr ?? String(run.error)).split('\n').find((l) => l.includes('error')) ?? 'failed';
  return `${argv.join(' ')} lacks the target's headers (${headers.map((h) => `<${h}>`).join(', ')}; on Debian its libc6-dev and linux-libc-dev packages, gcc-multilib for -m32): ${error}`;
}

/** qemu-user binaries by target; x86_64 and i386 run natively when the host can. */
const QEMU: Readonly<Record<string, string>> = {
  x86_64: 'qemu-x86_64-static',
  i386: 'qemu-i386-static',
  aarch64: 'qemu-aarch64-static',
  riscv64: 'qemu-riscv64-static',
  riscv32: 'qemu-riscv32-static',
  ppc32: 'qemu-ppc-static',
  s390x: 'qemu-s390x-static',
  mips32: 'qemu-mips-static',
};

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return existsSync(join('/usr/bin', name)) ? join('/usr/bin', name) : null;
}

export type RunOutcome =
  | { readonly kind: 'ok'; readonly stdout: string; readonly how: string }
  /** The program ran and failed. */
  | { readonly kind: 'failed'; readonly reason: string }
  /** Nothing could run it. */
  | { readonly kind: 'missing'; readonly reason: string };

/**
 * Runs a static binary built for `target`: natively on a matching host (x86_64 and i386 on
 * x64; if the kernel refuses i386 binaries, under qemu-i386-static), else under qemu-user.
 */
export function runForTarget(target: string, binary: string): RunOutcome {
  const attempts: { argv: string[]; how: string }[] = [];
  if (process.arch === 'x64' && (target === 'x86_64' || target === 'i386')) attempts.push({ argv: [binary], how: 'natively' });
  const qemu = onPath(QEMU[target] ?? '');
  if (qemu) attempts.push({ argv: [qemu, binary], how: `under ${QEMU[target]}` });
  const reasons: string[] = [];
  for (const a of attempts) {
    const run = spawnSync(a.argv[0], a.argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (run.status === 0 && !run.error) return { kind: 'ok', stdout: run.stdout, how: a.how };
    const why = run.error ? run.error.message : `exit ${run.status ?? run.signal}: ${run.stderr.trim().slice(0, 2000)}`;
    reasons.push(`${a.how}: ${why}`);
    // A native i386 run may fail because the kernel has no IA-32 emulation (execvp then even
    // hands the binary to /bin/sh): try qemu.
    if (run.error || (a.how === 'natively' && target === 'i386')) continue;
    return { kind: 'failed', reason: reasons.join('; ') };
  }
  return { kind: 'missing', reason: attempts.length ? reasons.join('; ') : `no way to run ${target} binaries (${QEMU[target]} not found)` };
}

let rustcPath: string | null | undefined;

/** rustc on PATH, or in ~/.cargo/bin where rustup puts it. */
export function findRustc(): string | null {
  if (rustcPath !== undefined) return rustcPath;
  const candidates = [onPath('rustc'), join(homedir(), '.cargo/bin/rustc')].filter((p): p is string => !!p && existsSync(p));
  rustcPath = candidates.find((p) => spawnSync(p, ['--version'], { encoding: 'utf8' }).status === 0) ?? null;
  return rustcPath;
}

/** Rust's triple for each built-in target (no_std crates only need `core` for it). */
export const RUST_TRIPLES: Readonly<Record<string, string>> = {
  x86_64: 'x86_64-unknown-linux-gnu',
  i386: 'i686-unknown-linux-gnu',
  aarch64: 'aarch64-unknown-linux-gnu',
  riscv64: 'riscv64gc-unknown-linux-gnu',
  riscv32: 'riscv32imac-unknown-none-elf',
  ppc32: 'powerpc-unknown-linux-gnu',
  s390x: 's390x-unknown-linux-gnu',
  mips32: 'mips-unknown-linux-gnu',
};

/** Whether rustc has the standard library (at least `core`) for a triple. */
export function rustTargetInstalled(rustc: string, triple: string): boolean {
  const run = spawnSync(rustc, ['--print', 'target-libdir', '--target', triple], { encoding: 'utf8' });
  if (run.status !== 0) return false;
  const dir = run.stdout.trim();
  return existsSync(dir) && spawnSync('sh', ['-c', `ls "${dir}" | grep -q '^libcore-'`]).status === 0;
}

/** Runs a command; throws with its output when it fails or (with `quiet`) prints anything. */
export function mustRun(argv: readonly string[], options: { cwd?: string; quiet?: boolean; what: string }): string {
  const run = spawnSync(argv[0], argv.slice(1), { cwd: options.cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.error) throw new Error(`${options.what}: cannot run ${argv[0]}: ${run.error.message}`);
  const noisy = options.quiet && run.stderr.trim() !== '';
  if (run.status !== 0 || noisy) {
    throw new Error(`${options.what}: ${argv.join(' ')} ${run.status !== 0 ? `failed (exit ${run.status})` : 'printed diagnostics'}:\n${run.stderr.slice(0, 20000)}${run.stdout.slice(0, 2000)}`);
  }
  return run.stdout;
}

/** The first differing lines of two outputs, for a readable failure. */
export function firstDifferences(got: string, want: string, max = 5): string {
  const a = got.split('\n');
  const b = want.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < max; i++) {
    if (a[i] !== b[i]) out.push(`line ${i + 1}:\n  got:  ${a[i] ?? '(missing)'}\n  want: ${b[i] ?? '(missing)'}`);
  }
  return out.join('\n');
}
