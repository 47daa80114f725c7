/**
 * Layouts per data model: each distinct model is laid out once and shared by the targets that
 * have it, and what a layout finds is reported once, naming the targets (and configurations)
 * it holds on. Every other problem is reported once however many layouts are asked for.
 */
import { describe, expect, it } from 'vitest';
import { compileSources, messages } from '../helpers/compile.js';

const ALL = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];

describe('layouts per data model', () => {
  it('lays out each data model once and shares it between its targets', () => {
    const r = compileSources({ 'a.cdl': 'struct S { a: u8; b: uptr; c: u64; }\nconst N = sizeof(S);' }, { targets: ALL, configs: [null] });
    expect(r.ok).toBe(true);
    const by = new Map(r.layouts.map((l) => [l.target.name, l]));
    // x86_64, aarch64 and riscv64 are one model (LP64, little-endian); s390x differs in byte order.
    expect(by.get('aarch64')!.decls).toBe(by.get('x86_64')!.decls);
    expect(by.get('riscv64')!.decls).toBe(by.get('x86_64')!.decls);
    expect(by.get('s390x')!.decls).not.toBe(by.get('x86_64')!.decls);
    expect(by.get('i386')!.decls).not.toBe(by.get('riscv32')!.decls);
    // Each still carries its own target.
    expect(r.layouts.map((l) => l.target.name)).toEqual(ALL);
    expect(r.layouts.map((l) => (l.constants[0].value))).toEqual([24n, 16n, 24n, 24n, 16n, 16n, 24n, 16n]);
  });

  it('lays out alone a target that an `if` names', () => {
    const r = compileSources({ 'a.cdl': 'struct S { a: u8; if aarch64 { b: u32; } }' }, { targets: ALL, configs: [null] });
    const by = new Map(r.layouts.map((l) => [l.target.name, l]));
    expect(by.get('aarch64')!.structs[0].size).toBe(8);
    expect(by.get('x86_64')!.structs[0].size).toBe(1);
    expect(by.get('riscv64')!.decls).toBe(by.get('x86_64')!.decls);
  });

  it('names the configurations where a finding holds in some only', () => {
    const spec = 'config kernel;\nstruct S {\n  a: u32;\n  if kernel { b: u64 @4; }\n}\n';
    const r = compileSources({ 'a.cdl': spec }, { targets: ['x86_64', 'i386', 'aarch64'], configs: [null, 'kernel'] });
    expect(messages(r)).toEqual([
      "a.cdl:4:23: error: 'b' at offset 4 breaks its 8-byte alignment on x86_64 (configuration kernel), aarch64 (configuration kernel)",
    ]);
  });

  it('reports a spec with N errors as N diagnostics, over sixteen layouts', () => {
    const spec = [
      'config kernel;',
      'const A = 1 << 64;',
      'const B = Missing;',
      'struct S { a: u8[0]; b: Nope; pad 0; }',
      'union U : u8 { x: u8 when 300; }',
      'bits W : u32 { f @0..40; }',
    ].join('\n');
    const r = compileSources({ 'a.cdl': spec }, { targets: ALL, configs: [null, 'kernel'] });
    expect(messages(r, 'error')).toEqual([
      'a.cdl:2:16: error: shift by 64: the amount must be 0 to 63',
      "a.cdl:3:11: error: unknown constant 'Missing'",
      'a.cdl:4:18: error: an array has 1 to 16777216 elements, not 0',
      "a.cdl:4:25: error: unknown type 'Nope'",
      'a.cdl:4:35: error: padding is 1 to 1073741824 bytes, not 0',
      'a.cdl:5:27: error: value 300 does not fit the discriminant (0 to 255)',
      "a.cdl:6:18: error: bits 0..40 of 'f' are beyond the 32-bit container of 'W' (bits 0..31)",
    ]);
  });
});
