/**
 * Case 7: writing a Coyotos image of 1 GiB of page objects (262,144 pages, each filled when
 * the writer reaches it) through runtime/coyotos against a plain copy of the same page bytes
 * from a `Buffer` to a file on the same file system (a 4 MiB buffer filled page by page,
 * written, synced and renamed into place as the image is). Goal: the image at least half the
 * plain copy's throughput, with memory flat: the case checks the resident set stays under
 * 200 MB while it writes. The checksum is the pages written, and each run reads a page back.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as x86_64 from '../generated/ts/x86_64/coyotos.js';
import { ImageBuilder, ImageReader, writeImage } from '../runtime/coyotos/index.js';
import { type Case, scaled } from './harness.js';

export const N_IMAGE_PAGES = scaled(262_144);
const PAGE = 4096;
/**
 * The goal, a resident set under 200 MB, as what writing the image may add to the process: the
 * 200 MB less what `npm run bench`'s own process holds when the case starts (about 70 MB). So
 * the check means the same under the test runner, whose process holds the whole suite.
 */
const RSS_GROWTH_LIMIT = (200 - 70) * 2 ** 20;

/** The byte page `i` is filled with, in both implementations. */
const fillOf = (i: number) => (i * 31 + 7) & 0xff;

export function imageCases(): Case[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-bench-image-'));
  // Two files of 1 GiB: gone when the benchmark ends.
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const imagePath = path.join(dir, 'pages.img');
  const plainPath = path.join(dir, 'pages.bin');
  let peak = 0;
  const base = process.memoryUsage.rss();
  const watch = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const plain = () => {
    const buffer = Buffer.alloc(4 << 20);
    const tmp = `${plainPath}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    let used = 0;
    for (let i = 0; i < N_IMAGE_PAGES; i++) {
      buffer.fill(fillOf(i), used, used + PAGE);
      used += PAGE;
      if (used === buffer.length || i === N_IMAGE_PAGES - 1) {
        fs.writeSync(fd, buffer, 0, used);
        used = 0;
      }
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, plainPath);
    return N_IMAGE_PAGES;
  };
  const image = () => {
    const b = new ImageBuilder(x86_64);
    // One filler for every page: page OID i + 1 is the plain copy's page i.
    const fill = (page: Uint8Array, oid: number) => void page.fill(fillOf(oid - 1));
    for (let i = 0; i < N_IMAGE_PAGES; i++) b.allocPage(fill);
    writeImage(b, imagePath, x86_64.ImageTarget.x86_64, { onProgress: watch });
    watch();
    return b.pages.length - 1;
  };
  return [
    {
      name: `7. write ${N_IMAGE_PAGES} page objects (${((N_IMAGE_PAGES * PAGE) / 2 ** 20).toFixed(0)} MiB): Coyotos image vs plain Buffer copy`,
      ops: N_IMAGE_PAGES,
      impls: [
        { name: 'Buffer copy to a file', run: plain },
        { name: 'runtime/coyotos writeImage', run: image },
      ],
      verify: (impl) => {
        if (impl.run !== image) return;
        const r = ImageReader.open(x86_64, imagePath);
        try {
          const last = N_IMAGE_PAGES;
          const bytes = r.page(last);
          if (bytes[0] !== fillOf(last - 1) || bytes[PAGE - 1] !== fillOf(last - 1)) throw new Error(`image page ${last} holds ${bytes[0]}, not ${fillOf(last - 1)}`);
        } finally {
          r.close();
        }
        if (peak - base > RSS_GROWTH_LIMIT) {
          throw new Error(`the resident set reached ${(peak / 2 ** 20).toFixed(0)} MB writing the image, from ${(base / 2 ** 20).toFixed(0)} MB (goal: under 200 MB)`);
        }
      },
    },
  ];
}
