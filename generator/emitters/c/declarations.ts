/**
 * C declarations for one layout: every enum and bit layout as a typedef of its storage
 * integer, every struct and union as a C type that gcc lays out exactly as the IR says.
 * The text needs <stdint.h> and uses GNU attributes (`packed`, `aligned`); it is shared by the
 * C header emitter and by the gcc layout oracle (tests/oracle), which checks every offset.
 *
 * Enums are stored as `uintN_t`, not as C enums, whose size is up to the ABI. A multi-word
 * bit layout is a struct of words, so it keeps the word alignment. Where a spec's `@offset`
 * skips bytes, the declaration spells the gap out as a `uint8_t _padK[N]` member.
 */
import type * as ir from '../../ir.js';
import type { Bits, Decl, Endian, Field, Layout, Struct, Type, Union } from '../../ir.js';
import { NameScope, NO_NAMES } from '../../names.js';
import { blockCommentText, commentLines } from '../common/comments.js';
import { render } from './templates.js';
import { alignUp } from '../../util/align.js';

/** Options for one declaration; the defaults give the oracle's plain spelling. */
export interface CDeclarationOptions {
  /** Declares a field with the type alias the spec used (`Oid oid;`), not the type itself. */
  readonly aliases?: boolean;
  /**
   * The C name of each one-word bit layout's stored struct (by qname), as the header claims
   * them; without one, `<Name>_stored`.
   */
  readonly storedNames?: ReadonlyMap<string, string>;
}

/** A struct member as C declares it: the IR's fields and pads, plus padding C needs. */
export type CStructMember =
  | { readonly kind: 'field'; readonly field: Field; readonly attributes: readonly string[] }
  | {
      readonly kind: 'pad';
      readonly name: string;
      readonly size: number;
      /** Set when the padding is not an IR `pad` but fills a skip before this field. */
      readonly before: string | null;
    };

export function renderCDeclarations(layout: Layout): string {
  const blocks: string[] = [];
  const forward = renderCForwardTypedefs(layout.decls);
  // Forward typedefs first, so pointers may name any struct or union.
  if (forward) blocks.push(forward);
  for (const decl of layout.decls) {
    const text = renderCDeclaration(decl, layout);
    if (text) blocks.push(text);
  }
  return blocks.join('\n\n') + '\n';
}

/** `typedef struct X X;` for every struct and union among the declarations, or ''. */
export function renderCForwardTypedefs(decls: readonly Decl[]): string {
  return decls
    .filter((d) => d.kind === 'struct' || d.kind === 'union')
    .map((d) => `typedef ${d.kind} ${d.cName} ${d.cName};`)
    .join('\n');
}

/** The C declaration of one enum, bit layout, struct or union ('' for a constant). */
export function renderCDeclaration(decl: Decl, layout: Layout, options: CDeclarationOptions = {}): string {
  switch (decl.kind) {
    case 'enum': {
      const storage = intName(decl.storageBits, decl.signed);
      return comment(decl.doc) + `typedef ${storage} ${decl.cName}; /* enum ${decl.qname} : ${decl.signed ? 'i' : 'u'}${decl.width} */`;
    }
    case 'bits': {
      const word = intName(decl.wordBits, false);
      // A layout of a stated byte order is stored in that order wherever it is (GCC's
      // scalar_storage_order, which a nested struct keeps): a multi-word layout is such a
      // struct itself; a one-word layout keeps its word as the value the accessors take, and
      // fields hold it in a struct of one member, `word`, that GCC reads in the stated order.
      const order = decl.byteOrder ? `__attribute__((${storageOrder(decl.byteOrder)})) ` : '';
      const body = decl.words === 1 ? word : `struct ${order}{ ${word} w[${decl.words}]; }`;
      const typedef = comment(decl.doc) + `typedef ${body} ${decl.cName}; /* bits ${decl.qname}: ${decl.width} bits */`;
      if (!decl.byteOrder || decl.words > 1) return typedef;
      const stored = storedName(decl, options);
      return `${typedef}\n/* ${decl.cName} as a struct field holds it: ${decl.byteOrder}-endian on every target (read and write .word). */\ntypedef struct ${order}${stored} { ${word} word; } ${stored};`;
    }
    case 'struct':
      return renderStruct(decl, layout, options);
    case 'union':
      return renderUnion(decl, layout, options);
    case 'const':
      return ''; // constants are the header emitter's business
  }
}

/**
 * The members of a struct in C order. C places each field at the next multiple of its
 * alignment, so when the IR offset lies beyond that (an explicit `@offset` that skips bytes)
 * a padding array fills the gap.
 */
export function cStructMembers(s: Struct): CStructMember[] {
  const out: CStructMember[] = [];
  const names = new NameScope(NO_NAMES, s.fields.map((f) => f.cName));
  const padName = (): string => names.claimNumbered('_pad');
  let end = 0; // where the previous member ends
  for (const m of s.members) {
    if (m.kind === 'pad') {
      out.push({ kind: 'pad', name: padName(), size: m.size, before: null });
      end = m.offset + m.size;
      continue;
    }
    const own = m.explicitAlign;
    // A field's `aligned` attribute only raises its alignment, unless the struct is packed.
    const align = s.packed ? (own ?? 1) : Math.max(m.type.align, own ?? 1);
    if (m.offset > alignUp(end, align)) {
      out.push({ kind: 'pad', name: padName(), size: m.offset - end, before: m.name });
    }
    out.push({ kind: 'field', field: m, attributes: own !== null ? [`aligned(${own})`] : [] });
    end = m.offset + m.size;
  }
  return out;
}

/** GCC's attribute storing a struct's scalars in a fixed order, whatever the target's. */
export function storageOrder(order: Endian): string {
  return `scalar_storage_order("${order}-endian")`;
}

/** The struct a field of a one-word bit layout of a stated byte order is declared with. */
export function storedName(bits: Bits, options: CDeclarationOptions = {}): string {
  return options.storedNames?.get(bits.qname) ?? `${bits.cName}_stored`;
}

/** What a struct of `byte_order(runtime)` says in C, which has no such thing. */
const RUNTIME_ORDER_NOTE =
  "byte_order(runtime): stored in the byte order its data gives, which C cannot\nsay; the members are declared in the target's. Read and write its integers,\nenums and bools through the accessors that follow it, which take that order.";

function renderStruct(s: Struct, layout: Layout, options: CDeclarationOptions): string {
  const order = s.byteOrder === 'big' || s.byteOrder === 'little' ? [storageOrder(s.byteOrder)] : [];
  const attributes = [...(s.packed ? ['packed'] : []), ...(s.explicitAlign !== null ? [`aligned(${s.explicitAlign})`] : []), ...order];
  const members = cStructMembers(s).map((m) =>
    m.kind === 'pad'
      ? { doc: '', decl: `uint8_t ${m.name}[${m.size}]` }
      : { doc: indent(comment(m.field.doc)), decl: `${declarator(m.field.type, m.field.cName, layout, options)}${attributeList(m.attributes)}` },
  );
  const doc = s.byteOrder === 'runtime' ? comment(s.doc ? `${s.doc}\n\n${RUNTIME_ORDER_NOTE}` : RUNTIME_ORDER_NOTE) : comment(s.doc);
  return render('aggregate', { doc, kind: 'struct', attributes: attributeList(attributes, true), name: s.cName, members });
}

function renderUnion(u: Union, layout: Layout, options: CDeclarationOptions): string {
  const attributes = u.explicitAlign !== null ? [`aligned(${u.explicitAlign})`] : [];
  const members = u.members.map((m) => {
    // A member's own `align(N)` shows as an alignment above its type's.
    const raised = m.align > m.type.align ? [`aligned(${m.align})`] : [];
    return { doc: indent(comment(m.doc)), decl: `${declarator(m.type, m.cName, layout, options)}${attributeList(raised)}` };
  });
  return render('aggregate', { doc: comment(u.doc), kind: 'union', attributes: attributeList(attributes, true), name: u.cName, members });
}

/** `uint32_t name[4][2]`, `void *name`: a C declarator for a field of this type. */
export function declarator(type: Type, name: string, layout: Layout, options: CDeclarationOptions = {}): string {
  const aliasOf = (t: Type) => (options.aliases && t.alias !== null ? (layout.aliasByName.get(t.alias)?.cName ?? null) : null);
  const dims: number[] = [];
  let t = type;
  while (t.kind === 'array') {
    const named = aliasOf(t);
    if (named) return `${named} ${name}${dims.map((n) => `[${n}]`).join('')}`;
    dims.push(t.length);
    t = t.element;
  }
  const named = aliasOf(t);
  const base = named ?? baseType(t, layout, options);
  const sep = base.endsWith('*') ? '' : ' ';
  return `${base}${sep}${name}${dims.map((n) => `[${n}]`).join('')}`;
}

/** The C type of a scalar member (`uint16_t`, `_Bool`, an enum's typedef), as declared. */
export function scalarType(t: ir.IntType | ir.BoolType | ir.EnumRefType, layout: Layout): string {
  return baseType(t, layout, {});
}

function baseType(t: Exclude<Type, { kind: 'array' }>, layout: Layout, options: CDeclarationOptions): string {
  switch (t.kind) {
    case 'bool':
      return '_Bool';
    case 'int':
      switch (t.spelling) {
        case 'usize':
        case 'uptr':
          return 'uintptr_t';
        case 'isize':
          return 'intptr_t';
        case 'uword':
          return intName(layout.target.wordBits, false);
        case 'iword':
          return intName(layout.target.wordBits, true);
        default:
          return intName(t.bits, t.signed);
      }
    case 'pointer': {
      const pointee = t.pointee;
      const aggregate = pointee && (pointee.kind === 'struct' || pointee.kind === 'union');
      return aggregate ? `${pointee.cName} *` : 'void *';
    }
    case 'bits':
      return t.decl.byteOrder && t.decl.words === 1 ? storedName(t.decl, options) : t.decl.cName;
    case 'enum':
    case 'struct':
    case 'union':
      return t.decl.cName;
  }
}

function intName(bits: number, signed: boolean): string {
  return `${signed ? '' : 'u'}int${bits}_t`;
}

function attributeList(attributes: readonly string[], trailing = false): string {
  if (attributes.length === 0) return '';
  const text = `__attribute__((${attributes.join(', ')}))`;
  return trailing ? `${text} ` : ` ${text}`;
}

function comment(doc: string | null): string {
  return doc ? blockCommentText(commentLines(doc)) : '';
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}
