/**
 * The decode tables' structs and unions against the generated TypeScript views, for every
 * struct and union of dsl/ on a little- and a big-endian target: read from random bytes
 * (unions under each selector value, none, and one that picks nothing), `readValue` gives what
 * the view's static `readAt` gives (where `readAt` reads at all: it refuses a bit layout whose
 * tag selects no variant, which the table decodes), and `formatMemory` prints it.
 * `CDL_TABLE_WORDS` sets the number of byte images per union (default 100,000, the issue's
 * proof); structs, up to kilobytes each, get a fiftieth.
 */
import { describe, expect, it, vi } from 'vitest';
import { valueTables } from '../../generator/emitters/tables/index.js';
import { formatMemory, readValue } from '../../runtime/tables.js';
import { canonMine, canonTs, deepEqual, isBigSelector, stringify } from './canon.js';
import { mulberry32 } from '../helpers/random.js';
import { targetModule } from '../ts/generated.js';
import { dslLayouts, stemOf } from '../ts/oracle.js';

const WORDS = Number(process.env.CDL_TABLE_WORDS ?? 100_000);
const layouts = dslLayouts(['x86_64', 's390x']);

const aggregates = layouts.flatMap((l) => [...l.structs, ...l.unions].map((d) => [`${stemOf(l)} ${d.qname}`, l, d] as const));

describe.each(aggregates)('the table of %s', (_name, layout, d) => {
  it('reads random bytes as the generated view does', async () => {
    const tables = valueTables(layout);
    const View = (await targetModule(stemOf(layout), d.namespace))[`${d.name}View`];
    const random = mulberry32(d.size * 17 + d.qname.length);
    // Unions: the 100,000; structs (up to kilobytes each): fewer.
    const count = d.kind === 'union' ? WORDS : Math.max(200, Math.floor(WORDS / 50));
    const selectors: (bigint | undefined)[] = d.kind === 'union' && d.discriminantType ? [undefined, ...d.members.flatMap((m) => m.when), 1n << 40n] : [undefined];
    const bytes = new Uint8Array(d.size);
    const dv = new DataView(bytes.buffer);
    const problems: string[] = [];
    let compared = 0;
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(random() * 256);
      const sel = selectors[i % selectors.length];
      const mine = canonMine(tables, d.qname, readValue(tables, d.qname, dv, 0, sel));
      let theirs: unknown;
      try {
        // A selector too wide for a number-typed selector is passed as it is: it picks nothing.
        const tsSel = sel === undefined ? undefined : d.kind === 'union' && isBigSelector(d) ? sel : sel < 1n << 53n ? Number(sel) : sel;
        theirs = d.kind === 'union' ? View.readAt(dv, 0, tsSel) : View.readAt(dv, 0);
      } catch {
        // The generated read refuses a bit layout whose tag selects no variant; the table decodes it.
        continue;
      }
      compared++;
      const want = canonTs(tables, d.qname, theirs);
      if (!deepEqual(mine, want) && problems.length < 5) problems.push(`bytes ${Buffer.from(bytes).toString('hex')} selector ${sel}: ${stringify(mine)} / ${stringify(want)}`);
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(count / 10);
    expect(formatMemory(tables, d.qname, dv, 0)).toMatch(/\S/);
  }, 300_000);
});

describe('without new Function (a content security policy without unsafe-eval)', () => {
  it('reads every struct and union field by field to the same values', () => {
    const layout = layouts[0]!;
    const random = mulberry32(0x5c1);
    const cases = [...layout.structs, ...layout.unions].map((d) => {
      const bytes = new Uint8Array(d.size).map(() => Math.floor(random() * 256));
      return [d.qname, new DataView(bytes.buffer)] as const;
    });
    const compiled = valueTables(layout);
    const want = cases.map(([q, dv]) => stringify(canonMine(compiled, q, readValue(compiled, q, dv, 0))));
    vi.stubGlobal('Function', function () {
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    try {
      const plain = valueTables(layout);
      expect(cases.map(([q, dv]) => stringify(canonMine(plain, q, readValue(plain, q, dv, 0))))).toEqual(want);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

