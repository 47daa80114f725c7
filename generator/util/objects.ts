/**
 * `{ ...base, ...more }`, made so that objects of one shape share V8's hidden class.
 *
 * Node 20's V8 gives an object made by a spread followed by properties the source lacks
 * (`{ ...field, get, set }`) a hidden class of its own, not linked to any other: every such
 * object then costs a class (some 200 bytes, kept as long as the object), and every place that
 * reads such objects sees a new class each time and falls back to its slowest lookup. On the
 * C emitter's 2,000-block benchmark each bit field's facts were made so: 19,294 classes for
 * 19,303 fields, and reads of them megamorphic through the whole emitter. `Object.assign` onto
 * a fresh object takes the ordinary path (one class per shape, shared). A spread that only
 * replaces properties its source has kept one class in a micro-benchmark, but not in the
 * layout engine (`{ ...field, selector }`, where the spread sees fields of many shapes): code
 * that makes many records uses this either way.
 *
 * Same result as the spread for the plain records it is used on: own enumerable properties
 * of `base`, then of `more`, in that order, a property of both taking `more`'s value.
 */
export function extend<T extends object, U extends object>(base: T, more: U): Omit<T, keyof U> & U {
  return Object.assign({}, base, more);
}
