/**
 * Every entry point of the generated TypeScript that takes a value, given values of every wrong
 * shape (issue 17): for every struct, union and bit layout of dsl/, on little- and big-endian
 * targets, a valid value (oracle.ts's arbitraries) with one part at a random path replaced by a
 * bigint where a number belongs or the reverse, `undefined`, `null`, a string, `NaN`, a
 * non-integer, a value out of range, a missing nested object, an array of the wrong length or
 * with a hole, a union member its selector does not pick (by `write`, a member's setter, or the
 * getter of a member's nested view). What is thrown is the documented class
 * (runtime/errors.ts: `TagError` for tags and union members, `FieldRangeError` for everything
 * else), its message starts with the type and the path of the part at fault, and memory (a
 * random background) is byte for byte what it was: `write`, `writeAt`, `check`, setters,
 * encoders. Valid values leave no stale bytes: padding and the bytes of a union its member does
 * not cover (all of them when none is selected) are zero after `write`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitsModel } from '../../generator/emitters/ts/bits-model.js';
import type * as ir from '../../generator/ir.js';
import { FieldRangeError, TagError, WordError } from '../../runtime/index.js';
import { thrown } from '../helpers/thrown.js';
import { commonModule, targetModule } from './generated.js';
import { arbBits, arbStruct, arbType, dslLayouts, enumOf, stemOf } from './oracle.js';
import { typeOf } from './spelling.js';

/** Little-endian 64- and 32-bit, big-endian 32- and 64-bit; both configurations. */
const TARGETS = ['x86_64', 'i386', 'ppc32', 's390x'];
const layouts = dslLayouts(TARGETS, [null, 'kernel']);

type Seg = string | number;
type ErrorClass = typeof FieldRangeError | typeof TagError;

/** A wrong value for one place in a value, and what it must throw. */
interface Fault {
  readonly segs: readonly Seg[];
  /** Replaces the part (`undefined` for `hole`: the element is deleted). */
  readonly value: unknown;
  readonly hole?: boolean;
  /** The path the message names (after the type). */
  readonly path: string;
  readonly cls: ErrorClass;
  readonly what: string;
}

const join = (path: string, seg: string) => (path === '' ? seg : `${path}.${seg}`);

/** The wrong values of a leaf holding `v` (a number, bigint or boolean) with maximum `max`. */
function leafFaults(segs: Seg[], path: string, v: unknown, max: bigint | null, cls: ErrorClass = FieldRangeError, optional = false): Fault[] {
  const f = (value: unknown, what: string): Fault => ({
    segs,
    value,
    path,
    cls,
    what,
  });
  const out: Fault[] = [f('7', 'a string')];
  if (!optional) out.push(f(undefined, 'undefined'), f(null, 'null'));
  if (typeof v === 'number') {
    out.push(f(BigInt(v), 'a bigint for a number'), f(NaN, 'NaN'), f(v + 0.5, 'a non-integer'));
    if (max !== null && max + 1n <= BigInt(Number.MAX_SAFE_INTEGER)) out.push(f(Number(max + 1n), 'out of range'));
  } else if (typeof v === 'bigint') {
    out.push(f(Number(v), 'a number for a bigint'));
    if (max !== null) out.push(f(max + 1n, 'out of range'));
  } else if (typeof v === 'boolean') out.push(f(1, 'a number for a flag'));
  return out;
}

function leafMax(t: ir.Type, layout: ir.Layout): bigint | null {
  const bits = t.kind === 'int' ? t.bits : t.kind === 'pointer' ? layout.target.pointerBits : t.kind === 'enum' ? t.storageBits : 0;
  const signed = t.kind === 'int' ? t.signed : t.kind === 'enum' ? enumOf(layout, t.qname).signed : false;
  if (t.kind === 'enum' && enumOf(layout, t.qname).width !== bits) return null;
  return bits === 0 ? null : signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
}

/** Wrong values for an object (struct, union or bit layout value) that is missing or not one. */
function objectFaults(segs: Seg[], path: string): Fault[] {
  return [
    {
      segs,
      value: undefined,
      path,
      cls: FieldRangeError,
      what: 'a missing object',
    },
    {
      segs,
      value: null,
      path,
      cls: FieldRangeError,
      what: 'null for an object',
    },
    {
      segs,
      value: 42,
      path,
      cls: FieldRangeError,
      what: 'a number for an object',
    },
  ];
}

/**
 * Every fault of value `v` of type `t` at `segs`. `selector`: the selector value of a
 * discriminated union (undefined: none given).
 */
function faults(t: ir.Type, v: unknown, segs: Seg[], path: string, layout: ir.Layout, selector?: bigint): Fault[] {
  switch (t.kind) {
    case 'bool':
    case 'int':
    case 'pointer':
    case 'enum':
      return leafFaults(segs, path, v, leafMax(t, layout));
    case 'bits': {
      const model = bitsModel(layout.byName.get(t.qname) as ir.Bits, layout);
      const out = objectFaults(segs, path);
      for (const [key, x] of Object.entries(v as Record<string, unknown>)) {
        const slot = model.slots.find((s) => s.prop === key);
        const ignored = model.ignored.some((s) => s.prop === key);
        const name = slot ? slot.field.name : key;
        out.push(...leafFaults([...segs, key], join(path, name), x, null, slot?.isTag ? TagError : FieldRangeError, ignored));
      }
      return out;
    }
    case 'struct': {
      const out = objectFaults(segs, path);
      for (const f of (layout.byName.get(t.qname) as ir.Struct).fields) {
        const fv = (v as Record<string, unknown>)[f.name];
        const sel = f.selector ? selectorOf(v as Record<string, unknown>, f.selector) : undefined;
        out.push(...faults(f.type, fv, [...segs, f.name], join(path, f.name), layout, sel));
      }
      return out;
    }
    case 'union': {
      const u = layout.byName.get(t.qname) as ir.Union;
      const out: Fault[] = [
        {
          segs,
          value: undefined,
          path,
          cls: FieldRangeError,
          what: 'a missing union value',
        },
        {
          segs,
          value: 42,
          path,
          cls: FieldRangeError,
          what: 'a number for a union value',
        },
        {
          segs,
          value: {},
          path,
          cls: TagError,
          what: 'a union value holding no member',
        },
      ];
      const picked = selector === undefined ? undefined : (u.members.find((m) => m.when.includes(selector)) ?? null);
      if (picked)
        out.push({
          segs,
          value: null,
          path,
          cls: TagError,
          what: 'null where the selector picks a member',
        });
      if (picked !== undefined) {
        for (const m of u.members) {
          if (m !== picked && m.when.length)
            out.push({
              segs,
              value: { [m.name]: 0 },
              path,
              cls: TagError,
              what: `member ${m.name} the selector does not pick`,
            });
        }
      }
      if (v !== null && typeof v === 'object') {
        const m = u.members.find((x) => x.name in v)!;
        out.push(...faults(m.type, (v as Record<string, unknown>)[m.name], [...segs, m.name], join(path, m.name), layout));
      }
      return out;
    }
    case 'array': {
      const arr = v as unknown[];
      const out: Fault[] = [
        {
          segs,
          value: 5,
          path,
          cls: FieldRangeError,
          what: 'a number for an array',
        },
        {
          segs,
          value: arr.slice(1),
          path,
          cls: FieldRangeError,
          what: 'an array too short',
        },
        {
          segs,
          value: [...arr, arr[0]],
          path,
          cls: FieldRangeError,
          what: 'an array too long',
        },
      ];
      // A few elements: the first, the last, one between.
      for (const k of new Set([0, arr.length - 1, arr.length >> 1])) {
        out.push({
          segs: [...segs, k],
          value: undefined,
          hole: true,
          path: `${path}[${k}]`,
          cls: FieldRangeError,
          what: 'a hole',
        });
        out.push(...faults(t.element, arr[k], [...segs, k], `${path}[${k}]`, layout, selector));
      }
      return out;
    }
  }
}

function selectorOf(v: Record<string, unknown>, sel: ir.FieldSelector): bigint {
  let cur: unknown = v;
  for (const seg of sel.path) cur = (cur as Record<string, unknown>)[seg];
  return typeof cur === 'boolean' ? (cur ? 1n : 0n) : BigInt(cur as number | bigint);
}

/** `value` with the fault applied (a deep copy; `value` is left as it is). */
function apply(value: unknown, fault: Fault): unknown {
  if (fault.segs.length === 0) return fault.value;
  const copy = structuredClone(value) as Record<Seg, unknown>;
  let cur = copy;
  for (const seg of fault.segs.slice(0, -1)) cur = cur[seg] as Record<Seg, unknown>;
  const last = fault.segs[fault.segs.length - 1];
  if (fault.hole) delete cur[last];
  else cur[last] = fault.value;
  return copy;
}


/** The error is the fault's class and its message starts with `Type.path: `. */
function expectFault(e: unknown, typeName: string, fault: Fault, context: string): void {
  const where = `${context}: ${fault.what} at ${fault.path || '(the value)'}`;
  expect(e, where).toBeInstanceOf(fault.cls);
  expect((e as Error).message.startsWith(`${fault.path === '' ? typeName : `${typeName}.${fault.path}`}: `), `${where}: ${(e as Error).message}`).toBe(true);
}

const cases = layouts.flatMap((l) => [...l.structs, ...l.unions].map((d) => [`${stemOf(l)} ${d.qname}`, l, d] as const));

function runsFor(size: number): number {
  return size > 2000 ? 10 : size > 400 ? 25 : 60;
}

describe.each(cases)('%s', (_name, layout, decl) => {
  const type = typeOf(decl);
  const arb = decl.kind === 'struct' ? arbStruct(decl, layout) : arbType(type, layout);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const view = async (): Promise<any> => (await targetModule(stemOf(layout), decl.namespace))[`${decl.name}View`];

  it('write, writeAt and check refuse every wrong shape by type and path, and change nothing', async () => {
    const View = await view();
    fc.assert(
      fc.property(arb, fc.nat(), fc.uint8Array({ minLength: decl.size + 16, maxLength: decl.size + 16 }), (value, pick, background) => {
        const all = faults(type, value, [], '', layout);
        const fault = all[pick % all.length];
        const bad = apply(value, fault);
        const checked = thrown(() => View.check(bad));
        expectFault(checked, decl.name, fault, 'check');
        const viaView = background.slice();
        expectFault(
          thrown(() => new View(viaView, 8).write(bad)),
          decl.name,
          fault,
          'write',
        );
        expect(viaView, 'write changed memory').toEqual(background);
        const viaStatic = background.slice();
        expectFault(
          thrown(() => View.writeAt(new DataView(viaStatic.buffer), 8, bad)),
          decl.name,
          fault,
          'writeAt',
        );
        expect(viaStatic, 'writeAt changed memory').toEqual(background);
        expect((checked as Error).message).toBe((thrown(() => View.writeAt(new DataView(viaStatic.buffer), 8, bad)) as Error).message);
      }),
      { numRuns: runsFor(decl.size) },
    );
  });

  if (decl.kind === 'struct') {
    it('write leaves no stale bytes: padding and unused union bytes are zero', async () => {
      const View = await view();
      const covered = new Uint8Array(decl.size);
      for (const f of decl.fields) covered.fill(1, f.offset, f.offset + f.type.size);
      const unions = decl.fields.filter((f) => f.type.kind === 'union');
      fc.assert(
        fc.property(arbStruct(decl, layout), (value) => {
          const buf = new Uint8Array(decl.size).fill(0xa5);
          new View(buf).write(value);
          covered.forEach((c, i) => {
            if (!c) expect(buf[i], `padding byte ${i}`).toBe(0);
          });
          for (const f of unions) {
            const v = value[f.name] as Record<string, unknown> | null;
            const u = layout.byName.get((f.type as ir.UnionRefType).qname) as ir.Union;
            const used = v === null ? 0 : u.members.find((m) => m.name in v)!.type.size;
            for (let i = f.offset + used; i < f.offset + f.type.size; i++) expect(buf[i], `${f.name}: byte ${i - f.offset}`).toBe(0);
          }
        }),
        { numRuns: Math.min(20, runsFor(decl.size)) },
      );
    });

    const leaves = decl.fields.filter((f) => ['int', 'bool', 'pointer', 'enum'].includes(f.type.kind));
    if (leaves.length) {
      it('setters refuse every wrong shape by type and field, and change nothing', async () => {
        const View = await view();
        fc.assert(
          fc.property(arbStruct(decl, layout), fc.uint8Array({ minLength: decl.size, maxLength: decl.size }), (value, background) => {
            const buf = background.slice();
            const v = new View(buf);
            for (const f of leaves) {
              for (const fault of leafFaults([], f.name, value[f.name], leafMax(f.type, layout))) {
                expectFault(
                  thrown(() => (v[f.name] = fault.value)),
                  decl.name,
                  fault,
                  `set ${f.name}`,
                );
              }
            }
            expect(buf).toEqual(background);
          }),
          { numRuns: 5 },
        );
      });
    }
  }

  if (decl.kind === 'union' && decl.discriminant) {
    it("a member's setter refuses a member the selector does not pick, and changes nothing", async () => {
      const View = await view();
      const d = decl.discriminantType!;
      const big = d.kind === 'enum' ? enumOf(layout, d.qname).width > 53 : d.bits > 32;
      const sel = (w: bigint) => (big ? w : Number(w));
      const leafMembers = decl.members.filter((m) => ['int', 'bool', 'pointer', 'enum'].includes(m.type.kind) && m.when.length);
      const used = new Set(decl.members.flatMap((m) => m.when));
      let none = 0n;
      while (used.has(none)) none++;
      const buf = new Uint8Array(decl.size).map((_, i) => (i * 29 + 3) & 0xff);
      let refused = 0;
      for (const target of leafMembers) {
        const before = buf.slice();
        const good = fc.sample(arbType(target.type, layout), 1)[0];
        const selectors = [...decl.members.filter((m) => m !== target).flatMap((m) => m.when), none];
        for (const w of selectors) {
          const e = thrown(() => (new View(buf, 0, sel(w))[target.name] = good));
          expect(e, `${target.name} under selector ${w}`).toBeInstanceOf(TagError);
          expect((e as Error).message).toMatch(new RegExp(`^${decl.name}: member '${target.name}' is given, but the selector`));
          refused++;
        }
        expect(buf).toEqual(before);
        // Its own selector values, and no selector, let it through.
        for (const w of target.when) new View(buf, 0, sel(w))[target.name] = good;
        new View(buf)[target.name] = good;
      }
      if (leafMembers.length > 1) expect(refused).toBeGreaterThan(0);
    });

    const nestedMembers = decl.members.filter((m) => m.when.length && !['int', 'bool', 'pointer', 'enum'].includes(m.type.kind) && m.type.kind !== 'array');
    if (nestedMembers.length) {
      it("a nested member's view (how it is written) is given out only for the member the selector picks", async () => {
        const View = await view();
        const d = decl.discriminantType!;
        const big = d.kind === 'enum' ? enumOf(layout, d.qname).width > 53 : d.bits > 32;
        const sel = (w: bigint) => (big ? w : Number(w));
        const used = new Set(decl.members.flatMap((m) => m.when));
        let none = 0n;
        while (used.has(none)) none++;
        const buf = new Uint8Array(decl.size);
        for (const target of nestedMembers) {
          for (const w of [...decl.members.filter((m) => m !== target).flatMap((m) => m.when), none]) {
            const e = thrown(() => new View(buf, 0, sel(w))[target.name]);
            expect(e, `${target.name} under selector ${w}`).toBeInstanceOf(TagError);
            expect((e as Error).message).toMatch(new RegExp(`^${decl.name}: a view of member '${target.name}' is asked for, but the selector`));
          }
          for (const w of target.when) expect(new View(buf, 0, sel(w))[target.name].byteOffset).toBe(0);
          expect(new View(buf)[target.name].byteOffset).toBe(0);
        }
      });
    }
  }
});

// ---------------------------------------------------------------------------
// Bit layouts

const bitsCases = dslLayouts(['x86_64', 's390x']).flatMap((l) => l.bits.map((b) => [`${stemOf(l)} ${b.qname}`, l, b] as const));

describe.each(bitsCases)('bit layout %s', (_name, layout, b) => {
  const model = bitsModel(b, layout);
  const n = Math.ceil(b.width / 32);
  const bitsType = {
    kind: 'bits',
    qname: b.qname,
    decl: b,
    size: b.size,
    align: b.size,
    alias: null,
  } as ir.Type;

  it('encoders, check, write and writeAt refuse every wrong shape by type and field, and change nothing', async () => {
    const C = (await commonModule(b.namespace))[b.name] ?? (await targetModule(stemOf(layout), b.namespace))[b.name];
    const View = (await targetModule(stemOf(layout), b.namespace))[`${b.name}View`];
    const encoders: [string, (v: unknown) => unknown][] = [
      ['encode', (v) => C.encode(v)],
      ['check', (v) => C.check(v)],
      ...(model.api.encodeParts ? [[model.api.encodeParts, (v: unknown) => C[model.api.encodeParts!](v, new Array<number>(n).fill(0))] as [string, (v: unknown) => unknown]] : []),
      ...(model.api.encodeChunks ?? []).map((fn) => [fn, (v: unknown) => C[fn](v)] as [string, (v: unknown) => unknown]),
    ];
    fc.assert(
      fc.property(arbBits(b), fc.nat(), fc.uint8Array({ minLength: b.size + 8, maxLength: b.size + 8 }), ({ value }, pick, background) => {
        const all = faults(bitsType, value, [], '', layout);
        const fault = all[pick % all.length];
        const bad = apply(value, fault);
        const which = model.api.encodeChunks ?? [];
        for (const [name, fn] of encoders) {
          // The one-chunk encoders (encodeLo...) are the hot path's pieces: they do not test that
          // the value is an object (documented); their callers do.
          if (fault.path === '' && which.includes(name)) continue;
          const e = thrown(() => fn(bad));
          // A chunk encoder names what it refuses if it reads it; one that does not may return.
          if (e === null && which.includes(name)) continue;
          expectFault(e, b.name, fault, name);
        }
        const viaView = background.slice();
        expectFault(
          thrown(() => new View(viaView, 4).write(bad)),
          b.name,
          fault,
          'write',
        );
        expect(viaView).toEqual(background);
        const viaStatic = background.slice();
        expectFault(
          thrown(() => View.writeAt(new DataView(viaStatic.buffer), 4, bad)),
          b.name,
          fault,
          'writeAt',
        );
        expect(viaStatic).toEqual(background);
      }),
      { numRuns: 100 },
    );
  });

  it('decoders and the raw setter refuse a word of the wrong type with a WordError', async () => {
    const C = (await commonModule(b.namespace))[b.name] ?? (await targetModule(stemOf(layout), b.namespace))[b.name];
    const View = (await targetModule(stemOf(layout), b.namespace))[`${b.name}View`];
    const wrong: unknown[] = n === 1 ? [1n, undefined, null, '1', NaN, 1.5, -1] : [1, undefined, null, '1', -1n];
    const buf = new Uint8Array(b.size).map((_, i) => i + 1);
    const before = buf.slice();
    for (const w of wrong) {
      expect(
        thrown(() => C.decode(w)),
        `decode(${String(w)})`,
      ).toBeInstanceOf(WordError);
      expect(
        thrown(() => (new View(buf).raw = w)),
        `raw = ${String(w)}`,
      ).toBeInstanceOf(WordError);
    }
    // Words given as 32-bit parts: each part a number from 0 to 0xffffffff.
    if (n === 2) {
      for (const w of [1n, undefined, null, '1', NaN, 1.5, -1, 2 ** 32]) {
        expect(
          thrown(() => C[model.api.decodeParts!](w, 0)),
          `${model.api.decodeParts}(${String(w)}, 0)`,
        ).toBeInstanceOf(WordError);
        expect(
          thrown(() => C[model.api.decodeParts!](0, w)),
          `${model.api.decodeParts}(0, ${String(w)})`,
        ).toBeInstanceOf(WordError);
      }
    }
    expect(buf).toEqual(before);
  });
});
