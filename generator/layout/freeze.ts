/**
 * Freezes a value and everything reachable from it, so no emitter can change the IR. The IR
 * has cycles (a struct's pointer to itself): an object is frozen before what it holds, so a
 * cycle that comes back to it finds it frozen and stops there. What is frozen already (the
 * checker's enums, which every layout shares) was frozen whole, and is not walked again.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) freeze(value);
  return value;
}

function freeze(value: object): void {
  if (value instanceof Map) {
    // Maps ignore Object.freeze; make their mutators throw instead.
    Object.assign(value, { set: immutable, delete: immutable, clear: immutable });
    Object.freeze(value);
    for (const v of value.values()) deepFreeze(v);
  } else {
    Object.freeze(value);
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
}

function immutable(): never {
  throw new TypeError('the layout IR is immutable');
}
