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
  private readonly values = new Map<string, unknown>();

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
   * The session's table of `what`, kept from run to run, or null in a one-shot run: for what is
   * worth keeping only across runs (a declaration's text, where a run renders each module once).
   */
  keptAcrossRuns<V>(what: string): RenderedTable<V> | null {
    return this.session?.table<V>(what) ?? null;
  }

  /**
   * What is made of a kept object (a body kept across runs) and a little more (a file's text:
   * its body, framed for a layout), kept from run to run as other rendered text, or null in a
   * one-shot run. The same text is then the same string from run to run, which the output
   * compares with the file's at once.
   */
  keptWith<K extends object, V>(what: string): KeptWith<K, V> | null {
    const session = this.session;
    return session ? { table: session.table<V>(what), idOf: (o) => session.idOf(o) } : null;
  }

  /**
   * Forgets what {@link once} computed, but for the `what`s named. The CLI calls this after
   * each emitter with what the emitters still to run share (Emitter.shares), so that a plan of
   * names lives while an emitter needs it, not for the whole run. Forgetting is never wrong:
   * an emitter that asks again computes it again.
   */
  keepOnly(whats: Iterable<string>): void {
    const keep = new Set(whats);
    for (const what of [...this.memo.keys()]) if (!keep.has(what)) this.memo.delete(what);
    for (const what of [...this.values.keys()]) if (!keep.has(what)) this.values.delete(what);
  }

  /**
   * Forgets what {@link once} computed for `what`: an emitter that walks the data models one at
   * a time forgets, at the start of each, what it computed for the last (Rust's names).
   */
  forget(what: string): void {
    this.memo.delete(what);
    this.values.delete(what);
  }

  /**
   * One value for `what` in a run, made by `make` on first use: what the computations {@link
   * once} keeps under `what` share (the plans of every data model share one interner of their
   * declarations' plans). {@link keepOnly} drops it with them.
   */
  shared<V>(what: string, make: () => V): V {
    if (!this.values.has(what)) this.values.set(what, make());
    return this.values.get(what) as V;
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

/**
 * The parts of one text (a module's declarations) kept from run to run by their own keys, in
 * `table` under the text's `slot`: what the text is made of but its parts' own facts (the
 * others' shape, the names). Each run keeps the parts it used, so a part of a text that
 * rendered again is found by its key, and a text that did not keeps its parts for the next
 * run. Without a table (a one-shot run), each part is rendered.
 */
export class KeptParts<V> {
  private readonly before: ReadonlyMap<string, V> | undefined;
  private readonly now = new Map<string, V>();

  constructor(
    private readonly table: RenderedTable<ReadonlyMap<string, V>> | null,
    private readonly slot: string,
  ) {
    // Looked up now, whether or not the text is rendered again: that keeps it for the next run.
    this.before = table?.get(slot);
  }

  /**
   * The part of `key` (undefined: none, so not kept), rendered by `render` if not kept; `kept`
   * is told of a part that was (to redo what rendering it would have done besides).
   */
  get(key: string | undefined, render: () => V, kept?: (part: V) => void): V {
    if (!this.table || key === undefined) return render();
    let part = this.before?.get(key) ?? this.now.get(key);
    if (part === undefined) part = render();
    else kept?.(part);
    this.now.set(key, part);
    return part;
  }

  /** Keeps the parts this text used (after it was rendered), and forgets the others. */
  keep(): void {
    this.table?.set(this.slot, this.now);
  }
}

/** What is made of kept objects, kept from run to run (EmitContext.keptWith). */
export interface KeptWith<K extends object, V> {
  readonly table: RenderedTable<V>;
  readonly idOf: (object: K) => number;
}

/**
 * `render()` once per `key` and `of` (an object kept across runs) in `kept`, which forgets it
 * after a run that did not use it, as other rendered text; without `kept`, `render()`.
 */
export function keptWithOnce<K extends object, V>(kept: KeptWith<K, V> | null, of: K, key: string, render: () => V): V {
  return kept ? renderedOnce(kept.table, `${kept.idOf(of)}\n${key}`, render) : render();
}
