/**
 * Coyotos address spaces: trees of GPTs (16 slots; a GPT of `l2v` indexes by bits l2v..l2v+3
 * of the offset reaching it) whose leaves are Page capabilities, with guards in the
 * capabilities' `l2g` and `match` (reference, "Address spaces"). An offset reaching a memory
 * capability must equal `match` in its bits from `l2g` up; the bits below go on into the
 * object.
 *
 * The tree is built from all the mappings at once, top down: each GPT sits at the highest bit
 * where the addresses below it differ (its `l2v` rounded down to a 4-bit step above the page
 * size, so a GPT indexes the bits that separate them), and the bits that all of them share are
 * the guard of the capability that reaches it, which skips the levels a sparse space does not
 * need. A guard too wide for `match` (24 bits) is wrapped in a GPT of `l2v = l2g + 24`, as
 * Coyotos' builder does. Only page capabilities carry restrictions (RO, NX): the path to a page
 * has none, so a writable page stays writable.
 */
import type { ImageBuilder } from './builder.js';
import { capability, nullCap } from './capability.js';
import { ImageError } from './errors.js';
import { kindOfCapType, type Cap, type CoyotosTarget, type GptValue } from './target.js';

export interface Mapping {
  /** The virtual address of the page (page-aligned). */
  readonly va: bigint;
  /** The Page OID mapped there. */
  readonly page: bigint;
  /** Restrictions of the page capability (CAP_RESTR_RO, CAP_RESTR_NX). */
  readonly restr: number;
}

interface Entry {
  readonly off: bigint;
  readonly m: Mapping;
}

const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const bitLength = (v: bigint): number => v.toString(2).length - (v === 0n ? 1 : 0);

/**
 * Builds the GPT tree that maps every page of `mappings` (in `b`), and returns the capability
 * to it (Null for no mappings): the space capability a process's `addrSpace` holds.
 */
export function buildSpace(b: ImageBuilder, mappings: readonly Mapping[]): Cap {
  const t = b.t;
  const pageMask = mask(t.PAGE_SHIFT);
  const entries = [...mappings]
    .map((m): Entry => {
      if (m.va & pageMask) throw new ImageError(`address space: 0x${m.va.toString(16)} is not page-aligned`);
      if (m.va < 0n || m.va >> BigInt(t.ADDRESS_BITS) !== 0n) throw new ImageError(`address space: 0x${m.va.toString(16)} is outside ${t.ADDRESS_BITS}-bit addresses`);
      return { off: m.va, m };
    })
    .sort((x, y) => (x.off < y.off ? -1 : x.off > y.off ? 1 : 0));
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.off === entries[i - 1]!.off) throw new ImageError(`address space: two pages at 0x${entries[i]!.off.toString(16)}`);
  }
  if (entries.length === 0) return nullCap(t);
  return make(b, entries, t.ADDRESS_BITS);
}

/** A capability mapping `entries` (offsets below 2^span, sorted) as reached by offsets below 2^span. */
function make(b: ImageBuilder, entries: readonly Entry[], span: number): Cap {
  const t = b.t;
  if (entries.length === 1) {
    const { off, m } = entries[0]!;
    return guarded(b, { type: 'Page', oid: m.page, restr: m.restr }, t.PAGE_SHIFT, off >> BigInt(t.PAGE_SHIFT));
  }
  const first = entries[0]!.off;
  const last = entries[entries.length - 1]!.off;
  const top = bitLength(first ^ last) - 1; // the highest bit where two of them differ
  const step = t.GPT_INDEX_BITS;
  const l2v = t.PAGE_SHIFT + Math.floor((top - t.PAGE_SHIFT) / step) * step;
  const gpt = b.allocGpt(l2v);
  const slots = b.gpt(gpt).slots;
  const inner = mask(l2v);
  for (let i = 0; i < entries.length; ) {
    const slot = Number((entries[i]!.off >> BigInt(l2v)) & mask(step));
    let j = i;
    while (j < entries.length && Number((entries[j]!.off >> BigInt(l2v)) & mask(step)) === slot) j++;
    slots[slot] = make(b, entries.slice(i, j).map((e) => ({ off: e.off & inner, m: e.m })), l2v);
    i = j;
  }
  const l2g = l2v + step;
  return guarded(b, { type: 'GPT', oid: gpt, restr: 0 }, l2g, span > l2g ? first >> BigInt(l2g) : 0n);
}

/**
 * A capability to `object` with guard `guard` above `l2g`; a guard wider than `match` is
 * wrapped in a GPT of `l2v = l2g + GUARD_MATCH_BITS` that holds the low part.
 */
function guarded(b: ImageBuilder, object: { type: string; oid: bigint; restr: number }, l2g: number, guard: bigint): Cap {
  const t = b.t;
  const width = t.GUARD_MATCH_BITS;
  if (guard >> BigInt(width) === 0n) return capability(t, object.type, object.oid, { l2g, match: Number(guard), restr: object.restr });
  const l2v = l2g + width;
  const gpt = b.allocGpt(l2v);
  const slot = Number((guard >> BigInt(width)) & mask(t.GPT_INDEX_BITS));
  b.gpt(gpt).slots[slot] = capability(t, object.type, object.oid, { l2g, match: Number(guard & mask(width)), restr: object.restr });
  return guarded(b, { type: 'GPT', oid: gpt, restr: 0 }, l2v + t.GPT_INDEX_BITS, guard >> BigInt(width + t.GPT_INDEX_BITS));
}

export type Translation =
  | { readonly page: bigint; readonly offset: number; readonly restr: number; readonly path: readonly bigint[] }
  | { readonly fault: string };

/**
 * Translates `va` through the space `root` as the kernel would: guards checked, GPTs indexed,
 * restrictions accumulated along the path (RO, NX, WK). `gpt` fetches a GPT by OID (from a
 * builder, or an image read back).
 */
export function walkSpace(t: CoyotosTarget, gpt: (oid: bigint) => GptValue, root: Cap, va: bigint): Translation {
  let cap = root;
  let off = va;
  let restr = 0;
  const path: bigint[] = [];
  for (let depth = 0; depth < 64; depth++) {
    const kind = kindOfCapType(t, cap.hdr.type);
    if (kind !== 'Page' && kind !== 'GPT') return { fault: `${t.CapType[cap.hdr.type]} capability at depth ${depth}` };
    const mem = cap.info && 'mem' in cap.info ? cap.info.mem : null;
    const oid = cap.payload && 'oid' in cap.payload ? (cap.payload.oid as bigint) : -1n;
    if (!mem) return { fault: `no guard at depth ${depth}` };
    if (off >> BigInt(mem.l2g) !== BigInt(mem.match)) return { fault: `guard mismatch at depth ${depth}` };
    off &= mask(mem.l2g);
    restr |= cap.hdr.restr;
    if (kind === 'Page') {
      if (off >= BigInt(t.PAGE_SIZE)) return { fault: `offset 0x${off.toString(16)} beyond the page` };
      return { page: oid, offset: Number(off), restr, path };
    }
    path.push(oid);
    const g = gpt(oid);
    const l2v = g.hdr.l2v;
    if (off >> BigInt(l2v + t.GPT_INDEX_BITS) !== 0n) return { fault: `offset beyond GPT ${oid}'s span` };
    cap = g.slots[Number(off >> BigInt(l2v))]!;
    off &= mask(l2v);
  }
  return { fault: 'too deep' };
}
