/**
 * The site in a real browser: headless Chromium (Debian's `chromium`, driven by puppeteer-core)
 * opens the site `cdl doc` writes for dsl/ from file://, as a reader would, and uses the x86-64
 * page-table entry's decoder: a word typed in is decoded field by field, a field edited changes
 * the word, a value out of range shows the runtime's message. Screenshots of a diagram and a
 * struct table must show something drawn. Skipped, with the reason printed, without Chromium
 * (failed instead under CDL_REQUIRE_TOOLCHAINS=1, as CI runs it).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { cdl, ROOT } from '../cli/harness.js';
import { skipFor } from '../toolchains/tools.js';
import { decodePng, inkOf } from './png.js';

/** The system's Chromium: $CHROMIUM, else the first of Debian's and other usual names on PATH. */
export function findChromium(): string | null {
  if (process.env['CHROMIUM']) return process.env['CHROMIUM'];
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  return null;
}

const chromium = findChromium();
let site = '';
let browser: Browser | null = null;
let page!: Page;
const pageErrors: string[] = [];

function need(ctx: TestContext): void {
  if (!chromium) skipFor(ctx, "chromium is not installed (Debian: apt-get install chromium), so the site's browser test cannot run");
}

describe('the site in Chromium', () => {
  beforeAll(async () => {
    if (!chromium) return;
    site = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-doc-'));
    const run = await cdl('doc', '--config', path.join(ROOT, 'cdl.config.json'), '--out', site, '--quiet');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    browser = await puppeteer.launch({
      executablePath: chromium,
      headless: true,
      // Chromium's sandbox refuses to run as root (CI runs as root); the pages are our own.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-gpu', '--font-render-hinting=none'],
    });
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(pathToFileURL(path.join(site, 'ns', 'x86.html')).href, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (site) fs.rmSync(site, { recursive: true, force: true });
  });

  const decoder = async (): Promise<ElementHandle<Element>> => (await page.$('details.decoder[data-type="x86.Pte"]'))!;
  const state = async () =>
    (await decoder()).evaluate((f) => ({
      word: (f.querySelector('input.word') as HTMLInputElement).value,
      frame: (f.querySelector('input[data-field="frame"]') as HTMLInputElement).value,
      present: (f.querySelector('input[data-field="present"]') as HTMLInputElement).checked,
      executeDisable: (f.querySelector('input[data-field="executeDisable"]') as HTMLInputElement).checked,
      formatted: f.querySelector('.formatted code')!.textContent,
      error: f.querySelector('.error')!.textContent,
    }));
  const typeInto = async (selector: string, text: string) => {
    const input = (await (await decoder()).$(selector))!;
    await input.click({ count: 3 });
    await input.press('Backspace');
    await input.type(text);
  };

  /** Sets an input's text at once (as a paste does) and fires its input event. */
  const paste = async (selector: string, text: string) =>
    (await (await decoder()).$(selector))!.evaluate((el, t) => {
      (el as HTMLInputElement).value = t;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);

  it('decodes a page-table entry typed in as hex', async (ctx) => {
    need(ctx);
    await typeInto('input.word', '0x8000000012345067');
    const s = await state();
    expect(s.frame).toBe('0x12345000');
    expect(s.executeDisable).toBe(true);
    expect(s.present).toBe(true);
    expect(s.formatted).toBe('Pte{present writable user accessed dirty frame=0x12345000 protKey=0 executeDisable}');
    expect(s.error).toBe('');
    // docs/images/doc-site-pte.png is this view: CDL_DOC_SCREENSHOT=docs/images/doc-site-pte.png remakes it.
    const shot = process.env['CDL_DOC_SCREENSHOT'];
    if (shot) await (await page.$('#decl-Pte'))!.screenshot({ path: path.resolve(ROOT, shot) as `${string}.png` });
  });

  it('changes the word when a field is edited', async (ctx) => {
    need(ctx);
    await typeInto('input.word', '0x8000000012345067');
    await (await (await decoder()).$('input[data-field="executeDisable"]'))!.click();
    expect((await state()).word).toBe('0x12345067');
    await typeInto('input[data-field="frame"]', '0x7000');
    const s = await state();
    expect(s.word).toBe('0x7067');
    expect(s.formatted).toBe('Pte{present writable user accessed dirty frame=0x7000 protKey=0}');
  });

  it("shows the runtime's message for a value out of range, and keeps the word", async (ctx) => {
    need(ctx);
    await typeInto('input.word', '0x1067');
    await paste('input[data-field="frame"]', '0x123');
    let s = await state();
    expect(s.error).toBe('Pte.frame: 291 is out of range (allowed: a multiple of 0x1000 from 0 to 0xffffffffff000)');
    expect(s.word).toBe('0x1067');
    await typeInto('input.word', '0x10000000000000000');
    s = await state();
    expect(s.error).toBe('Pte: 18446744073709551616 is not a 64-bit word');
    expect(pageErrors).toEqual([]);
  });

  it("goes from a field in the diagram to the field's input", async (ctx) => {
    need(ctx);
    await (await page.$('#decl-Pte svg.bit-diagram g.piece[data-field="protKey"] rect'))!.click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('protKey');
  });

  it('finds a declaration through the search box', async (ctx) => {
    need(ctx);
    await page.type('#search', 'pml4');
    const links = await page.$$eval('#search-results a', (as) => as.map((a) => [a.textContent, (a as HTMLAnchorElement).href]));
    expect(links.map((l) => l[0])).toContain('x86.Pml4e');
    expect(links.find((l) => l[0] === 'x86.Pml4e')![1]).toBe(pathToFileURL(path.join(site, 'ns', 'x86.html')).href + '#decl-Pml4e');
  });

  it("finds a system call through the search box and goes to its row, with its number on x86_64", async (ctx) => {
    need(ctx);
    await page.$eval('#search', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('#search', 'linux.Linux.write');
    const links = await page.$$eval('#search-results a', (as) => as.map((a) => [a.textContent, (a as HTMLAnchorElement).href]));
    const write = links.find((l) => l[0] === 'linux.Linux.write')!;
    expect(write[1]).toBe(pathToFileURL(path.join(site, 'ns', 'linux.html')).href + '#decl-Linux-write');
    await page.goto(write[1]!, { waitUntil: 'load' });
    const number = await page.$eval('#decl-Linux-write span[data-abi="linux.LinuxX86_64"]', (el) => el.textContent);
    expect(number).toBe('1');
    await page.goto(pathToFileURL(path.join(site, 'ns', 'x86.html')).href, { waitUntil: 'load' });
  });

  it("switches a decoder to another target's layout where the targets differ", async (ctx) => {
    need(ctx);
    // coyotos.CapHeader is C bit-fields: from bit 0 on little-endian targets, from bit 31 on big-endian ones.
    await page.goto(pathToFileURL(path.join(site, 'ns', 'coyotos.html')).href, { waitUntil: 'load' });
    const form = (await page.$('details.decoder[data-type="coyotos.CapHeader"]'))!;
    const fields = () =>
      form.evaluate((f) => ({
        type: (f.querySelector('input[data-field="type"]') as HTMLInputElement).value,
        allocCount: (f.querySelector('input[data-field="allocCount"]') as HTMLInputElement).value,
        error: f.querySelector('.error')!.textContent,
      }));
    const word = (await form.$('input.word'))!;
    await word.click({ count: 3 });
    await word.press('Backspace');
    await word.type('0x1005');
    expect(await fields()).toEqual({ type: '5', allocCount: '1', error: '' });
    const picker = (await form.$('select.target'))!;
    expect(await picker.evaluate((s) => [...(s as HTMLSelectElement).options].map((o) => o.textContent))).toEqual(['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32']);
    await picker.select('1');
    // The same word on ppc32: allocCount is bits 19..0, type bits 31..26.
    expect(await fields()).toEqual({ type: '0', allocCount: '0x1005', error: '' });
    await picker.select('0');
    expect(await fields()).toEqual({ type: '5', allocCount: '1', error: '' });
    expect(pageErrors).toEqual([]);
    await page.goto(pathToFileURL(path.join(site, 'ns', 'x86.html')).href, { waitUntil: 'load' });
  });

  it('draws the diagram and the struct table', async (ctx) => {
    need(ctx);
    const diagram = inkOf(decodePng(await (await page.$('#decl-Pte svg.bit-diagram'))!.screenshot()));
    // Fourteen boxes in palette colours and hatching, and text: far from blank.
    expect(diagram.colours).toBeGreaterThan(20);
    expect(diagram.ink).toBeGreaterThan(0.3);
    const table = decodePng(await (await page.$('table.layout-table[data-decl="x86.InterruptFrame"]'))!.screenshot());
    const ink = inkOf(table);
    expect(table.height).toBeGreaterThan(200);
    expect(ink.ink).toBeGreaterThan(0.02);
    expect(ink.colours).toBeGreaterThan(10);
    // The cells that differ between targets are drawn marked (the style's yellow).
    const marked = await page.$$eval('table.layout-table[data-decl="x86.InterruptFrame"] td.differs', (tds) => tds.map((td) => getComputedStyle(td).backgroundColor));
    expect(marked.length).toBeGreaterThan(0);
    expect(new Set(marked)).toEqual(new Set(['rgb(255, 224, 138)']));
  });
});
