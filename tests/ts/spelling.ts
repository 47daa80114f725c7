/**
 * Plain values as the generated TypeScript spells their keys. The model (oracle.ts) keys values
 * by the spec's names; the emitter renames a property that would be an `Object.prototype`
 * member (`constructor` -> `constructor_`), and names ignored reserved bits itself.
 */
import { bitsModel } from '../../generator/emitters/ts/bits-model.js';
import { NameScope } from '../../generator/emitters/ts/naming.js';
import type * as ir from '../../generator/ir.js';
import { OBJECT_PROTOTYPE_NAMES } from '../../generator/names.js';
import { own, reservedProp } from './oracle.js';

/** `v`, a plain value of `t` keyed by the spec's names, keyed as the generated code keys it. */
export function asGenerated(t: ir.Type, v: unknown, layout: ir.Layout): unknown {
  switch (t.kind) {
    case 'bits': {
      const b = layout.byName.get(t.qname) as ir.Bits;
      const model = bitsModel(b, layout);
      const res: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        // (Object.entries and defineProperty make own properties, even for `__proto__`.)
        const slot = model.slots.find((s) => s.field.name === k);
        const ign = model.ignored.find((s) => reservedProp(s.reserved.range) === k);
        Object.defineProperty(res, slot ? slot.prop : ign!.prop, { value: x, enumerable: true, writable: true, configurable: true });
      }
      return res;
    }
    case 'struct': {
      const s = layout.byName.get(t.qname) as ir.Struct;
      const scope = new NameScope(OBJECT_PROTOTYPE_NAMES);
      return Object.fromEntries(s.fields.map((f) => [scope.claim(f.name), asGenerated(f.type, own(v, f.name), layout)]));
    }
    case 'union': {
      if (v === null) return null;
      const u = layout.byName.get(t.qname) as ir.Union;
      const scope = new NameScope(OBJECT_PROTOTYPE_NAMES);
      const names = u.members.map((m) => scope.claim(m.name));
      const [k, x] = Object.entries(v as Record<string, unknown>)[0];
      const i = u.members.findIndex((m) => m.name === k);
      return { [names[i]]: asGenerated(u.members[i].type, x, layout) };
    }
    case 'array':
      return (v as unknown[]).map((e) => asGenerated(t.element, e, layout));
    default:
      return v;
  }
}

/** The `ir.Type` that refers to a declared struct, union or bit layout. */
export function typeOf(d: ir.Struct | ir.Union | ir.Bits): ir.Type {
  return { kind: d.kind, qname: d.qname, size: d.size, align: d.align, alias: null } as ir.Type;
}
