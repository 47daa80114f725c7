/**
 * What a long-lived process keeps from one run of the generator to the next (`cdl gen
 * --watch`): the syntax tree of every file, the table that interns namespace facts, and text
 * the emitters rendered under keys made of facts and names. Equal facts are then one object from run to run, so a run
 * renders again only what a change reached: a save of one spec re-emits the namespaces that
 * depend on it. What a run does not use is forgotten after it ({@link endRun}), so memory
 * follows the project, not the number of runs.
 *
 * One-shot runs keep nothing: an emitter then shares rendered text within one data model
 * only and drops it after, which bounds a large project's memory.
 */
import type * as ast from '../grammar/ast.js';
import { Diagnostics, type Diagnostic } from '../grammar/diagnostics.js';
import { parseFile } from '../grammar/index.js';
import { FactsTable } from './layout/namespace-facts.js';

export class Session {
  readonly facts = new FactsTable();
  private used = new Map<string, unknown>();
  private previous = new Map<string, unknown>();

  /** What an earlier run (or this one) kept under `key`. */
  get<V>(key: string): V | undefined {
    if (this.used.has(key)) return this.used.get(key) as V;
    if (!this.previous.has(key)) return undefined;
    const value = this.previous.get(key) as V;
    this.used.set(key, value);
    return value;
  }

  set(key: string, value: unknown): void {
    this.used.set(key, value);
  }

  /**
   * `parseFile`, once per file text: a file that did not change is not parsed again, and what
   * parsing it reported is reported again. (Syntax trees are immutable.)
   */
  parse(path: string, text: string, diags: Diagnostics): ast.File {
    const key = `parse\n${path}\n${text}`;
    let parsed = this.get<{ readonly file: ast.File; readonly reports: readonly Diagnostic[] }>(key);
    if (!parsed) {
      const bag = new Diagnostics();
      parsed = { file: parseFile(path, text, bag), reports: bag.all() };
      this.set(key, parsed);
    }
    for (const d of parsed.reports) diags.add(d);
    return parsed.file;
  }

  /** Ends a run: what it did not use is forgotten. */
  endRun(): void {
    this.previous = this.used;
    this.used = new Map();
    this.facts.sweep();
  }
}
