/**
 * The names of a constructor taking every field of a bit layout (`Foo_new`, `Foo::new_variant`),
 * as the C and Rust emitters plan them; `F` is what each emitter knows a field by.
 */
import type * as ir from '../../ir.js';

export interface ConstructorNames<F> {
  /** The variant a tagged layout's constructor makes (and tags), or null. */
  readonly variant: ir.BitsVariant | null;
  readonly name: string;
  /** Parameter names, one per field of `fields` (common fields, then the variant's own). */
  readonly params: readonly string[];
  readonly fields: readonly F[];
}
