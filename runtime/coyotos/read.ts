/**
 * Reads an image back: the header from page zero, checked as the kernel's loader checks it
 * (magic, endian, version, page size, the object counts against `imgBytes` by the formula, the
 * file's length), then any object by kind and OID, decoded through the target's generated
 * views. Objects are read from the file where they are (positional reads), so an image of any
 * size is read in little memory.
 */
import { ImageError } from './errors.js';
import { errorCode, nodeFiles, type FileOps } from './files.js';
import { IMAGE_MAGIC } from './layout.js';
import { decodeProcess, processImageSize } from './process.js';
import { isLittleEndian, member, type AllocRecordValue, type BankRecordValue, type Cap, type CoyotosTarget, type EndpointValue, type GptValue, type ImageHeaderValue, type ObjectKind, type ProcessCommon } from './target.js';

export class ImageReader {
  readonly header: ImageHeaderValue;
  readonly sizes: { readonly page: number; readonly gpt: number; readonly endpoint: number; readonly process: number };
  /** Where each kind's objects start in the file. */
  private readonly starts: Readonly<Record<ObjectKind, number>>;

  private constructor(
    readonly t: CoyotosTarget,
    private readonly fs: FileOps,
    private readonly fd: number,
    readonly path: string,
  ) {
    const size = fs.fstatSync(fd).size;
    const page = t.PAGE_SIZE;
    if (size < page) throw new ImageError(`'${path}': ${size} bytes, less than the header page (${page})`);
    const first = this.bytesAt(0, page);
    const header = t.ImageHeaderView.readAt(new DataView(first.buffer, first.byteOffset, first.byteLength), 0) as ImageHeaderValue;
    this.header = header;
    const magic = String.fromCharCode(...header.magic);
    if (magic !== IMAGE_MAGIC) throw new ImageError(`'${path}': not a Coyotos image (magic ${JSON.stringify(magic)}, not "${IMAGE_MAGIC}")`);
    const endian = member(t, 'ImageEndian', isLittleEndian(t) ? 'Little' : 'Big');
    if (header.endian !== endian) throw new ImageError(`'${path}': endian ${header.endian}, not this target's ${endian}`);
    if (header.version !== t.IMAGE_VERSION) throw new ImageError(`'${path}': version ${header.version}, not ${t.IMAGE_VERSION}`);
    if (header.pgSize !== page) throw new ImageError(`'${path}': page size ${header.pgSize}, not ${page}`);
    this.sizes = { page, gpt: t.GptView.SIZE, endpoint: t.EndpointView.SIZE, process: processImageSize(t) };
    const s = this.sizes;
    const h = header;
    const formula = (h.nPage + h.nCapPage) * page + h.nGPT * s.gpt + h.nEndpoint * s.endpoint + h.nProc * s.process;
    if (formula !== h.imgBytes) throw new ImageError(`'${path}': imgBytes ${h.imgBytes} is not the objects' size by the formula, ${formula}`);
    if (size !== h.imgBytes) throw new ImageError(`'${path}': ${size} bytes, but the header says ${h.imgBytes}`);
    const capPages = h.nPage * page;
    const gpts = capPages + h.nCapPage * page;
    const endpoints = gpts + h.nGPT * s.gpt;
    const processes = endpoints + h.nEndpoint * s.endpoint;
    this.starts = { Page: 0, CapPage: capPages, GPT: gpts, Endpoint: endpoints, Process: processes };
  }

  /** Opens the image at `path` for the target module `t`; throws an ImageError if it is not one. */
  static open(t: CoyotosTarget, path: string, fs: FileOps = nodeFiles()): ImageReader {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (e) {
      throw new ImageError(`cannot read '${path}': ${errorCode(e) ?? String(e)}`);
    }
    try {
      return new ImageReader(t, fs, fd, path);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }

  close(): void {
    this.fs.closeSync(this.fd);
  }

  count(kind: ObjectKind): number {
    const h = this.header;
    return { Page: h.nPage, CapPage: h.nCapPage, GPT: h.nGPT, Endpoint: h.nEndpoint, Process: h.nProc }[kind];
  }

  private bytesAt(at: number, n: number): Uint8Array {
    const bytes = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const got = this.fs.readSync(this.fd, bytes, off, n - off, at + off);
      if (got === 0) throw new ImageError(`'${this.path}': truncated at byte ${at + off}`);
      off += got;
    }
    return bytes;
  }

  private object(kind: ObjectKind, oid: bigint | number, size: number): DataView {
    const i = Number(oid);
    if (!Number.isInteger(i) || i < 0 || i >= this.count(kind)) throw new ImageError(`'${this.path}': no ${kind} ${String(oid)} (it has ${this.count(kind)})`);
    const bytes = this.bytesAt(this.starts[kind] + i * size, size);
    return new DataView(bytes.buffer);
  }

  /** A page's bytes. */
  page(oid: bigint | number): Uint8Array {
    const v = this.object('Page', oid, this.sizes.page);
    return new Uint8Array(v.buffer);
  }

  capPage(oid: bigint | number): Cap[] {
    const v = this.object('CapPage', oid, this.sizes.page);
    return Array.from({ length: this.sizes.page / 16 }, (_, i) => this.t.CapabilityView.readAt(v, i * 16) as Cap);
  }

  gpt(oid: bigint | number): GptValue {
    return this.t.GptView.readAt(this.object('GPT', oid, this.sizes.gpt), 0) as GptValue;
  }

  endpoint(oid: bigint | number): EndpointValue {
    return this.t.EndpointView.readAt(this.object('Endpoint', oid, this.sizes.endpoint), 0) as EndpointValue;
  }

  process(oid: bigint | number): ProcessCommon {
    const v = this.object('Process', oid, this.sizes.process);
    return decodeProcess(this.t, new Uint8Array(v.buffer));
  }

  /** The bank records, from the pages at bankVecOID. */
  banks(): BankRecordValue[] {
    return this.records(this.header.bankVecOID, this.header.nBank, this.t.BankRecordView.SIZE, (v, at) => this.t.BankRecordView.readAt(v, at) as BankRecordValue);
  }

  /** The allocation records, from the pages at allocVecOID. */
  allocs(): AllocRecordValue[] {
    return this.records(this.header.allocVecOID, this.header.nAlloc, this.t.AllocRecordView.SIZE, (v, at) => this.t.AllocRecordView.readAt(v, at) as AllocRecordValue);
  }

  /** A vector of `n` records of `size` bytes, back to back from the page `start`. */
  private records<T>(start: bigint, n: number, size: number, read: (v: DataView, at: number) => T): T[] {
    const bytes = n === 0 ? new Uint8Array(0) : this.bytesAt(this.starts.Page + Number(start) * this.sizes.page, n * size);
    const v = new DataView(bytes.buffer);
    return Array.from({ length: n }, (_, i) => read(v, i * size));
  }
}
