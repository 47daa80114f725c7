/**
 * Integer literals for C and GNU as. C literals carry the suffix their use needs: a mask of a
 * 64-bit word is `ULL` (so `~MASK` stays 64 bits), a value beyond `int` is `U` or `ULL`, a
 * constant declared `u64` is `ULL` whatever its value; shifts, widths and small counts are
 * plain `int`, as hand-written headers have them.
 */
import type * as ir from '../../ir.js';
import { hexDigits, type NumKind } from './numbers.js';

const INT_MAX = (1n << 31n) - 1n;
const UINT_MAX = (1n << 32n) - 1n;
const LLONG_MAX = (1n << 63n) - 1n;

/** Decimal below 2^16, hex above: `4096`, `0xc0000080`. */
function digits(v: bigint): string {
  return v < 0x10000n ? v.toString() : `0x${v.toString(16)}`;
}

/** The suffix for a value without a declared type: int, then unsigned, then 64 bits. */
function plainSuffix(v: bigint): string {
  if (v >= 0n) return v <= INT_MAX ? '' : v <= UINT_MAX ? 'U' : 'ULL';
  return v >= -(1n << 31n) ? '' : 'LL';
}

function declaredSuffix(type: ir.PrimitiveName, v: bigint): string {
  switch (type) {
    case 'u8':
    case 'u16':
    case 'u32':
      return 'U';
    case 'u64':
      return 'ULL';
    case 'i64':
      return 'LL';
    case 'usize':
    case 'uptr':
    case 'uword':
      return 'UL'; // unsigned long is pointer-sized on every ILP32 and LP64 target
    case 'isize':
    case 'iword':
      return 'L';
    default:
      return plainSuffix(v);
  }
}

/** A signed literal: `(-1)`, `(-2147483647 - 1)`, `(-9223372036854775807LL - 1)`. */
function negative(v: bigint, suffix: string): string {
  const abs = -v;
  const max = suffix.includes('L') ? LLONG_MAX : INT_MAX;
  if (abs > max) return `(-${max}${suffix} - 1)`;
  return `(-${abs}${suffix})`;
}

export function cLiteral(value: bigint, num: NumKind): string {
  switch (num.kind) {
    case 'mask':
      return `0x${hexDigits(value, num.bits)}${num.bits === 64 ? 'ULL' : 'U'}`;
    case 'count':
      return value.toString();
    case 'bytes':
      return `${digits(value)}${plainSuffix(value)}`;
    case 'enum': {
      const suffix = num.bits === 64 ? (num.signed ? 'LL' : 'ULL') : plainSuffix(value);
      return value < 0n ? negative(value, suffix) : `${digits(value)}${suffix}`;
    }
    case 'declared': {
      const suffix = num.type === null ? plainSuffix(value) : declaredSuffix(num.type, value);
      if (num.type === 'bool') return value.toString();
      return value < 0n ? negative(value, suffix) : `${digits(value)}${suffix}`;
    }
  }
}

/** A GNU as expression: no suffixes; gas evaluates in 64 bits on every target. */
export function asmLiteral(value: bigint, num: NumKind): string {
  if (num.kind === 'mask') return `0x${hexDigits(value, num.bits)}`;
  if (num.kind === 'count') return value.toString();
  return value < 0n ? `-${(-value).toString()}` : digits(value);
}

/** A C literal of an unsigned type of `bits` bits: `0x80U`, `0xffffffffffffULL`. */
export function cUnsigned(value: bigint, bits: number): string {
  return `0x${value.toString(16)}${bits > 32 ? 'ULL' : 'U'}`;
}
