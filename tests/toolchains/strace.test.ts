/**
 * formatSyscall against strace on x86_64: a tiny static C program (getpid, an openat and a
 * write to /dev/null, an openat of a missing file, close(-1), exit_group) runs under
 * `strace -f -n -e raw=all` (each call's number, and its arguments and result as raw words:
 * `-X raw` alone only stops strace from naming constants); each call is formatted from those
 * words with the x86_64 tables generated from dsl/linux, strings read from the program's ELF
 * image (a static, non-PIE program: the addresses of its strings are those of its file). The
 * names must be strace's for every number the table has (the C library's start-up calls too),
 * numbers it lacks print as `syscall_N`, and the program's own calls print as strace prints
 * them by default (open's flags by name, from dsl/linux's OpenFlags) but for openat's mode,
 * which strace leaves out without O_CREAT.
 *
 * Skipped with the reason printed where the host is not x86_64, or ptrace is not permitted
 * (`strace true` fails: a container without CAP_SYS_PTRACE), even under
 * CDL_REQUIRE_TOOLCHAINS=1; a missing strace or gcc skips, and fails under it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINUX_FD_NAMES, formatSyscall, type MemoryReader, type SyscallAbi, type SyscallTable } from '../../runtime/index.js';
import { emitTs } from '../machine/emit.js';
import { skipFor } from './tools.js';

const LINUX = 'dsl/linux/syscalls.cdl';

const PROGRAM = String.raw`
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
  syscall(SYS_getpid);
  int fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY | O_APPEND | O_CLOEXEC, 0);
  syscall(SYS_write, fd, "hello\n", 6);
  syscall(SYS_write, fd, "tab\tquote\"backslash\\ \001\377 and more than thirty-two bytes", 50);
  syscall(SYS_openat, AT_FDCWD, "/nonexistent/cdl-strace-test", O_RDONLY, 0);
  syscall(SYS_close, -1);
  syscall(SYS_exit_group, 3);
  return 0;
}
`;

function which(name: string): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/sbin']) if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return null;
}

/** Reads a static ELF64 program's loaded image from its file (PT_LOAD segments' file bytes). */
function elfMemory(file: Buffer): MemoryReader {
  const phoff = Number(file.readBigUInt64LE(0x20));
  const phentsize = file.readUInt16LE(0x36);
  const phnum = file.readUInt16LE(0x38);
  const loads: { vaddr: bigint; offset: number; filesz: number }[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (file.readUInt32LE(at) !== 1) continue; // PT_LOAD
    loads.push({ offset: Number(file.readBigUInt64LE(at + 8)), vaddr: file.readBigUInt64LE(at + 16), filesz: Number(file.readBigUInt64LE(at + 32)) });
  }
  return (addr, len) => {
    for (const l of loads) {
      if (addr >= l.vaddr && addr < l.vaddr + BigInt(l.filesz)) {
        const from = l.offset + Number(addr - l.vaddr);
        return new Uint8Array(file.subarray(from, Math.min(from + len, l.offset + l.filesz)));
      }
    }
    return null;
  };
}

interface Line {
  readonly number: number | null;
  readonly name: string;
  readonly args: string;
  readonly result: string;
}

/** `PID [ NNN] name(args) = result` (`[ NNN]` with -n), or null for `+++ exited`, signals and resumptions. */
function parseLine(text: string): Line | null {
  const m = /^\d+\s+(?:\[\s*(\d+)\]\s+)?(\w+)\((.*)\)\s+=\s+(.*)$/.exec(text);
  if (!m) return null;
  return { number: m[1] === undefined ? null : Number(m[1]), name: m[2]!, args: m[3]!, result: m[4]! };
}

/** A raw argument or result word: hex, or decimal (`0`, `-1`). */
function word(text: string): bigint {
  return BigInt.asUintN(64, BigInt(text.trim()));
}

describe('formatSyscall against strace (x86_64)', () => {
  it('names every call as strace does and prints the program calls as strace does', async (ctx) => {
    if (process.arch !== 'x64' || process.platform !== 'linux') skipFor(ctx, `the strace test runs on x86_64 Linux, not ${process.platform}/${process.arch}`, false);
    const strace = which('strace');
    if (!strace) skipFor(ctx, 'strace is not installed (Debian: apt-get install strace)');
    const gcc = which('gcc');
    if (!gcc) skipFor(ctx, 'gcc is not installed');
    const probe = spawnSync(strace, ['-o', '/dev/null', 'true'], { encoding: 'utf8' });
    if (probe.status !== 0) skipFor(ctx, `strace cannot trace here (ptrace not permitted?): ${(probe.stderr || String(probe.error)).trim().split('\n')[0]}`, false);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-strace-'));
    fs.writeFileSync(path.join(dir, 'p.c'), PROGRAM);
    const cc = spawnSync(gcc, ['-static', '-no-pie', '-O1', '-o', path.join(dir, 'p'), path.join(dir, 'p.c')], { encoding: 'utf8' });
    if (cc.status !== 0) skipFor(ctx, `gcc cannot link a static program: ${cc.stderr.trim().split('\n')[0]}`);
    const run = (out: string, args: string[]) => {
      const r = spawnSync(strace, ['-f', ...args, '-o', path.join(dir, out), path.join(dir, 'p')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(3);
      return fs.readFileSync(path.join(dir, out), 'utf8').split('\n').map(parseLine).filter((l): l is Line => l !== null);
    };
    const raw = run('raw.txt', ['-n', '-e', 'raw=all']);
    const decoded = run('decoded.txt', []);
    expect(raw.map((l) => l.name)).toEqual(decoded.map((l) => l.name));

    const emitted = await emitTs([LINUX], ['x86_64']);
    const linux = await emitted.module('x86_64', 'linux');
    const abi = linux.LinuxX86_64 as SyscallAbi;
    const tables = Object.entries(linux).filter(([name]) => name.endsWith('_LinuxX86_64')).map(([, t]) => t as SyscallTable);
    const table: SyscallTable = Object.assign({}, ...tables);
    const errno = abi.errno!;
    const memory = elfMemory(fs.readFileSync(path.join(dir, 'p')));

    let known = 0;
    const own: string[] = [];
    for (const [i, r] of raw.entries()) {
      const n = BigInt(r.number!);
      const args = r.args === '' ? [] : r.args.split(', ').map(word);
      // A raw result: a word, `-1 ENAME (text)` for an error, `?` for a call that did not return.
      const e = /^-1 (E\w+)/.exec(r.result);
      const result = r.result === '?' ? undefined : e ? BigInt.asUintN(64, -BigInt(errno[e[1]!] as number)) : word(r.result.split(' ')[0]!);
      const line = formatSyscall(abi, table, n, args, result, { memory, fdNames: LINUX_FD_NAMES });
      if (table[r.number!]) {
        known++;
        expect(line.slice(0, line.indexOf('(')), `call ${r.number}`).toBe(r.name);
      } else {
        expect(line, `call ${r.number} (${r.name}) is not in dsl/linux`).toMatch(new RegExp(`^syscall_${r.number}\\(`));
      }
      // From getpid on, the program's own calls: as strace prints them.
      if (own.length || r.name === 'getpid') {
        const d = decoded[i]!;
        // The process ids of the two runs differ: getpid's result is the raw run's.
        const res = r.name === 'getpid' ? String(BigInt(r.result)) : d.result.replace(/ \(.*\)$/, '');
        let args = d.args;
        // strace leaves out openat's mode without O_CREAT or O_TMPFILE; formatSyscall prints every parameter.
        if (d.name === 'openat' && d.args.split(', ').length === 3) args += ', 0';
        expect(line).toBe(`${d.name}(${args}) = ${res}`);
        own.push(line);
      }
    }
    expect(own.map((l) => l.slice(0, l.indexOf('(')))).toEqual(['getpid', 'openat', 'write', 'write', 'openat', 'close', 'exit_group']);
    expect(own[2]).toBe('write(3, "hello\\n", 6) = 6');
    expect(own[1]).toBe('openat(AT_FDCWD, "/dev/null", O_WRONLY|O_APPEND|O_CLOEXEC, 0) = 3');
    expect(own[4]).toBe('openat(AT_FDCWD, "/nonexistent/cdl-strace-test", O_RDONLY, 0) = -1 ENOENT');
    expect(known).toBeGreaterThanOrEqual(own.length + 5);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
