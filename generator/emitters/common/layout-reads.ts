/**
 * What a declaration's text read of its layout, recorded while it is rendered, so that the text
 * can serve another layout that reads the same. A declaration laid out alike on several data
 * models is one object (layout/intern.ts), but its text may still depend on the layout it is
 * rendered for: a view reads memory in the target's byte order, a pointer is a `bigint` on
 * 64-bit targets, a field's enum or alias is looked up by name. Rather than list those
 * dependencies (and miss the next one), the renderers get a layout that notes each read:
 * the target's properties, and the names looked up in `byName` and `aliasByName`, with what
 * each gave. Any other read (a list of every declaration, a map walked whole) makes the text
 * the layout's own.
 */
import type * as ir from '../../ir.js';

export interface LayoutReads {
  /** The target's properties read, and their values. */
  readonly target: Map<string | symbol, unknown>;
  /** Names looked up in `byName`, and what each found. */
  readonly byName: Map<string, unknown>;
  /** Names looked up in `aliasByName`, and what each found. */
  readonly aliasByName: Map<string, unknown>;
  /** Whether the text read anything else of the layout: then it serves no other. */
  whole: boolean;
}

/** `layout` as the renderers see it, noting what they read in `reads`. */
export function readingLayout(layout: ir.Layout): { readonly layout: ir.Layout; readonly reads: LayoutReads } {
  const reads: LayoutReads = { target: new Map(), byName: new Map(), aliasByName: new Map(), whole: false };
  const target = watched(layout.target, reads, (p, v) => reads.target.set(p, v));
  const byName = lookups(layout.byName, reads, reads.byName);
  const aliasByName = lookups(layout.aliasByName, reads, reads.aliasByName);
  // The layout is frozen: a proxy of it must give its own values. This one stands on an empty
  // object, and gives the layout's values but for the three it watches.
  const view = new Proxy(Object.create(null) as ir.Layout, {
    get: (_, p) => {
      if (p === 'target') return target;
      if (p === 'byName') return byName;
      if (p === 'aliasByName') return aliasByName;
      reads.whole = true;
      return Reflect.get(layout, p);
    },
    ...whole<ir.Layout>(layout, reads),
  });
  return { layout: view, reads };
}

/** Whether `layout` gives what `reads` noted: then a text rendered with those reads is its text too. */
export function readsHold(layout: ir.Layout, reads: LayoutReads): boolean {
  if (reads.whole) return false;
  for (const [p, v] of reads.target) if (!Object.is(Reflect.get(layout.target, p), v)) return false;
  for (const [q, v] of reads.byName) if (layout.byName.get(q) !== v) return false;
  for (const [q, v] of reads.aliasByName) if (layout.aliasByName.get(q) !== v) return false;
  return true;
}

/** An object whose property reads are noted (`note`); reading it otherwise counts as reading it whole. */
function watched<T extends object>(object: T, reads: LayoutReads, note: (p: string | symbol, v: unknown) => void): T {
  return new Proxy(object, {
    get: (o, p) => {
      const v = Reflect.get(o, p);
      note(p, v);
      return v;
    },
    ...whole<T>(object, reads),
  });
}

/**
 * A map whose `get` and `has` are noted in `seen`, each as what `get` gives (the layout's maps
 * hold declarations and aliases, never undefined: what `get` gives decides `has` too); any
 * other use of it counts as reading it whole.
 */
function lookups<V>(map: ReadonlyMap<string, V>, reads: LayoutReads, seen: Map<string, unknown>): ReadonlyMap<string, V> {
  return new Proxy(map, {
    get: (m, p) => {
      if (p === 'get') {
        return (q: string) => {
          const v = m.get(q);
          seen.set(q, v);
          return v;
        };
      }
      if (p === 'has') {
        return (q: string) => {
          const v = m.get(q);
          seen.set(q, v);
          return v !== undefined || m.has(q);
        };
      }
      reads.whole = true;
      const v: unknown = Reflect.get(m, p, m);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(m) : v;
    },
    ...whole<ReadonlyMap<string, V>>(map, reads),
  });
}

/**
 * The traps of a proxy of `object` but `get`: each reads `object` whole. What they report is
 * `object`'s, as configurable where the proxy's own target lacks the property (a proxy may not
 * say a property it does not hold cannot change).
 */
function whole<T extends object>(object: object, reads: LayoutReads): Omit<ProxyHandler<T>, 'get'> {
  return {
    has: (_, p) => {
      reads.whole = true;
      return Reflect.has(object, p);
    },
    ownKeys: () => {
      reads.whole = true;
      return Reflect.ownKeys(object);
    },
    getOwnPropertyDescriptor: (t, p) => {
      reads.whole = true;
      const d = Reflect.getOwnPropertyDescriptor(object, p);
      return d && t !== object ? { ...d, configurable: true } : d;
    },
    getPrototypeOf: () => {
      reads.whole = true;
      return Reflect.getPrototypeOf(object);
    },
  };
}
