/**
 * How the files of numbers (GNU as includes, TypeScript constants) title each declaration's
 * block, alike in both: `PageDescriptor: bit layout, u64`. Constants have no block of their own.
 */
import type * as ir from '../../ir.js';
import { unreachable } from '../../util/unreachable.js';

export function declHeading(d: Exclude<ir.Decl, ir.Constant>): string {
  switch (d.kind) {
    case 'enum':
      return `${d.name}: enum, ${d.signed ? 'i' : 'u'}${d.width}`;
    case 'bits':
      return `${d.name}: bit layout, ${d.words === 1 ? `u${d.wordBits}` : `u${d.wordBits}[${d.words}]`}`;
    case 'struct':
    case 'union':
      return `${d.name}: ${d.kind}`;
    default:
      return unreachable(d);
  }
}
