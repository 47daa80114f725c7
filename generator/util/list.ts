/** `a`, `a and b`, `a, b and c`: items joined for a message. */
export function listOf(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Items by `key`, in their order (each key in the order it first appears). */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Items by their namespace, in their order (each namespace in the order it first appears). */
export function byNamespace<T extends { readonly namespace: string }>(items: readonly T[]): Map<string, T[]> {
  return groupBy(items, (item) => item.namespace);
}
