/**
 * Property tests for every struct and union in dsl/, on every target and configuration:
 * views read exactly what an independent serializer (oracle.ts) lays out, write the same
 * bytes with padding as zero, round-trip, and reject values outside a field's range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as ir from '../../generator/ir.js';
import { FieldRangeError } from '../../runtime/index.js';
import { targetModule } from './generated.js';
import { arbStruct, arbType, dslLayouts, own, selectorValue, serialize, stemOf } from './oracle.js';
import { typeOf } from './spelling.js';

const TARGETS = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];
const layouts = dslLayouts(TARGETS, [null, 'kernel']);

const cases = layouts.flatMap((l) => [...l.structs, ...l.unions].map((d) => [`${stemOf(l)} ${d.qname}`, l, d] as const));

function runsFor(size: number): number {
  return size > 2000 ? 5 : size > 400 ? 15 : 40;
}

function outOfRange(t: ir.Type, layout: ir.Layout): unknown[] {
  const bits = t.kind === 'int' ? t.bits : t.kind === 'pointer' ? layout.target.pointerBits : t.kind === 'enum' ? (layout.byName.get(t.qname) as ir.Enum).width : 0;
  const signed = t.kind === 'int' ? t.signed : t.kind === 'enum' ? (layout.byName.get(t.qname) as ir.Enum).signed : false;
  if (t.kind === 'bool') return [1, 'yes'];
  const big = (t.kind === 'enum' ? bits : t.kind === 'int' ? t.bits : bits) > 53;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const vals = [max + 1n, min - 1n];
  return big ? vals : [...vals.map(Number), 0.5, NaN];
}

describe.each(cases)('%s', (_name, layout, decl) => {
  const type = typeOf(decl);
  const arb = decl.kind === 'struct' ? arbStruct(decl, layout) : arbType(type, layout);

  it('reads what the target lays out, writes the same bytes with padding as zero, round-trips', async () => {
    const View = (await targetModule(stemOf(layout), decl.namespace))[`${decl.name}View`];
    expect([View.SIZE, View.ALIGN]).toEqual([decl.size, decl.align]);
    if (decl.kind === 'struct' && decl.imageEnd !== null) expect(View.IMAGE_END).toBe(decl.imageEnd);
    fc.assert(
      fc.property(arb, fc.uint8Array({ minLength: decl.size + 16, maxLength: decl.size + 16 }), (value, background) => {
        const laid = background.slice();
        serialize(new DataView(laid.buffer), 8, type, value, layout);
        const read = new View(laid, 8).read();
        expect(read).toEqual(value);
        // write() writes every byte of the object, padding and unused union bytes as zero, and
        // nothing around it.
        const image = background.slice().fill(0, 8, 8 + decl.size);
        serialize(new DataView(image.buffer), 8, type, value, layout);
        const written = background.slice();
        new View(written.buffer, 8).write(value);
        expect(written).toEqual(image);
        const again = laid.slice();
        new View(new DataView(again.buffer), 8).write(read);
        expect(again).toEqual(image);
      }),
      { numRuns: runsFor(decl.size) },
    );
  });

  if (decl.kind === 'struct') {
    const leaves = decl.fields.filter((f) => ['int', 'bool', 'pointer', 'enum'].includes(f.type.kind));
    if (leaves.length) {
      it('rejects out-of-range values in setters without touching memory', async () => {
        const View = (await targetModule(stemOf(layout), decl.namespace))[`${decl.name}View`];
        const buf = new Uint8Array(decl.size).map((_, i) => (i * 37 + 11) & 0xff);
        const before = buf.slice();
        const view = new View(buf);
        for (const f of leaves) {
          for (const bad of outOfRange(f.type, layout)) {
            let err: unknown;
            try {
              view[f.name] = bad;
            } catch (e) {
              err = e;
            }
            expect(err, `${decl.name}.${f.name} = ${String(bad)}`).toBeInstanceOf(FieldRangeError);
            expect((err as Error).message).toContain(`${decl.name}.${f.name}`);
          }
        }
        expect(buf).toEqual(before);
      });
    }
  }

  const selected = decl.kind === 'struct' ? decl.fields.filter((f) => f.selector && f.type.kind === 'union' && !f.type.alias) : [];
  if (decl.kind === 'struct' && selected.length) {
    // A struct writes the member its selector picks in place and leaves everything else to the
    // union's writeAt: whatever the union value, the outcome must be the union writeAt's.
    it('writes a selected union as the union view does, for any member or none', async () => {
      const mod = await targetModule(stemOf(layout), decl.namespace);
      const View = mod[`${decl.name}View`];
      const candidates = (f: ir.Field) => {
        const u = layout.byName.get((f.type as ir.UnionRefType).qname) as ir.Union;
        const one = u.members.map((m) => arbType(m.type, layout).map((v) => ({ [m.name]: v }) as unknown));
        const two = u.members.length > 1 ? [fc.tuple(one[0], one[u.members.length - 1]).map(([a, b]) => ({ ...(b as object), ...(a as object) }) as unknown)] : [];
        return fc.oneof(fc.constant(null), ...one, ...two);
      };
      for (const f of selected) {
        const UnionView = mod[`${(layout.byName.get((f.type as ir.UnionRefType).qname) as ir.Union).name}View`];
        fc.assert(
          fc.property(arbStruct(decl, layout), candidates(f), (value, candidate) => {
            // Expected: the struct written with its valid value, the union's bytes cleared, then
            // the candidate written by the union view with the selector's value.
            const expected = new Uint8Array(decl.size);
            new View(expected).write(value);
            expected.fill(0, f.offset, f.offset + f.type.size);
            const raw = f.selector!.path.reduce<unknown>((cur, seg) => own(cur, seg), value);
            const sel = selectorValue(value, f.selector!.path);
            const selector = typeof raw === 'bigint' ? sel : Number(sel);
            const outcome = (write: () => void) => {
              try {
                write();
                return null;
              } catch (e) {
                return (e as Error).message;
              }
            };
            const want = outcome(() => UnionView.writeAt(new DataView(expected.buffer), f.offset, candidate, selector));
            const actual = new Uint8Array(decl.size);
            const got = outcome(() => new View(actual).write({ ...value, [f.name]: candidate }));
            // The union's error, located in the struct: `CapPayload: …` is `Capability.payload: …`.
            const unionName = (layout.byName.get((f.type as ir.UnionRefType).qname) as ir.Union).name;
            expect(got).toBe(want === null ? null : `${decl.name}.${f.name}${want.slice(unionName.length)}`);
            if (want === null) expect(actual).toEqual(expected);
            else expect(actual).toEqual(new Uint8Array(decl.size));
          }),
          { numRuns: runsFor(decl.size) },
        );
      }
    });
  }

  it('refuses a view that does not fit its buffer', async () => {
    const View = (await targetModule(stemOf(layout), decl.namespace))[`${decl.name}View`];
    expect(() => new View(new Uint8Array(decl.size - 1))).toThrow(RangeError);
    expect(() => new View(new Uint8Array(decl.size), 1)).toThrow(RangeError);
    expect(() => new View(new Uint8Array(decl.size), -1)).toThrow(RangeError);
  });
});
