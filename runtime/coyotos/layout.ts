/**
 * Where everything goes in an image (reference, "Image file organization"): the record pages,
 * pre-allocated until the count converges (a page of allocation records is itself a page
 * object with an allocation record), the header's fields, and `imgBytes` by the formula.
 */
import type { ImageBuilder } from './builder.js';
import type { KindCounts } from './capability.js';
import { ImageError } from './errors.js';
import { processImageSize } from './process.js';
import { isLittleEndian, member, type ImageHeaderValue } from './target.js';

export const IMAGE_MAGIC = 'coyimage';

export interface ImagePlan {
  readonly header: ImageHeaderValue;
  /** Counts with the record pages: what capabilities are checked against. */
  readonly counts: KindCounts;
  /** Pages before the record pages (N: the header and the pages objects use). */
  readonly basePages: number;
  readonly bankPages: number;
  readonly allocPages: number;
  /** Allocation records: objects of the builder plus the record pages. */
  readonly nAlloc: number;
  readonly sizes: { readonly page: number; readonly gpt: number; readonly endpoint: number; readonly process: number; readonly bankRecord: number; readonly allocRecord: number };
  /** imgBytes, as a number (the header's u32 field must hold it). */
  readonly imgBytes: number;
}

const pagesFor = (bytes: number, page: number) => Math.ceil(bytes / page);

/** Computes the plan of `b`'s image for its ImageTarget code `target`. */
export function planImage(b: ImageBuilder, target: number): ImagePlan {
  const t = b.t;
  const page = t.PAGE_SIZE;
  const sizes = {
    page,
    gpt: t.GptView.SIZE,
    endpoint: t.EndpointView.SIZE,
    process: processImageSize(t),
    bankRecord: t.BankRecordView.SIZE,
    allocRecord: t.AllocRecordView.SIZE,
  };
  const c = b.counts();
  const basePages = c.Page;
  const objects = c.Page + c.CapPage + c.GPT + c.Process + c.Endpoint;
  const bankPages = pagesFor(b.banks.length * sizes.bankRecord, page);
  // Each allocation-record page adds a record: iterate until the page count stops growing.
  let allocPages = 0;
  for (;;) {
    const need = pagesFor((objects + bankPages + allocPages) * sizes.allocRecord, page);
    if (need === allocPages) break;
    allocPages = need;
  }
  const nAlloc = objects + bankPages + allocPages;
  const nPage = basePages + bankPages + allocPages;
  const counts: KindCounts = { ...c, Page: nPage };
  const imgBytes = nPage * page + c.CapPage * page + c.GPT * sizes.gpt + c.Endpoint * sizes.endpoint + c.Process * sizes.process;
  if (imgBytes > 0xffffffff) throw new ImageError(`the image would be ${imgBytes} bytes: the header's imgBytes (u32) holds at most 4 GiB - 1`);
  const header: ImageHeaderValue = {
    magic: [...IMAGE_MAGIC].map((ch) => ch.charCodeAt(0)),
    endian: member(t, 'ImageEndian', isLittleEndian(t) ? 'Little' : 'Big'),
    version: t.IMAGE_VERSION,
    target,
    pgSize: page,
    nAlloc,
    nBank: b.banks.length,
    nSymbol: 0,
    nStringBytes: 0,
    nPage,
    nCapPage: c.CapPage,
    nGPT: c.GPT,
    nEndpoint: c.Endpoint,
    nProc: c.Process,
    imgBytes,
    bankVecOID: BigInt(basePages),
    // No symbols or strings: both tables are empty and start where the allocation records do.
    symVecOID: BigInt(basePages + bankPages),
    stringTableOID: BigInt(basePages + bankPages),
    allocVecOID: BigInt(basePages + bankPages),
    endVecOID: BigInt(basePages + bankPages + allocPages),
  };
  return { header, counts, basePages, bankPages, allocPages, nAlloc, sizes, imgBytes };
}
