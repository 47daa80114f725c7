/**
 * Freezes a value and everything reachable from it, so no emitter can change the IR. The IR
 * has cycles (a struct's pointer to itself): each object is visited once.
 */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Map) {
    for (const v of value.values()) deepFreeze(v, seen);
    // Maps ignore Object.freeze; make their mutators throw instead.
    const fail = (): never => {
      throw new TypeError('the layout IR is immutable');
    };
    Object.assign(value, { set: fail, delete: fail, clear: fail });
  } else {
    for (const v of Object.values(value)) deepFreeze(v, seen);
  }
  return Object.freeze(value);
}
