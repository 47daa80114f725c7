/**
 * The file each namespace gets in an output directory. A namespace's name is its file's name
 * unless that is taken: by a file the emitter writes itself (`index.ts`), or by another
 * namespace whose name differs only in case (`self` and `Self` are one file where the file
 * system ignores case). Claimed in lower case through the one allocator, then given the
 * namespace's own spelling and as many `_` as the claim needed.
 */
import { NameScope } from '../../names.js';

export function fileStems(namespaces: readonly string[], taken: readonly string[]): Map<string, string> {
  const scope = new NameScope(new Set(taken.map((t) => t.toLowerCase())));
  return new Map(namespaces.map((ns) => [ns, ns + '_'.repeat(scope.claim(ns.toLowerCase()).length - ns.length)]));
}
