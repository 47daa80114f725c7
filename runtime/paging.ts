/**
 * Page walks: a virtual address translated through page tables in a memory image, as the
 * target's MMU would, by the paging schemes of the decode tables (`machine.paging`, from the
 * specs' `paging` declarations). The walker knows no architecture: each level's entry is a bit
 * layout of the tables, read and decoded by tables.ts, and every field it looks at (valid,
 * next table, page frame, leaf flags, permission flags, the fault word's fields) is named by
 * the scheme. What it knows is a small vocabulary: permission rules that hold at every level,
 * at any level or at the leaf; a sign-extended (canonical) address; reserved bits (the
 * layouts' `reserved ... = v`) and reserved combinations; a page's alignment to its size.
 *
 * What it does not model: it reads memory and never writes it (no accessed or dirty updates,
 * and no fault for A = 0 or D = 0 either, as an MMU with hardware updating would not raise);
 * MAXPHYADDR (addresses up to the layouts' field widths are taken); CR0.WP is taken as set and
 * IA32_EFER.NXE as set; SMEP, SMAP, protection keys, shadow stacks, MXR, PBMT and NAPOT are not
 * looked at. An option a rule names with `unless` (RISC-V's `sum`) is given by the caller.
 *
 * Walking never throws, whatever the memory holds: every outcome is a translation or a fault.
 */
import { decodeBitsParts, encodeBits, formatBits, type BitsTable, type DecodedBits, type TableInt, tableInt, type ValueTables } from './tables.js';

export type PagingAccess = 'read' | 'write' | 'execute';
export type PagingMode = 'user' | 'supervisor';

/** Where an entry holds an address: the field's value shifted left by `shift`. */
export interface PagingAddressTable {
  readonly field: string;
  readonly shift: number;
}

export interface PagingLevelTable {
  /** The entry's bit layout, by qualified name. */
  readonly entry: string;
  /** The virtual address's bits that index this level's table. */
  readonly lo: number;
  readonly hi: number;
  readonly table: PagingAddressTable | null;
  readonly page: PagingAddressTable | null;
  /** One-bit fields of which any set makes a leaf; empty: every entry of a level with `page` only. */
  readonly leafWhen: readonly string[];
}

export interface PagingRuleTable {
  readonly effect: 'allow' | 'deny';
  /** The accesses the rule is for (every access if empty) and the modes (both if empty). */
  readonly accesses: readonly PagingAccess[];
  readonly modes: readonly PagingMode[];
  readonly field: string;
  readonly scope: 'every' | 'any' | 'leaf';
  /** A walk option that lifts the rule (`sum`), or null. */
  readonly unless: string | null;
}

export type PagingFaultCondition = 'present' | 'reserved' | PagingAccess | PagingMode;

/** A paging scheme as the tables hold it (`machine.paging`). */
export interface PagingScheme {
  readonly name: string;
  readonly target: string;
  readonly addressBits: number;
  readonly canonical: boolean;
  /** What a non-canonical address raises instead of a page fault (`#GP(0)`); null: a page fault. */
  readonly noncanonical: string | null;
  readonly valid: string;
  /** Root first. */
  readonly levels: readonly PagingLevelTable[];
  readonly rules: readonly PagingRuleTable[];
  readonly reserved: readonly { readonly field: string; readonly without: string }[];
  /** The fault word's bit layout, and the value each field takes when its condition holds. */
  readonly fault: { readonly type: string; readonly fields: readonly { readonly field: string; readonly value: TableInt; readonly when: PagingFaultCondition }[] };
}

/**
 * Physical memory: the bytes of an image (offset = physical address), or a function that
 * reads `length` bytes at `address` and returns null where there is no memory (for an image
 * too large to hold: a file read where the walk goes).
 */
export type PhysicalMemory = Uint8Array | ((address: number, length: number) => Uint8Array | null);

export interface WalkRequest {
  /** The virtual address (taken modulo 2^64). */
  readonly va: bigint;
  readonly access?: PagingAccess;
  readonly mode?: PagingMode;
  /** Options the scheme's rules name with `unless` (`['sum']`). */
  readonly options?: readonly string[];
}

/** An entry the walk read: its level, its index in the table, its physical address and its value. */
export interface VisitedEntry {
  readonly level: number;
  readonly index: number;
  readonly address: bigint;
  readonly entry: DecodedBits;
}

export interface Rights {
  readonly read: boolean;
  readonly write: boolean;
  readonly execute: boolean;
}

export interface Translation {
  readonly kind: 'translation';
  readonly va: bigint;
  readonly pa: bigint;
  /** The page's size in bytes (4096, 2 MiB...), and the level whose entry maps it. */
  readonly pageSize: bigint;
  readonly level: number;
  /** What the mapping allows in each mode (with the request's options). */
  readonly permissions: { readonly user: Rights; readonly supervisor: Rights };
  readonly entries: readonly VisitedEntry[];
}

/**
 * Why a walk stopped: an address outside the canonical range, an entry not valid, reserved
 * bits or combinations set, a non-leaf where the walk must end, a page not aligned to its
 * size, an access the permissions forbid, or an entry outside the memory image.
 */
export type FaultReason = 'non-canonical' | 'not-present' | 'reserved' | 'not-leaf' | 'misaligned' | 'protection' | 'outside-memory';

export interface PageFault {
  readonly kind: 'fault';
  readonly va: bigint;
  readonly reason: FaultReason;
  /** The level whose entry faulted; null for a non-canonical address. */
  readonly level: number | null;
  /** What the processor raises instead of a page fault (`#GP(0)`, or a bus error outside memory); null for a page fault. */
  readonly exception: string | null;
  /** The fault word (`PageFaultError`, `Scause64`) of a page fault; null otherwise. */
  readonly code: DecodedBits | null;
  /** The fault as one line: the word formatted (`PageFaultError{present write}`), or the exception. */
  readonly text: string;
  readonly entries: readonly VisitedEntry[];
}

export type WalkResult = Translation | PageFault;

/** What is worked out once per scheme and tables (kept on the scheme object). */
interface LevelPlan {
  readonly level: PagingLevelTable;
  readonly index: number;
  readonly entry: BitsTable;
  readonly bytes: number;
  /** Fixed reserved bits to check: for each variant name ('' for none), mask and value per 32-bit part. */
  readonly fixed: ReadonlyMap<string | null, readonly (readonly [number, number])[]>;
  readonly pageSize: bigint;
  readonly pageShift: number;
}

interface SchemePlan {
  readonly tables: ValueTables;
  readonly levels: readonly LevelPlan[];
  readonly fault: BitsTable | null;
}

const PLANS = Symbol('cdl.paging');

/**
 * The scheme's plan for `tables`, made once: kept on the scheme (a symbol-keyed property that
 * is not enumerable, as tables.ts keeps its plans) with the tables it was made for.
 */
function planOf(tables: ValueTables, scheme: PagingScheme): SchemePlan | null {
  const kept = (scheme as { [PLANS]?: { tables: ValueTables; plan: SchemePlan | null } } | null)?.[PLANS];
  if (kept !== undefined && kept.tables === tables) return kept.plan;
  let plan: SchemePlan | null;
  try {
    plan = makePlan(tables, scheme);
  } catch {
    plan = null; // not a scheme's data
  }
  if (scheme !== null && typeof scheme === 'object' && Object.isExtensible(scheme)) Object.defineProperty(scheme, PLANS, { value: { tables, plan }, writable: true });
  return plan;
}

function makePlan(tables: ValueTables, scheme: PagingScheme): SchemePlan | null {
  const bitsOf = (name: string): BitsTable | null => {
    const t = Object.prototype.hasOwnProperty.call(tables.types, name) ? tables.types[name] : undefined;
    return t?.kind === 'bits' && t.words === 1 ? t : null;
  };
  const levels: LevelPlan[] = [];
  for (const [i, level] of (scheme?.levels ?? []).entries()) {
    const entry = bitsOf(level.entry);
    if (!entry) return null;
    const fixed = new Map<string | null, (readonly [number, number])[]>();
    const partsOf = (rs: BitsTable['reserved']) => {
      const out: [number, number][] = [];
      for (let p = 0; p < Math.ceil(entry.width / 32); p++) out.push([0, 0]);
      for (const [lo, hi, value] of rs) {
        if (value === null) continue;
        const v = tableInt(value);
        for (let b = lo; b <= hi; b++) {
          out[b >> 5]![0] |= 1 << (b & 31);
          if ((v >> BigInt(b - lo)) & 1n) out[b >> 5]![1] |= 1 << (b & 31);
        }
      }
      return out.map(([m, v]) => [m >>> 0, v >>> 0] as const);
    };
    fixed.set(null, partsOf(entry.reserved));
    for (const v of entry.variants) fixed.set(v.name, partsOf([...entry.reserved, ...v.reserved]));
    levels.push({ level, index: i, entry, bytes: entry.width / 8, fixed, pageSize: 1n << BigInt(level.lo), pageShift: level.lo });
  }
  return { tables, levels, fault: bitsOf(scheme.fault?.type ?? '') };
}

const MASK64 = (1n << 64n) - 1n;

/**
 * Walks the page tables at physical address `root` of `memory` for `request` (a read in
 * supervisor mode by default), by `scheme` over `tables` (a machine's). Never throws: an
 * unusable scheme or memory is a fault too.
 */
export function walkPages(tables: ValueTables, scheme: PagingScheme, memory: PhysicalMemory, root: bigint | number, request: WalkRequest): WalkResult {
  const va = typeof request?.va === 'bigint' ? request.va & MASK64 : 0n;
  const access: PagingAccess = request?.access === 'write' || request?.access === 'execute' ? request.access : 'read';
  const mode: PagingMode = request?.mode === 'user' ? 'user' : 'supervisor';
  const options = Array.isArray(request?.options) ? request.options : [];
  const plan = planOf(tables, scheme);
  const entries: VisitedEntry[] = [];
  if (!plan || plan.levels.length === 0) return stop(scheme, null, va, 'outside-memory', null, access, mode, entries, 'the tables do not hold this paging scheme');
  // Translated bits: the rest must copy the top one (canonical) or be zero.
  const top = va >> BigInt(scheme.addressBits - 1);
  const high = scheme.canonical ? top === 0n || top === (1n << BigInt(65 - scheme.addressBits)) - 1n : top >> 1n === 0n;
  if (!high) return stop(scheme, plan, va, 'non-canonical', null, access, mode, entries, scheme.noncanonical);
  const le = tables.littleEndian;
  const lo32 = Number(va & 0xffffffffn);
  const hi32 = Number((va >> 32n) & 0xffffffffn);
  let table = typeof root === 'bigint' ? (root >= 0n && root <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(root) : -1) : Number.isSafeInteger(root) && root >= 0 ? root : -1;
  for (const lp of plan.levels) {
    const { level } = lp;
    const index = bitsOf(lo32, hi32, level.lo, level.hi);
    const address = table < 0 ? -1 : table + index * lp.bytes;
    const parts = address < 0 ? null : readParts(memory, address, lp.bytes, le);
    if (!parts) {
      const where = table < 0 ? 'beyond any memory' : `0x${(BigInt(table) + BigInt(index * lp.bytes)).toString(16)}`;
      return stop(scheme, plan, va, 'outside-memory', lp.index, access, mode, entries, `bus error: the ${lp.entry.name} at ${where} is outside the memory image`);
    }
    const entry = decodeBitsParts(lp.entry, parts);
    entries.push({ level: lp.index, index, address: BigInt(address), entry });
    const f = entry.fields;
    if (!isSet(f[scheme.valid])) return stop(scheme, plan, va, 'not-present', lp.index, access, mode, entries, null);
    const fixed = lp.fixed.get(entry.variant) ?? lp.fixed.get(null)!;
    for (let k = 0; k < fixed.length; k++) if (((parts[k]! & fixed[k]![0]) >>> 0) !== fixed[k]![1]) return stop(scheme, plan, va, 'reserved', lp.index, access, mode, entries, null);
    for (const r of scheme.reserved) if (isSet(f[r.field]) && !isSet(f[r.without])) return stop(scheme, plan, va, 'reserved', lp.index, access, mode, entries, null);
    const leaf = level.page !== null && (level.leafWhen.length === 0 ? level.table === null : level.leafWhen.some((name) => isSet(f[name])));
    if (!leaf) {
      if (!level.table) return stop(scheme, plan, va, 'not-leaf', lp.index, access, mode, entries, null);
      table = addressNumber(f[level.table.field], level.table.shift);
      continue;
    }
    const frame = addressBigint(f[level.page!.field], level.page!.shift);
    if ((frame & (lp.pageSize - 1n)) !== 0n) return stop(scheme, plan, va, 'misaligned', lp.index, access, mode, entries, null);
    if (!allowed(scheme, entries, access, mode, options)) return stop(scheme, plan, va, 'protection', lp.index, access, mode, entries, null);
    const rights = (m: PagingMode): Rights => ({ read: allowed(scheme, entries, 'read', m, options), write: allowed(scheme, entries, 'write', m, options), execute: allowed(scheme, entries, 'execute', m, options) });
    return { kind: 'translation', va, pa: frame | (va & (lp.pageSize - 1n)), pageSize: lp.pageSize, level: lp.index, permissions: { user: rights('user'), supervisor: rights('supervisor') }, entries };
  }
  // Unreachable for a checked scheme (its last level maps pages); a fault rather than a throw.
  return stop(scheme, plan, va, 'not-leaf', plan.levels.length - 1, access, mode, entries, null);
}

/** Whether a one-bit field is set: a flag reads as a boolean, a one-bit tag as a number. */
function isSet(v: boolean | number | bigint | undefined): boolean {
  return v === true || v === 1 || v === 1n;
}

/** Bits lo..hi of the 64-bit value (hi32, lo32), as a number (at most 53 bits wide). */
function bitsOf(lo32: number, hi32: number, lo: number, hi: number): number {
  const width = hi - lo + 1;
  let v: number;
  if (lo >= 32) v = hi32 >>> (lo - 32);
  else if (lo === 0) v = lo32 + hi32 * 2 ** 32;
  else v = (lo32 >>> lo) + hi32 * 2 ** (32 - lo);
  return width >= 53 ? v : v % 2 ** width;
}

/** The 32-bit parts of the entry at `address`, or null outside memory. */
function readParts(memory: PhysicalMemory, address: number, bytes: number, le: boolean): number[] | null {
  let b: Uint8Array | null;
  let at: number;
  if (memory instanceof Uint8Array) {
    if (address + bytes > memory.length) return null;
    b = memory;
    at = address;
  } else {
    try {
      b = typeof memory === 'function' ? memory(address, bytes) : null;
    } catch {
      b = null;
    }
    if (!(b instanceof Uint8Array) || b.length < bytes) return null;
    at = 0;
  }
  const word = (o: number, n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + b![at + (le ? o + n - 1 - i : o + i)]!;
    return v;
  };
  if (bytes <= 4) return [word(0, bytes)];
  // A 64-bit entry: its low word is first in memory on a little-endian target.
  return le ? [word(0, 4), word(4, 4)] : [word(4, 4), word(0, 4)];
}

function addressNumber(v: unknown, shift: number): number {
  const n = typeof v === 'number' ? v * 2 ** shift : typeof v === 'bigint' ? Number(v << BigInt(shift)) : -1;
  return Number.isSafeInteger(n) && n >= 0 ? n : -1;
}

function addressBigint(v: unknown, shift: number): bigint {
  return typeof v === 'number' ? BigInt(v) << BigInt(shift) : typeof v === 'bigint' ? v << BigInt(shift) : 0n;
}

/** Whether the scheme's rules let `access` in `mode` through the entries walked (the last is the leaf). */
function allowed(scheme: PagingScheme, entries: readonly VisitedEntry[], access: PagingAccess, mode: PagingMode, options: readonly string[]): boolean {
  for (const r of scheme.rules) {
    if (r.accesses.length > 0 && !r.accesses.includes(access)) continue;
    if (r.modes.length > 0 && !r.modes.includes(mode)) continue;
    if (r.unless !== null && options.includes(r.unless)) continue;
    const set = (e: VisitedEntry) => isSet(e.entry.fields[r.field]);
    const holds = r.scope === 'leaf' ? set(entries[entries.length - 1]!) : r.scope === 'every' ? entries.every(set) : entries.some(set);
    if (holds !== (r.effect === 'allow')) return false;
  }
  return true;
}

/** A fault: the scheme's fault word for a page fault, or the exception raised instead. */
function stop(scheme: PagingScheme, plan: SchemePlan | null, va: bigint, reason: FaultReason, level: number | null, access: PagingAccess, mode: PagingMode, entries: readonly VisitedEntry[], exception: string | null): PageFault {
  if (exception !== null || !plan?.fault) {
    const text = exception ?? 'page fault (the tables hold no fault word for it)';
    return { kind: 'fault', va, reason, level, exception: exception ?? null, code: null, text, entries };
  }
  const holds: Record<PagingFaultCondition, boolean> = {
    present: reason !== 'not-present' && reason !== 'non-canonical',
    reserved: reason === 'reserved',
    read: access === 'read',
    write: access === 'write',
    execute: access === 'execute',
    user: mode === 'user',
    supervisor: mode === 'supervisor',
  };
  const fields: Record<string, boolean | bigint> = {};
  for (const f of scheme.fault.fields) {
    if (!holds[f.when]) continue;
    const spec = plan.fault.fields.find((x) => x.name === f.field) ?? plan.fault.variants.flatMap((v) => v.fields).find((x) => x.name === f.field);
    fields[f.field] = spec?.type === 'bool' ? true : tableInt(f.value);
  }
  let word = 0n;
  try {
    word = encodeBits(plan.fault, fields);
  } catch {
    // A fault word the scheme describes always encodes (the checker saw its values fit).
  }
  const code = decodeBitsParts(plan.fault, partsOf(word, plan.fault.width));
  return { kind: 'fault', va, reason, level, exception: null, code, text: formatBits(plan.tables, plan.fault, word), entries };
}

function partsOf(word: bigint, width: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < Math.ceil(width / 32); k++) out.push(Number((word >> BigInt(32 * k)) & 0xffffffffn));
  return out;
}

/**
 * The scheme `name` names among a machine's (a qualified or plain name), or its default, the
 * first declared, when `name` is not given; null if there is none.
 */
export function pagingScheme(paging: { readonly [qname: string]: PagingScheme } | undefined, name?: string): PagingScheme | null {
  const all = paging ?? {};
  const names = Object.keys(all);
  if (name === undefined) return names.length ? all[names[0]!]! : null;
  if (Object.prototype.hasOwnProperty.call(all, name)) return all[name]!;
  const matches = names.filter((q) => q.slice(q.lastIndexOf('.') + 1) === name);
  return matches.length === 1 ? all[matches[0]!]! : null;
}

/** `rw-`: rights as `ls` shows them. */
export function formatRights(r: Rights): string {
  return `${r.read ? 'r' : '-'}${r.write ? 'w' : '-'}${r.execute ? 'x' : '-'}`;
}

/** `4K`, `2M`, `1G`, `512G`: a page size as kernel developers say it. */
export function formatPageSize(size: bigint): string {
  for (const [unit, shift] of [['T', 40n], ['G', 30n], ['M', 20n], ['K', 10n]] as const) if (size >= 1n << shift && size % (1n << shift) === 0n) return `${size >> shift}${unit}`;
  return `${size}`;
}

/**
 * One line for a walk: `0x7fff0000 -> 0x12345000 4K user=rw- supervisor=rw- via Pml4e[255]=0x2067 ...`
 * or `0x7fff0000: page fault 0x7 PageFaultError{present write user} (protection at level 3) via ...`.
 */
export function formatWalk(result: WalkResult): string {
  const via = result.entries.map((e) => `${e.entry.type}[${e.index}]@0x${e.address.toString(16)}=0x${e.entry.word.toString(16)}`).join(' ');
  const va = `0x${result.va.toString(16)}`;
  if (result.kind === 'translation') {
    const p = result.permissions;
    return `${va} -> 0x${result.pa.toString(16)} ${formatPageSize(result.pageSize)} user=${formatRights(p.user)} supervisor=${formatRights(p.supervisor)} via ${via}`;
  }
  const where = result.level === null ? result.reason : `${result.reason} at level ${result.level}`;
  const what = result.exception === null ? `page fault ${result.code ? `0x${result.code.word.toString(16)} ` : ''}${result.text}` : result.text;
  return `${va}: ${what} (${where})${via ? ` via ${via}` : ''}`;
}
