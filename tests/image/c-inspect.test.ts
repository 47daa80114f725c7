/**
 * A C program compiled for i386 and for x86_64 with the generated C headers reads an image
 * built for its target (header, bank and allocation records, every page, cap page, GPT,
 * endpoint and process, through the headers' structs and bit-field accessors) and prints it
 * in `cdl image inspect`'s format; its output equals inspect's. Only the names of enum members
 * come from the TypeScript module (the C headers have numbers, not names). Skipped with a
 * printed reason without the compilers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as i386 from '../../generated/ts/i386/coyotos.js';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import { capability, ImageBuilder, loadElf, writeImage, type CoyotosTarget } from '../../runtime/coyotos/index.js';
import { cdl } from '../cli/harness.js';
import { runForTarget, skipFor } from '../toolchains/tools.js';
import { sampleElf } from './elf-fixture.js';
import * as elfViews from '../../generated/ts/x86_64/elf.js';

const CASES = [
  { target: 'i386', t: i386 as CoyotosTarget, cc: ['i686-linux-gnu-gcc', '-static'], elf: sampleElf(false, true, 3) },
  { target: 'x86_64', t: x86_64 as CoyotosTarget, cc: ['gcc', '-m64', '-static'], elf: sampleElf(true, true, 62) },
];

/** A C array of the names of an enum's members, by value (NULL where none). */
function names(e: Readonly<Record<string, string | number>>, size: number, name: string): string {
  const items = Array.from({ length: size }, (_, v) => (typeof e[v] === 'string' ? JSON.stringify(e[v]) : 'NULL'));
  return `static const char *const ${name}[${size}] = { ${items.join(', ')} };`;
}

function program(t: CoyotosTarget, target: string, header: string, image: string): string {
  return `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "${header}"
${names(t.CapType, 64, 'CAP_NAMES')}
${names(t.ObType, 8, 'OB_NAMES')}
${names(t.RunState, 256, 'RUN_NAMES')}
${names(t.FaultCode, 256, 'FAULT_NAMES')}
static unsigned char *img;
static unsigned long long bit(unsigned long long set, unsigned type) { return (set >> type) & 1; }
static void cap(const Capability *c) {
  CapType type = CapHeader_get_type(c->hdr);
  unsigned restr = CapHeader_get_restr(c->hdr);
  if (CAP_NAMES[type]) printf("%s", CAP_NAMES[type]); else printf("type 0x%x", type);
  if (bit(PAGE_CAP_TYPES | CAPPAGE_CAP_TYPES | GPT_CAP_TYPES | PROCESS_CAP_TYPES | ENDPOINT_CAP_TYPES, type)) printf(" oid %llu", (unsigned long long)c->payload.oid);
  if (bit(WINDOW_CAP_TYPES, type)) printf(" offset 0x%llx", (unsigned long long)c->payload.offset);
  if (restr) {
    printf(" restr 0x%x", restr);
    if (restr & (CAP_RESTR_WK | CAP_RESTR_RO | CAP_RESTR_NX)) {
      const char *sep = " (";
      if (restr & CAP_RESTR_WK) { printf("%sWK", sep); sep = " "; }
      if (restr & CAP_RESTR_RO) { printf("%sRO", sep); sep = " "; }
      if (restr & CAP_RESTR_NX) { printf("%sNX", sep); }
      printf(")");
    }
  }
  if (bit(MEMORY_CAP_TYPES, type)) printf(" l2g %u match 0x%x", (unsigned)MemInfo_get_l2g(c->info.mem), (unsigned)MemInfo_get_match(c->info.mem));
  if (type == CAP_TYPE_ENTRY) printf(" protPayload 0x%x", (unsigned)c->info.protPayload);
  if (CapHeader_get_allocCount(c->hdr)) printf(" allocCount %u", (unsigned)CapHeader_get_allocCount(c->hdr));
}
int main(void) {
  FILE *f = fopen("${image}", "rb");
  if (!f) return 2;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  img = malloc(size);
  if (fread(img, 1, size, f) != (size_t)size) return 3;
  const ImageHeader *h = (const ImageHeader *)img;
  unsigned pg = h->pgSize;
  printf("image ${image}: ${target} (target %u), %s-endian (%u), version %u, page size %u\\n", h->target, h->endian == IMAGE_ENDIAN_LITTLE ? "little" : "big", h->endian, h->version, pg);
  printf("  pages %u, cap pages %u, GPTs %u, endpoints %u, processes %u; imgBytes %u\\n", h->nPage, h->nCapPage, h->nGPT, h->nEndpoint, h->nProc, h->imgBytes);
  printf("  allocation records %u, banks %u, symbols %u, string bytes %u\\n", h->nAlloc, h->nBank, h->nSymbol, h->nStringBytes);
  printf("  bankVecOID %llu, symVecOID %llu, stringTableOID %llu, allocVecOID %llu, endVecOID %llu\\n", (unsigned long long)h->bankVecOID, (unsigned long long)h->symVecOID, (unsigned long long)h->stringTableOID, (unsigned long long)h->allocVecOID, (unsigned long long)h->endVecOID);
  const BankRecord *banks = (const BankRecord *)(img + h->bankVecOID * pg);
  for (unsigned i = 0; i < h->nBank; i++) printf("bank %u: endpoint %llu, parent %llu\\n", i, (unsigned long long)banks[i].oid, (unsigned long long)banks[i].parent);
  const AllocRecord *a = (const AllocRecord *)(img + h->allocVecOID * pg);
  for (unsigned i = 0; i < h->nAlloc;) {
    unsigned j = i + 1;
    while (j < h->nAlloc && a[j].fType == a[i].fType && a[j].bank == a[i].bank && a[j].oid == a[j - 1].oid + 1) j++;
    printf("alloc %s %llu", a[i].fType < 8 && OB_NAMES[a[i].fType] ? OB_NAMES[a[i].fType] : "?", (unsigned long long)a[i].oid);
    if (j - i > 1) printf("..%llu", (unsigned long long)a[j - 1].oid);
    printf(": bank %llu\\n", (unsigned long long)a[i].bank);
    i = j;
  }
  for (unsigned oid = 0; oid < h->nPage; oid++) {
    const unsigned char *p = img + (size_t)oid * pg;
    printf("Page %u: ", oid);
    if (oid == 0) { printf("header\\n"); continue; }
    if (oid >= h->bankVecOID && oid < h->allocVecOID) { printf("bank records\\n"); continue; }
    if (oid >= h->allocVecOID && oid < h->endVecOID) { printf("allocation records\\n"); continue; }
    unsigned nonzero = 0;
    for (unsigned k = 0; k < pg; k++) nonzero += p[k] != 0;
    if (!nonzero) { printf("zero\\n"); continue; }
    printf("%u non-zero bytes, first", nonzero);
    for (unsigned k = 0; k < 8; k++) printf(" %02x", p[k]);
    printf("\\n");
  }
  const unsigned char *at = img + (size_t)h->nPage * pg;
  for (unsigned oid = 0; oid < h->nCapPage; oid++, at += pg) {
    const Capability *caps = (const Capability *)at;
    unsigned used = 0;
    for (unsigned k = 0; k < pg / CAP_SIZE; k++) used += CapHeader_get_type(caps[k].hdr) != CAP_TYPE_NULL;
    printf("CapPage %u: %u non-null\\n", oid, used);
    for (unsigned k = 0; k < pg / CAP_SIZE; k++) if (CapHeader_get_type(caps[k].hdr) != CAP_TYPE_NULL) { printf("  [%u] ", k); cap(&caps[k]); printf("\\n"); }
  }
  for (unsigned oid = 0; oid < h->nGPT; oid++, at += sizeof(Gpt)) {
    const Gpt *g = (const Gpt *)at;
    printf("GPT %u: l2v %u%s%s\\n", oid, (unsigned)GptHeader_get_l2v(g->hdr), GptHeader_get_ha(g->hdr) ? " ha" : "", GptHeader_get_bg(g->hdr) ? " bg" : "");
    for (unsigned k = 0; k < NUM_GPT_SLOTS; k++) if (CapHeader_get_type(g->slots[k].hdr) != CAP_TYPE_NULL) { printf("  [%u] ", k); cap(&g->slots[k]); printf("\\n"); }
  }
  for (unsigned oid = 0; oid < h->nEndpoint; oid++, at += sizeof(Endpoint)) {
    const Endpoint *e = (const Endpoint *)at;
    printf("Endpoint %u: endpointID %llu, protPayload 0x%x%s, recipient ", oid, (unsigned long long)e->endpointID, (unsigned)e->protPayload, EndpointFlags_get_pm(e->flags) ? ", pm" : "");
    cap(&e->recipient);
    printf("\\n");
  }
  for (unsigned oid = 0; oid < h->nProc; oid++, at += PROCESS_IMAGE_END_OFFSET) {
    /* As the kernel loads one: a zeroed Process, the stored common part copied in. */
    Process p;
    memset(&p, 0, sizeof p);
    memcpy(&p, at, PROCESS_IMAGE_END_OFFSET);
    printf("Process %u: runState ", oid);
    if (RUN_NAMES[p.runState]) printf("%s", RUN_NAMES[p.runState]); else printf("%u", (unsigned)p.runState);
    printf(", faultCode ");
    if (p.faultCode < 256 && FAULT_NAMES[p.faultCode]) printf("%s", FAULT_NAMES[p.faultCode]); else printf("%u", (unsigned)p.faultCode);
    printf(", faultInfo 0x%llx, flags 0x%x, notices 0x%x\\n", (unsigned long long)p.faultInfo, (unsigned)p.flags, (unsigned)p.notices);
    const Capability *named[6] = { &p.schedule, &p.addrSpace, &p.brand, &p.cohort, &p.ioSpace, &p.handler };
    const char *fields[6] = { "schedule", "addrSpace", "brand", "cohort", "ioSpace", "handler" };
    for (unsigned k = 0; k < 6; k++) if (CapHeader_get_type(named[k]->hdr) != CAP_TYPE_NULL) { printf("  %s: ", fields[k]); cap(named[k]); printf("\\n"); }
    for (unsigned k = 0; k < NUM_CAP_REGS; k++) if (CapHeader_get_type(p.capReg[k].hdr) != CAP_TYPE_NULL) { printf("  capReg[%u]: ", k); cap(&p.capReg[k]); printf("\\n"); }
  }
  return 0;
}
`;
}

describe.each(CASES)('a C program for $target reading an image', ({ target, t, cc, elf }) => {
  it("prints what cdl image inspect prints", async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), `cdl-c-inspect-${target}-`));
    const b = new ImageBuilder(t);
    const prog = loadElf(b, elfViews, elf);
    const init = b.allocStartupProcess(prog.entry, prog.space, { schedule: capability(t, 'Schedule'), ioSpace: capability(t, 'IOPriv') });
    const cp = b.allocCapPage();
    b.capPages[Number(cp)]![3] = capability(t, 'Page', 1n, { restr: t.CAP_RESTR_RO | t.CAP_RESTR_WK, match: 0x12 });
    b.capPages[Number(cp)]![200] = capability(t, 'Window', 0x40000n, { l2g: 16, allocCount: 3 });
    b.allocEndpoint({ endpointID: 77n, protPayload: 0xbeef, flags: { pm: true }, recipient: capability(t, 'Process', init) });
    b.process(init).capReg[5] = capability(t, 'Entry', 1n, { protPayload: 9 });
    b.process(init).capReg[6] = capability(t, 'CapPage', cp);
    const image = join(dir, 'boot.img');
    writeImage(b, image, t.ImageTarget[target as 'i386'] as number);

    const src = join(dir, 'inspect.c');
    writeFileSync(src, program(t, target, resolve(import.meta.dirname, `../../generated/c/${target}/coyotos.h`), image));
    const exe = join(dir, 'inspect');
    const built = spawnSync(cc[0]!, [...cc.slice(1), '-std=c11', '-O1', '-Wall', '-Werror', '-o', exe, src], { encoding: 'utf8' });
    if (built.error) return skipFor(ctx, `${cc[0]} is not installed`);
    expect(built.stderr).toBe('');
    const run = runForTarget(target, exe);
    if (run.kind === 'missing') return skipFor(ctx, run.reason);
    if (run.kind === 'failed') throw new Error(run.reason);

    const shown = await cdl('image', 'inspect', image);
    expect(shown.code).toBe(0);
    expect(run.stdout).toBe(shown.stdout);
    // Not trivially equal: every kind of object is there.
    expect(shown.stdout).toMatch(/^CapPage 0: 2 non-null$/m);
    expect(shown.stdout).toMatch(/^ {2}\[200\] Window offset 0x40000 l2g 16 match 0x0 allocCount 3$/m);
    expect(shown.stdout).toMatch(/^Endpoint 1: endpointID 77, protPayload 0xbeef, pm, recipient Process oid 0$/m);
  });
});
