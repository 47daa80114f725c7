/**
 * Configurations sharing files. A layout in a configuration other than the default whose file
 * is made from the same facts and names as the default configuration's (`cdl.config.json`
 * asks for both) uses that file instead of a copy: C includes it, Rust names it with `#[path]`,
 * TypeScript re-exports it. Emitters walk the layouts one data model at a time (what they share
 * is shared within one) and default configurations first, so the others can be compared.
 */
import type * as ir from '../../ir.js';
import { layoutDir } from './numbers.js';

/**
 * A generated file as the configurations' sharing sees it: what its text is made from but
 * the layout's title (`key`: the facts of its namespaces, the names planned for them, its
 * banner), and the sibling files it names (`refers`: includes, `super::` paths).
 */
export interface FileMaking {
  readonly path: string;
  readonly key: string;
  readonly refers: readonly string[];
}

/** One layout's files as an emitter renders them, and which are the default configuration's. */
export interface LayoutFiles<T> {
  readonly layout: ir.Layout;
  readonly files: readonly T[];
  /** The default configuration's layout of the same target, for a layout in another one. */
  readonly base: ir.Layout | null;
  /** By path, the path of the default configuration's file this one is (see sameAsDefault). */
  readonly same: ReadonlyMap<string, string>;
}

/**
 * Renders every layout with `render(layout, shared)`, one group of layouts at a time (the
 * layouts of one data model: `byDataModel`, which the caller gives, so that what it shares
 * between groups follows the same groups in the same order), where `shared` is made afresh by
 * `startGroup` for each group, and says which files are the default configuration's.
 */
export function* byConfiguration<T extends { readonly making: FileMaking }, S>(
  groups: readonly (readonly ir.Layout[])[],
  startGroup: () => S,
  render: (layout: ir.Layout, shared: S) => readonly T[],
): Generator<LayoutFiles<T>> {
  for (const group of groups) {
    const shared = startGroup();
    const makings = new Map<ir.Layout, readonly FileMaking[]>();
    for (const layout of [...group.filter((l) => l.config === null), ...group.filter((l) => l.config !== null)]) {
      const files = render(layout, shared);
      const own = files.map((f) => f.making);
      if (layout.config === null) makings.set(layout, own);
      const base = defaultLayoutOf(layout, group);
      const same = base ? sameAsDefault(layout, own, base, makings.get(base) ?? []) : new Map<string, string>();
      yield { layout, files, base, same };
    }
  }
}

/** The default configuration's layout of the same target, for a layout in another configuration. */
export function defaultLayoutOf(layout: ir.Layout, layouts: readonly ir.Layout[]): ir.Layout | null {
  if (layout.config === null) return null;
  return layouts.find((l) => l.config === null && l.target.name === layout.target.name) ?? null;
}

/**
 * The files of a layout in a configuration other than the default that are, but for their
 * title, the default configuration's (made from the same facts and names): by path, the path
 * of the default's file.
 */
export function sameAsDefault(layout: ir.Layout, files: readonly FileMaking[], base: ir.Layout, baseFiles: readonly FileMaking[]): Map<string, string> {
  const baseKey = new Map(baseFiles.map((f) => [f.path, f.key]));
  const same = new Map<string, string>();
  for (const f of files) {
    const basePath = f.path.replace(`/${layoutDir(layout)}/`, `/${layoutDir(base)}/`);
    if (baseKey.get(basePath) === f.key) same.set(f.path, basePath);
  }
  // A shared file names its siblings by relative paths, so it would see the default's siblings:
  // it stays shared only if every sibling it refers to is shared too.
  const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const byName = new Map(files.map((f) => [nameOf(f.path), f]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of files) {
      if (!same.has(f.path)) continue;
      const unshared = (r: string): boolean => {
        const o = byName.get(r);
        return o !== undefined && o !== f && !same.has(o.path);
      };
      if (f.refers.some(unshared)) {
        same.delete(f.path);
        changed = true;
      }
    }
  }
  return same;
}
