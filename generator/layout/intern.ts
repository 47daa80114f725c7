/**
 * One object for a declaration wherever data models lay it out alike. Most declarations do
 * not depend on the data model (a bit layout's fields, a struct of fixed-width integers on
 * targets of one byte order), yet each data model's layout made them again: ten data models,
 * ten copies. The engine hands each declaration it finishes to the interner of its
 * compilation, and keeps the object an earlier data model made when the two are equal in
 * everything, so a layout holds only what really differs, and equal declarations are one
 * object (as namespace facts are, namespace-facts.ts) for whatever keys work by them.
 *
 * Two declarations are equal when their text is, in which a declaration or machine object
 * they refer to is that object's identity: a struct is shared only if the structs and bit
 * layouts it holds are the very objects of the layout that keeps it.
 */
import type * as ir from '../ir.js';
import { digest } from '../util/digest.js';

/**
 * What a pointer of a declaration under construction points at, for its key: the pointee is
 * set only once the whole layout is placed (a struct may point at itself, or at one placed
 * after it). `self` for the declaration itself; the pointee, if already placed; null when it
 * is not (placed later, or an alias), and then the declaration is not shared.
 */
export type PointeeOf = (pointer: ir.PointerType) => ir.Decl | 'self' | null | undefined;

export class DeclInterner {
  private readonly table = new Map<string, ir.Decl>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  /**
   * The object equal to `d` that an earlier layout made, else `d`, kept for the layouts after.
   * `pointeeOf` says what `d`'s pointers will point at (undefined: a pointer to nothing named).
   */
  intern<D extends ir.Decl>(d: D, pointeeOf: PointeeOf): D {
    const key = this.key(d, pointeeOf);
    if (key === null) return d;
    const found = this.table.get(key);
    if (found) return found as D;
    this.table.set(key, d);
    return d;
  }

  private key(d: ir.Decl, pointeeOf: PointeeOf): string | null {
    let shareable = true;
    const id = (o: object): string => {
      let n = this.ids.get(o);
      if (n === undefined) this.ids.set(o, (n = this.nextId++));
      return `#${n}`;
    };
    const text = JSON.stringify(d, function (this: unknown, key, v: unknown) {
      if (typeof v === 'bigint') return `${v}n`;
      if (key === 'pointee') {
        const to = pointeeOf(this as ir.PointerType);
        if (to === null) shareable = false;
        return to === undefined || to === null ? null : to === 'self' ? 'self' : id(to);
      }
      // Declarations, register sets and registers it refers to: by identity.
      if (v === null || typeof v !== 'object' || v === d) return v;
      return key === 'decl' || key === 'bits' || key === 'frame' || key === 'holds' ? id(v) : v;
    });
    return shareable ? digest(text) : null;
  }
}
