/** The machine declarations' syntax: register sets, syscall ABIs, syscall tables. */
import { describe, expect, it } from 'vitest';
import type { AbiDecl, RegistersDecl, SyscallsDecl } from '../../grammar/ast.js';
import { parse, parseOk, shape } from './helpers.js';

const only = <T>(text: string): T => parseOk(text).decls[0] as T;

describe('register sets', () => {
  it('read a width, a class, aliases and sub-registers; the class may be left out', () => {
    const d = only<RegistersDecl>('registers R : x86_64 {\n  rax: u64 general alias acc, a { eax @0..31; al @0; }\n  r1: u32 alias one;\n  rip: u64 pc;\n}');
    expect(d.target.name).toBe('x86_64');
    expect(d.registers.map((r) => [r.name.name, r.type.path[0].name, r.class?.name ?? null, r.aliases.map((a) => a.name), r.subs.map((s) => s.name.name)])).toEqual([
      ['rax', 'u64', 'general', ['acc', 'a'], ['eax', 'al']],
      ['r1', 'u32', null, ['one'], []],
      ['rip', 'u64', 'pc', [], []],
    ]);
  });

  it('keep doc comments on registers and sub-registers', () => {
    const d = only<RegistersDecl>('/// Set.\nregisters R : x86_64 {\n  /// The accumulator.\n  rax: u64 {\n    /// Low half.\n    eax @0..31;\n  }\n}');
    expect([d.doc, d.registers[0].doc, d.registers[0].subs[0].doc]).toEqual(['Set.', 'The accumulator.', 'Low half.']);
  });
});

describe('syscall ABIs', () => {
  it('read settings as comma-separated items of words: names, integers, strings and bits', () => {
    const d = only<AbiDecl>('abi A : R {\n  trap "int $0x80";\n  args a0, stack 16;\n  error flag cr @28;\n  clobbers;\n}');
    expect(d.registers.map((i) => i.name)).toEqual(['R']);
    const words = d.settings.map((s) => [s.key.name, s.items.map((item) => item.map((w) => (w.kind === 'name' ? w.name.name : w.kind === 'string' ? `"${w.value}"` : w.kind === 'bit' ? `@${w.value.value}` : String(w.value.value))))]);
    expect(words).toEqual([
      ['trap', [['"int $0x80"']]],
      ['args', [['a0'], ['stack', '16']]],
      ['error', [['flag', 'cr', '@28']]],
      ['clobbers', []],
    ]);
  });
});

describe('syscall tables', () => {
  it('read parameters with kinds, out and lengths, the result, and numbers per ABI', () => {
    const d = only<SyscallsDecl>(
      'syscalls L {\n  /// Reads.\n  read(fd: fd, buf: out bytes(count), count: usize) -> isize = A 0, ns.B 3;\n  exit(out: i32) -> noreturn;\n  getpid() -> i32 = A 39;\n}',
    );
    const [read, exit, getpid] = d.calls;
    expect(read.doc).toBe('Reads.');
    expect(read.params.map((p) => [p.name.name, p.out, p.type.length?.name ?? null])).toEqual([
      ['fd', false, null],
      ['buf', true, 'count'],
      ['count', false, null],
    ]);
    expect(read.numbers.map((n) => [n.abi.map((i) => i.name).join('.'), shape(n.number)])).toEqual([
      ['A', { kind: 'IntLiteral', value: 0n, text: '0' }],
      ['ns.B', { kind: 'IntLiteral', value: 3n, text: '3' }],
    ]);
    // `out` is a parameter's name when a type follows the colon directly.
    expect(exit.params.map((p) => [p.name.name, p.out])).toEqual([['out', false]]);
    expect(exit.result).toBeNull();
    expect(getpid.params).toEqual([]);
  });

  it('report a missing arrow or semicolon at the call', () => {
    const { errors } = parse('syscalls L {\n  read(fd: fd) isize;\n  write(fd: fd) -> isize\n}\nconst A = 1;');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^2:/);
  });
});
