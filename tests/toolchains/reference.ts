/**
 * An independent reference for the toolchain tests, driven by the IR alone and working bit by
 * bit (no masks, no shifts of parts): what every generated number should be, and what every
 * bit-field accessor should return. The C, Rust and TypeScript outputs are all compared with
 * it, and so with each other.
 *
 * The corpus: per bit layout, SAMPLES random values of its words (xorshift64), each read with
 * every getter and written with every setter (one random in-range value per field). One line
 * per sample:
 *
 *     x86.Pte 8000000012345067 : 1 1 1 0 0 1 1 0 0 12345000 0 1 : 8000000012345066 ...
 *
 * words (hex, `,`-separated), then each getter's value (bool 0/1, hex, `-hex` when negative),
 * then the words after each setter. The C, Rust and TypeScript programs print the same lines.
 */
import type * as ir from '../../generator/ir.js';
import type { ConstItem } from '../../generator/emitters/common/numbers.js';

/** Samples per bit layout. */
export const SAMPLES = 256;
export const SEED = 0x9e3779b97f4a7c15n;

const M64 = (1n << 64n) - 1n;

/** xorshift64: the same sequence in C, Rust and TypeScript. */
export class Rng {
  private x = SEED;
  next(): bigint {
    let x = this.x;
    x ^= (x << 13n) & M64;
    x ^= x >> 7n;
    x ^= (x << 17n) & M64;
    this.x = x;
    return x;
  }
}

export interface RefField {
  readonly field: ir.BitField;
  readonly variant: ir.BitsVariant | null;
  readonly isTag: boolean;
}

/** Fields in the order the emitters list them: tag, common fields, variant fields. */
export function refFields(b: ir.Bits): RefField[] {
  return [
    ...(b.tag ? [{ field: b.tag, variant: null, isTag: true }] : []),
    ...b.fields.map((field) => ({ field, variant: null, isTag: false })),
    ...b.variants.flatMap((variant) => variant.fields.map((field) => ({ field, variant, isTag: false }))),
  ];
}

/** Container bit positions of a field's stored bits, from the value's lowest stored bit up. */
export function storedBits(f: ir.BitField): number[] {
  const out: number[] = [];
  for (const r of f.ranges) for (let b = r.lo; b <= r.hi; b++) out.push(b);
  return out;
}

function bit(words: readonly bigint[], wordBits: number, pos: number): bigint {
  return (words[Math.floor(pos / wordBits)] >> BigInt(pos % wordBits)) & 1n;
}

/** The field's value: stored bits, shifted, sign-extended. */
export function getField(words: readonly bigint[], wordBits: number, f: ir.BitField): bigint {
  let v = 0n;
  storedBits(f).forEach((pos, i) => {
    v |= bit(words, wordBits, pos) << BigInt(i + f.shift);
  });
  if (f.signed && (v >> BigInt(f.valueWidth - 1)) & 1n) v -= 1n << BigInt(f.valueWidth);
  return v;
}

/** The words with the field set to `value` (which must fit). */
export function setField(words: readonly bigint[], wordBits: number, f: ir.BitField, value: bigint): bigint[] {
  const out = [...words];
  const u = BigInt.asUintN(f.valueWidth, value) >> BigInt(f.shift);
  storedBits(f).forEach((pos, i) => {
    const w = Math.floor(pos / wordBits);
    const m = 1n << BigInt(pos % wordBits);
    out[w] = (u >> BigInt(i)) & 1n ? out[w] | m : out[w] & ~m;
  });
  return out;
}

/** A random 64-bit number made into a value the field can hold (what the programs do too). */
export function reduce(r: bigint, f: ir.BitField): bigint {
  const { mask, sign } = reduceConstants(f);
  let v = r & mask;
  if (sign) v = ((v ^ sign) - sign) & M64;
  return f.signed ? BigInt.asIntN(64, v) : v;
}

/** `r & mask`, then `(r ^ sign) - sign` when signed: the programs' recipe. */
export function reduceConstants(f: ir.BitField): { mask: bigint; sign: bigint } {
  const mask = ((1n << BigInt(f.valueWidth)) - 1n) & ~((1n << BigInt(f.shift)) - 1n);
  const sign = f.signed && f.valueWidth < 64 ? 1n << BigInt(f.valueWidth - 1) : 0n;
  return { mask, sign };
}

export function fmtValue(v: bigint | boolean | number): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  const b = BigInt(v);
  return b < 0n ? `-${(-b).toString(16)}` : b.toString(16);
}

export function fmtWords(words: readonly bigint[]): string {
  return words.map((w) => w.toString(16)).join(',');
}

/** What a program must print for one layout: SAMPLES lines. */
export function corpusLines(b: ir.Bits, rng: Rng): string[] {
  const fields = refFields(b);
  const lines: string[] = [];
  const wordMask = (1n << BigInt(b.wordBits)) - 1n;
  for (let s = 0; s < SAMPLES; s++) {
    const words = Array.from({ length: b.words }, () => rng.next() & wordMask);
    const gets = fields.map(({ field }) => (field.type.kind === 'bool' ? fmtValue(getField(words, b.wordBits, field) !== 0n) : fmtValue(getField(words, b.wordBits, field))));
    const sets = fields.map(({ field }) => fmtWords(setField(words, b.wordBits, field, reduce(rng.next(), field))));
    lines.push(`${b.qname} ${fmtWords(words)} : ${gets.join(' ')} : ${sets.join(' ')}`);
  }
  return lines;
}

/** The whole corpus of a layout, in `layout.bits` order. */
export function corpus(layout: ir.Layout): string {
  const rng = new Rng();
  return `${layout.bits.flatMap((b) => corpusLines(b, rng)).join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// Expected numbers

/** A field's stored bits grouped into runs that are contiguous and inside one word. */
export function refParts(b: ir.Bits, f: ir.BitField): { word: number; lo: number; width: number }[] {
  const parts: { word: number; lo: number; width: number }[] = [];
  for (const pos of storedBits(f)) {
    const word = Math.floor(pos / b.wordBits);
    const lo = pos % b.wordBits;
    const last = parts[parts.length - 1];
    if (last && last.word === word && last.lo + last.width === lo) last.width++;
    else parts.push({ word, lo, width: 1 });
  }
  return parts;
}

/** What a generated number should be, from the IR, or undefined for a subject the IR lacks. */
export function expectedValue(item: ConstItem, layout: ir.Layout): bigint | undefined {
  const d = layout.byName.get(item.subject.decl);
  if (!d) return undefined;
  switch (item.role) {
    case 'constant':
      return d.kind === 'const' ? d.value : undefined;
    case 'enum-member':
      return d.kind === 'enum' ? d.members.find((m) => m.name === item.subject.member)?.value : undefined;
    case 'size':
      return d.kind === 'struct' || d.kind === 'union' ? BigInt(d.size) : undefined;
    case 'align':
      return d.kind === 'struct' || d.kind === 'union' ? BigInt(d.align) : undefined;
    case 'offset': {
      const f = d.kind === 'struct' ? d.fields.find((x) => x.name === item.subject.member) : undefined;
      return f ? BigInt(f.offset) : undefined;
    }
    case 'image-end':
      return d.kind === 'struct' && d.imageEnd !== null ? BigInt(d.imageEnd) : undefined;
    case 'fixed-mask':
    case 'fixed-value': {
      // Bit by bit: every reserved bit with a value, of the common part or of the variant, in the word.
      if (d.kind !== 'bits') return undefined;
      const reserved = item.subject.variant === undefined ? d.reserved : d.variants.find((v) => v.name === item.subject.variant)?.reserved;
      const word = item.subject.word ?? 0;
      let out = 0n;
      for (const r of reserved ?? []) {
        if (r.value === null) continue;
        for (let b = r.range.lo; b <= r.range.hi; b++) {
          if (Math.floor(b / d.wordBits) !== word) continue;
          const bitValue = (r.value >> BigInt(b - r.range.lo)) & 1n;
          if (item.role === 'fixed-mask' || bitValue) out |= 1n << BigInt(b % d.wordBits);
        }
      }
      return out;
    }
    default: {
      if (d.kind !== 'bits') return undefined;
      const rf = refFields(d).find((x) => x.field.name === item.subject.member && x.variant?.name === item.subject.variant);
      if (!rf) return undefined;
      const f = rf.field;
      const parts = refParts(d, f);
      const one = item.subject.part !== undefined ? parts[item.subject.part] : null;
      const maskOf = (p: { lo: number; width: number }): bigint => ((1n << BigInt(p.width)) - 1n) << BigInt(p.lo);
      switch (item.role) {
        case 'word':
          return BigInt((one ?? parts[0]).word);
        case 'shift':
          return BigInt((one ?? parts[0]).lo);
        case 'width':
          return BigInt(one ? one.width : f.storedWidth);
        case 'mask':
          return one ? maskOf(one) : parts.reduce((m, p) => m | maskOf(p), 0n);
        case 'value-shift':
          return BigInt(f.shift);
        default:
          return undefined;
      }
    }
  }
}
