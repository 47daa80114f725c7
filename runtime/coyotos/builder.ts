/**
 * An image in the making, as Coyotos' mkimage (libcoyimage) keeps one: a vector per object
 * kind, where a new object's OID is the vector's length; every allocation records its bank.
 * The constructor allocates the header page (Page OID 0) and the prime bank's endpoint
 * (Endpoint OID 0). Objects refer to one another through capabilities, checked when the image
 * is written (`check`), when every count is final.
 *
 * Pages are not held in memory unless given as bytes: a page's content may be a function that
 * fills the (zeroed) page when the writer reaches it.
 */
import { checkCap, nullCap, type KindCounts } from './capability.js';
import { about, ImageError } from './errors.js';
import { encodeProcess } from './process.js';
import { inSet, member, OBJECT_KINDS, type Cap, type CoyotosTarget, type EndpointValue, type GptValue, type ObjectKind, type ProcessCommon } from './target.js';

/**
 * A page's bytes, or a function that fills the zeroed page (its OID given) when the image is
 * written: one function may serve many pages, so a large image holds no content of its own.
 */
export type PageContent = Uint8Array | ((page: Uint8Array, oid: number) => void);

export interface Bank {
  /** The bank's endpoint (an Endpoint OID). */
  readonly endpoint: bigint;
  /** The parent bank's id (the prime bank is its own parent). */
  readonly parent: number;
}

export class ImageBuilder {
  /** Page contents by OID; null is a zero page (and OID 0, the header). */
  readonly pages: (PageContent | null)[] = [];
  readonly capPages: Cap[][] = [];
  readonly gpts: GptValue[] = [];
  readonly endpoints: EndpointValue[] = [];
  readonly processes: ProcessCommon[] = [];
  readonly banks: Bank[] = [];
  /** The bank of each object, by kind and OID. */
  readonly bankOf: Record<ObjectKind, number[]> = { Page: [], CapPage: [], GPT: [], Process: [], Endpoint: [] };
  readonly pageSize: number;

  constructor(readonly t: CoyotosTarget) {
    this.pageSize = t.PAGE_SIZE;
    const header = this.allocPage(null);
    if (header !== 0n) throw new ImageError('the header page must be Page OID 0');
    // The prime bank: its endpoint is Endpoint OID 0, its id PRIME_BANK_ID, its own parent.
    this.newBank(t.PRIME_BANK_ID);
  }

  /** A new space bank under `parent`; returns its id. Its endpoint's ID is the id + BANK_ENDPOINT_ID_BIAS. */
  newBank(parent: number): number {
    const id = this.banks.length;
    if (id !== this.t.PRIME_BANK_ID && (parent < 0 || parent >= id)) throw new ImageError(`bank ${id}: parent bank ${parent} does not exist`);
    const endpoint = this.allocEndpoint({ endpointID: BigInt(id + this.t.BANK_ENDPOINT_ID_BIAS) }, parent);
    this.banks.push({ endpoint, parent });
    return id;
  }

  private record(kind: ObjectKind, bank: number): void {
    if (bank !== this.t.PRIME_BANK_ID && (bank < 0 || bank >= this.banks.length)) throw new ImageError(`no bank ${bank}`);
    this.bankOf[kind].push(bank);
  }

  /** A new page (zero unless `content` is given); returns its OID. */
  allocPage(content: PageContent | null = null, bank = this.t.PRIME_BANK_ID): bigint {
    if (content instanceof Uint8Array && content.length > this.pageSize) throw new ImageError(`Page ${this.pages.length}: ${content.length} bytes do not fit a ${this.pageSize}-byte page`);
    this.record('Page', bank);
    this.pages.push(content);
    return BigInt(this.pages.length - 1);
  }

  setPage(oid: bigint, content: PageContent | null): void {
    const i = this.index('Page', oid, this.pages.length);
    if (i === 0) throw new ImageError('Page 0 is the image header');
    this.pages[i] = content;
  }

  /** A new capability page of Null capabilities; returns its OID. */
  allocCapPage(bank = this.t.PRIME_BANK_ID): bigint {
    this.record('CapPage', bank);
    this.capPages.push(Array.from({ length: this.pageSize / 16 }, () => nullCap(this.t)));
    return BigInt(this.capPages.length - 1);
  }

  /** A new GPT of `l2v` with 16 Null slots; returns its OID. */
  allocGpt(l2v: number, bank = this.t.PRIME_BANK_ID): bigint {
    this.record('GPT', bank);
    this.gpts.push({ hdr: { l2v, ha: false, bg: false }, slots: Array.from({ length: this.t.NUM_GPT_SLOTS }, () => nullCap(this.t)) });
    return BigInt(this.gpts.length - 1);
  }

  gpt(oid: bigint): GptValue {
    return this.gpts[this.index('GPT', oid, this.gpts.length)]!;
  }

  allocEndpoint(e: Partial<EndpointValue> = {}, bank = this.t.PRIME_BANK_ID): bigint {
    this.record('Endpoint', bank);
    this.endpoints.push({ flags: e.flags ?? { pm: false }, protPayload: e.protPayload ?? 0, endpointID: e.endpointID ?? 0n, recipient: e.recipient ?? nullCap(this.t) });
    return BigInt(this.endpoints.length - 1);
  }

  endpoint(oid: bigint): EndpointValue {
    return this.endpoints[this.index('Endpoint', oid, this.endpoints.length)]!;
  }

  /** A new process: every capability Null, every number 0 unless given; returns its OID. */
  allocProcess(p: Partial<ProcessCommon> = {}, bank = this.t.PRIME_BANK_ID): bigint {
    this.record('Process', bank);
    const n = () => nullCap(this.t);
    this.processes.push({
      runState: p.runState ?? 0,
      flags: p.flags ?? 0,
      notices: p.notices ?? 0,
      faultCode: p.faultCode ?? 0,
      faultInfo: p.faultInfo ?? 0n,
      schedule: p.schedule ?? n(),
      addrSpace: p.addrSpace ?? n(),
      brand: p.brand ?? n(),
      cohort: p.cohort ?? n(),
      ioSpace: p.ioSpace ?? n(),
      handler: p.handler ?? n(),
      capReg: p.capReg ?? Array.from({ length: this.t.NUM_CAP_REGS }, n),
    });
    return BigInt(this.processes.length - 1);
  }

  /**
   * A process created as Coyotos creates one from a program: in the Startup fault with the
   * entry point in `faultInfo`, runState Running, its address space set; the register set is
   * never written (the kernel starts it from `faultInfo`).
   */
  allocStartupProcess(entry: bigint, addrSpace: Cap, more: Partial<ProcessCommon> = {}, bank = this.t.PRIME_BANK_ID): bigint {
    return this.allocProcess({ ...more, runState: member(this.t, 'RunState', 'Running'), faultCode: member(this.t, 'FaultCode', 'Startup'), faultInfo: entry, addrSpace }, bank);
  }

  process(oid: bigint): ProcessCommon {
    return this.processes[this.index('Process', oid, this.processes.length)]!;
  }

  private index(kind: ObjectKind, oid: bigint, n: number): number {
    if (typeof oid !== 'bigint' || oid < 0n || oid >= BigInt(n)) throw new ImageError(`no ${kind} ${String(oid)} (the image has ${n})`);
    return Number(oid);
  }

  /** How many objects of each kind the image has so far (record pages not included). */
  counts(): KindCounts {
    return { Page: this.pages.length, CapPage: this.capPages.length, GPT: this.gpts.length, Process: this.processes.length, Endpoint: this.endpoints.length };
  }

  /**
   * Checks every object and capability as mkimage does before writing, against `counts`
   * (the final ones, record pages included); throws an ImageError naming the object.
   */
  check(counts: KindCounts = this.counts()): void {
    const t = this.t;
    this.capPages.forEach((caps, i) => caps.forEach((c, s) => checkCap(t, c, counts, `CapPage ${i} slot ${s}`)));
    this.gpts.forEach((g, i) => {
      const where = `GPT ${i}`;
      const l2v = g.hdr.l2v;
      if (typeof l2v === 'number' && (l2v < t.PAGE_SHIFT || l2v >= t.ADDRESS_BITS)) throw new ImageError(`${where}: l2v ${l2v} is outside ${t.PAGE_SHIFT}..${t.ADDRESS_BITS - 1}`);
      g.slots.forEach((c, s) => checkCap(t, c, counts, `${where} slot ${s}`));
      try {
        t.GptView.check(g);
      } catch (e) {
        throw about(where, e);
      }
    });
    this.endpoints.forEach((e, i) => {
      const where = `Endpoint ${i}`;
      checkCap(t, e.recipient, counts, `${where} recipient`);
      if (!inSet(t.RECIPIENT_CAP_TYPES, e.recipient.hdr.type)) throw new ImageError(`${where} recipient: must be Null or a Process capability, not ${String(t.CapType[e.recipient.hdr.type])}`);
      try {
        t.EndpointView.check(e);
      } catch (err) {
        throw about(where, err);
      }
    });
    const scratch = new Uint8Array(t.ProcessView.IMAGE_END);
    this.processes.forEach((p, i) => {
      const where = `Process ${i}`;
      for (const f of ['schedule', 'addrSpace', 'brand', 'cohort', 'ioSpace', 'handler'] as const) checkCap(t, p[f], counts, `${where} ${f}`);
      if (!Array.isArray(p.capReg) || p.capReg.length !== t.NUM_CAP_REGS) throw new ImageError(`${where} capReg: ${t.NUM_CAP_REGS} capabilities expected`);
      p.capReg.forEach((c, r) => checkCap(t, c, counts, `${where} capReg[${r}]`));
      if (!inSet(t.IOSPACE_CAP_TYPES, p.ioSpace.hdr.type)) throw new ImageError(`${where} ioSpace: must be Null or IOPriv, not ${String(t.CapType[p.ioSpace.hdr.type])}`);
      encodeProcess(t, p, scratch, where);
    });
    for (const kind of OBJECT_KINDS) if (counts[kind] > 0xffffffff) throw new ImageError(`${counts[kind]} ${kind} objects: the header counts at most 2^32-1`);
  }
}
