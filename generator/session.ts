/**
 * What a long-lived process keeps from one run of the generator to the next (`cdl gen
 * --watch`): the syntax tree of every file, the table that interns namespace facts, and text
 * the emitters rendered under keys made of facts and names. Equal facts are then one object
 * from run to run, so a run renders again only what a change reached: a save of one spec
 * re-emits the namespaces that depend on it. What a run does not use is forgotten after it
 * ({@link endRun}), so memory follows the project, not the number of runs.
 *
 * One-shot runs keep nothing: an emitter then shares rendered text within one data model
 * only and drops it after, which bounds a large project's memory.
 */
import type * as ast from '../grammar/ast.js';
import { Diagnostics, type Diagnostic } from '../grammar/diagnostics.js';
import { parseFile } from '../grammar/index.js';
import { FactsTable } from './layout/namespace-facts.js';

/** Values by key, kept while runs use them: what the last run used, and what this one has. */
export class KeptTable<V> {
  private used = new Map<string, V>();
  private previous = new Map<string, V>();

  get(key: string): V | undefined {
    const value = this.used.get(key);
    if (value !== undefined || !this.previous.has(key)) return value;
    const kept = this.previous.get(key)!;
    this.used.set(key, kept);
    return kept;
  }

  set(key: string, value: V): void {
    this.used.set(key, value);
  }

  /** Ends a run: what it did not use is forgotten. */
  endRun(): void {
    this.previous = this.used;
    this.used = new Map();
  }
}

export class Session {
  readonly facts = new FactsTable();
  private readonly tables = new Map<string, KeptTable<unknown>>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  /** A number for an object kept from run to run (text kept in a {@link table}), for keys. */
  idOf(object: object): number {
    let id = this.ids.get(object);
    if (id === undefined) this.ids.set(object, (id = this.nextId++));
    return id;
  }

  /** The table of `what` (one per kind of value, so that keys need not name it). */
  table<V>(what: string): KeptTable<V> {
    let table = this.tables.get(what);
    if (!table) this.tables.set(what, (table = new KeptTable<unknown>()));
    return table as KeptTable<V>;
  }

  /**
   * `parseFile`, once per file text: a file that did not change is not parsed again, and what
   * parsing it reported is reported again. (Syntax trees are immutable.)
   */
  parse(path: string, text: string, diags: Diagnostics): ast.File {
    const parsed = this.table<{ readonly text: string; readonly file: ast.File; readonly reports: readonly Diagnostic[] }>('parse');
    let kept = parsed.get(path);
    if (kept?.text !== text) {
      const bag = new Diagnostics();
      kept = { text, file: parseFile(path, text, bag), reports: bag.all() };
    }
    parsed.set(path, kept);
    for (const d of kept.reports) diags.add(d);
    return kept.file;
  }

  /** Ends a run: what it did not use is forgotten. */
  endRun(): void {
    for (const table of this.tables.values()) table.endRun();
    this.facts.sweep();
  }
}
