/**
 * Writes an image in one streaming pass (reference, "Image file organization"): the header
 * page, the pages in OID order, the bank and then the allocation records (each run padded to a
 * page), the capability pages, then GPTs, endpoints and processes packed at their stored sizes.
 * Objects are laid out through the target's generated views into one reusable chunk, which is
 * written out whenever it fills, so memory stays flat whatever the image's size; a page given
 * as a function is filled in place in the chunk. Everything is checked before the first byte,
 * the written length must equal `imgBytes`, and the bytes go to a temporary file in the same
 * directory that is renamed into place: the image appears whole or not at all.
 */
import type { ImageBuilder } from './builder.js';
import { about, ImageError } from './errors.js';
import { errorCode, nodeFiles, processId, splitPath, type FileOps } from './files.js';
import { planImage, type ImagePlan } from './layout.js';
import { encodeProcess } from './process.js';
import { member, OBJECT_KINDS, type AllocRecordValue } from './target.js';

export interface WriteOptions {
  /** Called as the bytes go out: bytes written so far, and the total. */
  readonly onProgress?: (written: number, total: number) => void;
  /** The chunk written at once (default 4 MiB; rounded up to a page). */
  readonly chunkBytes?: number;
  /** The file operations (default: Node's). */
  readonly files?: FileOps;
}

/** A growing chunk of the output, flushed to `fd` when full. */
class Chunk {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  used = 0;
  written = 0;
  constructor(
    size: number,
    private readonly fs: FileOps,
    private readonly fd: number,
    private readonly total: number,
    private readonly onProgress?: (written: number, total: number) => void,
  ) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  /** `n` zeroed bytes at the returned offset in `bytes`. */
  take(n: number): number {
    if (this.used + n > this.bytes.length) this.flush();
    const at = this.used;
    this.bytes.fill(0, at, at + n);
    this.used += n;
    return at;
  }
  flush(): void {
    let off = 0;
    while (off < this.used) off += this.fs.writeSync(this.fd, this.bytes, off, this.used - off);
    this.written += this.used;
    this.used = 0;
    this.onProgress?.(this.written, this.total);
  }
}

/**
 * Writes `b` as an image for the ImageTarget code `target` to `path`; returns its plan.
 * Throws an ImageError naming the object or the file at fault, and then leaves no file.
 */
export function writeImage(b: ImageBuilder, path: string, target: number, options: WriteOptions = {}): ImagePlan {
  const t = b.t;
  const plan = planImage(b, target);
  b.check(plan.counts);
  try {
    t.ImageHeaderView.check(plan.header);
  } catch (e) {
    throw about('the image header', e);
  }
  const page = plan.sizes.page;
  const fs = options.files ?? nodeFiles();
  const { dir, name } = splitPath(path);
  const tmp = `${dir}/.${name}.${processId()}.${Date.now().toString(36)}.tmp`;
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
  } catch (e) {
    const code = errorCode(e);
    throw new ImageError(`cannot write '${path}': ${code ?? String(e)}${code === 'ENOENT' ? ' (no such directory)' : ''}`);
  }
  let done = false;
  try {
    const chunkBytes = Math.max(page, Math.ceil((options.chunkBytes ?? 4 << 20) / page) * page);
    const out = new Chunk(chunkBytes, fs, fd, plan.imgBytes, options.onProgress);
    // Page 0: the header, padded to the page size.
    t.ImageHeaderView.writeAt(out.view, out.take(page), plan.header);
    for (let oid = 1; oid < plan.basePages; oid++) {
      const at = out.take(page);
      const content = b.pages[oid];
      if (typeof content === 'function') {
        content(out.bytes.subarray(at, at + page), oid);
      } else if (content) out.bytes.set(content, at);
    }
    writeRecords(out, page, plan.bankPages, b.banks.length, plan.sizes.bankRecord, (i, view, at) => t.BankRecordView.writeAt(view, at, { oid: b.banks[i]!.endpoint, parent: BigInt(b.banks[i]!.parent) }));
    const alloc = allocRecords(b, plan);
    writeRecords(out, page, plan.allocPages, plan.nAlloc, plan.sizes.allocRecord, (i, view, at) => t.AllocRecordView.writeAt(view, at, alloc(i)));
    for (const caps of b.capPages) {
      const at = out.take(page);
      caps.forEach((c, i) => t.CapabilityView.writeAt(out.view, at + i * 16, c));
    }
    for (const g of b.gpts) t.GptView.writeAt(out.view, out.take(plan.sizes.gpt), g);
    for (const e of b.endpoints) t.EndpointView.writeAt(out.view, out.take(plan.sizes.endpoint), e);
    const scratch = new Uint8Array(t.ProcessView.IMAGE_END);
    b.processes.forEach((p, i) => {
      encodeProcess(t, p, scratch, `Process ${i}`);
      // Only the common part: up to image_end.
      out.bytes.set(scratch.subarray(0, plan.sizes.process), out.take(plan.sizes.process));
    });
    out.flush();
    if (out.written !== plan.imgBytes) throw new ImageError(`wrote ${out.written} bytes where the header says ${plan.imgBytes}`);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    done = true;
    fs.renameSync(tmp, path);
    return plan;
  } catch (e) {
    if (!done) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to remove
    }
    if (e instanceof ImageError) throw e;
    const code = errorCode(e);
    if (code) throw new ImageError(`cannot write '${path}': ${code}${code === 'ENOSPC' ? ' (no space left on the device)' : ''}`);
    throw e;
  }
}

/**
 * `count` records of `size` bytes, back to back as one vector (a record may cross a page
 * boundary), in `pages` pages: the run padded to a page. `put(i, view, at)` writes record i.
 */
function writeRecords(out: Chunk, page: number, pages: number, count: number, size: number, put: (i: number, view: DataView, at: number) => void): void {
  const scratch = new Uint8Array(size);
  const scratchView = new DataView(scratch.buffer);
  for (let p = 0; p < pages; p++) {
    const at = out.take(page);
    const start = p * page;
    const end = start + page;
    for (let i = Math.floor(start / size); i < count && i * size < end; i++) {
      const from = i * size;
      if (from >= start && from + size <= end) {
        put(i, out.view, at + from - start);
      } else {
        // A record across the page boundary: its part on this page.
        scratch.fill(0);
        put(i, scratchView, 0);
        const lo = Math.max(from, start);
        const hi = Math.min(from + size, end);
        out.bytes.set(scratch.subarray(lo - from, hi - from), at + lo - start);
      }
    }
  }
}

/**
 * Allocation record `i`, sorted by frame type, then by OID; the record pages are the prime
 * bank's. Made one at a time as the writer reaches it, not held: an image of a million pages
 * has a million records.
 */
function allocRecords(b: ImageBuilder, plan: ImagePlan): (i: number) => AllocRecordValue {
  const t = b.t;
  const kinds = [...OBJECT_KINDS].sort((x, y) => member(t, 'ObType', x) - member(t, 'ObType', y));
  const runs = kinds.map((kind) => ({ fType: member(t, 'ObType', kind), banks: b.bankOf[kind], n: kind === 'Page' ? plan.header.nPage : b.bankOf[kind].length }));
  const total = runs.reduce((n, r) => n + r.n, 0);
  if (total !== plan.nAlloc) throw new ImageError(`${total} allocation records where the plan counted ${plan.nAlloc}`);
  const record: AllocRecordValue = { oid: 0n, bank: 0n, fType: 0 };
  return (i) => {
    let k = 0;
    while (i >= runs[k]!.n) i -= runs[k++]!.n;
    const run = runs[k]!;
    record.oid = BigInt(i);
    record.bank = BigInt(run.banks[i] ?? t.PRIME_BANK_ID);
    record.fType = run.fType;
    return record;
  };
}
