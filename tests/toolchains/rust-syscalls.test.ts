/**
 * The generated Rust syscall wrappers, run: on an x86_64 host, a program built against the
 * crate CDL generates calls getpid through `linux_x86_64::getpid` and compares it with
 * `std::process::id()`, and closes a descriptor that is not open, which must give -EBADF.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect } from '../../generator/emitters/emitter.js';
import { emitters } from '../../generator/emitters/registry.js';
import { compileSources, messages } from '../helpers/compile.js';
import { findRustc, skipFor } from './tools.js';

const SPEC = `namespace sys;
registers Regs : x86_64 { rax: u64; rdi: u64; rsi: u64; rdx: u64; r10: u64; r8: u64; r9: u64; rcx: u64; r11: u64; rip: u64 pc; rsp: u64 sp; }
abi LinuxX86_64 : Regs { trap "syscall"; number rax; args rdi, rsi, rdx, r10, r8, r9; result rax, rdx; error negative 4095; clobbers rcx, r11; }
syscalls Linux {
  getpid() -> i32 = LinuxX86_64 39;
  close(fd: fd) -> i32 = LinuxX86_64 3;
  write(fd: fd, buf: bytes(count), count: usize) -> isize = LinuxX86_64 1;
}
`;

const MAIN = `use sys::sys::linux_x86_64 as raw;
fn main() {
    let pid = unsafe { raw::getpid() };
    let bad = unsafe { raw::close(usize::MAX >> 1) };
    let text = b"hello\\n";
    let wrote = unsafe { raw::write(1, text.as_ptr() as usize, text.len()) };
    println!("{} {} {} {}", pid, std::process::id(), bad, wrote);
}
`;

let dir = '';
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Rust syscall wrappers', () => {
  it('make real system calls on an x86_64 host', async (ctx) => {
    if (process.arch !== 'x64' || process.platform !== 'linux') skipFor(ctx, 'the host is not x86_64 Linux', false);
    const rustc = findRustc();
    if (!rustc) skipFor(ctx, 'no rustc on PATH or in ~/.cargo/bin');
    const result = compileSources({ 'sys.cdl': SPEC }, { targets: ['x86_64'] });
    expect(messages(result)).toEqual([]);
    dir = mkdtempSync(join(tmpdir(), 'cdl-rust-syscalls-'));
    for (const f of await collect(emitters.get('rust')!.emit({ layouts: result.layouts, specs: ['sys.cdl'] }))) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.contents);
    }
    const lib = spawnSync(rustc, ['--edition', '2021', '--crate-type', 'rlib', '--crate-name', 'sys', '-D', 'warnings', '-o', join(dir, 'libsys.rlib'), join(dir, 'rust/x86_64/lib.rs')], { encoding: 'utf8' });
    expect(lib.stderr).toBe('');
    writeFileSync(join(dir, 'main.rs'), MAIN);
    const bin = spawnSync(rustc, ['--edition', '2021', '-D', 'warnings', '--extern', `sys=${join(dir, 'libsys.rlib')}`, '-o', join(dir, 'main'), join(dir, 'main.rs')], { encoding: 'utf8' });
    expect(bin.stderr).toBe('');
    const run = spawnSync(join(dir, 'main'), { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const [hello, line] = run.stdout.split('\n');
    expect(hello).toBe('hello');
    const [pid, own, bad, wrote] = line.split(' ').map(Number);
    expect(pid).toBe(own);
    expect(bad).toBe(-9); // -EBADF
    expect(wrote).toBe(6);
  }, 120_000);
});
