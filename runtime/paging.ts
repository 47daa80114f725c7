/**
 * Page walks: a virtual address translated through page tables in a memory image, as the
 * target's MMU would, by the paging schemes of the decode tables (`machine.paging`, from the
 * specs' `paging` declarations). The walker knows no architecture: each level's entry is a bit
 * layout of the tables (decoded by tables.ts when asked for), and every field it looks at (valid,
 * next table, page frame, leaf flags, permission flags, the fault word's fields) is named by
 * the scheme. What it knows is a small vocabulary: permission rules that hold at every level,
 * at any level or at the leaf; a sign-extended (canonical) address; reserved bits (the
 * layouts' `reserved ... = v`) and reserved combinations; a page's alignment to its size.
 *
 * What it does not model: it reads memory and never writes it (no accessed or dirty updates,
 * and no fault for A = 0 or D = 0 either, as an MMU with hardware updating would not raise);
 * MAXPHYADDR (addresses up to the layouts' field widths are taken); CR0.WP is taken as set and
 * IA32_EFER.NXE as set; SMEP, SMAP, protection keys, shadow stacks, MXR, PBMT (its reserved
 * encoding 3 included) and NAPOT are not looked at, nor RISC-V's D, A and U bits of a non-leaf
 * entry (reserved for future use). An option a rule names with `unless` (RISC-V's `sum`) is
 * given by the caller.
 *
 * A scheme is planned once per tables (kept on the scheme, as tables.ts keeps a layout's plan):
 * its flags, masks and address fields as number arithmetic on the entries' 32-bit parts, and
 * the walk through its levels compiled into straight code (paging-compile.ts), so that a walk
 * through the tables is as fast as one written by hand (bench/paging.ts); memory read through a
 * function takes the same plan interpreted. Entries and fault words are decoded when asked for.
 *
 * Walking never throws, whatever the memory holds: every outcome is a translation or a fault.
 */
import { compileWalk, Stop, type AddressField, type CompiledLevel, type CompiledWalk, type Flag, type NumberField, type VariantPlan, type WalkScratch } from './paging-compile.js';
import { decodeBitsParts, formatBits, type BitsTable, type DecodedBits, type FieldTable, type TableInt, tableInt, type ValueTables } from './tables.js';

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

/**
 * An entry the walk read: its level, its index in the table, its physical address (inside the
 * memory image, so a number) and its 32-bit parts, least significant first; its value as a
 * bigint and decoded by its bit layout are made when first asked for.
 */
export interface VisitedEntry {
  readonly level: number;
  readonly index: number;
  readonly address: number;
  readonly parts: readonly number[];
  readonly word: bigint;
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

// ---------------------------------------------------------------------------
// The plan: what a walk needs of a scheme, worked out once, in number arithmetic on the
// entries' 32-bit parts (as tables.ts decodes), so that a walk decodes no entry it does not
// have to and makes one bigint, its physical address.

/** A level: what the compiled walk needs of it (paging-compile.ts), the scheme's level, and its page size. */
interface LevelPlan extends CompiledLevel {
  readonly level: PagingLevelTable;
  readonly pageSize: bigint;
}

interface SchemePlan {
  readonly tables: ValueTables;
  readonly scheme: PagingScheme;
  readonly levels: readonly LevelPlan[];
  readonly fault: BitsTable | null;
  /** The fault word's fixed reserved bits, and each field's value placed where the field lies, as 32-bit parts. */
  readonly faultBase: readonly number[];
  readonly faultFields: readonly { readonly when: PagingFaultCondition; readonly parts: readonly number[] }[];
  /** Per access (read, write, execute) and mode (user, supervisor): the rules that apply, as a bit set. */
  readonly applies: readonly (readonly [number, number])[];
  readonly allow: number;
  readonly deny: number;
  readonly every: number;
  readonly any: number;
  readonly leaf: number;
  /** The walk through the levels compiled (paging-compile.ts); null where only the interpreter will do. */
  readonly compiled: CompiledWalk | null;
  /** What a walk through the levels leaves for the rest of it (one per plan: walks do not overlap). */
  readonly scratch: WalkScratch;
}

const PLANS = Symbol('cdl.paging');
const ACCESS_INDEX: Readonly<Record<PagingAccess, number>> = { read: 0, write: 1, execute: 2 };

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

function numberField(f: FieldTable): NumberField {
  const pieces: { part: number; shift: number; mask: number; scale: number }[] = [];
  let at = 0;
  for (const [lo, hi] of f.ranges) {
    for (let b = lo; b <= hi; ) {
      const part = b >> 5;
      const end = Math.min(hi, part * 32 + 31);
      const n = end - b + 1;
      pieces.push({ part, shift: b & 31, mask: n === 32 ? 0xffffffff : (1 << n) - 1, scale: 2 ** at });
      at += n;
      b = end + 1;
    }
  }
  return { pieces, width: at };
}

function makePlan(tables: ValueTables, scheme: PagingScheme): SchemePlan | null {
  const bitsOf = (name: string): BitsTable | null => {
    const t = Object.prototype.hasOwnProperty.call(tables.types, name) ? tables.types[name] : undefined;
    return t?.kind === 'bits' && t.words === 1 ? t : null;
  };
  const rules = scheme.rules;
  if (rules.length > 30) return null;
  const levels: LevelPlan[] = [];
  for (const [i, level] of scheme.levels.entries()) {
    const entry = bitsOf(level.entry);
    if (!entry) return null;
    const variant = (v: BitsTable['variants'][number] | null): VariantPlan => {
      const fields = new Map([...entry.fields, ...(entry.tag ? [entry.tag] : []), ...(v?.fields ?? [])].map((f) => [f.name, f]));
      const flag = (name: string): Flag | null => {
        const f = fields.get(name);
        return f && f.ranges.length === 1 && f.ranges[0]![0] === f.ranges[0]![1] ? { part: f.ranges[0]![0] >> 5, mask: (1 << (f.ranges[0]![0] & 31)) >>> 0 } : null;
      };
      const address = (a: PagingAddressTable | null): AddressField | null => {
        const f = a ? fields.get(a.field) : undefined;
        return a && f ? { field: numberField(f), scale: 2 ** (f.shift + a.shift), shift: f.shift + a.shift } : null;
      };
      const fixed: [number, number][] = [];
      for (let p = 0; p < Math.ceil(entry.width / 32); p++) fixed.push([0, 0]);
      for (const [lo, hi, value] of [...entry.reserved, ...(v?.reserved ?? [])]) {
        if (value === null) continue;
        const want = tableInt(value);
        for (let b = lo; b <= hi; b++) {
          fixed[b >> 5]![0] |= 1 << (b & 31);
          if ((want >> BigInt(b - lo)) & 1n) fixed[b >> 5]![1] |= 1 << (b & 31);
        }
      }
      return {
        valid: flag(scheme.valid),
        fixed: fixed.map(([m, x]) => [m >>> 0, x >>> 0] as const),
        leafWhen: level.leafWhen.map(flag),
        table: address(level.table),
        page: address(level.page),
        rules: rules.map((r) => flag(r.field)),
        reserved: scheme.reserved.map((r) => [flag(r.field), flag(r.without)] as const),
      };
    };
    // By tag value (the first variant a value selects, as tables.ts decodes).
    const variants: (VariantPlan | undefined)[] = [];
    for (const v of entry.variants) {
      const p = variant(v);
      for (const w of v.when) if (Number.isSafeInteger(Number(w)) && Number(w) >= 0) variants[Number(w)] ??= p;
    }
    levels.push({ level, index: i, lo: level.lo, hi: level.hi, entry, bytes: entry.width / 8, tag: entry.tag ? numberField(entry.tag) : null, variants, plain: variant(null), pageSize: 1n << BigInt(level.lo) });
  }
  let allow = 0;
  let deny = 0;
  let every = 0;
  let any = 0;
  let leaf = 0;
  rules.forEach((r, k) => {
    const bit = 1 << k;
    if (r.effect === 'allow') allow |= bit;
    else deny |= bit;
    if (r.scope === 'every') every |= bit;
    else if (r.scope === 'any') any |= bit;
    else leaf |= bit;
  });
  // The rules for an access in a mode: those naming it (or no access), and the mode (or none).
  const rulesFor = (a: PagingAccess, m: PagingMode): number =>
    rules.reduce((bits, r, k) => ((r.accesses.length === 0 || r.accesses.includes(a)) && (r.modes.length === 0 || r.modes.includes(m)) ? bits | (1 << k) : bits), 0);
  const applies = (['read', 'write', 'execute'] as const).map((a) => [rulesFor(a, 'user'), rulesFor(a, 'supervisor')] as const);
  const fault = bitsOf(scheme.fault?.type ?? '');
  const faultBase = new Array<number>(fault ? Math.ceil(fault.width / 32) : 0).fill(0);
  for (const [lo, hi, value] of fault?.reserved ?? []) {
    if (value === null) continue;
    for (let b = lo; b <= hi; b++) if ((tableInt(value) >> BigInt(b - lo)) & 1n) faultBase[b >> 5] = (faultBase[b >> 5]! | (1 << (b & 31))) >>> 0;
  }
  const faultFields = (scheme.fault?.fields ?? []).flatMap((f) => {
    const spec = fault?.fields.find((x) => x.name === f.field) ?? fault?.variants.flatMap((v) => v.fields).find((x) => x.name === f.field);
    if (!spec) return [];
    const parts = faultBase.map(() => 0);
    let value = tableInt(f.value) >> BigInt(spec.shift);
    for (const [lo, hi] of spec.ranges) for (let b = lo; b <= hi; b++, value >>= 1n) if (value & 1n) parts[b >> 5] = (parts[b >> 5]! | (1 << (b & 31))) >>> 0;
    return [{ when: f.when, parts }];
  });
  const compiled = compileWalk(levels, tables.littleEndian, Visited);
  const scratch = newScratch();
  return { tables, scheme, levels, fault, faultBase, faultFields, applies, allow, deny, every, any, leaf, compiled, scratch };
}

/** A field's value from the parts: a number up to 53 bits, else a bigint. */
function readField(f: NumberField, parts: readonly number[]): number | bigint {
  if (f.width > 53) {
    let v = 0n;
    for (const x of f.pieces) v |= BigInt(((parts[x.part]! >>> x.shift) & x.mask) >>> 0) * BigInt(x.scale);
    return v;
  }
  let v = 0;
  for (const x of f.pieces) v += (((parts[x.part]! >>> x.shift) & x.mask) >>> 0) * x.scale;
  return v;
}

function isSet(f: Flag | null, parts: readonly number[]): boolean {
  return f !== null && (parts[f.part]! & f.mask) !== 0;
}

/** An entry the walk read; its bigint value and decoding are made when asked for. */
class Visited implements VisitedEntry {
  private decoded: DecodedBits | null = null;
  constructor(
    readonly level: number,
    readonly index: number,
    readonly address: number,
    /** The entry's low 32 bits, and its high 32 bits (0 for an entry of 32 bits or fewer). */
    private readonly lo: number,
    private readonly hi: number,
    private readonly layout: BitsTable,
  ) {}
  get parts(): readonly number[] {
    return this.layout.width > 32 ? [this.lo, this.hi] : [this.lo];
  }
  get word(): bigint {
    return this.layout.width > 32 ? (BigInt(this.hi) << 32n) | BigInt(this.lo) : BigInt(this.lo);
  }
  get entry(): DecodedBits {
    return (this.decoded ??= decodeBitsParts(this.layout, this.parts));
  }
  toJSON(): object {
    return { level: this.level, index: this.index, address: this.address, word: `0x${this.word.toString(16)}`, type: this.layout.name };
  }
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
  const plan = planOf(tables, scheme);
  const entries: Visited[] = [];
  if (!plan || plan.levels.length === 0) return new Fault(plan, va, 'outside-memory', null, access, mode, entries, 'the tables do not hold this paging scheme');
  const lo32 = Number(va & 0xffffffffn);
  const hi32 = Number(va >> 32n);
  // Translated bits: the rest must copy the top one (canonical) or be zero.
  const bits = scheme.addressBits;
  const top = bits >= 33 ? hi32 >>> (bits - 33) : -1;
  const high = top >= 0 ? (scheme.canonical ? top === 0 || top === 2 ** (65 - bits) - 1 : top >>> 1 === 0) : canonicalLow(lo32, hi32, bits, scheme.canonical);
  if (!high) return new Fault(plan, va, 'non-canonical', null, access, mode, entries, scheme.noncanonical);
  // Rules an option lifts (`unless sum`).
  let lifted = 0;
  const options = request?.options;
  if (Array.isArray(options) && options.length > 0) scheme.rules.forEach((r, k) => r.unless !== null && options.includes(r.unless) && (lifted |= 1 << k));
  let table = typeof root === 'bigint' ? (root >= 0n && root <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(root) : -1) : Number.isSafeInteger(root) && root >= 0 ? root : -1;
  // The compiled walk calls nothing of the caller's, so it may use the plan's scratch; a memory
  // function might walk again before it returns, so the interpreted walk gets its own.
  const compiled = memory instanceof Uint8Array ? plan.compiled : null;
  const out = compiled ? plan.scratch : newScratch();
  const stop = compiled ? compiled(memory as Uint8Array, table, lo32, hi32, entries, out) : interpret(plan, memory, table, lo32, hi32, entries, out);
  const lp = plan.levels[out.level]!;
  switch (stop) {
    case Stop.Outside: {
      const where = out.table < 0 ? 'beyond any memory' : `0x${(BigInt(out.table) + BigInt(out.index * lp.bytes)).toString(16)}`;
      return new Fault(plan, va, 'outside-memory', out.level, access, mode, entries, `bus error: the ${lp.entry.name} at ${where} is outside the memory image`);
    }
    case Stop.NotPresent:
      return new Fault(plan, va, 'not-present', out.level, access, mode, entries, null);
    case Stop.Reserved:
      return new Fault(plan, va, 'reserved', out.level, access, mode, entries, null);
    case Stop.NotLeaf:
      return new Fault(plan, va, 'not-leaf', out.level, access, mode, entries, null);
  }
  // A leaf: its page must be aligned to its size, and the rules must allow the access.
  const level = lp.level;
  let frame: bigint | null = null;
  if (out.frame < 0) {
    // An address beyond 2^53 (no memory image is that large, but a page may be mapped there).
    const last = entries[entries.length - 1]!;
    const page = variantOf(lp, last.parts).page!;
    frame = BigInt(readField(page.field, last.parts)) << BigInt(page.shift);
  }
  if (frame !== null ? frame % lp.pageSize !== 0n : out.frame % 2 ** level.lo !== 0) return new Fault(plan, va, 'misaligned', out.level, access, mode, entries, null);
  const holds = (out.every & plan.every) | (out.any & plan.any) | (out.set & plan.leaf);
  if (!permitted(plan, holds, lifted, ACCESS_INDEX[access], mode === 'user' ? 0 : 1)) return new Fault(plan, va, 'protection', out.level, access, mode, entries, null);
  const offset = level.lo >= 53 ? -1 : bitsOf(lo32, hi32, 0, level.lo - 1);
  const pa = frame === null && offset >= 0 && out.frame + offset <= Number.MAX_SAFE_INTEGER ? BigInt(out.frame + offset) : (frame ?? BigInt(out.frame)) | (va & (lp.pageSize - 1n));
  return {
    kind: 'translation',
    va,
    pa,
    pageSize: lp.pageSize,
    level: out.level,
    permissions: {
      user: { read: permitted(plan, holds, lifted, 0, 0), write: permitted(plan, holds, lifted, 1, 0), execute: permitted(plan, holds, lifted, 2, 0) },
      supervisor: { read: permitted(plan, holds, lifted, 0, 1), write: permitted(plan, holds, lifted, 1, 1), execute: permitted(plan, holds, lifted, 2, 1) },
    },
    entries,
  };
}

function newScratch(): WalkScratch {
  return { level: 0, index: 0, table: 0, frame: 0, set: 0, every: 0, any: 0 };
}

/** The variant plan an entry's tag selects. */
function variantOf(lp: LevelPlan, parts: readonly number[]): VariantPlan {
  return lp.tag ? (lp.variants[readField(lp.tag, parts) as number] ?? lp.plain) : lp.plain;
}

/**
 * The walk through the levels, interpreting the plan: what the compiled walk does, for memory
 * read through a function, a scheme the compiler leaves alone, or where compiling is not allowed.
 */
function interpret(plan: SchemePlan, memory: PhysicalMemory, root: number, lo32: number, hi32: number, entries: Visited[], out: WalkScratch): Stop {
  const le = plan.tables.littleEndian;
  let table = root;
  let every = -1;
  let any = 0;
  // The entry being looked at, as 32-bit parts (one array for the walk: entries keep their own copy).
  const parts = [0, 0];
  for (const lp of plan.levels) {
    const { level } = lp;
    out.level = lp.index;
    const index = bitsOf(lo32, hi32, level.lo, level.hi);
    const address = table < 0 ? -1 : table + index * lp.bytes;
    if (address < 0 || !Number.isSafeInteger(address + lp.bytes) || !readParts(memory, address, lp.bytes, le, parts)) {
      out.index = index;
      out.table = table;
      return Stop.Outside;
    }
    entries.push(new Visited(lp.index, index, address, parts[0]!, parts[1]!, lp.entry));
    const v = variantOf(lp, parts);
    if (!isSet(v.valid, parts)) return Stop.NotPresent;
    for (let k = 0; k < v.fixed.length; k++) if (((parts[k]! & v.fixed[k]![0]) >>> 0) !== v.fixed[k]![1]) return Stop.Reserved;
    for (let k = 0; k < v.reserved.length; k++) if (isSet(v.reserved[k]![0], parts) && !isSet(v.reserved[k]![1], parts)) return Stop.Reserved;
    let set = 0;
    for (let k = 0; k < v.rules.length; k++) if (isSet(v.rules[k]!, parts)) set |= 1 << k;
    every &= set;
    any |= set;
    let leaf = v.page !== null && v.leafWhen.length === 0 && v.table === null;
    for (const f of v.leafWhen) if (isSet(f, parts)) leaf = v.page !== null;
    if (leaf) {
      const f = readField(v.page!.field, parts);
      const frame = typeof f === 'number' ? f * v.page!.scale : -1;
      out.frame = Number.isSafeInteger(frame) ? frame : -1;
      out.set = set;
      out.every = every;
      out.any = any;
      return Stop.Leaf;
    }
    if (!v.table) return Stop.NotLeaf;
    const next = readField(v.table.field, parts);
    const at = typeof next === 'number' ? next * v.table.scale : -1;
    table = Number.isSafeInteger(at) ? at : -1;
  }
  // Unreachable for a checked scheme (its last level maps pages).
  return Stop.NotLeaf;
}

/** Whether the rules that apply to access `a` in mode `m` (and are not lifted) let it through, given which flags hold. */
function permitted(plan: SchemePlan, holds: number, lifted: number, a: number, m: number): boolean {
  const applies = plan.applies[a]![m]! & ~lifted;
  return (holds & applies & plan.allow) === (applies & plan.allow) && (holds & applies & plan.deny) === 0;
}

/** Whether an address of at most 32 translated bits is canonical (or zero-extended). */
function canonicalLow(lo32: number, hi32: number, bits: number, canonical: boolean): boolean {
  const topLow = bits === 0 ? lo32 : Math.floor(lo32 / 2 ** (bits - 1));
  const ones = 2 ** (33 - bits) - 1;
  if (canonical) return (topLow === 0 && hi32 === 0) || (topLow === ones && hi32 === 0xffffffff);
  return topLow >>> 1 === 0 && hi32 === 0;
}

/** Bits lo..hi (at most 53 of them) of the 64-bit value (hi32, lo32), as a number. */
function bitsOf(lo32: number, hi32: number, lo: number, hi: number): number {
  if (hi < 32) return hi - lo === 31 ? lo32 : (lo32 >>> lo) & ((1 << (hi - lo + 1)) - 1);
  if (lo >= 32) return hi - lo === 31 ? hi32 : (hi32 >>> (lo - 32)) & ((1 << (hi - lo + 1)) - 1);
  const top = hi === 63 ? hi32 : hi32 & ((1 << (hi - 31)) - 1);
  return (lo32 >>> lo) + top * 2 ** (32 - lo);
}

/** Reads the entry at `address` into `out` as 32-bit parts; false outside memory. */
function readParts(memory: PhysicalMemory, address: number, bytes: number, le: boolean, out: number[]): boolean {
  let b: Uint8Array | null;
  let at: number;
  if (memory instanceof Uint8Array) {
    if (address + bytes > memory.length) return false;
    b = memory;
    at = address;
  } else {
    try {
      b = typeof memory === 'function' ? memory(address, bytes) : null;
    } catch {
      b = null;
    }
    if (!(b instanceof Uint8Array) || b.length < bytes) return false;
    at = 0;
  }
  if (bytes === 8) {
    const x = le ? b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24) : (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
    const y = le ? b[at + 4]! | (b[at + 5]! << 8) | (b[at + 6]! << 16) | (b[at + 7]! << 24) : (b[at + 4]! << 24) | (b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!;
    // A 64-bit entry's low word is first in memory on a little-endian target.
    out[0] = (le ? x : y) >>> 0;
    out[1] = (le ? y : x) >>> 0;
    return true;
  }
  let v = 0;
  for (let i = 0; i < bytes; i++) v = v * 256 + b[at + (le ? bytes - 1 - i : i)]!;
  out[0] = v;
  out[1] = 0;
  return true;
}

/** A fault: the scheme's fault word for a page fault (made when asked for), or the exception raised instead. */
class Fault implements PageFault {
  readonly kind = 'fault';
  private made: DecodedBits | null | undefined = undefined;
  constructor(
    private readonly plan: SchemePlan | null,
    readonly va: bigint,
    readonly reason: FaultReason,
    readonly level: number | null,
    private readonly access: PagingAccess,
    private readonly mode: PagingMode,
    readonly entries: readonly VisitedEntry[],
    readonly exception: string | null,
  ) {}
  get code(): DecodedBits | null {
    if (this.made !== undefined) return this.made;
    const plan = this.plan;
    if (this.exception !== null || !plan?.fault) return (this.made = null);
    // The word's parts: its fixed reserved bits, and each field whose condition holds.
    const parts = plan.faultBase.slice();
    const { reason, access, mode } = this;
    for (const f of plan.faultFields) {
      const w = f.when;
      const holds = w === 'present' ? reason !== 'not-present' && reason !== 'non-canonical' : w === 'reserved' ? reason === 'reserved' : w === access || w === mode;
      if (holds) for (let k = 0; k < parts.length; k++) parts[k] = (parts[k]! | f.parts[k]!) >>> 0;
    }
    return (this.made = decodeBitsParts(plan.fault, parts));
  }
  get text(): string {
    const code = this.code;
    if (code === null || !this.plan?.fault) return this.exception ?? 'page fault (the tables hold no fault word for it)';
    return formatBits(this.plan.tables, this.plan.fault, code.word);
  }
  toJSON(): object {
    return { kind: this.kind, va: this.va, reason: this.reason, level: this.level, exception: this.exception, text: this.text, entries: this.entries };
  }
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
  const via = result.entries.map((e) => `${e.entry.type}[${e.index}]@0x${e.address.toString(16)}=0x${e.word.toString(16)}`).join(' ');
  const va = `0x${result.va.toString(16)}`;
  if (result.kind === 'translation') {
    const p = result.permissions;
    return `${va} -> 0x${result.pa.toString(16)} ${formatPageSize(result.pageSize)} user=${formatRights(p.user)} supervisor=${formatRights(p.supervisor)} via ${via}`;
  }
  const where = result.level === null ? result.reason : `${result.reason} at level ${result.level}`;
  const what = result.exception === null ? `page fault ${result.code ? `0x${result.code.word.toString(16)} ` : ''}${result.text}` : result.text;
  return `${va}: ${what} (${where})${via ? ` via ${via}` : ''}`;
}
