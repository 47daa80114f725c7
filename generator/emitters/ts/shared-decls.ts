/**
 * Declarations' texts shared between the target modules of one run. A declaration laid out
 * alike on several data models is one object (layout/intern.ts), and its text in a target
 * module is made of that object, of what it reads of the layout (layout-reads.ts), of the
 * module's namespace and the names it can use, and of the module writer's state (the names
 * it gave before: ModuleWriter.state). One rendering serves every module where all of these
 * are the same; on dsl/ the target modules render 2,136 declarations made of 294 objects.
 */
import type * as ir from '../../ir.js';
import { readingLayout, readsHold, type LayoutReads } from './layout-reads.js';
import type { ModuleWriter, WriterCall } from './module.js';

/** A declaration's blocks as rendered once, with what they read and did to their writer. */
interface SharedPart {
  readonly reads: LayoutReads;
  readonly blocks: readonly string[];
  readonly calls: readonly WriterCall[];
}

/**
 * The texts are kept while a group of layouts to come (the layouts of one data model, which
 * the emitter renders in turn) has the declaration: most are the same object on a few data
 * models only, and kept to the end they would hold as much text as every declaration's.
 */
export class SharedDecls {
  private readonly parts = new Map<ir.Decl, Map<string, SharedPart[]>>();
  /** The declarations whose last group is each group. */
  private readonly lastIn: ir.Decl[][];

  /** `groups`: the layouts of each data model, in the order the emitter renders them. */
  constructor(groups: readonly (readonly ir.Layout[])[]) {
    const last = new Map<ir.Decl, number>();
    for (const [g, layouts] of groups.entries()) for (const l of layouts) for (const d of l.decls) last.set(d, g);
    this.lastIn = groups.map(() => []);
    for (const [d, g] of last) this.lastIn[g]!.push(d);
  }

  /** Forgets the texts of the declarations no group after `group` has. */
  groupDone(group: number): void {
    for (const d of this.lastIn[group] ?? []) this.parts.delete(d);
  }

  /**
   * The blocks of declaration `d` in the module `m` writes for `layout`, rendered by `render`
   * (given the layout to read) unless a module before rendered them alike. `module` names the
   * rest of what the module's declarations are made of: its namespace, the names it can use,
   * and what else its renderers are given.
   */
  part(d: ir.Decl, layout: ir.Layout, m: ModuleWriter, module: string, render: (layout: ir.Layout) => readonly string[]): readonly string[] {
    let byState = this.parts.get(d);
    if (!byState) this.parts.set(d, (byState = new Map()));
    const key = `${module}\n${m.state}`;
    const made = byState.get(key);
    const same = made?.find((p) => readsHold(layout, p.reads));
    if (same) {
      m.replay(same.calls);
      return same.blocks;
    }
    const reading = readingLayout(layout);
    const { value, calls } = m.record(() => render(reading.layout));
    if (!reading.reads.whole) {
      const part = { reads: reading.reads, blocks: value, calls };
      if (made) made.push(part);
      else byState.set(key, [part]);
    }
    return value;
  }
}
