/**
 * What the image builder and reader use of a target's generated `coyotos` module
 * (`generated/ts/<target>/coyotos.ts`), typed structurally so that any target's module, or a
 * user's module generated from changed specs, can be passed in: the builder knows no layout,
 * byte order or constant of its own. Every struct byte it writes goes through these views, and
 * every rule it checks reads these constants.
 */

/** A capability as the generated `Capability` interface holds it. */
export interface Cap {
  hdr: { type: number; swizzled: boolean; restr: number; allocCount: number };
  info: { protPayload: number } | { mem: { l2g: number; match: number; reserved7?: number } } | null;
  payload: { oid: bigint } | { offset: bigint } | Record<string, unknown> | null;
}

/** The static side of a generated struct view. */
export interface StructViewClass<T> {
  readonly SIZE: number;
  readAt(dataView: DataView, byteOffset: number): T;
  writeAt(dataView: DataView, byteOffset: number, value: T): void;
  check(value: T): void;
}

export interface GptValue {
  hdr: { l2v: number; ha: boolean; bg: boolean };
  slots: Cap[];
}

export interface EndpointValue {
  flags: { pm: boolean };
  protPayload: number;
  endpointID: bigint;
  recipient: Cap;
}

export interface ImageHeaderValue {
  magic: number[];
  endian: number;
  version: number;
  target: number;
  pgSize: number;
  nAlloc: number;
  nBank: number;
  nSymbol: number;
  nStringBytes: number;
  nPage: number;
  nCapPage: number;
  nGPT: number;
  nEndpoint: number;
  nProc: number;
  imgBytes: number;
  bankVecOID: bigint;
  symVecOID: bigint;
  stringTableOID: bigint;
  allocVecOID: bigint;
  endVecOID: bigint;
}

export interface AllocRecordValue {
  oid: bigint;
  bank: bigint;
  fType: number;
}

export interface BankRecordValue {
  oid: bigint;
  parent: bigint;
}

/** The common part of a process: what an image stores (up to `image_end`). */
export interface ProcessCommon {
  runState: number;
  flags: number;
  notices: number;
  faultCode: number;
  faultInfo: bigint;
  schedule: Cap;
  addrSpace: Cap;
  brand: Cap;
  cohort: Cap;
  ioSpace: Cap;
  handler: Cap;
  capReg: Cap[];
}

/**
 * The generated process view's class, as images use it: what an image stores of a process is
 * written and read by the generated `writeStoredAt` and `readStoredAt` (the fields before
 * `image_end`), never the machine-dependent register set that follows on i386.
 */
export interface ProcessViewClass {
  readonly SIZE: number;
  readonly IMAGE_END: number;
  writeStoredAt(dataView: DataView, byteOffset: number, value: ProcessCommon): void;
  readStoredAt(dataView: DataView, byteOffset: number): ProcessCommon;
}

/** The target's generated `coyotos` module, as far as images need it. */
export interface CoyotosTarget {
  readonly CapabilityView: StructViewClass<any>;
  readonly GptView: StructViewClass<any>;
  readonly EndpointView: StructViewClass<any>;
  readonly ImageHeaderView: StructViewClass<any>;
  readonly AllocRecordView: StructViewClass<any>;
  readonly BankRecordView: StructViewClass<any>;
  readonly ProcessView: ProcessViewClass;

  readonly CapType: Readonly<Record<string, string | number>>;
  readonly ObType: Readonly<Record<string, string | number>>;
  readonly FaultCode: Readonly<Record<string, string | number>>;
  readonly RunState: Readonly<Record<string, string | number>>;
  readonly ImageEndian: Readonly<Record<string, string | number>>;
  readonly ImageTarget: Readonly<Record<string, string | number>>;

  readonly PAGE_SIZE: number;
  readonly PAGE_SHIFT: number;
  readonly NUM_GPT_SLOTS: number;
  readonly GPT_INDEX_BITS: number;
  readonly GUARD_MATCH_BITS: number;
  readonly ADDRESS_BITS: number;
  readonly NUM_CAP_REGS: number;
  readonly IMAGE_VERSION: number;
  readonly PRIME_BANK_ID: number;
  readonly BANK_ENDPOINT_ID_BIAS: number;
  readonly OID_PHYS_PAGE_BASE: bigint;

  readonly PAGE_CAP_TYPES: bigint;
  readonly CAPPAGE_CAP_TYPES: bigint;
  readonly GPT_CAP_TYPES: bigint;
  readonly PROCESS_CAP_TYPES: bigint;
  readonly ENDPOINT_CAP_TYPES: bigint;
  readonly WINDOW_CAP_TYPES: bigint;
  readonly MEMORY_CAP_TYPES: bigint;
  readonly RECIPIENT_CAP_TYPES: bigint;
  readonly IOSPACE_CAP_TYPES: bigint;
  readonly CAP_RESTR_WK: number;
  readonly CAP_RESTR_RO: number;
  readonly CAP_RESTR_NX: number;
  readonly CAP_RESTR_GPT_ONLY: number;
}

/** Object kinds, by frame type name, in the order an image writes them after the pages. */
export type ObjectKind = 'Page' | 'CapPage' | 'GPT' | 'Process' | 'Endpoint';
export const OBJECT_KINDS: readonly ObjectKind[] = ['Page', 'CapPage', 'GPT', 'Process', 'Endpoint'];

/** An enum member's value by name; an error if the specs do not declare it. */
export function member(t: CoyotosTarget, enumName: 'CapType' | 'ObType' | 'FaultCode' | 'RunState' | 'ImageEndian' | 'ImageTarget', name: string): number {
  const v = t[enumName][name];
  if (typeof v !== 'number') throw new RangeError(`the specs declare no ${enumName}.${name}`);
  return v;
}

/** The frame type a capability type names, from the specs' *_CAP_TYPES sets; null if miscellaneous. */
export function kindOfCapType(t: CoyotosTarget, type: number): ObjectKind | null {
  const bit = 1n << BigInt(type);
  if (t.PAGE_CAP_TYPES & bit) return 'Page';
  if (t.CAPPAGE_CAP_TYPES & bit) return 'CapPage';
  if (t.GPT_CAP_TYPES & bit) return 'GPT';
  if (t.PROCESS_CAP_TYPES & bit) return 'Process';
  if (t.ENDPOINT_CAP_TYPES & bit) return 'Endpoint';
  return null;
}

/** Whether `type` is in a *_CAP_TYPES set of the specs. */
export function inSet(set: bigint, type: number): boolean {
  return (set & (1n << BigInt(type))) !== 0n;
}

/** The target's byte order, as its generated views write a word: no table of targets here. */
export function isLittleEndian(t: CoyotosTarget): boolean {
  const bytes = new Uint8Array(t.BankRecordView.SIZE);
  t.BankRecordView.writeAt(new DataView(bytes.buffer), 0, { oid: 1n, parent: 0n });
  return bytes[0] === 1;
}
