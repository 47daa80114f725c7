/**
 * Hardware page tables as pages of an image, built from a paging scheme of the decode tables
 * (`machine.paging`: x86.Paging4, riscv.Sv39...), so the same code builds any architecture's
 * tables that a `paging` declaration describes, and `walkPages` (or `cdl walk`) reads them
 * back. A page's physical address is its offset in the image file: Page OID n at n × page
 * size, so the image itself is the memory a walk reads.
 *
 * A run of mappings that a higher level's leaf can map as one large page (x86-64's 2-MiB and
 * 1-GiB pages, Sv39's megapages and gigapages: a level with `page`) is mapped so: its virtual
 * address aligned to the large page's size, its Page OIDs consecutive from one whose physical
 * address is aligned to it too, the same rights throughout. Such a leaf sets one of the level's
 * `leafWhen` fields if its rights set none (x86's PS; on RISC-V R, which every leaf has). Any
 * other mapping is a 4-KiB page (the last level's leaves). `largePages: false` maps every page
 * on its own. Entries are encoded through the tables by field
 * name: the scheme's `valid` field set; a table entry's `table` field the next table's address;
 * the leaf's `page` field the page's. Rights follow the scheme's rules: a field that allows an
 * access `at every level` is set on every table entry and on the leaf as the mapping allows;
 * one that allows it `at leaf` only on the leaf (on RISC-V, R/W/X on a table entry would make
 * it a leaf); a field that denies an access `at any level` is clear on table entries and set
 * on a leaf that must not allow it. Rules for one mode only (RISC-V's supervisor rules) follow
 * from the others and set nothing.
 */
import type { PagingLevelTable, PagingRuleTable, PagingScheme } from '../paging.js';
import { encodeBits, type BitsTable, type ValueTables } from '../tables.js';
import type { ImageBuilder } from './builder.js';
import { ImageError } from './errors.js';

export interface HardwareMapping {
  readonly va: bigint;
  /** The Page OID mapped there. */
  readonly page: bigint;
  readonly write: boolean;
  readonly execute: boolean;
  /** User-mode access (default true: programs). */
  readonly user?: boolean;
}

export interface HardwareTables {
  /** The root table's Page OID, and its physical address (what CR3 or satp points at). */
  readonly root: bigint;
  readonly rootAddress: bigint;
  /** Every table page, root first. */
  readonly pages: readonly bigint[];
}

interface Node {
  readonly oid: bigint;
  readonly words: bigint[];
  readonly children: Map<number, Node>;
}

/** The sizes in bytes of the large pages `scheme` maps (levels above the last that map pages), for `loadElf`'s `largePages`. */
export function largePageSizes(scheme: PagingScheme): number[] {
  return scheme.levels.slice(0, -1).flatMap((l) => (l.page ? [2 ** l.lo] : []));
}

export interface PageTableOptions {
  /** Map aligned runs of consecutive pages as large pages where the scheme has them (default true). */
  readonly largePages?: boolean;
}

/** Builds `scheme`'s page tables for `mappings` in `b`; the tables' pages are allocated in `b`. */
export function buildPageTables(b: ImageBuilder, tables: ValueTables, scheme: PagingScheme, mappings: readonly HardwareMapping[], options: PageTableOptions = {}): HardwareTables {
  const page = BigInt(b.pageSize);
  const layouts = scheme.levels.map((l) => {
    const t = tables.types[l.entry];
    if (!t || t.kind !== 'bits') throw new ImageError(`${scheme.name}: no bit layout ${l.entry} in the tables`);
    const entries = 1 << (l.hi - l.lo + 1);
    if ((entries * t.width) / 8 !== b.pageSize) throw new ImageError(`${scheme.name}: a table of ${entries} ${t.width}-bit ${l.entry} entries is not one ${b.pageSize}-byte page`);
    return t;
  });
  const last = scheme.levels[scheme.levels.length - 1]!;
  if (!last.page || last.lo !== Math.log2(b.pageSize)) throw new ImageError(`${scheme.name}: its last level does not map ${b.pageSize}-byte pages`);
  const pages: bigint[] = [];
  const node = (level: number): Node => {
    const n: Node = { oid: b.allocPage(null), words: Array<bigint>(1 << (scheme.levels[level]!.hi - scheme.levels[level]!.lo + 1)).fill(0n), children: new Map() };
    pages.push(n.oid);
    return n;
  };
  const root = node(0);
  const index = (va: bigint, l: PagingLevelTable) => Number((va >> BigInt(l.lo)) & ((1n << BigInt(l.hi - l.lo + 1)) - 1n));
  const where = (va: bigint) => `page table for 0x${va.toString(16)}`;
  const byVa = new Map<bigint, HardwareMapping>();
  for (const m of mappings) {
    if (m.va % page !== 0n) throw new ImageError(`${where(m.va)}: not page-aligned`);
    if (scheme.canonical ? !canonical(m.va, scheme.addressBits) : m.va >> BigInt(scheme.addressBits) !== 0n) throw new ImageError(`${where(m.va)}: not a ${scheme.addressBits}-bit address of ${scheme.name}`);
    if (byVa.has(m.va)) throw new ImageError(`${where(m.va)}: two pages at one address`);
    byVa.set(m.va, m);
  }
  // The large pages: for a mapping that starts an aligned run, the highest level that maps it
  // whole. The other mappings of the run are then covered by its leaf.
  const large = new Map<bigint, number>();
  const covered = new Set<bigint>();
  const sameRights = (x: HardwareMapping, y: HardwareMapping) => x.write === y.write && x.execute === y.execute && (x.user ?? true) === (y.user ?? true);
  const runOf = (m: HardwareMapping, size: bigint): boolean => {
    if (m.va % size !== 0n || (m.page * page) % size !== 0n) return false;
    for (let k = 1n; k < size / page; k++) {
      const o = byVa.get(m.va + k * page);
      if (!o || o.page !== m.page + k || !sameRights(o, m)) return false;
    }
    return true;
  };
  if (options.largePages !== false) {
    for (const m of mappings) {
      if (covered.has(m.va)) continue;
      const level = scheme.levels.findIndex((l, i) => i < scheme.levels.length - 1 && l.page !== null && runOf(m, 1n << BigInt(l.lo)));
      if (level < 0) continue;
      large.set(m.va, level);
      for (let k = 1n; k < (1n << BigInt(scheme.levels[level]!.lo)) / page; k++) covered.add(m.va + k * page);
    }
  }
  for (const m of mappings) {
    if (covered.has(m.va)) continue;
    const depth = large.get(m.va) ?? scheme.levels.length - 1;
    let n = root;
    for (let level = 0; level < depth; level++) {
      const l = scheme.levels[level]!;
      const i = index(m.va, l);
      let child = n.children.get(i);
      if (!child) {
        child = node(level + 1);
        n.children.set(i, child);
        n.words[i] = encode(layouts[level]!, entryFields(scheme, l, 'table', child.oid * page, null), where(m.va));
      }
      n = child;
    }
    const l = scheme.levels[depth]!;
    const i = index(m.va, l);
    if (n.words[i] !== 0n) throw new ImageError(`${where(m.va)}: two pages at one address`);
    const fields = entryFields(scheme, l, 'page', m.page * page, m);
    // Above the last level an entry is a leaf only with one of these set: PS on x86 (no
    // right), while on RISC-V the rights themselves (R, which every leaf has) make it one.
    if (depth < scheme.levels.length - 1 && l.leafWhen.length > 0 && !l.leafWhen.some((f) => fields[f] === true)) {
      // A one-bit field, which a tag (x86's PS selects the 2-MiB variant) holds as a number.
      const t = layouts[depth]!;
      const f = l.leafWhen[0]!;
      fields[f] = (t.tag?.name === f ? t.tag : t.fields.find((x) => x.name === f))?.type === 'bool' ? true : 1n;
    }
    n.words[i] = encode(layouts[depth]!, fields, where(m.va));
  }
  // Each table page is written as its entries, in the target's byte order.
  const fill = (n: Node, t: BitsTable) => (into: Uint8Array) => {
    const dv = new DataView(into.buffer, into.byteOffset, into.byteLength);
    const bytes = t.width / 8;
    n.words.forEach((w, i) => {
      if (bytes === 8) dv.setBigUint64(i * 8, w, tables.littleEndian);
      else dv.setUint32(i * 4, Number(w), tables.littleEndian);
    });
  };
  const place = (n: Node, level: number) => {
    b.setPage(n.oid, fill(n, layouts[level]!));
    for (const c of n.children.values()) place(c, level + 1);
  };
  place(root, 0);
  return { root: root.oid, rootAddress: root.oid * page, pages };
}

function canonical(va: bigint, bits: number): boolean {
  const top = va >> BigInt(bits - 1);
  return top === 0n || top === (1n << BigInt(65 - bits)) - 1n;
}

function encode(t: BitsTable, fields: Record<string, unknown>, where: string): bigint {
  try {
    return encodeBits(t, fields);
  } catch (e) {
    throw new ImageError(`${where}: ${(e as Error).message}`);
  }
}

/** The fields of a table entry (`leaf` null) or of a leaf mapping `leaf`, by the scheme's rules. */
function entryFields(scheme: PagingScheme, l: PagingLevelTable, kind: 'table' | 'page', address: bigint, leaf: HardwareMapping | null): Record<string, unknown> {
  const target = kind === 'table' ? l.table! : l.page!;
  const fields: Record<string, unknown> = { [scheme.valid]: true, [target.field]: address >> BigInt(target.shift) };
  const allows = (r: PagingRuleTable): boolean => {
    const m = leaf!;
    const access = r.accesses.length === 0 || r.accesses.some((a) => (a === 'read' ? true : a === 'write' ? m.write : m.execute));
    const mode = r.modes.length === 0 || r.modes.includes(m.user === false ? 'supervisor' : 'user');
    return access && mode;
  };
  for (const r of scheme.rules) {
    if (r.effect === 'allow') {
      if (leaf) fields[r.field] = allows(r);
      else if (r.scope === 'every') fields[r.field] = true;
    } else if (r.modes.length === 0) {
      fields[r.field] = leaf ? !allows({ ...r, effect: 'allow' }) : false;
    }
  }
  return fields;
}
