/**
 * Structs and unions, per target and configuration: the interface of the plain value, and a
 * view class over a `DataView` and a byte offset (no copying) with a getter and setter per
 * field at its offset in the target's byte order. Nested structs, unions and bit layouts are
 * nested views; array elements are reached with `fieldAt(i)`; a discriminated union field
 * gives the member its selector picks. Offsets, sizes and byte order are literals.
 *
 * Whole values are read and written by static `readAt(dataView, byteOffset)` and
 * `writeAt(dataView, byteOffset, value)` (which `read()` and `write()` call), with no view
 * objects in between. Writing is all or nothing: static `check(value)` (its statements inline
 * in a struct's `writeAt`) checks the whole value, naming the path of what it refuses, before
 * a module-private store function (`storeCapability`) writes every byte, padding and a union's
 * bytes its member does not cover as zero.
 */
import type * as ir from '../../ir.js';
import { OBJECT_PROTOTYPE_NAMES } from '../../names.js';
import { operand, rangeCheck, readField } from './bitcode.js';
import { VIEW_RESERVED, bitsModel } from './bits-model.js';
import { readChunk, viewFields, viewInit } from './bits-view.js';
import { enumCaseLabel } from './constants.js';
import type { ModuleWriter } from './module.js';
import { NameScope, big, docComment, ident, num, objectLines, str, upperFirst } from './naming.js';
import { method, render } from './templates.js';
import { arrayShape, enumOf, isBigEnum, isLeaf, valueType } from './types.js';
import { extend } from '../../util/objects.js';

type Leaf = ir.IntType | ir.BoolType | ir.PointerType | ir.EnumRefType;

interface Ctx {
  readonly layout: ir.Layout;
  readonly m: ModuleWriter;
  /** The `littleEndian` argument of the DataView calls the code makes: `true`, `false`, or `runtimeLe`. */
  readonly le: string;
  /** The order a struct of `byte_order(runtime)` was given: its view's field, or its static method's parameter. */
  readonly runtimeLe: string;
  /** The declaration's spec name, for messages. */
  readonly typeName: string;
  /** The fields of the struct the code is for (none for unions): where a selector's path starts. */
  readonly selfFields: readonly ir.Field[];
  /** The `DataView` and the offset the code works at: a view's own, or a static method's parameters. */
  readonly dv: string;
  readonly base: string;
}

/** Code in instance members works on the view's fields. */
const SELF = { dv: 'this.dataView', base: 'this.byteOffset', runtimeLe: 'this.littleEndian' } as const;
/** Code in static `readAt`/`writeAt` works on its parameters. */
const PARAMS = { dv: 'dataView', base: 'byteOffset', runtimeLe: 'littleEndian' } as const;

/** `c` for code reading or writing scalars stored in `order` (a field's, ir.Field.byteOrder). */
function inOrder(c: Ctx, order: ir.ByteOrder): Ctx {
  const le = order === 'runtime' ? c.runtimeLe : String(order === 'little');
  return le === c.le ? c : extend(c, { le });
}

/** The order a bit layout's words are in, as the `littleEndian` argument (the checker sees that it is known). */
function bitsLe(bits: ir.Bits, layout: ir.Layout): boolean {
  return (bits.byteOrder ?? layout.target.endian) === 'little';
}

/** True for a struct whose view is given its byte order (`byte_order(runtime)`). */
function runtimeOrdered(t: ir.Type): boolean {
  return t.kind === 'struct' && t.decl.byteOrder === 'runtime';
}

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
  // An enum of up to 53 bits in 8 bytes is a number: storage holding more is refused, not rounded.
  else e = s.big ? `${dv}.getBig${sign}64(${at}, ${c.le})` : `${c.m.rt('numberFrom64')}(${dv}.getBig${sign}64(${at}, ${c.le}), ${str(c.typeName)})`;
  return t.kind === 'enum' ? `${e} as ${c.m.ref(t.qname, 'base', true)}` : e;
}

/**
 * The statement checking leaf value `v` (a name); `field` is the field's path in messages, as an
 * expression (a string literal, or a template literal naming array indices).
 */
function leafCheck(t: Leaf, v: string, field: string, c: Ctx): string {
  if (t.kind === 'bool') return `if (typeof ${v} !== 'boolean') throw ${c.m.rt('boolError')}(${str(c.typeName)}, ${field}, ${v});`;
  const s = storage(t, c);
  const { bad, args } = rangeCheck({ valueWidth: s.width, shift: 0, signed: s.signed }, s.big ? 'bigint' : 'number', v);
  return `if (${bad}) throw ${c.m.rt('rangeError')}(${str(c.typeName)}, ${field}, ${v}, ${args});`;
}

/** The statement writing leaf value `v` (an expression, already checked) at `at`. */
function leafStore(t: Leaf, at: string, v: string, c: Ctx): string {
  const dv = c.dv;
  if (t.kind === 'bool') return `${dv}.setUint8(${at}, ${v} ? 1 : 0);`;
  const s = storage(t, c);
  const sign = s.signed ? 'Int' : 'Uint';
  if (s.bits === 8) return `${dv}.set${sign}8(${at}, ${v});`;
  if (s.bits < 64) return `${dv}.set${sign}${s.bits}(${at}, ${v}, ${c.le});`;
  return `${dv}.setBig${sign}64(${at}, ${s.big ? v : `BigInt(${v})`}, ${c.le});`;
}

/** Statements checking `v` (a name) and writing it as a leaf at `at`: a setter's body. */
function leafSet(t: Leaf, at: string, field: string, c: Ctx, v = 'value'): string[] {
  return [leafCheck(t, v, field, c), leafStore(t, at, v, c)];
}

/**
 * Statements setting `size` bytes at `offset` (from the base `c` works at) to zero: stores of 4,
 * 2 and 1 bytes up to 16 bytes (V8 compiles each to one move), else one `zeroBytes` call.
 */
function zeroStores(offset: number, size: number, c: Ctx): string[] {
  if (size <= 0) return [];
  if (size > 16) return [`${c.m.rt('zeroBytes')}(${c.dv}, ${at(offset, c)}, ${size});`];
  const out: string[] = [];
  for (let off = offset; off < offset + size; ) {
    const n = offset + size - off >= 4 ? 4 : offset + size - off >= 2 ? 2 : 1;
    out.push(`${c.dv}.setUint${n * 8}(${at(off, c)}, 0);`);
    off += n;
  }
  return out;
}

/** The byte ranges of `[0, size)` no member covers: padding, and a union's bytes past its member. */
function gaps(size: number, covered: readonly { offset: number; size: number }[]): { offset: number; size: number }[] {
  const out: { offset: number; size: number }[] = [];
  let pos = 0;
  for (const r of [...covered].sort((a, b) => a.offset - b.offset)) {
    if (r.offset > pos) out.push({ offset: pos, size: r.offset - pos });
    pos = Math.max(pos, r.offset + r.size);
  }
  if (pos < size) out.push({ offset: pos, size: size - pos });
  return out;
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

/** What `write` does, for struct views. */
const WRITE_DOC =
  'Writes every field from a plain object, all or nothing: `check(value)` first (a `RangeError` naming the type and the path of the field at fault, whatever `value` holds), then every byte of the struct, padding and the bytes a union member does not cover as zero.';

/** What `check` does, for struct views. */
const CHECK_DOC =
  'Throws the error `writeAt` would for `value`, and returns if it would write it: a `FieldRangeError` naming the path of a field whose value does not fit or is not of its type (`Process.capReg[3].payload.oid`), an object or array that is missing or not one, an array of the wrong length or with a hole; a `TagError` for a union member its selector does not pick. Fields are checked in spec order, unions last.';

/** How nested views behave, for the docs of classes that give them out. */
const NESTED_NOTE =
  'Nested views (structs, unions, bit layouts, array elements) are made once per view and follow it: each access moves the nested view to this view\'s current position. To keep one, construct a view of its own over `v.dataView` at `v.byteOffset`.';

/** The note on a union member's nested view getter that refuses an unpicked member. */
const REFUSED_VIEW = ' A `TagError` if the selector picks another member (writing through the view would set it); `read()` reads the picked one.';

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
  /** The order its scalars are stored in (ir.Field.byteOrder; a union's members: the target's). */
  readonly order: ir.ByteOrder;
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

/**
 * Getters and setters of every member. `guard(i)` gives statements a setter of member `i` runs
 * first (a union's member setter refuses a member its selector does not pick), and so does the
 * getter of a nested view: the view is how that member is written, so a union gives out only
 * the view of the member its selector picks.
 */
function renderMembers(specs: readonly MemberSpec[], names: readonly MemberNames[], c: Ctx, guard: (i: number) => string[] = () => []): { doc: string; code: string }[] {
  const out: { doc: string; code: string }[] = [];
  const outer = c;
  specs.forEach((s, i) => {
    const c = inOrder(outer, s.order);
    const n = names[i];
    const doc = docComment(s.doc, placeDoc(s.offset, s.type));
    const t = s.type;
    if (isLeaf(t)) {
      const type = valueType(t, c.layout, c.m);
      out.push({ doc, code: method({ kind: 'get', name: n.accessor, returns: type, body: [`return ${leafGet(t, at(s.offset, c), c)};`] }) });
      out.push({ doc: '', code: method({ kind: 'set', name: n.accessor, params: `value: ${type}`, body: [...guard(i), ...leafSet(t, at(s.offset, c), str(s.name), c)] }) });
      return;
    }
    if (t.kind !== 'array') {
      // Nested views are made once per parent view (out of line, so that the getter stays small
      // enough for V8 to inline) and moved with it: no allocation per access.
      const view = viewOf(t, c)!;
      out.push({ doc: '', code: `#${n.accessor}: ${view} | undefined;` });
      out.push({
        doc: docComment(s.doc, `${placeDoc(s.offset, s.type)}${guard(i).length ? REFUSED_VIEW : ''}`),
        code: method({
          kind: 'get',
          name: n.accessor,
          returns: view,
          body: [
            ...guard(i),
            `const view = this.#${n.accessor} ?? (this.#${n.accessor} = ${makeView(t, view, at(s.offset, c), c)});`,
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
    // `typeof` first: `>>>` would throw a TypeError for a bigint.
    const checks = dims.map((len, d) => `if (typeof ${idx[d]} !== 'number' || ${idx[d]} >>> 0 !== ${idx[d]} || ${idx[d]} >= ${len}) throw ${c.m.rt('indexError')}(${str(c.typeName)}, ${str(s.name)}, ${idx[d]}, ${len});`);
    const where = elementAt(s, c);
    const params = idx.map((v) => `${v}: number`).join(', ');
    const refused = !isLeaf(element) && guard(i).length ? REFUSED_VIEW : '';
    const elDoc = docComment(s.doc, `${placeDoc(s.offset, t)} Element ${idx.map((v) => `[${v}]`).join('')}; a \`RangeError\` if an index is out of bounds.${refused}`);
    if (isLeaf(element)) {
      const type = valueType(element, c.layout, c.m);
      out.push({ doc: elDoc, code: method({ name: n.at!, params, returns: type, body: [...checks, `return ${leafGet(element, where, c)};`] }) });
      out.push({
        doc: docComment(`Sets element ${idx.map((v) => `[${v}]`).join('')} of ${s.name}; a \`RangeError\` if an index is out of bounds or the value does not fit.`),
        code: method({ name: n.setAt!, params: `${params}, value: ${type}`, returns: 'void', body: [...checks, ...guard(i), ...leafSet(element, where, elementPath(s.name, idx), c)] }),
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
            ...guard(i),
            `const at = ${where};`,
            `let view = this.#${n.at}[${flat}];`,
            `if (view === undefined) this.#${n.at}[${flat}] = view = ${makeView(element, view, 'at', c)};`,
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

/** The expression making a nested view: one of `byte_order(runtime)` is given this view's order. */
function makeView(t: ir.Type, view: string, where: string, c: Ctx): string {
  return runtimeOrdered(t) ? `${c.m.rt('makeOrderedView')}(${view}, this.dataView, ${where}, ${c.runtimeLe})` : `${c.m.rt('makeView')}(${view}, this.dataView, ${where})`;
}

/** An array element's path in messages, as a template literal: `` `capReg[${i}]` ``. */
function elementPath(name: string, idx: readonly string[]): string {
  return `\`${name}${idx.map((v) => `[\${${v}}]`).join('')}\``;
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

/** `XView.readAt(dataView, at[, selector][, littleEndian])`: a nested value read by its own type. */
function nestedRead(t: ir.Type, where: string, selector: MemberSpec['selector'], c: Ctx): string {
  return `${viewOf(t, c)}.readAt(${[c.dv, where, ...(selector ? [selector(c)] : []), ...(runtimeOrdered(t) ? [c.le] : [])].join(', ')})`;
}

/** An expression reading a member's whole value (in static `readAt`). */
function readValue(s: MemberSpec, outer: Ctx): string {
  const c = inOrder(outer, s.order);
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
 * Statements checking a member's whole value (in static `check`), naming the member's path in
 * what they throw: leaves here, nested values by their own type's `check`, in `try` so that
 * `within` prefixes this type and the member's path to what they throw (nothing is spent on
 * paths until something throws). `selector` is the expression of a discriminated union's
 * selector value. `scope` gives locals.
 */
function checkValue(s: MemberSpec, n: MemberNames, c: Ctx, scope: NameScope, selector: string | null, from = 'value', locals?: Map<MemberSpec, string>): string[] {
  const t = s.type;
  const src = `${from}.${n.prop}`;
  if (isLeaf(t)) {
    const local = scope.claim(ident(n.prop));
    locals?.set(s, local);
    return [`const ${local} = ${src};`, leafCheck(t, local, str(s.name), c)];
  }
  if (t.kind !== 'array') return nestedCheck(t, src, str(s.name), selector, c);
  const { dims, element } = arrayShape(t);
  const idx = indexNames(dims);
  const out: string[] = [];
  const close: string[] = [];
  let cur = src;
  dims.forEach((len, d) => {
    const arr = scope.claim(d === 0 ? ident(n.prop) : `${ident(n.prop)}${d}`);
    if (d === 0) locals?.set(s, arr);
    const path = d === 0 ? str(s.name) : elementPath(s.name, idx.slice(0, d));
    // Any array-like of the right length (a typed array too); a hole reads as `undefined`,
    // which the element's check refuses.
    out.push(`const ${arr} = ${cur};`);
    out.push(`if (typeof ${arr} !== 'object' || ${arr} === null || ${arr}.length !== ${len}) throw ${c.m.rt('lengthError')}(${str(c.typeName)}, ${path}, ${arr}, ${len});`);
    out.push(`for (let ${idx[d]} = 0; ${idx[d]} < ${len}; ${idx[d]}++) {`);
    close.push('}');
    cur = `${arr}[${idx[d]}]`;
  });
  if (isLeaf(element)) {
    const local = scope.claim(`${ident(n.prop)}Element`);
    out.push(`const ${local} = ${cur};`, leafCheck(element, local, elementPath(s.name, idx), c));
  } else out.push(...nestedCheck(element, `${cur}!`, elementPath(s.name, idx), selector, c));
  out.push(...close);
  return out;
}

/** Checking a nested bit layout, struct or union value by its own type's `check`. */
function nestedCheck(t: ir.Type, v: string, path: string, selector: string | null, c: Ctx): string[] {
  const call = t.kind === 'bits' ? `${c.m.ref(t.qname)}.check(${v});` : `${viewOf(t, c)}.check(${[v, ...(selector ? [selector] : [])].join(', ')});`;
  return ['try {', call, '} catch (e) {', `throw ${c.m.rt('within')}(e, ${str(c.typeName)}, ${path});`, '}'];
}

/**
 * Statements storing a member's whole value, which `check` accepted (in a store function): leaves
 * here, bit layouts by their view's `writeAt` (which encodes every word before it writes),
 * structs and unions by their store function (their `writeAt` when declared in another module).
 */
function storeValue(s: MemberSpec, n: MemberNames, outer: Ctx, scope: NameScope, from = 'value', local?: string): string[] {
  const c = inOrder(outer, s.order);
  const t = s.type;
  const src = local ?? `${from}.${n.prop}`;
  if (isLeaf(t)) return [leafStore(t, at(s.offset, c), src, c)];
  if (t.kind !== 'array') return [nestedStore(t, at(s.offset, c), src, c)];
  const { dims, element } = arrayShape(t);
  const idx = indexNames(dims);
  const out: string[] = [];
  const close: string[] = [];
  let cur = src;
  dims.forEach((len, d) => {
    // The array `check` read into a local already (`local`), else a local of its own.
    const arr = d === 0 && local ? local : scope.claim(d === 0 ? ident(n.prop) : `${ident(n.prop)}${d}`);
    if (arr !== local) out.push(`const ${arr} = ${cur};`);
    out.push(`for (let ${idx[d]} = 0; ${idx[d]} < ${len}; ${idx[d]}++) {`);
    close.push('}');
    cur = `${arr}[${idx[d]}]!`;
  });
  const where = elementAt(s, c);
  out.push(isLeaf(element) ? leafStore(element, where, cur, c) : nestedStore(element, where, cur, c));
  out.push(...close);
  return out;
}

function nestedStore(t: ir.Type, where: string, v: string, c: Ctx): string {
  const own = t.kind === 'struct' || t.kind === 'union' ? c.m.storeOf(t.qname) : null;
  const order = runtimeOrdered(t) ? `, ${c.le}` : '';
  return own ? `${own}(${c.dv}, ${where}, ${v}${order});` : `${viewOf(t, c)}.writeAt(${c.dv}, ${where}, ${v}${order});`;
}

/** True when a value of `t` holds the struct or union `qname` (directly or as array elements). */
/**
 * The structs and unions that a struct or union of `decls` (one module's) holds, directly or
 * in an array: the ones whose store function the module's other stores call. Found once per
 * module, not per struct (that was a pass over every declaration for each struct).
 */
export function heldTypes(decls: readonly ir.Decl[]): Set<string> {
  const held = new Set<string>();
  const add = (t: ir.Type): void => {
    if (t.kind === 'array') add(t.element);
    else if (t.kind === 'struct' || t.kind === 'union') held.add(t.qname);
  };
  for (const d of decls) {
    if (d.kind === 'struct') for (const f of d.fields) add(f.type);
    if (d.kind === 'union') for (const x of d.members) add(x.type);
  }
  return held;
}

/**
 * A selector's value read from the plain value (`value.hdr.type`), for `check`: the fields on its
 * path are structs and bit layouts, which `check` has checked before it checks unions.
 */
function selectorFromValue(sel: ir.FieldSelector, c: Ctx, from = 'value'): string {
  let e = from;
  let fields: readonly ir.Field[] | null = null;
  for (const f of sel.fields) {
    const props = new NameScope(OBJECT_PROTOTYPE_NAMES);
    const siblings = fields ?? c.selfFields;
    const prop = siblings.map((x) => props.claim(x.name))[siblings.indexOf(f)];
    e = `${e}.${prop}`;
    fields = f.type.kind === 'struct' ? f.type.decl.fields : null;
  }
  if (sel.bitField) {
    const slot = bitsModel(sel.bitField.bits, c.layout).slots.find((x) => x.field === sel.bitField!.field)!;
    e = `${e}.${slot.prop}`;
  }
  return e;
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
    return readField(field, (k) => operand(readChunk(bits, bitsLe(bits, c.layout), k, c.dv, where)), c.m.rt, cast);
  }
  if (isLeaf(last.type)) return leafGet(last.type, where, inOrder(c, last.byteOrder));
  // The checker and the layout engine admit only paths that end at a value.
  throw new Error(`internal error: selector ${sel.path.join('.')} does not name a value`);
}

// ---------------------------------------------------------------------------
// Structs

const STRUCT_RESERVED: ReadonlySet<string> = VIEW_RESERVED;

export function renderStruct(s: ir.Struct, layout: ir.Layout, m: ModuleWriter, held: ReadonlySet<string>): string[] {
  const order = s.byteOrder ?? layout.target.endian;
  // A struct of runtime order: its view holds the order it was given (`littleEndian`), and its
  // static methods and store function take it as their last parameter.
  const runtime = order === 'runtime';
  const c: Ctx = inOrder({ layout, m, le: '', typeName: s.name, selfFields: s.fields, ...SELF }, order);
  const sc: Ctx = inOrder(extend(c, PARAMS), order);
  const orderParam = runtime ? ['littleEndian'] : [];
  const orderArg = runtime ? ', this.littleEndian' : '';
  const names = m.plan.names.get(s.qname)!;
  const specs: MemberSpec[] = s.fields.map((f) => ({
    name: f.name,
    doc: f.doc,
    offset: f.offset,
    type: f.type,
    selector: f.selector ? (cc: Ctx) => selectorExpr(f.selector!, cc) : null,
    order: f.byteOrder,
  }));
  const mn = memberNames(specs, runtime ? new Set([...STRUCT_RESERVED, 'littleEndian']) : STRUCT_RESERVED);
  const props = specs.map((sp, i) => ({
    doc: docComment(sp.doc),
    name: mn[i].prop,
    optional: false,
    type: valueType(sp.type, layout, m),
  }));
  const self = names.base;
  const view = names.view!;
  const stated = s.byteOrder === null ? '' : runtime ? ' (byte_order(runtime))' : ` (byte_order(${s.byteOrder}), on every target)`;
  const where = `In this layout: ${s.size} bytes, aligned to ${s.align}${s.packed ? ' (packed)' : ''}, ${runtime ? 'in the byte order given to the view' : `${order}-endian`}${stated}.`;

  const members: { doc: string; code: string }[] = [];
  members.push({ doc: docComment('Size in bytes.'), code: `static readonly SIZE = ${s.size};` });
  members.push({ doc: docComment('Alignment in bytes.'), code: `static readonly ALIGN = ${s.align};` });
  if (s.imageEnd !== null) members.push({ doc: docComment('Bytes an image stores: the offset of `image_end`.'), code: `static readonly IMAGE_END = ${s.imageEnd};` });
  members.push(...viewFields('struct'));
  if (runtime) {
    members.push({ doc: docComment('The byte order the struct is read and written in (nested views of runtime order get it too).'), code: 'readonly littleEndian: boolean;' });
    // Without an order, the target's: the struct as C declares it (emitters/c/declarations.ts).
    const targetLe = String(layout.target.endian === 'little');
    members.push({
      doc: docComment(`A view of the struct at \`byteOffset\` in \`buffer\`, in the byte order \`order\` gives (\`{ littleEndian: false }\`; without one, this target's, ${layout.target.endian}-endian); a \`RangeError\` if it does not fit.`),
      code: method({
        name: 'constructor',
        params: `buffer: ${m.rt('BufferLike', true)}, byteOffset = 0, order?: ${m.rt('ByteOrderOption', true)}`,
        body: [...viewInit(m, s.size), `this.littleEndian = order === undefined ? ${targetLe} : order.littleEndian === true;`],
      }),
    });
  } else {
    members.push({
      doc: docComment('A view of the struct at `byteOffset` in `buffer`; a `RangeError` if it does not fit.'),
      code: method({ name: 'constructor', params: `buffer: ${m.rt('BufferLike', true)}, byteOffset = 0`, body: viewInit(m, s.size) }),
    });
  }
  members.push(...renderMembers(specs, mn, c));
  members.push({
    doc: docComment('Reads every field into a plain object.'),
    code: method({ name: 'read', returns: self, body: [`return ${view}.readAt(this.dataView, this.byteOffset${orderArg});`] }),
  });
  members.push({
    doc: docComment(WRITE_DOC),
    code: method({ name: 'write', params: `value: ${self}`, returns: 'void', body: [`${view}.writeAt(this.dataView, this.byteOffset, value${orderArg});`] }),
  });
  // Static readAt/writeAt read each selector once, into a local named like its field.
  const staticSpecs = (scope: NameScope, fields: ReadonlySet<number> | null = null): { specs: MemberSpec[]; selectors: string[] } => {
    const locals = new Map<string, string>();
    const selectors: string[] = [];
    const out = s.fields.map((f, i) => {
      if (!f.selector || (fields && !fields.has(i))) return specs[i];
      const key = f.selector.path.join('.');
      let local = locals.get(key);
      if (!local) {
        local = scope.claim(ident(f.selector.path[f.selector.path.length - 1]));
        locals.set(key, local);
        selectors.push(`const ${local} = ${selectorExpr(f.selector, sc)};`);
      }
      const name = local;
      return extend(specs[i], { selector: () => name });
    });
    return { specs: out, selectors };
  };
  const reading = staticSpecs(m.localScope(['dataView', 'byteOffset', ...orderParam]));
  const readEntries = reading.specs.map((sp, i) => `${mn[i].prop}: ${readValue(sp, sc)}`);
  members.push({
    doc: docComment(`Reads the struct at \`byteOffset\` in \`dataView\` into a plain object: \`read()\` without a view.`),
    code: method({
      static: true,
      name: 'readAt',
      params: `dataView: DataView, byteOffset: number${runtime ? `, littleEndian = ${layout.target.endian === 'little'}` : ''}`,
      returns: self,
      body: [...reading.selectors, ...objectLines('return ', readEntries, ';')],
    }),
  });
  // check: leaves and nested values in spec order, unions last: the fields on a selector's
  // path (structs and bit layouts) are then checked, and its value can be read from `value`.
  const checkStatements = (fixed: readonly string[], locals?: Map<MemberSpec, string>, fields: readonly number[] = specs.map((_, i) => i)) => {
    const checkScope = m.localScope(fixed);
    const selectorLocals = new Map<string, string>();
    const checks: string[] = [`if (typeof value !== 'object' || value === null) throw ${m.rt('objectError')}(${str(s.name)}, '', value);`];
    const order = [...fields].sort((a, b) => Number(specs[a].type.kind === 'union') - Number(specs[b].type.kind === 'union'));
    for (const i of order) {
      const f = s.fields[i];
      let selector: string | null = null;
      if (f.selector) {
        const key = f.selector.path.join('.');
        selector = selectorLocals.get(key) ?? null;
        if (!selector) {
          selector = checkScope.claim(ident(f.selector.path[f.selector.path.length - 1]));
          selectorLocals.set(key, selector);
          checks.push(`const ${selector} = ${selectorFromValue(f.selector, sc)};`);
        }
      }
      checks.push(...checkValue(specs[i], mn[i], sc, checkScope, selector, 'value', locals));
    }
    return { checks, scope: checkScope };
  };
  const { checks } = checkStatements(['value', 'e']);
  members.push({
    doc: docComment(CHECK_DOC),
    code: method({ static: true, name: 'check', params: `value: ${self}`, returns: 'void', body: checks }),
  });
  // The stores: members and padding in offset order. Leaves and arrays from the locals the
  // checks read them into, if any.
  const storeStatements = (scope: NameScope, locals?: Map<MemberSpec, string>, fields: readonly number[] = specs.map((_, i) => i), size = s.size) =>
    [
      ...fields.map((i) => ({ offset: specs[i].offset, lines: storeValue(specs[i], mn[i], sc, scope, 'value', locals?.get(specs[i])) })),
      ...gaps(size, fields.map((i) => ({ offset: specs[i].offset, size: specs[i].type.size }))).map((g) => ({ offset: g.offset, lines: zeroStores(g.offset, g.size, sc) })),
    ]
      .sort((a, b) => a.offset - b.offset)
      .flatMap((p) => p.lines);
  // writeAt: the checks of `check` and the stores of the store function in one body, each leaf
  // read once. (Calling both took 1.5x the time of hand-written code with the same checks on
  // case 3b of `npm run bench`.)
  const writtenLocals = new Map<MemberSpec, string>();
  const written = extend(checkStatements(['dataView', 'byteOffset', 'value', 'e', ...orderParam], writtenLocals), { locals: writtenLocals });
  members.push({
    doc: docComment(`Writes \`value\` as the struct at \`byteOffset\` in \`dataView\`: \`write(value)\` without a view.`),
    code: method({
      static: true,
      name: 'writeAt',
      params: `dataView: DataView, byteOffset: number, value: ${self}${runtime ? `, littleEndian = ${layout.target.endian === 'little'}` : ''}`,
      returns: 'void',
      body: [...written.checks, ...storeStatements(written.scope, written.locals)],
    }),
  });
  /**
   * What an image stores of a struct with `image_end`: the fields before it, written (checked as
   * `writeAt` checks, padding zeroed) and read in the first IMAGE_END bytes, so that a writer
   * needs no buffer of the full size and never touches what follows (a process's register set).
   */
  function storedMembers(): { doc: string; code: string }[] {
    const end = s.imageEnd;
    if (end === null) return [];
    const fields = specs.map((_, i) => i).filter((i) => specs[i].offset < end);
    // A selector that starts at a field after image_end cannot be read from what is stored: no
    // stored form then.
    const storedNames = new Set(fields.map((i) => s.fields[i].name));
    if (fields.some((i) => s.fields[i].selector && !storedNames.has(s.fields[i].selector!.path[0]!))) return [];
    const type = names.stored!;
    const locals = new Map<MemberSpec, string>();
    const checked = { ...checkStatements(['dataView', 'byteOffset', 'value', 'e', ...orderParam], locals, fields) };
    const readScope = staticSpecs(m.localScope(['dataView', 'byteOffset', ...orderParam]), new Set(fields));
    const orderSig = runtime ? `, littleEndian = ${layout.target.endian === 'little'}` : '';
    return [
      {
        doc: docComment(`Writes what an image stores of the struct (the fields before \`image_end\`, the first IMAGE_END bytes) at \`byteOffset\` in \`dataView\`, checked as \`writeAt\` checks them; nothing after IMAGE_END is written.`),
        code: method({
          static: true,
          name: 'writeStoredAt',
          params: `dataView: DataView, byteOffset: number, value: ${type}${orderSig}`,
          returns: 'void',
          body: [...checked.checks, ...storeStatements(checked.scope, locals, fields, end)],
        }),
      },
      {
        doc: docComment(`Reads what an image stores of the struct (the fields before \`image_end\`) at \`byteOffset\` in \`dataView\`, which needs to hold only IMAGE_END bytes there.`),
        code: method({
          static: true,
          name: 'readStoredAt',
          params: `dataView: DataView, byteOffset: number${orderSig}`,
          returns: type,
          body: [...readScope.selectors, ...objectLines('return ', fields.map((i) => `${mn[i].prop}: ${readValue(readScope.specs[i], sc)}`), ';')],
        }),
      },
    ];
  }
  members.push(...storedMembers());
  const storeScope = m.localScope(['dataView', 'byteOffset', 'value', ...orderParam]);
  const pieces = storeStatements(storeScope);
  // The store function is for the stores of types holding this one in this module: none, none.
  const nested = held.has(s.qname);
  const store = render('storeFunction', {
    doc: docComment(`Writes a {@link ${self}} that \`${view}.check\` accepted at \`byteOffset\` in \`dataView\`, padding as zero: the second half of \`${view}.writeAt\`.`),
    name: names.store!,
    type: self,
    body: pieces,
    runtimeOrder: runtime,
  });
  const storedProps = s.imageEnd === null ? [] : props.filter((_, i) => specs[i].offset < s.imageEnd!);
  return [
    render('interface', { doc: docComment(s.doc, `The plain value of a {@link ${view}}.`), name: self, extends: '', props }),
    ...(names.stored ? [render('interface', { doc: docComment(`What an image stores of a {@link ${self}}: its fields before \`image_end\` (\`${view}.writeStoredAt\`, \`readStoredAt\`).`), name: names.stored, extends: '', props: storedProps })] : []),
    render('viewClass', { doc: docComment(s.doc, where, hasNested(specs) ? NESTED_NOTE : null), name: view, base: m.rt('View', true), members }),
    ...(nested ? [store] : []),
  ];
}

// ---------------------------------------------------------------------------
// Unions

export function renderUnion(u: ir.Union, layout: ir.Layout, m: ModuleWriter): string[] {
  // A union has the target's order (check/rules/byte-orders.ts): so have its members' scalars.
  const c: Ctx = inOrder({ layout, m, le: '', typeName: u.name, selfFields: [], ...SELF }, layout.target.endian);
  const sc: Ctx = inOrder(extend(c, PARAMS), layout.target.endian);
  const names = m.plan.names.get(u.qname)!;
  const self = names.base;
  const view = names.view!;
  const specs: MemberSpec[] = u.members.map((mem) => ({ name: mem.name, doc: mem.doc, offset: 0, type: mem.type, selector: null, order: layout.target.endian }));
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
  const checkScope = m.localScope(['value', 'selector', 'selected', 'e']);
  const storeScope = m.localScope(['dataView', 'byteOffset', 'value']);
  /** `check`'s statements for the member `value` holds: the first, in declaration order, as the store writes it. */
  const checkMembers = (discriminated: boolean): string[] => {
    const body = [`if (typeof value !== 'object'${discriminated ? '' : ' || value === null'}) throw ${m.rt('objectError')}(${str(u.name)}, '', value, ${str(`an object holding a member of ${u.name}${discriminated ? ', or null' : ''}`)});`];
    specs.forEach((sp, i) => {
      body.push(`if (${str(mn[i].prop)} in value) {`);
      if (discriminated && u.members[i].when.length) {
        body.push(`if (selected !== undefined && selected !== ${str(mn[i].prop)}) throw ${m.rt('memberError')}(${str(u.name)}, ${str(mn[i].prop)}, selector, selected);`);
      }
      body.push(...checkValue(sp, mn[i], sc, checkScope.fork(), null), 'return;', '}');
    });
    body.push(`throw ${m.rt('memberError')}(${str(u.name)}, null, ${discriminated ? 'selector' : 'undefined'}, ${discriminated ? 'selected ?? null' : 'null'});`);
    return body;
  };

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
    // A member's setter refuses a member the selector does not pick, as `write` does, and so
    // does the getter of a member's nested view (writing through it is setting the member).
    const guard = (i: number) =>
      u.members[i].when.length
        ? [
            `if (this.#selector !== undefined && ${view}.memberFor(this.#selector) !== ${str(mn[i].prop)}) throw ${m.rt('memberError')}(${str(u.name)}, ${str(mn[i].prop)}, this.#selector, ${view}.memberFor(this.#selector)${isLeaf(specs[i].type) || (specs[i].type.kind === 'array' && isLeaf(arrayShape(specs[i].type).element)) ? '' : ', true'});`,
          ]
        : [];
    members.push(...renderMembers(specs, mn, c, guard));
    members.push({
      doc: docComment('The member the selector picks, as a plain object (null if it picks none); without a selector, the largest member.'),
      code: method({ name: 'read', returns: `${self} | null`, body: [`return ${view}.readAt(this.dataView, this.byteOffset, this.#selector);`] }),
    });
    members.push({
      doc: docComment(
        'Writes the member `value` holds, all or nothing (see `check`): a `TagError` if the selector picks another member (members without `when` may always be written), or if `value` is null and the selector picks one. The bytes the member does not cover (all of them for null) are written as zero.',
      ),
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
    const cbody = [`const selected = selector === undefined ? undefined : ${view}.memberFor(selector);`];
    cbody.push(`if (value === null) {`, `if (selected) throw ${m.rt('memberError')}(${str(u.name)}, null, selector, selected);`, 'return;', '}');
    cbody.push(...checkMembers(true));
    members.push({
      doc: docComment(
        'Throws the error `writeAt` would for `value` and a selector value, and returns if it would write it: a `TagError` if the member is not the one the selector picks (or `value` is null and the selector picks one, or holds no member), a `FieldRangeError` naming the member\'s path if a value does not fit or is not of its type.',
      ),
      code: method({ static: true, name: 'check', params: `value: ${self} | null, selector?: ${disc.type}`, returns: 'void', body: cbody }),
    });
    members.push({
      doc: docComment('Writes `value` as the union at `byteOffset` in `dataView` as `write(value)` does, for a selector value: `write(value)` without a view.'),
      code: method({
        static: true,
        name: 'writeAt',
        params: `dataView: DataView, byteOffset: number, value: ${self} | null, selector?: ${disc.type}`,
        returns: 'void',
        body: [`${view}.check(value, selector);`, `${names.store!}(dataView, byteOffset, value);`],
      }),
    });
  } else {
    members.push({
      doc: docComment('A view of the union at `byteOffset` in `buffer`; a `RangeError` if it does not fit.'),
      code: method({ name: 'constructor', params: `buffer: ${m.rt('BufferLike', true)}, byteOffset = 0`, body: viewInit(m, u.size) }),
    });
    members.push(...renderMembers(specs, mn, c));
    members.push({ doc: docComment('The largest member, as a plain object.'), code: method({ name: 'read', returns: self, body: [`return ${view}.readAt(this.dataView, this.byteOffset);`] }) });
    members.push({
      doc: docComment('Writes the member `value` holds, all or nothing (see `check`); the bytes it does not cover are written as zero.'),
      code: method({ name: 'write', params: `value: ${self}`, returns: 'void', body: [`${view}.writeAt(this.dataView, this.byteOffset, value);`] }),
    });
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
    members.push({
      doc: docComment(
        'Throws the error `writeAt` would for `value`, and returns if it would write it: a `TagError` if it holds no member, a `FieldRangeError` naming the member\'s path if a value does not fit or is not of its type.',
      ),
      code: method({ static: true, name: 'check', params: `value: ${self}`, returns: 'void', body: checkMembers(false) }),
    });
    members.push({
      doc: docComment('Writes the member `value` holds as the union at `byteOffset` in `dataView`: `write(value)` without a view.'),
      code: method({
        static: true,
        name: 'writeAt',
        params: `dataView: DataView, byteOffset: number, value: ${self}`,
        returns: 'void',
        body: [`${view}.check(value);`, `${names.store!}(dataView, byteOffset, value);`],
      }),
    });
  }
  out.push(render('viewClass', { doc: docComment(u.doc, where, hasNested(specs) ? NESTED_NOTE : null), name: view, base: m.rt('View', true), members }));
  // The store: the first member `value` holds (the one `check` accepted), then zeros.
  const sbody: string[] = disc ? ['if (value === null) {', ...zeroStores(0, u.size, sc), 'return;', '}'] : [];
  specs.forEach((sp, i) => {
    sbody.push(`if (${str(mn[i].prop)} in value) {`, ...storeValue(sp, mn[i], sc, storeScope.fork()), ...zeroStores(sp.type.size, u.size - sp.type.size, sc), 'return;', '}');
  });
  out.push(
    render('storeFunction', {
      doc: docComment(`Writes a {@link ${self}} that \`${view}.check\` accepted at \`byteOffset\` in \`dataView\`, the bytes its member does not cover as zero: the second half of \`${view}.writeAt\`.`),
      name: names.store!,
      type: disc ? `${self} | null` : self,
      body: sbody,
    }),
  );
  return out;
}
