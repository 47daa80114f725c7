/**
 * The header's fields, the record runs and imgBytes obey the reference's rules, computed here
 * from the file and the generated layouts rather than from the builder's plan: page 0 is the
 * header, the bank records start at N, the allocation records follow, sorted by frame type
 * then OID, one per object (record pages included, the count converged to the fewest pages
 * that hold them), and the file's length is imgBytes by the formula. The same image built
 * for i386 and x86_64 differs only where their layouts differ; the stored process is the
 * common part the layout reports.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as i386 from '../../generated/ts/i386/coyotos.js';
import * as ppc32 from '../../generated/ts/ppc32/coyotos.js';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import { PROCESS_IMAGE_END_OFFSET as I386_END } from '../../generated/ts-constants/i386/coyotos.js';
import { capability, ImageBuilder, ImageReader, writeImage, type CoyotosTarget } from '../../runtime/coyotos/index.js';

/** The same objects on any target: `pages` data pages, a cap page, GPTs, a process, endpoints. */
function sample(t: CoyotosTarget, pages: number): ImageBuilder {
  const b = new ImageBuilder(t);
  for (let i = 0; i < pages; i++) b.allocPage(i % 3 === 0 ? new Uint8Array([i & 0xff, 0xab]) : (p) => p.fill(i & 0xff, 0, 16));
  const cp = b.allocCapPage();
  b.capPages[Number(cp)]![7] = capability(t, 'Page', 1n, { restr: t.CAP_RESTR_RO });
  const g = b.allocGpt(12);
  b.gpt(g).slots[2] = capability(t, 'Page', 2n, { l2g: 12, match: 0 });
  const space = capability(t, 'GPT', g, { l2g: 16, match: 0x40 });
  const p = b.allocStartupProcess(0x401000n, space, { schedule: capability(t, 'Schedule') });
  b.allocEndpoint({ endpointID: 77n, protPayload: 5, recipient: capability(t, 'Process', p) });
  return b;
}

function build(t: CoyotosTarget, target: number, pages: number): string {
  const out = join(mkdtempSync(join(tmpdir(), 'cdl-header-')), 'img');
  writeImage(sample(t, pages), out, target);
  return out;
}

describe('the header and the records', () => {
  // Around the page counts where the allocation records need one more page (170 records fit
  // one page, 341 two): with 162 data pages 170 records fit one page; with 163 a second page,
  // which needs its own record.
  for (const pages of [0, 1, 161, 162, 163, 164, 332, 333, 334, 1000]) {
    it(`${pages} data pages`, () => {
      const t = x86_64;
      const path = build(t, t.ImageTarget.x86_64, pages);
      const r = ImageReader.open(t, path);
      try {
        const h = r.header;
        expect(String.fromCharCode(...h.magic)).toBe('coyimage');
        expect([h.endian, h.version, h.target, h.pgSize]).toEqual([t.ImageEndian.Little, t.IMAGE_VERSION, t.ImageTarget.x86_64, 4096]);
        const objects = h.nPage + h.nCapPage + h.nGPT + h.nEndpoint + h.nProc;
        // Every object has its record, record pages included.
        expect(h.nAlloc).toBe(objects);
        const N = 1 + pages; // the header page and the data pages
        const bankPages = Math.ceil((h.nBank * t.BankRecordView.SIZE) / 4096);
        const allocPages = Math.ceil((h.nAlloc * t.AllocRecordView.SIZE) / 4096);
        expect(h.bankVecOID).toBe(BigInt(N));
        expect(h.allocVecOID).toBe(BigInt(N + bankPages));
        expect([h.symVecOID, h.stringTableOID]).toEqual([h.allocVecOID, h.allocVecOID]);
        expect(h.endVecOID).toBe(BigInt(N + bankPages + allocPages));
        expect(h.nPage).toBe(N + bankPages + allocPages);
        expect([h.nCapPage, h.nGPT, h.nProc, h.nEndpoint, h.nBank, h.nSymbol, h.nStringBytes]).toEqual([1, 1, 1, 2, 1, 0, 0]);
        // imgBytes by the formula, and the file's length.
        const formula = (h.nPage + h.nCapPage) * 4096 + h.nGPT * t.GptView.SIZE + h.nEndpoint * t.EndpointView.SIZE + h.nProc * t.ProcessView.IMAGE_END;
        expect(h.imgBytes).toBe(formula);
        expect(statSync(path).size).toBe(formula);
        // The allocation records: sorted by frame type then OID, exactly one per object.
        const allocs = r.allocs();
        const want: [number, bigint][] = [];
        const kinds: [number, number][] = [[t.ObType.Page, h.nPage], [t.ObType.CapPage, h.nCapPage], [t.ObType.GPT, h.nGPT], [t.ObType.Process, h.nProc], [t.ObType.Endpoint, h.nEndpoint]];
        for (const [fType, n] of kinds.sort((a, b) => a[0] - b[0])) for (let oid = 0; oid < n; oid++) want.push([fType, BigInt(oid)]);
        expect(allocs.map((a) => [a.fType, a.oid])).toEqual(want);
        expect(allocs.every((a) => a.bank === 0n)).toBe(true);
        // The prime bank: its endpoint is Endpoint 0, whose ID is the bank id + 1.
        expect(r.banks()).toEqual([{ oid: 0n, parent: 0n }]);
        expect(r.endpoint(0).endpointID).toBe(1n);
        // Page 0 is the header, padded with zero; the data pages are where their OIDs say.
        expect(r.page(0).subarray(t.ImageHeaderView.SIZE).every((x) => x === 0)).toBe(true);
        if (pages > 3) {
          expect([...r.page(1).subarray(0, 3)]).toEqual([0, 0xab, 0]);
          expect([...r.page(3).subarray(0, 17)]).toEqual([...Array(16).fill(2), 0]);
        }
        // The objects decode back.
        expect(r.capPage(0)[7]).toMatchObject(capability(t, 'Page', 1n, { restr: t.CAP_RESTR_RO }));
        expect(r.gpt(0).slots[2]).toMatchObject(capability(t, 'Page', 2n));
        expect(r.endpoint(1)).toMatchObject({ endpointID: 77n, protPayload: 5, recipient: capability(t, 'Process', 0n) });
        expect(r.process(0)).toMatchObject({ faultCode: t.FaultCode.Startup, runState: t.RunState.Running, faultInfo: 0x401000n, schedule: capability(t, 'Schedule') });
      } finally {
        r.close();
      }
    });
  }

  it('a process is stored up to image_end while the layout reports the full size', () => {
    expect(i386.ProcessView.IMAGE_END).toBe(I386_END);
    expect(i386.ProcessView.SIZE).toBeGreaterThan(i386.ProcessView.IMAGE_END);
    const path = build(i386, i386.ImageTarget.i386, 0);
    const h = ImageReader.open(i386, path).header;
    expect(h.nProc * i386.ProcessView.IMAGE_END).toBe(statSync(path).size - (h.nPage + h.nCapPage) * 4096 - h.nGPT * i386.GptView.SIZE - h.nEndpoint * i386.EndpointView.SIZE);
  });

  it('i386 and x86_64 images of the same objects differ only in the header target code', () => {
    const a = readFileSync(build(i386, i386.ImageTarget.i386, 40));
    const b = readFileSync(build(x86_64, x86_64.ImageTarget.x86_64, 40));
    expect(a.length).toBe(b.length);
    const differ = [...a.keys()].filter((i) => a[i] !== b[i]);
    // `target` is the third u32 after the 8-byte magic; every other layout in an image is the same on both.
    expect(differ).toEqual([16]);
    expect(a[16]).toBe(i386.ImageTarget.i386);
  });

  it('a big-endian target writes every field in its order', () => {
    const path = build(ppc32, ppc32.ImageTarget.ppc32, 3);
    const bytes = readFileSync(path);
    expect(bytes.readUInt32BE(8)).toBe(ppc32.ImageEndian.Big);
    expect(bytes.readUInt32BE(20)).toBe(4096);
    const r = ImageReader.open(ppc32, path);
    expect(r.endpoint(1).endpointID).toBe(77n);
    expect(r.process(0).faultInfo).toBe(0x401000n);
    r.close();
  });
});
