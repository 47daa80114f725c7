/**
 * System-call stubs (issue 18), proven by each target's toolchain and kernel (or qemu-user):
 *
 *   1. every generated stub file assembles with the target's gcc (`gcc -c x.S`, quietly), and
 *      defines a global function for every prototype its header declares;
 *   2. a C program per target, linked statically with the stubs, checks that every call's
 *      number is the target's `__NR_<call>` (<asm/unistd.h>), then calls through the stubs:
 *      getpid, pipe2, write to the pipe and read the bytes back, close(-1) (-EBADF),
 *      pwrite64/pread64 at an offset above 4 GiB in a memfd (a register pair on the 32-bit
 *      targets), copy_file_range (six arguments: i386's ebp, s390x's r7, mips o32's stack;
 *      flags 1 must give -EINVAL, so the sixth argument must arrive),
 *      and exit_group; each result is compared with libc's syscall() (riscv32, which has no C
 *      library, with an inline `ecall`). It runs natively on x86_64 (and i386 where the
 *      kernel can), else under qemu-user.
 *
 * The spec is tests/toolchains/specs/syscalls.cdl. A missing tool skips its test with a
 * printed reason, or fails it under CDL_REQUIRE_TOOLCHAINS=1.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { planCNames } from '../../generator/emitters/c/header.js';
import { emitters } from '../../generator/emitters/registry.js';
import { collect } from '../../generator/emitters/emitter.js';
import type * as ir from '../../generator/ir.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { BUILTIN_TARGETS, candidateNames, findToolchain } from '../oracle/toolchains.js';
import { firstDifferences, missingLibc, mustRun, runForTarget, skipFor } from './tools.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const SPEC = 'tests/toolchains/specs/syscalls.cdl';
const TIMEOUT = 120_000;

function compileSpec(): readonly ir.Layout[] {
  const result = compile({ files: [join(ROOT, SPEC)], targets: BUILTIN_TARGETS, configs: [null] });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => formatDiagnostic(d, result.sources)).join('\n\n'));
  return result.layouts;
}

const LAYOUTS = compileSpec();
let OUT = '';

beforeAll(async () => {
  OUT = mkdtempSync(join(tmpdir(), 'cdl-stubs-'));
  for (const name of ['c', 'asm']) {
    for (const f of await collect(emitters.get(name)!.emit({ layouts: LAYOUTS, specs: [SPEC] }))) {
      mkdirSync(dirname(join(OUT, f.path)), { recursive: true });
      writeFileSync(join(OUT, f.path), f.contents);
    }
  }
});

afterAll(() => {
  if (OUT && !process.env.CDL_KEEP_TOOLCHAIN_OUTPUT) rmSync(OUT, { recursive: true, force: true });
});

function gccOrSkip(target: string, ctx: Parameters<typeof skipFor>[0]): readonly string[] {
  const tc = findToolchain(target);
  if (!tc) skipFor(ctx, `no C compiler for ${target} (tried ${candidateNames(target)})`);
  return tc.argv;
}

const stubFiles = (target: string): string[] =>
  readdirSync(join(OUT, 'asm', target))
    .filter((f) => f.endsWith('-syscalls.S'))
    .map((f) => join(OUT, 'asm', target, f));

/** The stub of each call of the spec on the target's one ABI, by call name. */
function stubsOf(layout: ir.Layout): Map<string, { fn: string; macro: string }> {
  const out = new Map<string, { fn: string; macro: string }>();
  for (const t of planCNames(layout).machine.tables) for (const c of t.calls) if (c.stub.ok) out.set(c.call.name, { fn: c.function, macro: c.macro });
  return out;
}

/** What the program prints when every stub does what the kernel does. */
const EXPECTED = [
  'getpid: same',
  'pipe2: 0',
  'write: 5 3',
  'read: 8 helloabc',
  'close(-1): -9 -9',
  'pwrite64: 5',
  'pread64: 5 pairs',
  'pread64 low: 5 zeros',
  'copy_file_range: 5 5 12',
  'copy_file_range(flags 1): -22 -22',
  'pread64: 5 pairs',
  'exit_group',
  '',
].join('\n');

function program(layout: ir.Layout): string {
  const s = stubsOf(layout);
  const fn = (call: string): string => {
    const x = s.get(call);
    if (!x) throw new Error(`no stub for ${call} on ${layout.target.name}`);
    return x.fn;
  };
  const numbers = [...s].map(([call, { macro }]) => [`#ifndef __NR_${call}`, `#error "no __NR_${call}"`, '#endif', `_Static_assert(${macro} == __NR_${call}, "${macro}");`].join('\n'));
  return String.raw`/* Toolchain test: the system-call stubs of ${layout.target.name}. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <stdint.h>
#include <asm/unistd.h>
#include "sys.h"

${numbers.join('\n')}

#ifdef CDL_FREESTANDING
/* riscv32: no C library; the reference is an inline ecall. */
static long ref(long n, long a, long b, long c, long d, long e, long f)
{
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a3 __asm__("a3") = d;
  register long a4 __asm__("a4") = e;
  register long a5 __asm__("a5") = f;
  register long a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
  return a0;
}
#else
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
/* libc's syscall(), its failure made -errno as the stubs return it. */
static long ref(long n, long a, long b, long c, long d, long e, long f)
{
  long r = syscall(n, a, b, c, d, e, f);
  return r == -1 ? -(long)errno : r;
}
#endif

static char out[512];
static unsigned long len;

static void put(const char *p)
{
  while (*p) out[len++] = *p++;
}

static void put_long(long v)
{
  char t[24];
  int n = 0;
  unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
  if (v < 0) out[len++] = '-';
  do t[n++] = (char)('0' + u % 10); while (u /= 10);
  while (n) out[len++] = t[--n];
}

static void line(const char *what, long a, long b, int nb)
{
  put(what);
  put(": ");
  put_long(a);
  if (nb) { put(" "); put_long(b); }
  put("\n");
}

static int same(const char *a, const char *b, int n)
{
  while (n--) if (*a++ != *b++) return 0;
  return 1;
}

static int run(void)
{
  long pid = ${fn('getpid')}();
  long want = ref(__NR_getpid, 0, 0, 0, 0, 0, 0);
#ifndef CDL_FREESTANDING
  if (want != (long)getpid()) want = -1;
#endif
  put(pid > 0 && pid == want ? "getpid: same\n" : "getpid: differs\n");

  int fds[2] = { -1, -1 };
  line("pipe2", ${fn('pipe2')}(fds, 0), 0, 0);
  long w1 = ${fn('write')}(fds[1], "hello", 5);
  long w2 = ref(__NR_write, fds[1], (long)"abc", 3, 0, 0, 0);
  line("write", w1, w2, 1);
  char buf[16] = { 0 };
  long r = ${fn('read')}(fds[0], buf, sizeof buf);
  put("read: ");
  put_long(r);
  put(" ");
  if (r > 0 && r < 16) { buf[r] = 0; put(buf); }
  put("\n");
  ${fn('close')}(fds[0]);
  ${fn('close')}(fds[1]);

  line("close(-1)", ${fn('close')}(-1), ref(__NR_close, -1, 0, 0, 0, 0, 0), 1);

  /* A 64-bit offset above 4 GiB: its high word must reach the kernel. */
  int a = (int)${fn('memfd_create')}("cdl-a", 0);
  int b = (int)${fn('memfd_create')}("cdl-b", 0);
  if (a < 0 || b < 0) { put("memfd_create failed\n"); return 1; }
  const int64_t high = (int64_t)0x100000003LL;
  line("pwrite64", ${fn('pwrite64')}(a, "pairs", 5, high), 0, 0);
  char got[8] = { 0 };
  r = ${fn('pread64')}(a, got, 5, high);
  put("pread64: ");
  put_long(r);
  put(same(got, "pairs", 5) ? " pairs\n" : " other\n");
#ifndef CDL_FREESTANDING
  char lib[8] = { 0 };
  if (pread(a, lib, 5, (off_t)high) != 5 || !same(lib, "pairs", 5)) put("libc pread differs\n");
#endif
  char zero[8] = { 1, 1, 1, 1, 1 };
  r = ${fn('pread64')}(a, zero, 5, 3);
  put("pread64 low: ");
  put_long(r);
  put(same(zero, "\0\0\0\0\0", 5) ? " zeros\n" : " other\n");

  /* Six arguments. */
  int64_t off_in = high, off_out = 7;
  r = ${fn('copy_file_range')}(a, &off_in, b, &off_out, 5, 0);
  put("copy_file_range: ");
  put_long(r);
  put(" ");
  put_long((long)(off_in - high));
  put(" ");
  put_long((long)off_out);
  put("\n");
  /* The sixth argument must reach the kernel: flags other than 0 are EINVAL. */
  int64_t o1 = 0, o2 = 0;
  line("copy_file_range(flags 1)", ${fn('copy_file_range')}(a, &o1, b, &o2, 5, 1), ref(__NR_copy_file_range, a, (long)&o1, b, (long)&o2, 5, 1), 1);
  char copied[8] = { 0 };
  r = ${fn('pread64')}(b, copied, 5, 7);
  put("pread64: ");
  put_long(r);
  put(same(copied, "pairs", 5) ? " pairs\n" : " other\n");

  put("exit_group\n");
  ${fn('write')}(1, out, len);
  ${fn('exit_group')}(0);
  return 3; /* exit_group returned */
}

#ifdef CDL_FREESTANDING
void _start(void);
void _start(void)
{
  ${fn('exit_group')}(run());
}
#else
int main(void)
{
  return run();
}
#endif
`;
}

describe.each(BUILTIN_TARGETS)('syscall stubs on %s', (target) => {
  const layout = LAYOUTS.find((l) => l.target.name === target)!;

  it('assemble, one global function per prototype', (ctx) => {
    const cc = gccOrSkip(target, ctx);
    const files = stubFiles(target);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const obj = `${f}.o`;
      mustRun([...cc, '-c', f, '-o', obj], { quiet: true, what: `assembling ${f}` });
      const nm = cc[0].replace(/gcc$/, 'nm');
      const symbols = mustRun([nm, '--defined-only', '-g', obj], { what: `nm ${obj}` });
      for (const { fn } of stubsOf(layout).values()) expect(symbols, `${fn} in ${f}`).toMatch(new RegExp(`\\bT ${fn}$`, 'm'));
    }
  });

  it("assemble as generated/ has them for dsl/linux, a global function per call on the target's ABIs", (ctx) => {
    const cc = gccOrSkip(target, ctx);
    const dir = join(ROOT, 'generated/asm', target);
    const files = readdirSync(dir).filter((f) => f.endsWith('-syscalls.S'));
    expect(files).toContain('linux-syscalls.S');
    const out = mkdtempSync(join(tmpdir(), 'cdl-generated-stubs-'));
    try {
      for (const f of files) {
        const obj = join(out, `${f}.o`);
        mustRun([...cc, '-c', join(dir, f), '-o', obj], { quiet: true, what: `assembling generated/asm/${target}/${f}` });
        const nm = cc[0].replace(/gcc$/, 'nm');
        const symbols = mustRun([nm, '--defined-only', '-g', obj], { what: `nm ${obj}` });
        const globals = symbols.split('\n').filter((l) => / T /.test(l)).length;
        // dsl/linux numbers 79 to 106 calls per target; a small kernel's table (dsl/hobby) a few.
        expect(globals, `global functions in generated/asm/${target}/${f}`).toBeGreaterThanOrEqual(f === 'linux-syscalls.S' ? 40 : 1);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('run: the kernel gives through the stubs what it gives libc', (ctx) => {
    const cc = gccOrSkip(target, ctx);
    const freestanding = target === 'riscv32';
    if (!freestanding) {
      const missing = missingLibc(cc);
      if (missing) skipFor(ctx, missing);
    }
    const dir = join(OUT, 'run', target);
    mkdirSync(dir, { recursive: true });
    const src = join(dir, 'stubs.c');
    writeFileSync(src, program(layout));
    const bin = join(dir, 'stubs');
    // No crt sets gp: the linker must not relax accesses to gp-relative ones.
    const flags = freestanding ? ['-ffreestanding', '-nostdlib', '-Wl,--no-relax', '-DCDL_FREESTANDING'] : [];
    mustRun([...cc, '-std=c11', '-O1', '-Wall', '-Wextra', '-Werror', '-static', ...flags, `-I${join(OUT, 'c', target)}`, src, ...stubFiles(target), '-o', bin], { what: `building the ${target} stub program` });
    const run = runForTarget(target, bin);
    if (run.kind === 'missing') skipFor(ctx, run.reason);
    if (run.kind === 'failed') expect.fail(run.reason);
    expect(run.stdout, firstDifferences(run.stdout, EXPECTED)).toBe(EXPECTED);
  }, TIMEOUT);
});
