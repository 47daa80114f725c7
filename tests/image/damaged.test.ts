/**
 * Damaged inputs fail with an error naming the object or file, and leave no image: truncated,
 * corrupt and fuzzed ELF files (thousands of mutations never crash the loader: each loads or
 * is an ElfError/ImageError), a dangling or out-of-range OID, a miscellaneous capability with
 * an OID, broken restriction and guard rules, a field out of range, an unwritable output.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import { ElfError } from '../../runtime/elf.js';
import { capability, ImageBuilder, ImageError, loadElf, nodeFiles, writeImage } from '../../runtime/coyotos/index.js';
import { mulberry32 } from '../helpers/random.js';
import { sampleElf } from './elf-fixture.js';
import * as elfViews from '../../generated/ts/x86_64/elf.js';

const t = x86_64;

/** Runs `build` into a fresh builder and writes it; returns the error and checks the directory stays empty. */
function failure(build: (b: ImageBuilder) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdl-damaged-'));
  let message = '';
  try {
    const b = new ImageBuilder(t);
    build(b);
    writeImage(b, join(dir, 'out.img'), t.ImageTarget.x86_64);
  } catch (e) {
    if (!(e instanceof ImageError || e instanceof ElfError)) throw e;
    message = e.message;
  }
  expect(readdirSync(dir), 'no file (nor temporary file) left behind').toEqual([]);
  return message;
}

describe('damaged ELF files', () => {
  const good = sampleElf(true, true);

  it('the sample loads', () => {
    const b = new ImageBuilder(t);
    expect(loadElf(b, elfViews, good).entry).toBe(0x401010n);
  });

  it('every truncation is an ElfError saying what is missing', () => {
    for (let n = 0; n < good.length; n += n < 200 ? 1 : 97) {
      const message = failure((b) => loadElf(b, elfViews, good.subarray(0, n)));
      expect(message, `truncated to ${n}`).toMatch(/truncated|not an ELF|not a valid ELF|beyond the file/);
    }
  });

  it('corrupt headers are named', () => {
    const bad = good.slice();
    new DataView(bad.buffer).setUint16(54, 8, true); // e_phentsize
    expect(failure((b) => loadElf(b, elfViews, bad))).toMatch(/program headers of 8 bytes are too small/);
    const big = good.slice();
    new DataView(big.buffer).setBigUint64(64 + 56 + 40, 1n << 60n, true); // segment 1's memsz
    expect(failure((b) => loadElf(b, elfViews, big))).toMatch(/segment 1|more than an image holds/);
    const odd = good.slice();
    new DataView(odd.buffer).setBigUint64(64 + 16, 0x401001n, true); // segment 0's vaddr
    expect(failure((b) => loadElf(b, elfViews, odd))).toMatch(/differ modulo the page size/);
  });

  it('5000 mutated files never crash the loader', () => {
    const rnd = mulberry32(20);
    for (const base of [good, sampleElf(false, false), sampleElf(true, false), sampleElf(false, true)]) {
      for (let i = 0; i < 1250; i++) {
        const m = base.slice();
        const flips = 1 + Math.floor(rnd() * 4);
        for (let k = 0; k < flips; k++) {
          // Mostly the headers, where a flip changes meaning.
          const at = rnd() < 0.8 ? Math.floor(rnd() * Math.min(m.length, 200)) : Math.floor(rnd() * m.length);
          m[at] = Math.floor(rnd() * 256);
        }
        try {
          // A corrupt memsz may ask for millions of pages: bounded here to keep the test fast.
          loadElf(new ImageBuilder(t), elfViews, m, { maxPages: 64 });
        } catch (e) {
          if (!(e instanceof ElfError || e instanceof ImageError)) throw new Error(`mutation ${i}: ${String(e)}`);
        }
      }
    }
  });
});

describe('capabilities and fields the checks refuse', () => {
  it('a dangling OID', () => {
    expect(failure((b) => (b.gpt(b.allocGpt(12)).slots[3] = capability(t, 'Page', 999n)))).toMatch(/^GPT 0 slot 3: Page capability: OID 999 is out of range: the image has \d+ Page objects/);
  });

  it('an OID of a kind the image has none of', () => {
    expect(failure((b) => (b.endpoint(0n).recipient = capability(t, 'Process', 0n)))).toMatch(/^Endpoint 0 recipient: Process capability: OID 0 is out of range: the image has 0 Process objects/);
  });

  it('a physical page OID is allowed', () => {
    const b = new ImageBuilder(t);
    b.gpt(b.allocGpt(12)).slots[0] = capability(t, 'Page', t.OID_PHYS_PAGE_BASE + 5n);
    expect(() => b.check()).not.toThrow();
  });

  it('a miscellaneous capability with an OID', () => {
    expect(failure((b) => b.allocProcess({ schedule: capability(t, 'Schedule', 5n) }))).toMatch(/^Process 0 schedule: Schedule capability: OID 5: a miscellaneous capability carries OID 0/);
  });

  it('restrictions', () => {
    expect(failure((b) => b.allocProcess({ capReg: [capability(t, 'Endpoint', 0n, { restr: t.CAP_RESTR_RO }), ...Array.from({ length: 31 }, () => capability(t, 'Null'))] }))).toMatch(/^Process 0 capReg\[0\]: Endpoint capability: restr is 0x2; only memory capabilities/);
    expect(failure((b) => (b.gpt(b.allocGpt(12)).slots[1] = capability(t, 'Page', 0n, { restr: t.CAP_RESTR_WK })))).toMatch(/WK \(weak\) requires RO/);
    expect(failure((b) => (b.gpt(b.allocGpt(12)).slots[1] = capability(t, 'Page', 0n, { restr: t.CAP_RESTR_OP })))).toMatch(/OP or NC, allowed only on GPT capabilities/);
  });

  it('guards and l2v', () => {
    expect(failure((b) => (b.gpt(b.allocGpt(12)).slots[1] = capability(t, 'Page', 0n, { l2g: 11 })))).toMatch(/l2g 11 is outside 12..64/);
    expect(failure((b) => (b.gpt(b.allocGpt(12)).slots[1] = capability(t, 'Page', 0n, { l2g: 48, match: 0x10000 })))).toMatch(/guard 0x10000 << 48 has bits above 64/);
    expect(failure((b) => b.allocGpt(64))).toMatch(/^GPT 0: l2v 64 is outside 12..63/);
    expect(failure((b) => (b.endpoint(0n).recipient = capability(t, 'Endpoint', 0n)))).toMatch(/recipient: must be Null or a Process capability/);
    expect(failure((b) => b.allocProcess({ ioSpace: capability(t, 'Schedule') }))).toMatch(/^Process 0 ioSpace: must be Null or IOPriv/);
  });

  it('a field out of range, named by the generated check', () => {
    expect(failure((b) => b.allocEndpoint({ protPayload: 2 ** 32 }))).toMatch(/^Endpoint 1: Endpoint\.protPayload: 0x100000000 is out of range/);
    expect(failure((b) => b.allocProcess({ flags: 0x10000 }))).toMatch(/^Process 0 flags: Process\.flags: 0x10000 is out of range/);
    expect(failure((b) => b.allocProcess({ faultInfo: -1n }))).toMatch(/^Process 0 faultInfo: /);
  });

  it('a full disk: the temporary file is removed, the error says so', () => {
    const b = new ImageBuilder(t);
    b.allocPage(new Uint8Array([1]));
    const removed: string[] = [];
    let written = 0;
    const files = {
      ...nodeFiles(),
      openSync: () => 99,
      writeSync: (_fd: number, _b: Uint8Array, _o: number, length: number) => {
        // Room for the first 4096 bytes only.
        if (written + length > 4096) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
        written += length;
        return length;
      },
      closeSync: () => {},
      fsyncSync: () => {},
      renameSync: () => expect.fail('renamed a failed image'),
      unlinkSync: (p: string) => void removed.push(p),
    };
    expect(() => writeImage(b, '/nowhere/full.img', t.ImageTarget.x86_64, { files, chunkBytes: 4096 })).toThrow(/^cannot write '\/nowhere\/full\.img': ENOSPC \(no space left on the device\)$/);
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatch(/^\/nowhere\/\.full\.img\.\d+\.\w+\.tmp$/);
  });

  it('an unwritable output path', () => {
    const b = new ImageBuilder(t);
    expect(() => writeImage(b, join(tmpdir(), 'no-such-dir-cdl', 'x.img'), 2)).toThrow(/cannot write '.*x\.img': ENOENT/);
  });
});
