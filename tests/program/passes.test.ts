/**
 * The pass list: a run can stop after any pass, and each pass adds its own diagnostics, once.
 */
import { describe, expect, it } from 'vitest';
import { PASSES } from '../../generator/compile.js';
import { compileSources, messages } from '../helpers/compile.js';

const SPEC = [
  'enum E : u2 { A = 7 }', // check: the value does not fit
  'struct S { a: u32; b: u64 @4; c: Missing; }', // bind: unknown type; layout: misaligned
  'const N = sizeof(Nowhere);', // bind: unknown type inside an expression
  'struct T { a: u8 }', // parse: missing ';'
].join('\n');

describe('passes', () => {
  const after = (pass: (typeof PASSES)[number]) => compileSources({ 's.cdl': SPEC }, { targets: ['x86_64'], stopAfter: pass });

  it('adds each pass’s diagnostics to those of the passes before it', () => {
    const parse = "s.cdl:4:17: error: expected ';' after field declaration, found '}'";
    const bind = ["s.cdl:2:34: error: unknown type 'Missing'", "s.cdl:3:18: error: unknown type 'Nowhere'"];
    const check = "s.cdl:1:19: error: value 7 of 'A' does not fit in u2 (0 to 3)";
    const layout = "s.cdl:2:28: error: 'b' at offset 4 breaks its 8-byte alignment on x86_64";
    const sorted = (xs: string[]) => [...xs].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1]) || Number(a.split(':')[2]) - Number(b.split(':')[2]));
    expect(messages(after('parse'))).toEqual([parse]);
    expect(messages(after('bind'))).toEqual(sorted([parse, ...bind]));
    expect(messages(after('check'))).toEqual(sorted([parse, ...bind, check]));
    expect(messages(after('layout'))).toEqual(sorted([parse, ...bind, check, layout]));
  });

  it('returns what the passes built, as far as they ran', () => {
    expect([after('parse').table, after('parse').checked]).toEqual([null, null]);
    expect(after('bind').table?.symbols.map((s) => s.qname)).toEqual(['s.E', 's.S', 's.N', 's.T']);
    expect(after('bind').checked).toBeNull();
    // The checker keeps what it validated, even next to errors elsewhere.
    expect([...after('check').checked!.enums.values()].map((e) => e.name)).toEqual(['E']);
    expect(after('check').layouts).toEqual([]);
  });
});
