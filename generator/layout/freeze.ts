/** Freezes a value and everything reachable from it, so no emitter can change the IR. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Map) {
    for (const v of value.values()) deepFreeze(v);
    // Maps ignore Object.freeze; make their mutators throw instead.
    const fail = (): never => {
      throw new TypeError('the layout IR is immutable');
    };
    Object.assign(value, { set: fail, delete: fail, clear: fail });
  } else {
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return Object.freeze(value);
}
