/**
 * Keys for a namespace's text that name what it can refer to in other namespaces.
 *
 * A header, module or TypeScript file is made from its namespace's facts and from the names
 * planned for the namespaces it refers to (its closure): one scope holds them all, so a name
 * claimed elsewhere may rename what the text refers to. The key of a text must therefore name
 * those names. Listed in full in each namespace's key, they grew with the square of the
 * project: at 100,000 lines the C emitter built 177 MB of keys for 245 MB of headers. Here each
 * namespace's names are listed once, and a key names them by their digest.
 */
import { digest } from '../../util/digest.js';

/**
 * `namesOf(namespace)` digested once per namespace: what a key holds of a namespace in the
 * closure of the one whose text it keys. The caller drops it with the names it was made from
 * (a layout's plan of names).
 */
export function namesDigests(namesOf: (namespace: string) => string): (namespace: string) => string {
  const digests = new Map<string, string>();
  return (namespace) => {
    let d = digests.get(namespace);
    if (d === undefined) digests.set(namespace, (d = digest(namesOf(namespace))));
    return d;
  };
}
