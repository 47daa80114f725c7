/**
 * Loads an ELF program into an image as Coyotos' mkimage does (reference, "Loading an ELF
 * program"): each page of the file that a loadable segment overlaps becomes one page object,
 * holding the file's bytes inside the segments' file ranges and zero elsewhere (filled when
 * the image is written, not held here); it is mapped at every virtual page where a segment
 * places it, with the union of the permissions of the segments overlapping that virtual page
 * (RO unless one is writable, NX unless one is executable). A second pass maps zero pages for
 * `.bss` (from `filesz` to `memsz`) where no file page is mapped. The result is the entry point
 * and the space capability.
 *
 * The headers are read through the views generated from dsl/elf, which the caller passes in
 * (`import * as elf from './generated/ts/x86_64/elf.js'`), as it passes the builder its
 * target's `coyotos` module: the runtime itself holds no layout.
 */
import { ElfError, PF_W, PF_X, PT_LOAD, readElfProgram, type ElfSegment, type ElfViews } from '../elf.js';
import type { ImageBuilder } from './builder.js';
import { buildSpace, type Mapping } from './space.js';
import type { Cap } from './target.js';

export interface LoadedProgram {
  readonly entry: bigint;
  readonly space: Cap;
  readonly mappings: readonly Mapping[];
}

export interface LoadOptions {
  /** The most pages the program's segments may span (default: what an image can hold). */
  readonly maxPages?: number;
  /**
   * Large page sizes in bytes (a paging scheme's: `largePageSizes(scheme)`). A region of the
   * program aligned to one of them, wholly mapped with one set of rights (file pages of
   * consecutive file offsets, or `.bss`), gets its pages at consecutive OIDs from one aligned
   * to the size too, so that hardware page tables map it as one large page; unmapped zero
   * pages fill the gap before it. Without it pages are allocated as the file needs them.
   */
  readonly largePages?: readonly number[];
}

/**
 * Loads `bytes`, an ELF file, into `b`, reading its headers with `elf` (a generated `elf`
 * module, of any target); throws an ElfError for a file it cannot load.
 */
export function loadElf(b: ImageBuilder, elf: ElfViews, bytes: Uint8Array, options: LoadOptions = {}): LoadedProgram {
  const t = b.t;
  const page = BigInt(t.PAGE_SIZE);
  const prog = readElfProgram(elf, bytes);
  const loads = prog.segments.filter((s) => s.type === PT_LOAD && s.memsz > 0n);
  if (loads.length === 0) throw new ElfError('it has no loadable segment');
  loads.forEach((s, i) => {
    if (BigInt(s.offset) % page !== s.vaddr % page) throw new ElfError(`loadable segment ${i}: file offset 0x${s.offset.toString(16)} and address 0x${s.vaddr.toString(16)} differ modulo the page size (${page})`);
  });
  const down = (v: bigint) => v - (v % page);
  // An image's imgBytes is a u32: a program needing more pages cannot be in one (and a
  // corrupt memsz must not make the loops below run for ever).
  const most = BigInt(Math.min(options.maxPages ?? Infinity, Math.floor(0xffffffff / t.PAGE_SIZE)));
  const total = loads.reduce((n, s) => n + (s.vaddr + s.memsz - down(s.vaddr) + page - 1n) / page, 0n);
  if (total > most) throw new ElfError(`its loadable segments span ${total} pages, more than ${options.maxPages === undefined ? 'an image holds' : 'allowed'} (${most})`);
  // Permissions of each virtual page: the union over the segments whose memory overlaps it.
  const perms = new Map<bigint, number>();
  for (const s of loads) {
    for (let vp = down(s.vaddr); vp < s.vaddr + s.memsz; vp += page) perms.set(vp, (perms.get(vp) ?? 0) | s.flags);
  }
  // The file page each virtual page shows, from the segments' file ranges.
  const filePageAt = new Map<bigint, number>();
  for (const s of loads) {
    for (let vp = down(s.vaddr); vp < s.vaddr + BigInt(s.filesz); vp += page) {
      const fp = Number(vp - s.vaddr) + s.offset;
      const prior = filePageAt.get(vp);
      if (prior !== undefined && prior !== fp) throw new ElfError(`two file pages (at ${prior} and ${fp}) are placed at address 0x${vp.toString(16)}`);
      filePageAt.set(vp, fp);
    }
  }
  const pageOfFile = new Map<number, bigint>();
  const mappings: Mapping[] = [];
  const restrOf = (vp: bigint): number => {
    const f = perms.get(vp) ?? 0;
    return (f & PF_W ? 0 : t.CAP_RESTR_RO) | (f & PF_X ? 0 : t.CAP_RESTR_NX);
  };
  // A segment's .bss on a file page must read zero; where the shared file page holds another
  // segment's file bytes there, that virtual page gets a private copy with them cleared (the
  // reference's shared page would show them).
  const zeroOn = (vp: bigint, fp: number): [number, number][] => {
    const zero: [number, number][] = [];
    for (const s of loads) {
      const from = Math.max(Number(vp), Number(s.vaddr) + s.filesz);
      const to = Math.min(Number(vp + page), Number(s.vaddr + s.memsz));
      if (from < to && loads.some((o) => o.offset < fp + to - Number(vp) && o.offset + o.filesz > fp + from - Number(vp))) zero.push([from - Number(vp), to - Number(vp)]);
    }
    return zero;
  };
  // Virtual pages whose page was allocated with the aligned run of a large page.
  const placed = new Set<bigint>();
  /**
   * If `vp` starts a large page's region whose every page `fits` (with `vp`'s rights), allocates
   * them all (`alloc(vp)` each) at consecutive OIDs aligned to the size, after zero pages to
   * align them; true if it did.
   */
  const largeRun = (vp: bigint, fits: (v: bigint, k: bigint) => boolean, alloc: (v: bigint) => bigint): boolean => {
    for (const size of [...(options.largePages ?? [])].sort((x, y) => y - x)) {
      const n = BigInt(size) / page;
      if (n <= 1n || vp % BigInt(size) !== 0n) continue;
      let whole = true;
      for (let k = 0n; k < n && whole; k++) whole = restrOf(vp + k * page) === restrOf(vp) && !placed.has(vp + k * page) && fits(vp + k * page, k);
      if (!whole) continue;
      while (BigInt(b.pages.length) % n !== 0n) b.allocPage(null);
      for (let k = 0n; k < n; k++) {
        const v = vp + k * page;
        mappings.push({ va: v, page: alloc(v), restr: restrOf(v) });
        placed.add(v);
      }
      return true;
    }
    return false;
  };
  for (const [vp, fp] of filePageAt) {
    if (placed.has(vp)) continue;
    // Consecutive file pages, none shared yet, none needing a private copy.
    const fileFits = (v: bigint, k: bigint) => {
      const f = fp + Number(k * page);
      return filePageAt.get(v) === f && !pageOfFile.has(f) && zeroOn(v, f).length === 0;
    };
    const fileAlloc = (v: bigint) => {
      const f = filePageAt.get(v)!;
      const oid = b.allocPage(fillFromFile(bytes, loads, f, t.PAGE_SIZE));
      pageOfFile.set(f, oid);
      return oid;
    };
    if (largeRun(vp, fileFits, fileAlloc)) continue;
    const zero = zeroOn(vp, fp);
    if (zero.length > 0) {
      mappings.push({ va: vp, page: b.allocPage(fillFromFile(bytes, loads, fp, t.PAGE_SIZE, zero)), restr: restrOf(vp) });
      continue;
    }
    let oid = pageOfFile.get(fp);
    if (oid === undefined) {
      oid = b.allocPage(fillFromFile(bytes, loads, fp, t.PAGE_SIZE));
      pageOfFile.set(fp, oid);
    }
    mappings.push({ va: vp, page: oid, restr: restrOf(vp) });
  }
  // .bss: zero pages where no file page is mapped.
  for (const vp of perms.keys()) {
    if (filePageAt.has(vp) || placed.has(vp)) continue;
    if (largeRun(vp, (v) => perms.has(v) && !filePageAt.has(v), () => b.allocPage(null))) continue;
    mappings.push({ va: vp, page: b.allocPage(null), restr: restrOf(vp) });
  }
  return { entry: prog.entry, space: buildSpace(b, mappings), mappings };
}

/**
 * A page's content: the file's bytes at [fp, fp + size) that lie in a loadable segment's file
 * range, zero elsewhere and in the page's `zero` ranges.
 */
function fillFromFile(bytes: Uint8Array, loads: readonly ElfSegment[], fp: number, size: number, zero: readonly [number, number][] = []): (page: Uint8Array) => void {
  const ranges: [number, number][] = [];
  for (const s of loads) {
    const from = Math.max(fp, s.offset);
    const to = Math.min(fp + size, s.offset + s.filesz);
    if (from < to) ranges.push([from, to]);
  }
  return (into) => {
    for (const [from, to] of ranges) into.set(bytes.subarray(from, to), from - fp);
    for (const [from, to] of zero) into.fill(0, from, to);
  };
}
