import type { Session } from '../session.js';

/**
 * What one run of the emitters shares: work that several emitters, or the layouts of one data
 * model, would otherwise repeat (the plan of every number's name is made once for C and GNU
 * as, once for Rust and TS constants). A run makes one and drops it after: nothing is cached
 * at module level, and a test that renders without one computes everything afresh. A
 * long-lived process (`cdl gen --watch`) gives each run's context its {@link Session}: then
 * rendered text is kept from run to run too ({@link rendered}).
 */
export class EmitContext {
  private readonly memo = new Map<string, WeakMap<object, unknown>>();

  constructor(private readonly session?: Session) {}

  /**
   * Where an emitter keeps `what` it renders for a group of layouts (the layouts of one data
   * model) under keys made of namespace facts and names: a table of the group's own, dropped
   * with it, or in a long-lived process the session's, kept from run to run. A key must name
   * everything the text is made of, as facts are made of what the specs say.
   */
  rendered<V>(what: string): RenderedTable<V> {
    return this.session?.table<V>(what) ?? new Map<string, V>();
  }

  /**
   * `compute(key)` once per run for each `what` and `key` (an object of the IR: a layout's
   * declarations are one array for every target of a data model).
   */
  once<K extends object, V>(what: string, key: K, compute: (key: K) => V): V {
    let table = this.memo.get(what);
    if (!table) this.memo.set(what, (table = new WeakMap()));
    if (table.has(key)) return table.get(key) as V;
    const value = compute(key);
    table.set(key, value);
    return value;
  }
}

/** Rendered text by key (EmitContext.rendered). */
export interface RenderedTable<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

/** What `table` holds under `key`, rendered by `render` and kept there first if it holds nothing. */
export function renderedOnce<V>(table: RenderedTable<V>, key: string, render: () => V): V {
  let value = table.get(key);
  if (value === undefined) table.set(key, (value = render()));
  return value;
}
