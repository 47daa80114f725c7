/**
 * The one name allocator (generator/names.ts) every emitter names through: the escaping rule,
 * the numbers' sharing rule, numbered names, forks and scopes seen through other scopes.
 */
import { describe, expect, it } from 'vitest';
import { C_RESERVED, escapeName, NameScope, NO_NAMES, RUST_RESERVED, upperSnake } from '../../generator/names.js';

describe('NameScope', () => {
  it('appends `_` past reserved words and taken names', () => {
    const scope = new NameScope(RUST_RESERVED, ['from_raw']);
    expect(['type', 'type', 'from_raw', 'x', 'x'].map((n) => scope.claim(n))).toEqual(['type_', 'type__', 'from_raw_', 'x', 'x_']);
    expect(scope.has('type')).toBe(true);
    expect(scope.names()).toEqual(['from_raw', 'type_', 'type__', 'from_raw_', 'x', 'x_']);
    expect(escapeName('int', C_RESERVED)).toBe('int_');
  });

  it('lets a derived number share a constant of the same meaning, and nothing else', () => {
    const scope = new NameScope(NO_NAMES);
    expect(scope.claimShared('TSS_SIZE', 'x86=104')).toBe('TSS_SIZE');
    // Same namespace and value: the constant itself.
    expect(scope.claimOrShare('TSS_SIZE', 'x86=104')).toEqual({ name: 'TSS_SIZE', shared: true });
    // Another value, or another namespace: a name of its own.
    expect(scope.claimOrShare('TSS_SIZE', 'x86=8')).toEqual({ name: 'TSS_SIZE_', shared: false });
    expect(scope.claimOrShare('TSS_SIZE', 'amd=104')).toEqual({ name: 'TSS_SIZE__', shared: false });
    // Sharing is found along the escaping: `TSS_SIZE_` is taken by a derived name, which no one shares.
    expect(scope.claimOrShare('TSS_SIZE_', 'x86=8')).toEqual({ name: 'TSS_SIZE___', shared: false });
    // A constant never shares, even with a constant of its meaning; plain claims never do.
    expect(scope.claimShared('TSS_SIZE', 'x86=104')).toBe('TSS_SIZE____');
    scope.claim('ALIGN');
    expect(scope.claimOrShare('ALIGN', 'x86=0')).toEqual({ name: 'ALIGN_', shared: false });
  });

  it('numbers names past taken ones, counting on from the last', () => {
    const scope = new NameScope(NO_NAMES, ['_pad1']);
    expect([scope.claimNumbered('_pad'), scope.claimNumbered('_pad'), scope.claimNumbered('_pad')]).toEqual(['_pad0', '_pad2', '_pad3']);
  });

  it('forks a copy; a scope made on a scope sees its later names', () => {
    const parent = new NameScope(C_RESERVED);
    parent.claim('a');
    const fork = parent.fork();
    const live = new NameScope(parent);
    parent.claim('b');
    expect(fork.claim('a')).toBe('a_');
    expect(fork.claim('b')).toBe('b');
    expect(live.claim('b')).toBe('b_');
    expect(live.claim('int')).toBe('int_');
    expect(parent.has('a_')).toBe(false);
    parent.reserve('c');
    expect(live.claim('c')).toBe('c_');
  });
});

describe('NameScope.seal', () => {
  it('forks a sealed scope without copying it, and refuses to take more in it', () => {
    const plan = new NameScope(C_RESERVED);
    plan.claimShared('PAGE_SIZE', 'x86=4096');
    plan.claim('a');
    plan.seal();
    const one = plan.fork();
    const two = plan.fork();
    // Each fork sees the plan's names and meanings, and only its own claims.
    expect(one.claimOrShare('PAGE_SIZE', 'x86=4096')).toEqual({ name: 'PAGE_SIZE', shared: true });
    expect(one.claim('a')).toBe('a_');
    expect(two.claim('a')).toBe('a_');
    expect(two.claim('int')).toBe('int_');
    expect(one.has('int_')).toBe(false);
    expect(one.names()).toEqual(['PAGE_SIZE', 'a', 'a_']);
    // A fork of a fork copies what the first fork took.
    const three = one.fork();
    one.claim('b');
    expect(three.claim('a_')).toBe('a__');
    expect(three.claim('b')).toBe('b');
    expect(() => plan.claim('c')).toThrow(/sealed/);
    expect(() => plan.reserve('d')).toThrow(/sealed/);
  });
});

describe('upperSnake', () => {
  /** The rule as three replacements, which upperSnake spells as one pass. */
  const byReplacements = (name: string): string =>
    name
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .replace(/([0-9])([A-Z][a-z])/g, '$1_$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .toUpperCase();

  it('breaks words as the documented examples say', () => {
    const cases: [string, string][] = [
      ['SegmentDescriptor', 'SEGMENT_DESCRIPTOR'],
      ['faultInfo', 'FAULT_INFO'],
      ['rsp0', 'RSP0'],
      ['Page2M', 'PAGE2M'],
      ['Sv39Pte', 'SV39_PTE'],
      ['Tss64Descriptor', 'TSS64_DESCRIPTOR'],
      ['PTEntry', 'PT_ENTRY'],
      ['x', 'X'],
      ['', ''],
    ];
    for (const [name, want] of cases) expect(upperSnake(name)).toBe(want);
  });

  it('agrees with the three replacements on 20,000 random identifiers', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const alphabet = 'aAbBzZ09_xXyY';
    for (let n = 0; n < 20000; n++) {
      let name = '';
      for (let len = next() % 10; len > 0; len--) name += alphabet[next() % alphabet.length];
      expect(upperSnake(name), name).toBe(byReplacements(name));
    }
  });
});
