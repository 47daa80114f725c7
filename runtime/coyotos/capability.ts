/**
 * Capabilities for an image: constructors for the plain values the generated `Capability`
 * view writes, and the checks Coyotos' mkimage makes before it writes one (reference,
 * "Capability checks before writing"). Every rule reads the specs' constants through the
 * target module, so a changed spec changes what is accepted.
 */
import { about, ImageError } from './errors.js';
import { inSet, kindOfCapType, member, type Cap, type CoyotosTarget, type ObjectKind } from './target.js';

export interface CapOptions {
  /** Restriction bits (CAP_RESTR_*). */
  readonly restr?: number;
  /** Memory capabilities: log2 of the guard's granularity (default: the page size's). */
  readonly l2g?: number;
  /** Memory capabilities: the guard. */
  readonly match?: number;
  readonly allocCount?: number;
  /** Entry capabilities: the protected payload. */
  readonly protPayload?: number;
}

/** The Null capability. */
export function nullCap(t: CoyotosTarget): Cap {
  return { hdr: { type: member(t, 'CapType', 'Null'), swizzled: false, restr: 0, allocCount: 0 }, info: null, payload: null };
}

/**
 * A capability of type `typeName` (a CapType member): an object capability naming `oid`, or a
 * miscellaneous one (whose OID must then be 0). Word 1 is what the type's union member is.
 */
export function capability(t: CoyotosTarget, typeName: string, oid: bigint = 0n, o: CapOptions = {}): Cap {
  const type = member(t, 'CapType', typeName);
  const memory = inSet(t.MEMORY_CAP_TYPES, type);
  const info = memory
    ? { mem: { l2g: o.l2g ?? t.PAGE_SHIFT, match: o.match ?? 0 } }
    : typeName === 'Entry'
      ? { protPayload: o.protPayload ?? 0 }
      : null;
  const window = inSet(t.WINDOW_CAP_TYPES, type);
  const object = kindOfCapType(t, type) !== null;
  // A miscellaneous capability with a non-zero OID keeps it, so that the check reports it.
  const payload = window ? { offset: oid } : object || oid !== 0n ? { oid } : null;
  return { hdr: { type, swizzled: false, restr: o.restr ?? 0, allocCount: o.allocCount ?? 0 }, info, payload };
}

/** The number of objects of each kind: what an OID is checked against. */
export type KindCounts = Readonly<Record<ObjectKind, number>>;

function bitLength(n: number): number {
  return n === 0 ? 0 : 32 - Math.clz32(n);
}

/** The name of a capability type for messages. */
export function capTypeName(t: CoyotosTarget, type: number): string {
  const name = t.CapType[type];
  return typeof name === 'string' ? name : `type 0x${type.toString(16)}`;
}

/**
 * Throws an {@link ImageError} starting with `where` unless `cap` may be written in an image
 * of `counts` objects (reference, "Capability checks before writing").
 */
export function checkCap(t: CoyotosTarget, cap: Cap, counts: KindCounts, where: string): void {
  if (typeof cap !== 'object' || cap === null || typeof cap.hdr !== 'object' || cap.hdr === null) throw new ImageError(`${where}: not a capability`);
  const { type, restr, allocCount, swizzled } = cap.hdr;
  if (typeof type !== 'number' || typeof t.CapType[type] !== 'string') throw new ImageError(`${where}: ${String(type)} is not a capability type code`);
  const name = capTypeName(t, type);
  const fail = (what: string): never => {
    throw new ImageError(`${where}: ${name} capability: ${what}`);
  };
  if (swizzled) fail('a prepared (swizzled) capability cannot be in an image');
  const kind = kindOfCapType(t, type);
  const window = inSet(t.WINDOW_CAP_TYPES, type);
  const memory = inSet(t.MEMORY_CAP_TYPES, type);
  if (allocCount !== 0 && kind === null && !window) fail(`allocCount is ${allocCount}; it must be 0 on a miscellaneous capability`);
  const payload = cap.payload as { oid?: unknown; offset?: unknown } | null;
  const oid = payload && 'oid' in payload ? payload.oid : undefined;
  let physical = false;
  if (kind !== null) {
    if (typeof oid !== 'bigint') fail('it names no object (no oid)');
    const o = oid as bigint;
    physical = kind === 'Page' && o >= t.OID_PHYS_PAGE_BASE;
    if (!physical && (o < 0n || o >= BigInt(counts[kind]))) {
      fail(`OID ${o} is out of range: the image has ${counts[kind]} ${kind} object${counts[kind] === 1 ? '' : 's'}${kind === 'Page' ? ` (or a physical page at OID 0x${t.OID_PHYS_PAGE_BASE.toString(16)} and above)` : ''}`);
    }
  } else if (!window && oid !== undefined && oid !== 0n) {
    fail(`OID ${String(oid)}: a miscellaneous capability carries OID 0`);
  }
  if (typeof restr === 'number' && restr !== 0) {
    if (!memory) fail(`restr is 0x${restr.toString(16)}; only memory capabilities carry restrictions`);
    if (restr & t.CAP_RESTR_GPT_ONLY && !inSet(t.GPT_CAP_TYPES, type) && !physical) fail(`restr 0x${restr.toString(16)} has OP or NC, allowed only on GPT capabilities and physical pages`);
    if (restr & t.CAP_RESTR_WK && !(restr & t.CAP_RESTR_RO)) fail('WK (weak) requires RO');
  }
  if (memory) {
    const mem = cap.info && 'mem' in cap.info ? cap.info.mem : null;
    if (!mem) fail('a memory capability needs its guard (info.mem)');
    const { l2g, match } = mem!;
    if (typeof l2g === 'number' && (l2g < t.PAGE_SHIFT || l2g > t.ADDRESS_BITS)) fail(`l2g ${l2g} is outside ${t.PAGE_SHIFT}..${t.ADDRESS_BITS}`);
    if (typeof l2g === 'number' && typeof match === 'number' && match >= 0 && l2g + bitLength(match) > t.ADDRESS_BITS) {
      fail(`the guard 0x${match.toString(16)} << ${l2g} has bits above ${t.ADDRESS_BITS}`);
    }
    if (window) {
      const offset = payload && 'offset' in payload ? payload.offset : undefined;
      if (typeof offset === 'bigint' && typeof l2g === 'number' && l2g < 64 && offset % (1n << BigInt(l2g)) !== 0n) fail(`offset 0x${offset.toString(16)} is not aligned to its l2g ${l2g}`);
    }
  }
  // Ranges and union members: the generated check, named after the object.
  try {
    t.CapabilityView.check(cap);
  } catch (e) {
    throw about(where, e);
  }
}
