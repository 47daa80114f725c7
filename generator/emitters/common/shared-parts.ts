/**
 * Declarations' parts of a text (a module's, a header's) shared between the data models of
 * one run. A declaration laid out alike on several data models is one object
 * (layout/intern.ts), but an emitter rendered its part again in every file of every data
 * model: on dsl/, the TypeScript target modules rendered 2,136 declarations made of 294
 * objects, and C's and Rust's bodies 1,184 made of 216. A part is made of its declaration, of
 * what the emitter names in `key` (the names the file can use, and whatever else its
 * renderers are given), and of what it reads of its layout, which the renderers report
 * themselves (layout-reads.ts). One rendering serves every file where all three are the same.
 *
 * A part is kept while a group of layouts to come (the layouts of one data model, which the
 * emitters render in turn) has its declaration: most declarations are the same object on a
 * few data models only, and kept to the end their parts would hold as much text as the
 * emitter's output for every declaration.
 */
import type * as ir from '../../ir.js';
import { readingLayout, readsHold, type LayoutReads } from './layout-reads.js';

export class SharedParts<V> {
  private readonly parts = new Map<ir.Decl, Map<string, { readonly reads: LayoutReads; readonly value: V }[]>>();
  /** The declarations whose last group is each group. */
  private readonly lastIn: ir.Decl[][];
  /** The group of layouts being rendered: -1 before the first. */
  private group = -1;
  /** Numbers for objects that keys are made of (idOf): weak, as the objects may go before the run ends. */
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  /** `groups`: the layouts of each data model, in the order the emitter renders them. */
  constructor(groups: readonly (readonly ir.Layout[])[]) {
    const last = new Map<ir.Decl, number>();
    for (const [g, layouts] of groups.entries()) for (const l of layouts) for (const d of l.decls) last.set(d, g);
    this.lastIn = groups.map(() => []);
    for (const [d, g] of last) this.lastIn[g]!.push(d);
  }

  /**
   * The part of declaration `d` that `key` names the rest of what it is made of, on `layout`:
   * rendered by `render` (given the layout to read), unless a file before rendered it with the
   * same reads of its own layout. `kept` is told of a part rendered before (to do again what
   * rendering it did besides).
   */
  part(d: ir.Decl, key: string, layout: ir.Layout, render: (layout: ir.Layout) => V, kept?: (part: V) => void): V {
    let byKey = this.parts.get(d);
    if (!byKey) this.parts.set(d, (byKey = new Map()));
    const made = byKey.get(key);
    const same = made?.find((p) => readsHold(layout, p.reads));
    if (same) {
      kept?.(same.value);
      return same.value;
    }
    const reading = readingLayout(layout);
    const value = render(reading.layout);
    if (!reading.reads.whole) {
      const part = { reads: reading.reads, value };
      if (made) made.push(part);
      else byKey.set(key, [part]);
    }
    return value;
  }

  /** A number for `object` in this run, for keys of parts made of it (a plan of names). */
  idOf(object: object): number {
    let id = this.ids.get(object);
    if (id === undefined) this.ids.set(object, (id = this.nextId++));
    return id;
  }

  /**
   * Called as the emitter starts each group of layouts, in turn: forgets the parts of the
   * declarations that only groups before it have.
   */
  startGroup(): void {
    for (const d of this.lastIn[this.group] ?? []) this.parts.delete(d);
    this.group++;
  }
}
