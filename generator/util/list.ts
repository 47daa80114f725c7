/** `a`, `a and b`, `a, b and c`: items joined for a message. */
export function listOf(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Items by their namespace, in their order (each namespace in the order it first appears). */
export function byNamespace<T extends { readonly namespace: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    let list = out.get(item.namespace);
    if (!list) out.set(item.namespace, (list = []));
    list.push(item);
  }
  return out;
}
