/**
 * Declarations' texts shared between TypeScript's target modules (common/shared-parts.ts).
 * Besides its declaration, its reads of the layout and its module, a text depends on the
 * module writer's state (the names it gave before: ModuleWriter.state), and it leaves the
 * writer as rendering it would: it is kept with the calls it made to its writer, which a
 * module that takes it makes again.
 */
import type * as ir from '../../ir.js';
import { SharedParts } from '../common/shared-parts.js';
import type { ModuleWriter, WriterCall } from './module.js';

/** A declaration's blocks as rendered once, and what they did to their writer. */
interface SharedPart {
  readonly blocks: readonly string[];
  readonly calls: readonly WriterCall[];
}

export class SharedDecls {
  private readonly parts: SharedParts<SharedPart>;

  /** `groups`: the layouts of each data model, in the order the emitter renders them. */
  constructor(groups: readonly (readonly ir.Layout[])[]) {
    this.parts = new SharedParts(groups);
  }

  /**
   * The blocks of declaration `d` in the module `m` writes for `layout`, rendered by `render`
   * (given the layout to read) unless a module before rendered them alike. `module` names the
   * rest of what the module's declarations are made of: its namespace, the names it can use,
   * and what else its renderers are given.
   */
  part(d: ir.Decl, layout: ir.Layout, m: ModuleWriter, module: string, render: (layout: ir.Layout) => readonly string[]): readonly string[] {
    const part = this.parts.part(
      d,
      `${module}\n${m.state}`,
      layout,
      (l) => {
        const { value, calls } = m.record(() => render(l));
        return { blocks: value, calls };
      },
      (kept) => m.replay(kept.calls),
    );
    return part.blocks;
  }

  /** Called as the emitter starts each group of layouts, in turn (SharedParts.startGroup). */
  startGroup(): void {
    this.parts.startGroup();
  }
}
