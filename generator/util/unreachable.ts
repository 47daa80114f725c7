/**
 * Exhaustive dispatch. A `switch` over a kind ends in `default: return unreachable(x)`, and a
 * table of handlers is typed `{ [K in Kind]: ... }`: either way, a new kind of declaration,
 * type or member fails to compile in every pass and emitter until each handles it.
 */
export function unreachable(value: never): never {
  throw new Error(`internal error: unhandled ${JSON.stringify((value as { kind?: unknown } | null)?.kind ?? value)}`);
}
