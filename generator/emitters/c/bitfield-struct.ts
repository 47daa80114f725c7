/**
 * The C bit-field struct of a `c_bitfields` layout, as the C sources the spec describes
 * declare it (Coyotos' capability header: `uint32_t type:6, swizzled:1, ...`):
 *
 *     typedef struct CapHeader_bitfields {
 *       uint32_t type : 6;
 *       uint32_t swizzled : 1;
 *       uint32_t : 5;              (a `reserved` member: an unnamed bit-field)
 *       ...
 *     } CapHeader_bitfields;
 *
 * The layout's own type stays the word (`typedef uint32_t CapHeader;`), which the accessors
 * and the structs that hold it use; the bit-field struct is another view of the same bytes,
 * for code written against the C declaration. Every member is declared with the word's type
 * (signed fields with its signed twin), since the type decides how C allocates a bit-field:
 * the compiler then puts each member where the layout's _SHIFT and _MASK constants say
 * (tests/oracle/c-bitfields-oracle.test.ts checks this on every target). The header asserts
 * that the struct has the word's size and alignment.
 */
import type * as ir from '../../ir.js';
import { wrap } from '../common/wrap.js';
import { compileTemplates } from '../templates.js';
// header.ts includes this module's output; its doc-comment helper is the one C comments use.
import { cDoc } from './header.js';

const render = compileTemplates({
  /** `doc`: the struct's comment; `members`: { doc (indented lines), decl }. */
  struct: `{{doc}}typedef struct {{name}} {
{{#each members}}
{{#each doc}}
  {{this}}
{{/each}}
  {{decl}};
{{/each}}
} {{name}};`,
});

/** The struct's declaration, and the assertions that tie it to the layout's word type. */
export function renderCBitfieldStruct(bits: ir.Bits, name: string): { declaration: string; checks: string[] } {
  const order = bits.cBitfields;
  if (!order) throw new Error(`C bit-field struct: ${bits.qname} is not a c_bitfields layout`);
  const byName = new Map(bits.fields.map((f) => [f.name, f]));
  const members = order.map((m) => {
    if (m.name === null) return { doc: [], decl: `uint${bits.wordBits}_t : ${m.width}` };
    const field = byName.get(m.name)!;
    return { doc: cDoc(field.doc).split('\n').filter(Boolean), decl: `${field.signed ? '' : 'u'}int${bits.wordBits}_t ${field.cName} : ${m.width}` };
  });
  const about = `${bits.cName} as C declares it: its bit-fields in the spec's order, which this target's compiler places at the bits its _SHIFT and _MASK constants below give.`;
  return {
    declaration: render('struct', { doc: cDoc(bits.doc, wrap(about, 88).join('\n')), name, members }),
    checks: [
      `_Static_assert(sizeof(${name}) == sizeof(${bits.cName}), "${name}: size");`,
      `_Static_assert(_Alignof(${name}) == _Alignof(${bits.cName}), "${name}: alignment");`,
    ],
  };
}
