/**
 * Structs and unions, per target and configuration: the interface of the plain value, and a
 * view class over a `DataView` and a byte offset (no copying) with a getter and setter per
 * field at its offset in the target's byte order. Nested structs, unions and bit layouts are
 * nested views; array elements are reached with `fieldAt(i)`; a discriminated union field
 * gives the member its selector picks. Offsets, sizes and byte order are literals.
 *
 * Whole values are read and written by static `readAt(dataView, byteOffset)` and
 * `writeAt(dataView, byteOffset, value)` (which `read()` and `write()` call): each reads or
 * writes its leaves at literal offsets and calls the nested types' own `readAt`/`writeAt`,
 * with no view objects in between; a struct writes the member its selector picks of a
 * discriminated union field in place.
 */
import type * as ir from '../../ir.js';
import { OBJECT_PROTOTYPE_NAMES } from '../../names.js';
import { operand, rangeCheck, readField } from './bitcode.js';
import { VIEW_RESERVED } from './bits-model.js';
import { readChunk, viewFields, viewInit } from './bits-view.js';
import { enumCaseLabel } from './constants.js';
import type { ModuleWriter } from './module.js';
import { NameScope, big, docComment, ident, num, objectLines, str, upperFirst } from './naming.js';
import { method, render } from './templates.js';
import { arrayShape, enumOf, isBigEnum, isLeaf, valueType } from './types.js';

type Leaf = ir.IntType | ir.BoolType | ir.PointerType | ir.EnumRefType;

interface Ctx {
  readonly layout: ir.Layout;
  readonly m: ModuleWriter;
  readonly le: boolean;
  /** The declaration's spec name, for messages. */
  readonly typeName: string;
  /** The `DataView` and the offset the code works at: a view's own, or a static method's parameters. */
  readonly dv: string;
  readonly base: string;
}

/** Code in instance members works on the view's fields. */
const SELF = { dv: 'this.dataView', base: 'this.byteOffset' } as const;
/** Code in static `readAt`/`writeAt` works on its parameters. */
const PARAMS = { dv: 'dataView', base: 'byteOffset' } as const;

/** A leaf's storage: bits, signedness and whether its TypeScript value is a bigint. */
function storage(t: Leaf, c: Ctx): { bits: 8 | 16 | 32 | 64; signed: boolean; big: boolean; width: number } {
  switch (t.kind) {
    case 'int':
      return { bits: t.bits, signed: t.signed, big: t.bits > 32, width: t.bits };
    case 'bool':
      return { bits: 8, signed: false, big: false, width: 1 };
    case 'pointer':
      return { bits: c.layout.target.pointerBits, signed: false, big: c.layout.target.pointerBits > 32, width: c.layout.target.pointerBits };
    case 'enum': {
      const e = enumOf(c.layout, t.qname);
      return { bits: t.storageBits, signed: e.signed, big: isBigEnum(e), width: e.width };
    }
  }
}

/** The expression reading a leaf at offset expression `at`. */
function leafGet(t: Leaf, at: string, c: Ctx): string {
  const dv = c.dv;
  if (t.kind === 'bool') return `${dv}.getUint8(${at}) !== 0`;
  const s = storage(t, c);
  const sign = s.signed ? 'Int' : 'Uint';
  let e: string;
  if (s.bits === 8) e = `${dv}.get${sign}8(${at})`;
  else if (s.bits < 64) e = `${dv}.get${sign}${s.bits}(${at}, ${c.le})`;
  else e = s.big ? `${dv}.getBig${sign}64(${at}, ${c.le})` : `Number(${dv}.getBig${sign}64(${at}, ${c.le}))`;
  return t.kind === 'enum' ? `${e} as ${c.m.ref(t.qname, 'base', true)}` : e;
}

/** Statements checking `v` (a name) and writing it as a leaf at `at`. */
function leafSet(t: Leaf, at: string, field: string, c: Ctx, v = 'value'): string[] {
  const dv = c.dv;
  if (t.kind === 'bool') {
    return [`if (typeof ${v} !== 'boolean') throw ${c.m.rt('boolError')}(${str(c.typeName)}, ${str(field)}, ${v});`, `${dv}.setUint8(${at}, ${v} ? 1 : 0);`];
  }
  const s = storage(t, c);
  const { bad, args } = rangeCheck({ valueWidth: s.width, shift: 0, signed: s.signed }, s.big ? 'bigint' : 'number', v);
  const check = `if (${bad}) throw ${c.m.rt('rangeError')}(${str(c.typeName)}, ${str(field)}, ${v}, ${args});`;
  const sign = s.signed ? 'Int' : 'Uint';
  let write: string;
  if (s.bits === 8) write = `${dv}.set${sign}8(${at}, ${v});`;
  else if (s.bits < 64) write = `${dv}.set${sign}${s.bits}(${at}, ${v}, ${c.le});`;
  else write = `${dv}.setBig${sign}64(${at}, ${s.big ? v : `BigInt(${v})`}, ${c.le});`;
  return [check, write];
}

/** The view class of an aggregate type, or null for leaves. */
function viewOf(t: ir.Type, c: Ctx): string | null {
  return t.kind === 'bits' || t.kind === 'struct' || t.kind === 'union' ? c.m.ref(t.qname, 'view') : null;
}

/** The offset expression of `offset` bytes into the value `c` works on. */
function at(offset: number | string, c: Pick<Ctx, 'base'>): string {
  return offset === 0 || offset === '0' ? c.base : `${c.base} + ${offset}`;
}

/** Where a field lives and what it is (the alias's name, as the spec writes it), for docs. */
function placeDoc(offset: number, t: ir.Type): string {
  const alias = t.alias === null ? '' : `; ${t.alias.slice(t.alias.lastIndexOf('.') + 1)}`;
  return `(At byte ${offset}, ${t.size} byte${t.size === 1 ? '' : 's'}${alias}.)`;
}

/** How nested views behave, for the docs of classes that give them out. */
const NESTED_NOTE =
  'Nested views (structs, unions, bit layouts, array elements) are made once per view and follow it: each access moves the nested view to this view\'s current position. To keep one, construct a view of its own over `v.dataView` at `v.byteOffset`.';

/** True when a view class gives out nested views. */
function hasNested(specs: readonly MemberSpec[]): boolean {
  return specs.some((s) => !isLeaf(s.type) && (s.type.kind !== 'array' || !isLeaf(arrayShape(s.type).element)));
}

// ---------------------------------------------------------------------------
// Members shared by struct and union views

interface MemberSpec {
  readonly name: string;
  readonly doc: string | null;
  readonly offset: number;
  readonly type: ir.Type;
  /** For a discriminated union field: the expression of the selector value, in code working as `c` does. */
  readonly selector: ((c: Ctx) => string) | null;
}

interface MemberNames {
  readonly prop: string;
  readonly accessor: string;
  /** Arrays: the element getter and (leaf elements) setter. */
  readonly at: string | null;
  readonly setAt: string | null;
}

function memberNames(specs: readonly MemberSpec[], reserved: ReadonlySet<string>): MemberNames[] {
  const props = new NameScope(OBJECT_PROTOTYPE_NAMES);
  const members = new NameScope(reserved);
  const propNames = specs.map((s) => props.claim(s.name));
  const accessors = specs.map((s) => (s.type.kind === 'array' ? null : members.claim(s.name)));
  return specs.map((s, i) => {
    if (s.type.kind !== 'array') return { prop: propNames[i], accessor: accessors[i]!, at: null, setAt: null };
    const el = arrayShape(s.type).element;
    const atName = members.claim(`${s.name}At`);
    const setAt = isLeaf(el) ? members.claim(`set${upperFirst(s.name)}At`) : null;
    return { prop: propNames[i], accessor: atName, at: atName, setAt };
  });
}

function renderMembers(specs: readonly MemberSpec[], names: readonly MemberNames[], c: Ctx): { doc: string; code: string }[] {
  const out: { doc: string; code: string }[] = [];
  specs.forEach((s, i) => {
    const n = names[i];
    const doc = docComment(s.doc, placeDoc(s.offset, s.type));
    const t = s.type;
    if (isLeaf(t)) {
      const type = valueType(t, c.layout, c.m);
      out.push({ doc, code: method({ kind: 'get', name: n.accessor, returns: type, body: [`return ${leafGet(t, at(s.offset, c), c)};`] }) });
      out.push({ doc: '', code: method({ kind: 'set', name: n.accessor, params: `value: ${type}`, body: leafSet(t, at(s.offset, c), s.name, c) }) });
      return;
    }
    if (t.kind !== 'array') {
      // Nested views are made once per parent view (out of line, so that the getter stays small
      // enough for V8 to inline) and moved with it: no allocation per access.
      const view = viewOf(t, c)!;
      out.push({ doc: '', code: `#${n.accessor}: ${view} | undefined;` });
      out.push({
        doc: docComment(s.doc, placeDoc(s.offset, s.type)),
        code: method({
          kind: 'get',
          name: n.accessor,
          returns: view,
          body: [
            `const view = this.#${n.accessor} ?? (this.#${n.accessor} = ${c.m.rt('makeView')}(${view}, this.dataView, ${at(s.offset, c)}));`,
            `view.byteOffset = ${at(s.offset, c)};`,
            ...(s.selector ? [`view.selector = ${s.selector(c)};`] : []),
            'return view;',
          ],
        }),
      });
      return;
    }
    const { dims, element } = arrayShape(t);
    const idx = indexNames(dims);
    const checks = dims.map((len, d) => `if (${idx[d]} >>> 0 !== ${idx[d]} || ${idx[d]} >= ${len}) throw ${c.m.rt('indexError')}(${str(c.typeName)}, ${str(s.name)}, ${idx[d]}, ${len});`);
    const where = elementAt(s, c);
    const params = idx.map((v) => `${v}: number`).join(', ');
    const elDoc = docComment(s.doc, `${placeDoc(s.offset, t)} Element ${idx.map((v) => `[${v}]`).join('')}; a \`RangeError\` if an index is out of bounds.`);
    if (isLeaf(element)) {
      const type = valueType(element, c.layout, c.m);
      out.push({ doc: elDoc, code: method({ name: n.at!, params, returns: type, body: [...checks, `return ${leafGet(element, where, c)};`] }) });
      out.push({
        doc: docComment(`Sets element ${idx.map((v) => `[${v}]`).join('')} of ${s.name}; a \`RangeError\` if an index is out of bounds or the value does not fit.`),
        code: method({ name: n.setAt!, params: `${params}, value: ${type}`, returns: 'void', body: [...checks, ...leafSet(element, where, `${s.name}[]`, c)] }),
      });
    } else {
      const view = viewOf(element, c)!;
      const flat = idx.reduce((acc, v, d) => (d === 0 ? v : `${d === 1 ? acc : `(${acc})`} * ${dims[d]} + ${v}`), '');
      out.push({ doc: '', code: `readonly #${n.at}: (${view} | undefined)[] = [];` });
      out.push({
        doc: elDoc,
        code: method({
          name: n.at!,
          params,
          returns: view,
          body: [
            ...checks,
            `const at = ${where};`,
            `let view = this.#${n.at}[${flat}];`,
            `if (view === undefined) this.#${n.at}[${flat}] = view = ${c.m.rt('makeView')}(${view}, this.dataView, at);`,
            'view.byteOffset = at;',
            ...(s.selector ? [`view.selector = ${s.selector(c)};`] : []),
            'return view;',
          ],
        }),
      });
    }
  });
  return out;
}

/** Index parameter names of an array's dimensions: `i`, or `i0`, `i1`... */
function indexNames(dims: readonly number[]): string[] {
  return dims.map((_, d) => (dims.length === 1 ? 'i' : `i${d}`));
}

/** The offset expression of an array member's element at the indices of {@link indexNames}. */
function elementAt(s: MemberSpec, c: Pick<Ctx, 'base'>): string {
  const { dims, strides } = arrayShape(s.type as ir.ArrayType);
  const idx = indexNames(dims);
  const terms = [String(s.offset), ...idx.map((v, d) => (strides[d] === 1 ? v : `${v} * ${strides[d]}`))].filter((x) => x !== '0');
  return terms.length ? `${c.base} + ${terms.join(' + ')}` : c.base;
}

/** `XView.readAt(dataView, at[, selector])`: a nested value read by its own type. */
function nestedRead(t: ir.Type, where: string, selector: MemberSpec['selector'], c: Ctx): string {
  return `${viewOf(t, c)}.readAt(${[c.dv, where, ...(selector ? [selector(c)] : [])].join(', ')})`;
}

/** An expression reading a member's whole value (in static `readAt`). */
function readValue(s: MemberSpec, c: Ctx): string {
  const t = s.type;
  if (isLeaf(t)) return leafGet(t, at(s.offset, c), c);
  if (t.kind !== 'array') return nestedRead(t, at(s.offset, c), s.selector, c);
  const { dims, element } = arrayShape(t);
  const idx = indexNames(dims);
  const where = elementAt(s, c);
  let e = isLeaf(element) ? leafGet(element, where, c) : nestedRead(element, where, s.selector, c);
  for (let d = dims.length - 1; d >= 0; d--) e = `Array.from({ length: ${dims[d]} }, (_, ${idx[d]}) => ${e})`;
  return e;
}

/**
 * Statements writing a member's whole value (in static `writeAt`): leaves are checked and
 * stored here, nested values by their own type's `writeAt`. `scope` gives locals.
 */
function writeValue(s: MemberSpec, n: MemberNames, c: Ctx, scope: NameScope, from = 'value'): string[] {
  const t = s.type;
  const src = `${from}.${n.prop}`;
  if (isLeaf(t)) {
    const local = scope.claim(ident(n.prop));
    return [`const ${local} = ${src};`, ...leafSet(t, at(s.offset, c), s.name, c, local)];
  }
  const nestedWrite = (type: ir.Type, where: string, v: string) =>
    `${viewOf(type, c)}.writeAt(${[c.dv, where, v, ...(s.selector ? [s.selector(c)] : [])].join(', ')});`;
  if (t.kind !== 'array') return [nestedWrite(t, at(s.offset, c), src)];
  const { dims, element } = arrayShape(t);
  const idx = indexNames(dims);
  const out: string[] = [];
  const close: string[] = [];
  let cur = src;
  dims.forEach((len, d) => {
    const arr = scope.claim(d === 0 ? ident(n.prop) : `${ident(n.prop)}${d}`);
    out.push(`const ${arr} = ${cur};`);
    out.push(`if (${arr}.length !== ${len}) throw ${c.m.rt('lengthError')}(${str(c.typeName)}, ${str(s.name)}, ${arr}.length, ${len});`);
    out.push(`for (let ${idx[d]} = 0; ${idx[d]} < ${len}; ${idx[d]}++) {`);
    close.push('}');
    cur = `${arr}[${idx[d]}]!`;
  });
  const where = elementAt(s, c);
  if (isLeaf(element)) {
    const local = scope.claim(`${ident(n.prop)}Element`);
    out.push(`const ${local} = ${cur};`, ...leafSet(element, where, `${s.name}[]`, c, local));
  } else out.push(nestedWrite(element, where, cur));
  out.push(...close);
  return out;
}

/**
 * Statements writing a discriminated union field from its struct's static `writeAt`, where the
 * selector is a local: the member the selector picks is written in place when the value holds it
 * (and holds no member before it, so the choice is the one the union's `writeAt` makes);
 * anything else (null, a member without `when`, the wrong member) goes to the union's `writeAt`,
 * which writes it or throws. The common case then needs no call V8 might not inline: through
 * nested `writeAt` calls a Process record was written at 1.8x the time of hand-written code with
 * the same checks, in place at 1.0x. Null when the union has no selectable member.
 */
function writeSelectedUnion(s: MemberSpec, n: MemberNames, selector: string, c: Ctx, scope: NameScope): string[] | null {
  if (s.type.kind !== 'union') return null;
  const u = s.type.decl;
  if (!u.members.some((mem) => mem.when.length > 0)) return null;
  const specs: MemberSpec[] = u.members.map((mem) => ({ name: mem.name, doc: mem.doc, offset: s.offset, type: mem.type, selector: null }));
  const names = memberNames(specs, STRUCT_RESERVED);
  const uc: Ctx = { ...c, typeName: u.name };
  const local = scope.claim(ident(n.prop));
  const fallback = `${viewOf(s.type, c)}.writeAt(${c.dv}, ${at(s.offset, c)}, ${local}, ${selector});`;
  const out = [`const ${local} = value.${n.prop};`, `switch (${selector}) {`];
  u.members.forEach((mem, i) => {
    if (!mem.when.length) return;
    const holds = [`${local} !== null`, `${str(names[i].prop)} in ${local}`, ...names.slice(0, i).map((e) => `!(${str(e.prop)} in ${local})`)];
    out.push(...mem.when.map((w) => `case ${selectorCase(u, w, c)}:`));
    out.push(`if (${holds.join(' && ')}) {`, ...writeValue(specs[i], names[i], uc, scope, local), 'break;', '}', fallback, 'break;');
  });
  out.push('default:', `if (${local} !== null) ${fallback}`, '}');
  return out;
}

// ---------------------------------------------------------------------------
// Selectors

/** The `case` label of a selector value: the literal, and the enum member it names. */
function selectorCase(u: ir.Union, v: bigint, c: Ctx): string {
  const d = discriminantType(u, c);
  return d.enumDecl ? enumCaseLabel(d.enumDecl, c.m.nameOf(u.discriminant!), v) : d.big ? big(v) : num(v);
}

/** The TypeScript type of a discriminated union's selector value. */
function discriminantType(u: ir.Union, c: Ctx): { type: string; big: boolean; enumDecl: ir.Enum | null } {
  const d = u.discriminantType!;
  if (d.kind === 'enum') {
    return { type: c.m.ref(d.qname, 'base', true), big: isBigEnum(d.decl), enumDecl: d.decl };
  }
  return d.bits > 32 ? { type: 'bigint', big: true, enumDecl: null } : { type: 'number', big: false, enumDecl: null };
}

/** Reads the value a resolved selector (`hdr.type`) names, as an expression. */
function selectorExpr(sel: ir.FieldSelector, c: Ctx): string {
  const last = sel.fields[sel.fields.length - 1];
  const where = at(sel.offset, c);
  if (sel.bitField) {
    const { bits, field } = sel.bitField;
    const cast = field.type.kind === 'enum' ? c.m.ref(field.type.decl.qname, 'base', true) : undefined;
    return readField(field, (k) => operand(readChunk(bits, c.le, k, c.dv, where)), c.m.rt, cast);
  }
  if (isLeaf(last.type)) return leafGet(last.type, where, c);
  // The checker and the layout engine admit only paths that end at a value.
  throw new Error(`internal error: selector ${sel.path.join('.')} does not name a value`);
}

// ---------------------------------------------------------------------------
// Structs

const STRUCT_RESERVED: ReadonlySet<string> = VIEW_RESERVED;

export function renderStruct(s: ir.Struct, layout: ir.Layout, m: ModuleWriter): string[] {
  const c: Ctx = { layout, m, le: layout.target.endian === 'little', typeName: s.name, ...SELF };
  const sc: Ctx = { ...c, ...PARAMS };
  const names = m.plan.names.get(s.qname)!;
  const specs: MemberSpec[] = s.fields.map((f) => ({
    name: f.name,
    doc: f.doc,
    offset: f.offset,
    type: f.type,
    selector: f.selector ? (cc: Ctx) => selectorExpr(f.selector!, cc) : null,
  }));
  const mn = memberNames(specs, STRUCT_RESERVED);
  const props = specs.map((sp, i) => ({
    doc: docComment(sp.doc),
    name: mn[i].prop,
    optional: false,
    type: valueType(sp.type, layout, m),
  }));
  const self = names.base;
  const view = names.view!;
  const t = layout.target;
  const where = `In this layout: ${s.size} bytes, aligned to ${s.align}${s.packed ? ' (packed)' : ''}, ${t.endian}-endian.`;

  const members: { doc: string; code: string }[] = [];
  members.push({ doc: docComment('Size in bytes.'), code: `static readonly SIZE = ${s.size};` });
  members.push({ doc: docComment('Alignment in bytes.'), code: `static readonly ALIGN = ${s.align};` });
  if (s.imageEnd !== null) members.push({ doc: docComment('Bytes an image stores: the offset of `image_end`.'), code: `static readonly IMAGE_END = ${s.imageEnd};` });
  members.push(...viewFields('struct'));
  members.push({
    doc: docComment('A view of the struct at `byteOffset` in `buffer`; a `RangeError` if it does not fit.'),
    code: method({ name: 'constructor', params: `buffer: ${m.rt('BufferLike', true)}, byteOffset = 0`, body: viewInit(m, s.size) }),
  });
  members.push(...renderMembers(specs, mn, c));
  members.push({
    doc: docComment('Reads every field into a plain object.'),
    code: method({ name: 'read', returns: self, body: [`return ${view}.readAt(this.dataView, this.byteOffset);`] }),
  });
  members.push({
    doc: docComment('Writes every field from a plain object; a `RangeError` names the first value that does not fit. Padding is left as it is.'),
    code: method({ name: 'write', params: `value: ${self}`, returns: 'void', body: [`${view}.writeAt(this.dataView, this.byteOffset, value);`] }),
  });
  // Static readAt/writeAt read each selector once, into a local named like its field.
  const staticSpecs = (scope: NameScope): { specs: MemberSpec[]; selectors: string[] } => {
    const locals = new Map<string, string>();
    const selectors: string[] = [];
    const out = s.fields.map((f, i) => {
      if (!f.selector) return specs[i];
      const key = f.selector.path.join('.');
      let local = locals.get(key);
      if (!local) {
        local = scope.claim(ident(f.selector.path[f.selector.path.length - 1]));
        locals.set(key, local);
        selectors.push(`const ${local} = ${selectorExpr(f.selector, sc)};`);
      }
      const name = local;
      return { ...specs[i], selector: () => name };
    });
    return { specs: out, selectors };
  };
  const reading = staticSpecs(m.localScope(['dataView', 'byteOffset']));
  const readEntries = reading.specs.map((sp, i) => `${mn[i].prop}: ${readValue(sp, sc)}`);
  members.push({
    doc: docComment(`Reads the struct at \`byteOffset\` in \`dataView\` into a plain object: \`read()\` without a view.`),
    code: method({
      static: true,
      name: 'readAt',
      params: 'dataView: DataView, byteOffset: number',
      returns: self,
      body: [...reading.selectors, ...objectLines('return ', readEntries, ';')],
    }),
  });
  // Unions last: their selectors are then already written.
  const order = specs.map((_, i) => i).sort((a, b) => Number(specs[a].type.kind === 'union') - Number(specs[b].type.kind === 'union'));
  const scope = m.localScope(['dataView', 'byteOffset', 'value']);
  const firstUnion = order.findIndex((i) => specs[i].type.kind === 'union');
  const writing = staticSpecs(scope);
  const writes = order.map((i) => {
    const sp = writing.specs[i];
    const flat = sp.type.kind === 'union' && sp.selector ? writeSelectedUnion(sp, mn[i], sp.selector(sc), sc, scope) : null;
    return flat ?? writeValue(sp, mn[i], sc, scope);
  });
  if (firstUnion >= 0) writes.splice(firstUnion, 0, writing.selectors);
  members.push({
    doc: docComment(`Writes \`value\` as the struct at \`byteOffset\` in \`dataView\`: \`write(value)\` without a view.`),
    code: method({
      static: true,
      name: 'writeAt',
      params: `dataView: DataView, byteOffset: number, value: ${self}`,
      returns: 'void',
      body: writes.flat(),
    }),
  });
  return [
    render('interface', { doc: docComment(s.doc, `The plain value of a {@link ${view}}.`), name: self, extends: '', props }),
    render('viewClass', { doc: docComment(s.doc, where, hasNested(specs) ? NESTED_NOTE : null), name: view, base: m.rt('View', true), members }),
  ];
}

// ---------------------------------------------------------------------------
// Unions

export function renderUnion(u: ir.Union, layout: ir.Layout, m: ModuleWriter): string[] {
  const c: Ctx = { layout, m, le: layout.target.endian === 'little', typeName: u.name, ...SELF };
  const sc: Ctx = { ...c, ...PARAMS };
  const names = m.plan.names.get(u.qname)!;
  const self = names.base;
  const view = names.view!;
  const specs: MemberSpec[] = u.members.map((mem) => ({ name: mem.name, doc: mem.doc, offset: 0, type: mem.type, selector: null }));
  const reserved = new Set([...STRUCT_RESERVED, ...(u.discriminant ? ['selected', 'selector'] : [])]);
  const mn = memberNames(specs, reserved);
  const disc = u.discriminant ? discriminantType(u, c) : null;
  const t = layout.target;
  const where = `In this layout: ${u.size} bytes, aligned to ${u.align}, ${t.endian}-endian.`;

  const alternatives = specs.map((sp, i) => `{ ${mn[i].prop}: ${valueType(sp.type, layout, m)} }`);
  const typeDoc = docComment(
    u.doc,
    disc ? 'One member, the one the selector picks (members without `when` are never picked, but may be written).' : 'One member: `read()` gives the largest; `write()` writes the one given.',
  );
  const out = [render('typeAlias', { doc: typeDoc, name: self, type: alternatives.length ? alternatives.join(' | ') : 'never' })];

  const members: { doc: string; code: string }[] = [];
  members.push({ doc: docComment('Size in bytes.'), code: `static readonly SIZE = ${u.size};` });
  members.push({ doc: docComment('Alignment in bytes.'), code: `static readonly ALIGN = ${u.align};` });
  const largest = specs.reduce((best, sp, i) => (best < 0 || sp.type.size > specs[best].type.size ? i : best), -1);
  const caseLabel = (v: bigint) => selectorCase(u, v, c);
  const readOf = (i: number) => objectLines('return ', [`${mn[i].prop}: ${readValue(specs[i], sc)}`], ';');
  const scope = m.localScope(['dataView', 'byteOffset', 'value', 'selector', 'selected']);

  members.push(...viewFields('union'));
  if (disc) {
    const selectable = specs.map((_, i) => ({ i, when: u.members[i].when })).filter((x) => x.when.length > 0);
    const memberUnion = selectable.length ? [...selectable.map((x) => str(mn[x.i].prop)), 'null'].join(' | ') : 'null';
    members.push({ doc: '', code: `#selector: ${disc.type} | undefined;` });
    members.push({
      doc: docComment('A view of the union at `byteOffset`; `selector` (the value of the field that selects the member) decides what `read()`, `write()` and `selected` see.'),
      code: method({
        name: 'constructor',
        params: `buffer: ${m.rt('BufferLike', true)}, byteOffset = 0, selector?: ${disc.type}`,
        body: [...viewInit(m, u.size), 'this.#selector = selector;'],
      }),
    });
    members.push({
      doc: docComment('The value of the field that selects the member (undefined: unknown). A struct view sets it from its selector field each time it gives out this view.'),
      code: method({ kind: 'get', name: 'selector', returns: `${disc.type} | undefined`, body: ['return this.#selector;'] }),
    });
    members.push({ doc: '', code: method({ kind: 'set', name: 'selector', params: `value: ${disc.type} | undefined`, body: ['this.#selector = value;'] }) });
    members.push({
      doc: docComment('The member the selector picks, or null (no selector, or a value that picks none).'),
      code: method({ kind: 'get', name: 'selected', returns: memberUnion, body: [`return ${view}.memberFor(this.#selector);`] }),
    });
    members.push(...renderMembers(specs, mn, c));
    members.push({
      doc: docComment('The member the selector picks, as a plain object (null if it picks none); without a selector, the largest member.'),
      code: method({ name: 'read', returns: `${self} | null`, body: [`return ${view}.readAt(this.dataView, this.byteOffset, this.#selector);`] }),
    });
    members.push({
      doc: docComment('Writes the member `value` holds; a `RangeError` if the selector picks another member (members without `when` may always be written). `null` writes nothing and is accepted only when the selector picks no member.'),
      code: method({ name: 'write', params: `value: ${self} | null`, returns: 'void', body: [`${view}.writeAt(this.dataView, this.byteOffset, value, this.#selector);`] }),
    });
    const pick = ['switch (selector) {'];
    for (const x of selectable) pick.push(...x.when.map((w) => `case ${caseLabel(w)}:`), `return ${str(mn[x.i].prop)};`);
    pick.push('default: return null;', '}');
    members.push({
      doc: docComment('The member a selector value picks, or null (undefined, or a value that picks none).'),
      code: method({ static: true, name: 'memberFor', params: `selector: ${disc.type} | undefined`, returns: memberUnion, body: pick }),
    });
    const rbody = ['switch (selector) {'];
    for (const [i, mem] of u.members.entries()) if (mem.when.length) rbody.push(...mem.when.map((w) => `case ${caseLabel(w)}:`), ...readOf(i));
    rbody.push('case undefined:', ...(largest >= 0 ? readOf(largest) : ['return null;']), 'default: return null;', '}');
    members.push({
      doc: docComment('Reads the union at `byteOffset` in `dataView` as `read()` does, for a selector value: `read()` without a view.'),
      code: method({ static: true, name: 'readAt', params: `dataView: DataView, byteOffset: number, selector?: ${disc.type}`, returns: `${self} | null`, body: rbody }),
    });
    const wbody = [`const selected = selector === undefined ? undefined : ${view}.memberFor(selector);`];
    wbody.push(`if (value === null) {`, `if (selected) throw ${m.rt('memberError')}(${str(u.name)}, null, selector, selected);`, 'return;', '}');
    specs.forEach((sp, i) => {
      const when = u.members[i].when;
      wbody.push(`if (${str(mn[i].prop)} in value) {`);
      if (when.length) wbody.push(`if (selected !== undefined && selected !== ${str(mn[i].prop)}) throw ${m.rt('memberError')}(${str(u.name)}, ${str(mn[i].prop)}, selector, selected);`);
      wbody.push(...writeValue(sp, mn[i], sc, scope), 'return;', '}');
    });
    wbody.push(`throw ${m.rt('memberError')}(${str(u.name)}, null, selector, selected ?? null);`);
    members.push({
      doc: docComment('Writes `value` as the union at `byteOffset` in `dataView` as `write(value)` does, for a selector value: `write(value)` without a view.'),
      code: method({ static: true, name: 'writeAt', params: `dataView: DataView, byteOffset: number, value: ${self} | null, selector?: ${disc.type}`, returns: 'void', body: wbody }),
    });
  } else {
    members.push({
      doc: docComment('A view of the union at `byteOffset` in `buffer`; a `RangeError` if it does not fit.'),
      code: method({ name: 'constructor', params: `buffer: ${m.rt('BufferLike', true)}, byteOffset = 0`, body: viewInit(m, u.size) }),
    });
    members.push(...renderMembers(specs, mn, c));
    members.push({ doc: docComment('The largest member, as a plain object.'), code: method({ name: 'read', returns: self, body: [`return ${view}.readAt(this.dataView, this.byteOffset);`] }) });
    members.push({ doc: docComment('Writes the member `value` holds.'), code: method({ name: 'write', params: `value: ${self}`, returns: 'void', body: [`${view}.writeAt(this.dataView, this.byteOffset, value);`] }) });
    members.push({
      doc: docComment('Reads the largest member of the union at `byteOffset` in `dataView`: `read()` without a view.'),
      code: method({
        static: true,
        name: 'readAt',
        params: 'dataView: DataView, byteOffset: number',
        returns: self,
        body: largest >= 0 ? readOf(largest) : [`throw new RangeError(${str(`${u.name} has no members`)});`],
      }),
    });
    const wbody: string[] = [];
    specs.forEach((sp, i) => wbody.push(`if (${str(mn[i].prop)} in value) {`, ...writeValue(sp, mn[i], sc, scope), 'return;', '}'));
    wbody.push(`throw ${m.rt('memberError')}(${str(u.name)}, null, undefined, null);`);
    members.push({
      doc: docComment('Writes the member `value` holds as the union at `byteOffset` in `dataView`: `write(value)` without a view.'),
      code: method({ static: true, name: 'writeAt', params: `dataView: DataView, byteOffset: number, value: ${self}`, returns: 'void', body: wbody }),
    });
  }
  out.push(render('viewClass', { doc: docComment(u.doc, where, hasNested(specs) ? NESTED_NOTE : null), name: view, base: m.rt('View', true), members }));
  return out;
}
