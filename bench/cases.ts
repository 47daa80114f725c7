/**
 * The benchmark's cases, by the key `--only=` takes. Each builder makes its fixtures (and
 * compiles its Kaitai Struct spec) when called, so a run pays only for the cases it times.
 */
import type { Case } from './harness.js';
import { imageCases } from './image.js';
import { kaitaiParser } from './kaitai.js';
import { walkCases } from './paging.js';
import { instructionCases } from './instructions.js';
import { decodeCase, encodeCase, pteFixture } from './pte.js';
import { processCases, tssCases } from './records.js';
import { tablesCases } from './tables.js';

export const caseBuilders: readonly (readonly [key: string, build: () => Promise<Case[]>])[] = [
  [
    'pte',
    async () => {
      const f = pteFixture();
      return [decodeCase(f, await kaitaiParser('x86_pte_table')), encodeCase(f)];
    },
  ],
  ['tss', async () => tssCases(await kaitaiParser('tss64_table'))],
  ['process', async () => processCases(await kaitaiParser('process_table'))],
  ['tables', async () => tablesCases()],
  ['walk', async () => walkCases()],
  ['insn', instructionCases],
  ['image', async () => imageCases()],
];
