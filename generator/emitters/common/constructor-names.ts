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

/**
 * Constructors' names kept from another run, made to refer to `bits` (this run's, of the same
 * shape): its variants, and its fields as `field` maps the other run's to this run's.
 */
export function rebindConstructors<C extends ConstructorNames<unknown>>(constructors: readonly C[], bits: ir.Bits, field: (f: C['fields'][number]) => C['fields'][number]): C[] {
  const variant = (v: ir.BitsVariant | null) => (v === null ? null : bits.variants.find((x) => x.name === v.name)!);
  return constructors.map((c) => ({ ...c, variant: variant(c.variant), fields: c.fields.map(field) }));
}
