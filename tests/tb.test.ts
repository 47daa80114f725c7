import { it } from 'vitest';
import * as fs from 'node:fs';
import { decodeBitsParts, type BitsTable, type ValueTables } from '../runtime/tables.js';
import { Pte } from '../generated/ts/x86.js';
it('bench', () => {
  const t = JSON.parse(fs.readFileSync('generated/tables/x86_64.json', 'utf8')) as ValueTables;
  const pte = t.types['x86.Pte'] as BitsTable;
  const N = 500000;
  const lo = Array.from({ length: N }, (_, i) => (Math.imul(i, 0x9e3779b1) >>> 0));
  const hi = Array.from({ length: N }, (_, i) => (Math.imul(i, 0x85ebca6b) >>> 0));
  let acc = 0;
  const parts = [0, 0];
  for (let r = 0; r < 4; r++) {
    let t0 = performance.now();
    for (let i = 0; i < N; i++) { parts[0] = lo[i]; parts[1] = hi[i]; const d = decodeBitsParts(pte, parts); if (d.fields.present) acc++; acc += d.fields.frame as number & 1; }
    const a = performance.now() - t0;
    t0 = performance.now();
    for (let i = 0; i < N; i++) { const d = Pte.decodeHalves(lo[i], hi[i]); if (d.present) acc++; acc += d.frame & 1; }
    const b = performance.now() - t0;
    console.log(`tables ${(a * 1e6 / N).toFixed(0)} ns/op, generated ${(b * 1e6 / N).toFixed(0)} ns/op, ratio ${(a / b).toFixed(1)}`);
  }
  console.log(acc);
});
