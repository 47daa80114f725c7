/**
 * What one run of the emitters shares: work that several emitters, or the layouts of one data
 * model, would otherwise repeat (the plan of every number's name is made once for C and GNU
 * as, once for Rust and TS constants). A run makes one and drops it after: nothing is cached
 * at module level, so a long-lived process (a watcher, a language server) keeps nothing of
 * earlier runs, and a test that renders without one computes everything afresh.
 */
export class EmitContext {
  private readonly memo = new Map<string, WeakMap<object, unknown>>();

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
