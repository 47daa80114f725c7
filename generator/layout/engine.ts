/**
 * The layout engine: computes, for one target and configuration, every constant's value and
 * every struct's and union's bytes, following the target's C ABI as gcc implements it
 * (tests/oracle compares each result with gcc):
 *
 * - a field goes at the next multiple of its alignment: 1 in a `packed` struct, raised by
 *   `align(N)` on the field; an explicit `@offset` may skip bytes but never go back;
 * - a struct's alignment is the largest of its fields' (and its own `align(N)`), and its size
 *   is rounded up to it; a union is as large as its largest member, rounded the same way.
 */
import type * as ast from '../../grammar/ast.js';
import type { Diagnostics } from '../../grammar/diagnostics.js';
import type { CheckedProgram } from '../check/index.js';
import { declHeader, sourceFile } from '../check/rules/common.js';
import type * as ir from '../ir.js';
import { cIdent } from '../names.js';
import { Evaluator, type TargetQueries } from '../program/evaluate.js';
import type { Symbol, TypeResolution } from '../program/symbols.js';
import { unreachable } from '../util/unreachable.js';
import { attachBitFacts, bitFacts } from '../lower/bits.js';
import { placeCBitfields } from './c-bitfields.js';
import { fieldOrder } from './byte-order.js';
import { statedOrder } from '../check/rules/byte-orders.js';
import { deepFreeze } from './freeze.js';
import type { LaidOut } from './namespace-facts.js';
import { alignUp } from '../util/align.js';
import { extend } from '../util/objects.js';
import type { DeclInterner } from './intern.js';

/** Input limits: a spec asking for more is an error, never an out-of-memory. */
export const MAX_ARRAY_LENGTH = 1 << 24;
export const MAX_OBJECT_SIZE = 1 << 30;
export const MAX_ALIGN = 1 << 16;
/** Structs, unions and aliases inside one another; deeper would exhaust the stack. */
export const MAX_TYPE_NESTING = 256;

type Aggregate = ast.StructDecl | ast.UnionDecl;

export function computeLayout(
  checked: CheckedProgram,
  target: ir.Target,
  config: string | null,
  sources: readonly string[],
  diags: Diagnostics,
  interner?: DeclInterner,
): LaidOut {
  const engine = new LayoutEngine(checked, target, config, diags, interner);
  return deepFreeze(engine.run(sources));
}

class LayoutEngine implements TargetQueries {
  private readonly evaluator: Evaluator;
  private readonly aggregates = new Map<Aggregate, ir.Struct | ir.Union | null>();
  private readonly bitLayouts = new Map<ast.BitsDecl, ir.Bits | null>();
  private readonly inProgress = new Set<ast.Decl>();
  private readonly order: ir.Decl[] = [];
  private readonly placed = new Map<string, ir.Decl>();
  private readonly aliases: ir.TypeAlias[] = [];
  /** Pointers and the qname of what they point at: resolved when every declaration is placed. */
  private readonly pointers = new Map<ir.PointerType, string>();

  constructor(
    private readonly checked: CheckedProgram,
    private readonly target: ir.Target,
    private readonly config: string | null,
    private readonly diags: Diagnostics,
    private readonly interner: DeclInterner | undefined,
  ) {
    this.evaluator = new Evaluator(checked.table, diags, checked.evaluator);
    this.evaluator.attachTarget(this);
  }

  run(sources: readonly string[]): LaidOut {
    for (const symbol of this.checked.table.symbols) {
      const decl = symbol.decl;
      switch (decl.kind) {
        case 'ConstDecl': {
          const value = this.evaluator.constant(symbol as Symbol<ast.ConstDecl>);
          if (value !== null) this.place(this.shared(this.constant(symbol as Symbol<ast.ConstDecl>, value)));
          break;
        }
        case 'EnumDecl':
          this.placeEnum(decl);
          break;
        case 'BitsDecl':
          this.bits(decl);
          break;
        case 'StructDecl':
        case 'UnionDecl':
          this.aggregate(symbol as Symbol<Aggregate>);
          break;
        case 'TypeAliasDecl': {
          const type = this.typeOf(decl.type, symbol.file);
          if (type) this.aliases.push(this.alias(symbol as Symbol<ast.TypeAliasDecl>, type));
          break;
        }
        case 'TargetDecl':
        case 'ConfigDecl':
          break; // global: the symbol table keeps them apart from the namespaces
        case 'RegistersDecl':
        case 'AbiDecl':
        case 'SyscallsDecl':
        case 'SysregsDecl':
        case 'PagingDecl':
        case 'FormatDecl':
        case 'InstructionsDecl':
          break; // the same on every data model: the checker made them (Layout.machine)
        default:
          unreachable(decl);
      }
    }
    const of = <K extends ir.Decl['kind']>(kind: K) => this.order.filter((d): d is Extract<ir.Decl, { kind: K }> => d.kind === kind);
    const byName = new Map(this.order.map((d) => [d.qname, d]));
    const aliasByName = new Map(this.aliases.map((a) => [a.qname, a]));
    // The pointers' targets exist now; the IR is frozen after this, and never changes again.
    for (const [pointer, qname] of this.pointers) {
      (pointer as { pointee: ir.Decl | ir.TypeAlias | null }).pointee = byName.get(qname) ?? aliasByName.get(qname) ?? null;
    }
    return {
      target: this.target,
      config: this.config,
      sources,
      decls: this.order,
      constants: of('const'),
      enums: of('enum'),
      bits: of('bits'),
      structs: of('struct'),
      unions: of('union'),
      aliases: this.aliases,
      // A namespace may declare only machine items: it is a namespace of every layout too.
      namespaces: [...new Set([...this.order, ...this.aliases, ...machineDecls(this.checked.machine)].map((d) => d.namespace))],
      namespaceSources: namespaceSources([...this.order, ...this.aliases, ...machineDecls(this.checked.machine)]),
      byName,
      aliasByName,
    };
  }

  /**
   * The object an earlier data model made for a declaration equal to `d` (intern.ts), else
   * `d`. What `d` points at is known here if it is itself or placed already; a pointer to one
   * placed after it keeps `d` to this layout, whose pointers are set at the end.
   */
  private shared<D extends ir.Decl>(d: D): D {
    if (!this.interner) return d;
    return this.interner.intern(d, (pointer) => {
      const qname = this.pointers.get(pointer);
      if (qname === undefined) return undefined;
      return qname === d.qname ? 'self' : (this.placed.get(qname) ?? null);
    });
  }

  /** Appends a finished declaration; dependencies finish first, so the order suits C. */
  private place(d: ir.Decl): void {
    if (this.placed.has(d.qname)) return;
    this.placed.set(d.qname, d);
    this.order.push(d);
  }

  /**
   * The name of a struct or union held by a value of `t` (itself, an array's elements, or
   * their members by value) whose alignment the spec sets with `align(N)`, or null.
   */
  private alignedWithin(t: ir.Type): string | null {
    while (t.kind === 'array') t = t.element;
    if (t.kind !== 'struct' && t.kind !== 'union') return null;
    const d = this.placed.get(t.qname);
    if (!d || (d.kind !== 'struct' && d.kind !== 'union')) return null;
    if (d.explicitAlign !== null) return d.name;
    if (d.kind === 'struct' && d.fields.some((f) => f.explicitAlign !== null)) return d.name;
    const inner = d.kind === 'struct' ? d.fields.map((f) => f.type) : d.members.map((m) => m.type);
    if (d.kind === 'union' && d.members.some((m) => m.align > m.type.align)) return d.name;
    for (const it of inner) {
      const found = this.alignedWithin(it);
      if (found) return found;
    }
    return null;
  }

  private constant(symbol: Symbol<ast.ConstDecl>, value: bigint): ir.Constant {
    const type = symbol.decl.type?.path.map((p) => p.name).join('.') ?? null;
    return {
      kind: 'const',
      ...declHeader(symbol, this.checked.cName(symbol)),
      value,
      type: type as ir.PrimitiveName | null,
    };
  }

  private alias(symbol: Symbol<ast.TypeAliasDecl>, type: ir.Type): ir.TypeAlias {
    return {
      kind: 'alias',
      ...declHeader(symbol, this.checked.cName(symbol)),
      // The alias's own name is recorded on uses, not on the definition.
      type: { ...type, alias: null },
    };
  }

  private placeEnum(decl: ast.EnumDecl): ir.Enum | null {
    const e = this.checked.enums.get(decl) ?? null;
    if (e) this.place(e);
    return e;
  }

  private bits(decl: ast.BitsDecl): ir.Bits | null {
    let bits = this.bitLayouts.get(decl);
    if (bits !== undefined) return bits;
    const shape = this.checked.bits.get(decl);
    if (shape) {
      const size = (shape.wordBits / 8) * shape.words;
      // A `c_bitfields` layout's positions are the target C compiler's: lowered for them here.
      // Any other has the positions it was declared with, whose facts the checker lowered once.
      const placed = placeCBitfields(shape, this.target);
      bits = this.shared(attachBitFacts(extend(placed, { size, align: this.intAlign(shape.wordBits) }), placed === shape ? bitFacts(shape) : undefined));
      this.place(bits);
    }
    this.bitLayouts.set(decl, bits ?? null);
    return bits ?? null;
  }

  private intAlign(bits: 8 | 16 | 32 | 64): number {
    return this.target.align[`u${bits}`];
  }

  // --- types

  typeOf(ref: ast.TypeRef, file: ast.File, alias: string | null = null): ir.Type | null {
    switch (ref.kind) {
      case 'PointerType': {
        const size = this.target.pointerBits / 8;
        const pointer: ir.PointerType = { kind: 'pointer', size, align: this.target.align.ptr, alias, pointee: null };
        if (ref.pointee) {
          const p = ref.pointee.kind === 'NamedType' ? this.checked.table.resolveType(ref.pointee, file) : null;
          if (p?.kind === 'decl') this.pointers.set(pointer, p.symbol.qname);
        }
        return pointer;
      }
      case 'ArrayType': {
        const element = this.typeOf(ref.element, file);
        const length = this.evaluator.evaluate(ref.length, file);
        if (!element || length === null) return null;
        if (length < 1n || length > BigInt(MAX_ARRAY_LENGTH)) {
          this.diags.error(ref.length.span, `an array has 1 to ${MAX_ARRAY_LENGTH} elements, not ${length}`);
          return null;
        }
        const size = element.size * Number(length);
        if (size > MAX_OBJECT_SIZE) {
          this.diags.error(ref.span, `this array is ${size} bytes; objects are limited to ${MAX_OBJECT_SIZE} bytes`);
          return null;
        }
        return { kind: 'array', element, length: Number(length), size, align: element.align, alias };
      }
      case 'NamedType':
        return this.namedType(ref, file, alias);
    }
  }

  private namedType(ref: ast.NamedType, file: ast.File, alias: string | null): ir.Type | null {
    const r = this.checked.table.resolveType(ref, file);
    if (!r) return null;
    if (r.kind === 'primitive') return this.primitive(r.name, alias);
    const symbol = r.symbol;
    const decl = symbol.decl;
    switch (decl.kind) {
      case 'TypeAliasDecl': {
        if (this.inProgress.has(decl)) {
          this.diags.error(decl.name.span, `type '${symbol.name}' is defined in terms of itself`);
          return null;
        }
        if (this.tooDeep(decl, symbol.name)) return null;
        this.inProgress.add(decl);
        try {
          return this.typeOf(decl.type, symbol.file, alias ?? symbol.qname);
        } finally {
          this.inProgress.delete(decl);
        }
      }
      case 'EnumDecl': {
        const e = this.placeEnum(decl);
        if (!e) return null;
        const size = e.storageBits / 8;
        return { kind: 'enum', qname: e.qname, storageBits: e.storageBits, size, align: this.intAlign(e.storageBits), alias, decl: e };
      }
      case 'BitsDecl': {
        const b = this.bits(decl);
        return b ? { kind: 'bits', qname: b.qname, size: b.size, align: b.align, alias, decl: b } : null;
      }
      case 'StructDecl':
      case 'UnionDecl': {
        const a = this.aggregate(symbol as Symbol<Aggregate>);
        if (!a) return null;
        const common = { qname: a.qname, size: a.size, align: a.align, alias };
        return a.kind === 'struct' ? { kind: 'struct', ...common, decl: a } : { kind: 'union', ...common, decl: a };
      }
    }
  }

  private primitive(name: ir.PrimitiveName, alias: string | null): ir.IntType | ir.BoolType {
    if (name === 'bool') return { kind: 'bool', size: 1, align: 1, alias };
    const fixed = /^([ui])(8|16|32|64)$/.exec(name);
    const bits = (fixed ? Number(fixed[2]) : name.endsWith('word') ? this.target.wordBits : this.target.pointerBits) as 8 | 16 | 32 | 64;
    const signed = name.startsWith('i');
    const pointerSized = !fixed && !name.endsWith('word');
    const align = pointerSized ? this.target.align.ptr : this.intAlign(bits);
    return { kind: 'int', spelling: name, bits, signed, size: bits / 8, align, alias };
  }

  // --- structs and unions

  private aggregate(symbol: Symbol<Aggregate>): ir.Struct | ir.Union | null {
    const decl = symbol.decl;
    if (this.aggregates.has(decl)) return this.aggregates.get(decl)!;
    if (this.inProgress.has(decl)) {
      this.diags.error(decl.name.span, `'${symbol.name}' contains itself; use a pointer (ptr<${symbol.name}>) to refer to it`);
      return null;
    }
    if (this.tooDeep(decl, symbol.name)) {
      this.aggregates.set(decl, null);
      return null;
    }
    this.inProgress.add(decl);
    let result: ir.Struct | ir.Union | null = null;
    try {
      result = decl.kind === 'StructDecl' ? this.struct(symbol as Symbol<ast.StructDecl>) : this.union(symbol as Symbol<ast.UnionDecl>);
      if (result) result = this.shared(result);
    } finally {
      this.inProgress.delete(decl);
    }
    this.aggregates.set(decl, result);
    if (result) this.place(result);
    return result;
  }

  /** Each type under construction recurses into the types it uses: bound that depth. */
  private tooDeep(decl: ast.Decl, name: string): boolean {
    if (this.inProgress.size < MAX_TYPE_NESTING) return false;
    this.diags.error(decl.name.span, `'${name}' is nested too deeply: more than ${MAX_TYPE_NESTING} levels of structs, unions and type aliases`);
    return true;
  }

  /** Members present in this configuration and target, `if` blocks flattened. */
  private active(members: readonly ast.StructMember[]): (ast.FieldMember | ast.PadMember | ast.ImageEndMember)[] {
    return members.flatMap((m) => {
      if (m.kind !== 'IfMember') return [m];
      const name = m.condition.name;
      const holds = (name === this.config || name === this.target.name) !== m.negated;
      return this.active(holds ? m.then : m.otherwise);
    });
  }

  private alignAttr(expr: ast.Expr | null, file: ast.File): number | null {
    if (!expr) return null;
    const n = this.evaluator.evaluate(expr, file);
    if (n === null) return null;
    if (n < 1n || n > BigInt(MAX_ALIGN) || (n & (n - 1n)) !== 0n) {
      this.diags.error(expr.span, `align(${n}): an alignment is a power of two from 1 to ${MAX_ALIGN}`);
      return null;
    }
    return Number(n);
  }

  private struct(symbol: Symbol<ast.StructDecl>): ir.Struct | null {
    const decl = symbol.decl;
    const file = symbol.file;
    const members: ir.Member[] = [];
    const explicitAlign = this.alignAttr(decl.align, file);
    const byteOrder = statedOrder(decl.byteOrder);
    let offset = 0;
    let maxAlign = explicitAlign ?? 1;
    let imageEnd: number | null = null;
    let ok = true;
    /** The selector paths of discriminated-union fields, by index in `members`: resolved last. */
    const selectors = new Map<number, readonly ast.Ident[]>();

    for (const m of this.active(decl.members)) {
      if (m.kind === 'ImageEndMember') {
        imageEnd = offset;
        continue;
      }
      if (m.kind === 'PadMember') {
        const n = this.evaluator.evaluate(m.size, file);
        if (n === null) ok = false;
        else if (n < 1n || n > BigInt(MAX_OBJECT_SIZE)) {
          this.diags.error(m.size.span, `padding is 1 to ${MAX_OBJECT_SIZE} bytes, not ${n}`);
          ok = false;
        } else {
          members.push({ kind: 'pad', offset, size: Number(n) });
          offset += Number(n);
        }
        continue;
      }
      const type = this.typeOf(m.type, file);
      const own = this.alignAttr(m.align, file);
      if (!type) {
        ok = false;
        continue;
      }
      if (decl.packed) {
        const aligned = this.alignedWithin(type);
        if (aligned) {
          // gcc warns that the field is misaligned (-Wpacked-not-aligned), and Rust cannot
          // put a #[repr(align)] type in a #[repr(packed)] one (E0588).
          this.diags.error(
            m.name.span,
            `a packed struct cannot hold '${aligned}' by value (here in '${m.name.name}'): its alignment is set with align(N), on it or a member`,
          );
          ok = false;
        }
      }
      const align = Math.max(decl.packed ? 1 : type.align, own ?? 1);
      let at = alignUp(offset, align);
      if (m.offset) {
        const want = this.evaluator.evaluate(m.offset, file);
        if (want === null) ok = false;
        else if (want < 0n || want > BigInt(MAX_OBJECT_SIZE)) {
          this.diags.error(m.offset.span, `offset ${want} of '${m.name.name}' is out of range (0 to ${MAX_OBJECT_SIZE})`);
          ok = false;
        } else {
          if (want < BigInt(offset)) {
            this.diags.error(m.offset.span, `'${m.name.name}' at offset ${want} overlaps the previous member, which ends at ${offset}`);
            ok = false;
          } else if (want % BigInt(align) !== 0n) {
            this.diags.targetError(m.offset.span, `'${m.name.name}' at offset ${want} breaks its ${align}-byte alignment`);
            ok = false;
          } else if (want > BigInt(at)) {
            // Skipped bytes the spec does not name: a typo (`@40` for `@32`) looks just like a
            // gap meant to match a layout made elsewhere, and `pad N;` says which one it is.
            // Reported only where it holds on every layout compiled, as a gap that one target's
            // alignment explains is not the spec's doing.
            const gap = Number(want) - at;
            const previous = [...members].reverse().find((x): x is ir.Field => x.kind === 'field');
            this.diags.layoutWarning(
              m.offset.span,
              `'${m.name.name}' at offset ${want} leaves ${gap} byte${gap === 1 ? '' : 's'} unused ${previous ? `after '${previous.name}'` : `at the start of '${decl.name.name}'`} (${at}..${Number(want) - 1}); if the gap is meant, write 'pad ${gap};' before '${m.name.name}'`,
            );
          }
          // Even a rejected offset is where the spec puts the field: later offsets are checked
          // against it, so that one wrong offset is one error, not one per following field.
          at = Number(want);
        }
      }
      members.push({
        kind: 'field',
        name: m.name.name,
        cName: cIdent(m.name.name),
        doc: m.doc,
        offset: at,
        size: type.size,
        align,
        explicitAlign: own,
        type,
        selector: null,
        holds: this.checked.frames.holds.get(m) ?? null,
        byteOrder: fieldOrder(type, byteOrder ?? this.target.endian, this.target),
      });
      // A selector the checker rejected is reported: the run fails, and the field stays plain.
      if (m.selector && this.checked.selectors.has(m.selector)) selectors.set(members.length - 1, m.selector);
      offset = at + type.size;
      maxAlign = Math.max(maxAlign, align);
    }
    const size = alignUp(offset, maxAlign);
    if (size > MAX_OBJECT_SIZE) {
      this.diags.error(decl.name.span, `'${symbol.name}' is ${size} bytes; objects are limited to ${MAX_OBJECT_SIZE} bytes`);
      return null;
    }
    if (!ok) return null;
    // A selector names fields without selectors of their own (the checker sees to it), so
    // the fields it refers to are final when the fields that use it are replaced.
    for (const [i, path] of selectors) {
      const field = members[i] as ir.Field;
      const selector = this.selector(path, members.filter((m): m is ir.Field => m.kind === 'field'), symbol.name);
      if (!selector) return null;
      members[i] = extend(field, { selector });
    }
    return {
      kind: 'struct',
      ...declHeader(symbol, this.checked.cName(symbol)),
      size,
      align: maxAlign,
      packed: decl.packed,
      explicitAlign,
      members,
      fields: members.filter((m): m is ir.Field => m.kind === 'field'),
      imageEnd,
      frame: decl.kind === 'StructDecl' ? (this.checked.frames.sets.get(decl) ?? null) : null,
      byteOrder,
    };
  }

  /**
   * Resolves `by hdr.type` to the fields it goes through. The checker has followed the path
   * over every field the struct declares; here a field may be missing because an `if` left
   * it out on this layout.
   */
  private selector(path: readonly ast.Ident[], fields: readonly ir.Field[], owner: string): ir.FieldSelector | null {
    const through: ir.Field[] = [];
    let offset = 0;
    let current = fields;
    for (let i = 0; i < path.length; i++) {
      const f = current.find((x) => x.name === path[i].name);
      if (!f) {
        this.diags.targetError(path[i].span, `selector '${path.map((p) => p.name).join('.')}' names no field of '${owner}'`);
        return null;
      }
      through.push(f);
      offset += f.offset;
      const d = f.type.kind === 'struct' || f.type.kind === 'bits' ? this.placed.get(f.type.qname) : undefined;
      if (d?.kind === 'struct' && i < path.length - 1) {
        current = d.fields;
        continue;
      }
      const names = path.map((p) => p.name);
      if (d?.kind === 'bits' && i === path.length - 2) {
        const field = [...d.fields, ...(d.tag ? [d.tag] : [])].find((x) => x.name === path[i + 1].name);
        if (field) return { path: names, fields: through, offset, bitField: { bits: d, field } };
      }
      if (i === path.length - 1) return { path: names, fields: through, offset, bitField: null };
      break;
    }
    // The checker followed the path through the declarations; a part of it that did not lay
    // out (a bit layout with errors) has been reported there.
    return null;
  }

  private union(symbol: Symbol<ast.UnionDecl>): ir.Union | null {
    const decl = symbol.decl;
    const file = symbol.file;
    const explicitAlign = this.alignAttr(decl.align, file);
    const discriminant = decl.discriminant ? this.discriminantName(decl.discriminant, file) : null;
    const discriminantType = decl.discriminant ? this.typeOf(decl.discriminant, file) : null;
    const enumScope = discriminant ? this.enumSymbol(decl.discriminant!, file) : null;
    const members: ir.UnionMember[] = [];
    let size = 0;
    let maxAlign = explicitAlign ?? 1;
    let ok = true;
    for (const m of this.active(decl.members)) {
      if (m.kind !== 'FieldMember') continue; // pad / image_end in a union: reported by the checker
      const type = this.typeOf(m.type, file);
      const own = this.alignAttr(m.align, file);
      if (!type) {
        ok = false;
        continue;
      }
      const align = Math.max(type.align, own ?? 1);
      const when = m.when.map((e) => this.evaluator.evaluate(e, file, enumScope)).filter((v): v is bigint => v !== null);
      members.push({ name: m.name.name, cName: cIdent(m.name.name), doc: m.doc, type, size: type.size, align, when });
      size = Math.max(size, type.size);
      maxAlign = Math.max(maxAlign, align);
    }
    if (!ok) return null;
    return {
      kind: 'union',
      ...declHeader(symbol, this.checked.cName(symbol)),
      size: alignUp(size, maxAlign),
      align: maxAlign,
      explicitAlign,
      discriminant,
      discriminantType: discriminantType?.kind === 'enum' || discriminantType?.kind === 'int' ? discriminantType : null,
      members,
    };
  }

  private discriminantName(type: ast.NamedType, file: ast.File): string | null {
    const r = this.discriminantType(type, file);
    if (!r) return null;
    return r.kind === 'primitive' ? r.name : r.symbol.qname;
  }

  private enumSymbol(type: ast.NamedType, file: ast.File): Symbol<ast.EnumDecl> | null {
    const r = this.discriminantType(type, file);
    return r?.kind === 'decl' && r.symbol.decl.kind === 'EnumDecl' ? (r.symbol as Symbol<ast.EnumDecl>) : null;
  }

  /**
   * The discriminant's type through aliases, as the checker sees it (`type K = CapType;
   * union U : K` is chosen by CapType, and `when` names CapType's members).
   */
  private discriminantType(type: ast.NamedType, file: ast.File): TypeResolution | null {
    let r = this.checked.table.resolveType(type, file);
    for (let depth = 0; r?.kind === 'decl' && r.symbol.decl.kind === 'TypeAliasDecl' && depth < 32; depth++) {
      const target = r.symbol.decl.type;
      if (target.kind !== 'NamedType') break;
      r = this.checked.table.resolveType(target, r.symbol.file);
    }
    return r;
  }

  // --- TargetQueries, for sizeof/alignof/offsetof in constant expressions

  sizeof(type: ast.TypeRef, file: ast.File): number | null {
    return this.typeOf(type, file)?.size ?? null;
  }

  alignof(type: ast.TypeRef, file: ast.File): number | null {
    return this.typeOf(type, file)?.align ?? null;
  }

  /** Whether struct or union `qname` declares field `name` in any configuration or target. */
  private declaresField(qname: string, name: string): boolean {
    const symbol = this.checked.table.symbols.find((s) => s.qname === qname);
    const has = (members: readonly ast.StructMember[]): boolean =>
      members.some((m) => (m.kind === 'FieldMember' && m.name.name === name) || (m.kind === 'IfMember' && (has(m.then) || has(m.otherwise))));
    return symbol !== undefined && (symbol.decl.kind === 'StructDecl' || symbol.decl.kind === 'UnionDecl') && has(symbol.decl.members);
  }

  offsetof(type: ast.TypeRef, path: readonly ast.Ident[], file: ast.File): number | null {
    const start = this.typeOf(type, file);
    if (start === null) return null; // reported: no "not inside a struct" on top
    let t: ir.Type = start;
    let offset = 0;
    for (const seg of path) {
      const qname: string | null = t.kind === 'struct' || t.kind === 'union' ? t.qname : null;
      const agg = qname ? this.placed.get(qname) : undefined;
      if (!agg || (agg.kind !== 'struct' && agg.kind !== 'union')) {
        this.diags.error(seg.span, `offsetof: '${seg.name}' is not inside a struct or union`);
        return null;
      }
      const field = agg.kind === 'struct' ? agg.fields.find((f) => f.name === seg.name) : agg.members.find((m) => m.name === seg.name);
      if (!field) {
        // Name the targets when the field exists elsewhere (inside an `if`), even where it
        // is missing on every target laid out; otherwise the message is true of the spec.
        const message = `offsetof: '${agg.name}' has no field '${seg.name}'`;
        if (this.declaresField(agg.qname, seg.name)) this.diags.targetError(seg.span, message);
        else this.diags.error(seg.span, message);
        return null;
      }
      offset += 'offset' in field ? field.offset : 0;
      t = field.type;
    }
    return offset;
  }
}

/** The spec files (`source` without its line) that declare in each namespace, sorted. */
function namespaceSources(decls: readonly { readonly namespace: string; readonly source: string }[]): Map<string, readonly string[]> {
  const files = new Map<string, Set<string>>();
  for (const d of decls) {
    let set = files.get(d.namespace);
    if (!set) files.set(d.namespace, (set = new Set()));
    set.add(sourceFile(d.source));
  }
  return new Map([...files].map(([ns, set]) => [ns, [...set].sort()]));
}

/** Every machine declaration of the program (of every target). */
function machineDecls(m: ir.Machine): readonly { readonly namespace: string; readonly source: string }[] {
  return [...m.registerSets, ...m.abis, ...m.syscallTables, ...m.sysregs, ...m.paging];
}
