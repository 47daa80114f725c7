/**
 * Structs and unions, the target-independent part: unique member names, `if` conditions that
 * name a configuration or target, `image_end` used once and at the top level, `when` values
 * that fit the discriminant and select one member each, and `by` selectors that name a field
 * of the discriminant's type. Offsets and sizes are the layout engine's business.
 */
import type * as ast from '../../../grammar/ast.js';
import { parseBitWidthType, type Symbol, type TypeResolution } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import type { Validated } from './registry.js';

type Aggregate = ast.StructDecl | ast.UnionDecl;

export function checkAggregate(symbol: Symbol<Aggregate>, ctx: CheckContext, out: Validated): void {
  const decl = symbol.decl;
  const isUnion = decl.kind === 'UnionDecl';
  const discriminant = isUnion ? unionDiscriminant(symbol as Symbol<ast.UnionDecl>, ctx) : null;
  const whenSeen = new Map<bigint, ast.FieldMember>();
  let imageEnd: ast.ImageEndMember | null = null;

  const walk = (members: readonly ast.StructMember[], names: Map<string, ast.Ident>, nested: boolean): void => {
    for (const m of members) {
      switch (m.kind) {
        case 'FieldMember':
          declareName(m.name, names, symbol.name, ctx);
          checkField(m, symbol, ctx, isUnion, discriminant, whenSeen, out);
          break;
        case 'PadMember':
          if (isUnion) ctx.diags.error(m.span, "a union has no padding of its own: 'pad' belongs in structs");
          break;
        case 'ImageEndMember':
          if (isUnion) ctx.diags.error(m.span, "'image_end' belongs in structs, not unions");
          else if (nested) ctx.diags.error(m.span, "'image_end' cannot be conditional: put it outside 'if'");
          else if (imageEnd) ctx.diags.error(m.span, "'image_end' appears twice", [{ message: 'first here', span: imageEnd.span }]);
          else imageEnd = m;
          break;
        case 'IfMember': {
          const name = m.condition.name;
          if (!ctx.table.configs.has(name) && !ctx.table.targets.has(name)) {
            ctx.diags.error(m.condition.span, `unknown configuration or target '${name}' (declare it with 'config ${name};')`);
          }
          // Each branch sees the names declared before the `if`; the branches may share names.
          const thenNames = new Map(names);
          walk(m.then, thenNames, true);
          const elseNames = new Map(names);
          walk(m.otherwise, elseNames, true);
          for (const [k, v] of [...thenNames, ...elseNames]) if (!names.has(k)) names.set(k, v);
          break;
        }
      }
    }
  };
  walk(decl.members, new Map(), false);
  // Members dropped after a syntax error are not missing: the syntax error says it all.
  if (decl.members.length === 0 && !ctx.diags.hasErrorIn(decl.span)) ctx.diags.error(decl.name.span, `${isUnion ? 'union' : 'struct'} '${symbol.name}' has no members`);
}

function declareName(name: ast.Ident, names: Map<string, ast.Ident>, owner: string, ctx: CheckContext): void {
  const clash = names.get(name.name);
  if (clash) {
    ctx.diags.error(name.span, `duplicate member '${name.name}' in '${owner}'`, [{ message: 'first declared here', span: clash.span }]);
    return;
  }
  names.set(name.name, name);
}

interface Discriminant {
  /** The enum whose members `when` may name, if the discriminant is an enum. */
  readonly enumSymbol: Symbol<ast.EnumDecl> | null;
  /** The qname of the enum, or the primitive spelling. */
  readonly key: string;
  readonly width: number;
  readonly signed: boolean;
}

/** The discriminant of a union; `report` is false where another union's is read (its own check reports it). */
function unionDiscriminant(symbol: Symbol<ast.UnionDecl>, ctx: CheckContext, report = true): Discriminant | null {
  const type = symbol.decl.discriminant;
  if (!type) return null;
  const resolved = resolveThroughAliases(ctx.table.resolveType(type, symbol.file), ctx);
  if (!resolved) return null;
  if (resolved.kind === 'primitive' && /^[ui](8|16|32|64)$/.test(resolved.name)) {
    return { enumSymbol: null, key: resolved.name, width: Number(resolved.name.slice(1)), signed: resolved.name.startsWith('i') };
  }
  if (resolved.kind === 'decl' && resolved.symbol.decl.kind === 'EnumDecl') {
    const e = resolved.symbol as Symbol<ast.EnumDecl>;
    // The enum's own width and signedness (`enum E : i8`); a bad base is the enum rule's to report.
    const base = e.decl.base.path.length === 1 ? parseBitWidthType(e.decl.base.path[0].name) : null;
    return { enumSymbol: e, key: e.qname, width: base?.width ?? 64, signed: base?.signed ?? false };
  }
  if (report) ctx.diags.error(type.span, "a union's discriminant is an enum or an integer type (u8..u64, i8..i64)");
  return null;
}

function checkField(
  m: ast.FieldMember,
  owner: Symbol<Aggregate>,
  ctx: CheckContext,
  inUnion: boolean,
  discriminant: Discriminant | null,
  whenSeen: Map<bigint, ast.FieldMember>,
  out: Validated,
): void {
  if (inUnion && m.offset) ctx.diags.error(m.offset.span, 'union members all start at offset 0: an explicit offset is not allowed here');
  if (m.when.length > 0) {
    if (!inUnion) ctx.diags.error(m.when[0].span, "'when' belongs on the members of a union with a discriminant");
    else if (!discriminant) ctx.diags.error(m.when[0].span, `'when' needs a discriminant: declare the union as 'union ${owner.name} : EnumType'`);
    else checkWhen(m, owner, ctx, discriminant, whenSeen);
  }
  if (m.selector && inUnion) {
    // In a union the selector would share storage with the member it selects.
    ctx.diags.error(m.selector[0].span, "'by' belongs on struct fields: a union member cannot name a selector");
  } else if (m.selector && checkSelector(m, owner, ctx)) out.selectors.add(m.selector);
}

function checkWhen(m: ast.FieldMember, owner: Symbol<Aggregate>, ctx: CheckContext, d: Discriminant, seen: Map<bigint, ast.FieldMember>): void {
  for (const e of m.when) {
    const v = ctx.evaluator.evaluate(e, owner.file, d.enumSymbol);
    if (v === null) continue;
    // Signedness from the type, not from its spelling: an enum's qname may start with 'i'.
    const [lo, hi] = d.signed ? [-(1n << BigInt(d.width - 1)), (1n << BigInt(d.width - 1)) - 1n] : [0n, (1n << BigInt(d.width)) - 1n];
    if (v < lo || v > hi) {
      ctx.diags.error(e.span, `value ${v} does not fit the discriminant (${lo} to ${hi})`);
      continue;
    }
    const other = seen.get(v);
    if (other) {
      ctx.diags.error(e.span, `value ${v} already selects member '${other.name.name}'`, [{ message: `'${other.name.name}'`, span: other.name.span }]);
      continue;
    }
    seen.set(v, m);
  }
}

/** `payload: CapPayload by hdr.type;`: whether the selector names a value of the discriminant's type. */
function checkSelector(m: ast.FieldMember, owner: Symbol<Aggregate>, ctx: CheckContext): boolean {
  const selector = m.selector!;
  const union = m.type.kind === 'NamedType' ? resolveThroughAliases(ctx.table.resolveType(m.type, owner.file), ctx) : null;
  if (m.type.kind === 'NamedType' && !union) return false; // an unknown type, already reported
  const unionDecl = union?.kind === 'decl' && union.symbol.decl.kind === 'UnionDecl' ? (union.symbol as Symbol<ast.UnionDecl>) : null;
  if (!unionDecl || !unionDecl.decl.discriminant) {
    ctx.diags.error(selector[0].span, `'by' selects a member of a union with a discriminant; '${m.name.name}' is not such a union`);
    return false;
  }
  const d = unionDiscriminant(unionDecl, ctx, false);
  if (!d) return false;
  const found = findSelected(selector, owner, ctx);
  if (!found) return false;
  if (found !== d.key && !(d.enumSymbol === null && found.startsWith('int:'))) {
    // Types by their plain names (`Kind`), qualified only when the plain names are the same.
    const plain = (key: string): string => key.replace(/^int:/, '').replace(/^.*\./, '');
    const [is, want] = plain(found) === plain(d.key) ? [found.replace(/^int:/, ''), d.key] : [plain(found), plain(d.key)];
    ctx.diags.error(selector[selector.length - 1].span, `the selector '${selector.map((s) => s.name).join('.')}' is ${is}, but '${unionDecl.name}' is chosen by ${want}`);
    return false;
  }
  return true;
}

/**
 * Follows a selector path through this struct's fields, bit layouts and nested structs.
 * Returns a key comparable with a discriminant: an enum qname, or `int:<spelling>`.
 */
function findSelected(path: readonly ast.Ident[], owner: Symbol<Aggregate>, ctx: CheckContext): string | null {
  let members: readonly ast.StructMember[] | null = owner.decl.members;
  let bits: Symbol<ast.BitsDecl> | null = null;
  let file = owner.file;
  let result: string | null = null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const shown = path.slice(0, i + 1).map((p) => p.name).join('.');
    if (bits) {
      const f = bitsFields(bits.decl.members).find((b) => b.name.name === seg.name);
      if (!f) {
        ctx.diags.error(seg.span, `selector '${shown}' names no field: '${bits.name}' has no field '${seg.name}'`);
        return null;
      }
      if (i !== path.length - 1) {
        ctx.diags.error(path[i + 1].span, `'${seg.name}' is a bit field and has no fields of its own`);
        return null;
      }
      if (!f.type) return 'int:an untyped bit field';
      // `k: u2` or `flag: bool`: a width, not a declared type; looking it up would report
      // "unknown type 'u2'".
      const written = f.type.path.map((p) => p.name).join('.');
      if (f.type.path.length === 1 && (written === 'bool' || parseBitWidthType(written))) return `int:${written}`;
      const t = ctx.table.lookup(f.type.path, bits.file, 'type');
      if (!t) return null;
      return t.decl.kind === 'EnumDecl' ? t.qname : `int:${written}`;
    }
    const field: ast.FieldMember | undefined = members ? allFields(members).find((f) => f.name.name === seg.name) : undefined;
    if (!field) {
      ctx.diags.error(seg.span, `selector '${shown}' names no field of '${owner.name}'`);
      return null;
    }
    if (field.type.kind !== 'NamedType') {
      ctx.diags.error(seg.span, `selector '${shown}' must name an integer, enum, bit-layout or struct field`);
      return null;
    }
    const resolved = resolveThroughAliases(ctx.table.resolveType(field.type, file), ctx);
    if (!resolved) return null;
    if (resolved.kind === 'primitive') result = `int:${resolved.name}`;
    else if (resolved.symbol.decl.kind === 'EnumDecl') result = resolved.symbol.qname;
    else if (resolved.symbol.decl.kind === 'BitsDecl') {
      bits = resolved.symbol as Symbol<ast.BitsDecl>;
      result = null;
    } else if (resolved.symbol.decl.kind === 'StructDecl') {
      members = resolved.symbol.decl.members;
      file = resolved.symbol.file;
      result = null;
    } else {
      // A union (which member is live is not known) or an alias of an array or a pointer.
      ctx.diags.error(seg.span, `selector '${shown}' must name an integer, enum, bit-layout or struct field`);
      return null;
    }
    if (i === path.length - 1 && result === null) {
      ctx.diags.error(seg.span, `selector '${shown}' must end at an integer or enum field`);
      return null;
    }
    if (i < path.length - 1 && result !== null) {
      ctx.diags.error(path[i + 1].span, `'${seg.name}' has no fields of its own`);
      return null;
    }
  }
  return result;
}

function allFields(members: readonly ast.StructMember[]): ast.FieldMember[] {
  return members.flatMap((m) =>
    m.kind === 'FieldMember' ? [m] : m.kind === 'IfMember' ? [...allFields(m.then), ...allFields(m.otherwise)] : [],
  );
}

function bitsFields(members: readonly ast.BitsMember[]): (ast.BitField | ast.TagField)[] {
  return members.flatMap((m) =>
    m.kind === 'BitField' || m.kind === 'TagField' ? [m] : m.kind === 'Variant' ? bitsFields(m.members) : [],
  );
}

/**
 * Follows `type A = B;` chains to the underlying type (alias cycles are the layout's to
 * report). An alias of an array or pointer type is returned as the alias itself, so that
 * callers reject it like any other type of the wrong kind (returning null would be taken
 * for "already reported" and let it pass silently).
 */
export function resolveThroughAliases(r: TypeResolution | null, ctx: CheckContext): TypeResolution | null {
  for (let depth = 0; r && r.kind === 'decl' && r.symbol.decl.kind === 'TypeAliasDecl' && depth < 32; depth++) {
    const target = r.symbol.decl.type;
    if (target.kind !== 'NamedType') return r;
    r = ctx.table.resolveType(target, r.symbol.file);
  }
  return r;
}
