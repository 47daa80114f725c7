/** Text helpers of the Rust emitter: doc comments, banners, integer literals and constants. */
import type * as ir from '../../ir.js';
import { type ConstItem, type NumKind } from '../common/numbers.js';
import { wrap } from '../common/wrap.js';
import { banner, docLines } from '../emitter.js';

/** The banner, wrapped for `//!` lines. */
export function bannerLines(specs: readonly string[]): string[] {
  return banner(specs).flatMap((l) => wrap(l));
}

export function docs(doc: string | null, indent = '', ...extra: string[]): string {
  const lines = [...(doc ? docLines(doc) : []), ...extra];
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  while (lines.length && lines[0] === '') lines.shift();
  return lines.map((l) => `${indent}///${l ? ` ${l}` : ''}\n`).join('');
}

/** `0x0000_0fff`: hex digits in groups of four. */
export function groupedHex(value: bigint, digits = 0): string {
  const hex = value.toString(16).padStart(digits, '0');
  const groups: string[] = [];
  for (let end = hex.length; end > 0; end -= 4) groups.unshift(hex.slice(Math.max(0, end - 4), end));
  return `0x${groups.join('_')}`;
}

export function rustInt(value: bigint): string {
  if (value < 0n) return value.toString();
  return value < 0x10000n ? value.toString() : groupedHex(value);
}

export function intType(bits: number, signed: boolean): string {
  return `${signed ? 'i' : 'u'}${bits}`;
}

/** The Rust type and literal of a number. */
function rustConst(item: ConstItem, layout: ir.Layout): { type: string; value: string } {
  const num: NumKind = item.num;
  switch (num.kind) {
    case 'mask':
      return { type: `u${num.bits}`, value: groupedHex(item.value, num.bits / 4) };
    case 'count':
      return { type: item.role === 'word' ? 'usize' : 'u32', value: item.value.toString() };
    case 'bytes':
      return { type: 'usize', value: rustInt(item.value) };
    case 'enum':
      return { type: intType(num.bits, num.signed), value: rustInt(item.value) };
    case 'declared': {
      const t = num.type;
      if (t === 'bool') return { type: 'bool', value: item.value ? 'true' : 'false' };
      let type: string;
      if (t === null) type = item.value < 0n ? 'i64' : 'u64';
      else if (t === 'usize' || t === 'uptr') type = 'usize';
      else if (t === 'isize') type = 'isize';
      else if (t === 'uword') type = `u${layout.target.wordBits}`;
      else if (t === 'iword') type = `i${layout.target.wordBits}`;
      else type = t;
      return { type, value: rustInt(item.value) };
    }
  }
}

export function constLines(items: readonly ConstItem[], layout: ir.Layout, withDocs: boolean, note?: (item: ConstItem) => string): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (item.sameAs) {
      out.push(`// ${item.name}: the spec's constant of that name, ${item.value}.`);
      continue;
    }
    const { type, value } = rustConst(item, layout);
    const doc = withDocs ? docs(item.doc) : note ? docs(note(item)) : '';
    out.push(`${doc}pub const ${item.name}: ${type} = ${value};`);
  }
  return out;
}

/** A number's name as a usize: a spec constant sharing the name may have another type. */
export function usize(item: ConstItem): string {
  return item.sameAs ? `${item.name} as usize` : item.name;
}
