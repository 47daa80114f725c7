/**
 * Accessors for the scalars of a struct of `byte_order(runtime)`, which C cannot declare: gcc's
 * scalar_storage_order takes a fixed order, so such a struct is declared in the target's, and
 * its data may be in either (an ELF header's EI_DATA says which). Each integer, enum and bool
 * member (through arrays: an index per dimension) gets
 *
 *     static inline uint16_t Elf32Ehdr_get_e_type(const Elf32Ehdr *w, int big_endian);
 *     static inline void Elf32Ehdr_set_e_type(Elf32Ehdr *w, int big_endian, uint16_t v);
 *
 * which swap the bytes (__builtin_bswap16/32/64) when `big_endian` (nonzero: big-endian data)
 * is not the target's order. A nested struct of runtime order has its own; a bit layout has an
 * order of its own there (check/rules/byte-orders.ts), which its `_stored` struct's
 * scalar_storage_order keeps, as do structs of a fixed order: gcc converts those.
 */
import type * as ir from '../../ir.js';
import { NameScope } from '../../names.js';
import { indexNames, type RuntimeField, runtimeScalars } from '../common/byte-order.js';
import type { ConstScope } from '../common/numbers.js';
import { blockCommentText, commentLines } from '../common/comments.js';
import { scalarType } from './declarations.js';
import { render } from './templates.js';
import { extend } from '../../util/objects.js';

/** A member's getter and setter. */
export interface CAccessor extends RuntimeField {
  readonly get: string;
  readonly set: string;
}

/**
 * The names of every accessor of a layout's structs of runtime order (claimed after every other
 * name of the headers, so that adding them renamed none), by struct qname.
 */
export function planOrderAccessors(layout: ir.Layout, scopeOf: (ns: string) => ConstScope): Map<string, readonly CAccessor[]> {
  const out = new Map<string, readonly CAccessor[]>();
  for (const s of layout.structs) {
    const fields = runtimeScalars(s);
    const scope = scopeOf(s.namespace);
    if (fields.length) out.set(s.qname, fields.map((f) => extend(f, { get: scope.claim(`${s.cName}_get_${f.field.name}`), set: scope.claim(`${s.cName}_set_${f.field.name}`) })));
  }
  return out;
}

export function renderOrderAccessors(layout: ir.Layout, s: ir.Struct, accessors: readonly CAccessor[]): string[] {
  return accessors.flatMap((a) => {
    const type = scalarType(a.element, layout);
    // Parameters keep off the types the signature names, as bit-field accessors' do.
    const names = new NameScope(new Set([s.cName, type]));
    const w = names.claim('w');
    const order = names.claim('big_endian');
    const indices = indexNames(a.dims.length).map((i) => names.claim(i));
    const v = names.claim('v');
    const place = `${w}->${a.field.cName}${indices.map((i) => `[${i}]`).join('')}`;
    const bits = a.element.size * 8;
    // The swapped value, through the unsigned integer of its size (a signed one converts back).
    const unsigned = `uint${bits}_t`;
    const swapped = (x: string): string => (type === unsigned ? `__builtin_bswap${bits}(${x})` : `(${type})__builtin_bswap${bits}((${unsigned})${x})`);
    // `big_endian ? native : swapped` on a big-endian target: the header is for one target.
    const pick = (x: string): string => (layout.target.endian === 'big' ? `${order} ? ${x} : ${swapped(x)}` : `${order} ? ${swapped(x)} : ${x}`);
    // A byte has no order: its accessors take none (EI_DATA is read before the order is known).
    const byte = a.element.size === 1;
    const params = [...(byte ? [] : [`int ${order}`]), ...indices.map((i) => `uintptr_t ${i}`)];
    const where = `${s.cName}.${a.field.name}${indices.map((i) => `[${i}]`).join('')}`;
    const stored = byte ? '' : `, in data of the byte order ${order} gives (nonzero: big-endian)`;
    return [
      render('accessor', {
        doc: comment(`${where}${stored}.`),
        returns: type,
        name: a.get,
        params: [`const ${s.cName} *${w}`, ...params].join(', '),
        body: [`  return ${byte ? place : pick(place)};`],
      }),
      render('accessor', {
        doc: comment(`Sets ${where} to ${v}${stored}.`),
        returns: 'void',
        name: a.set,
        params: [`${s.cName} *${w}`, ...params, `${type} ${v}`].join(', '),
        body: [`  ${place} = ${byte ? v : pick(v)};`],
      }),
    ];
  });
}

function comment(text: string): string {
  return blockCommentText(commentLines(text));
}
