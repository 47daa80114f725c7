/**
 * The symbol table: every declaration of the program under its namespace, and the scope
 * rules that turn a written name into a declaration.
 *
 * A name is looked up in the file's own namespace (which may span several files), then in
 * the namespaces of the files it imports; `ns.Name` names a namespace explicitly. Targets and
 * configurations are global: they are selected on the command line, not imported.
 */
import * as path from 'node:path';
import type * as ast from '../../grammar/ast.js';
import type { Diagnostics } from '../../grammar/diagnostics.js';
import type { PrimitiveName } from '../ir.js';
import type { Program } from './load.js';
import { didYouMeanName } from './suggest.js';

export type DeclKind = ast.Decl['kind'];

export interface Symbol<D extends ast.Decl = ast.Decl> {
  readonly name: string;
  readonly qname: string;
  readonly namespace: string;
  readonly file: ast.File;
  readonly decl: D;
}

export const PRIMITIVES: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>([
  'u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64', 'bool',
  'uword', 'iword', 'usize', 'isize', 'uptr',
]);

/**
 * System call argument kinds that are not types: written where a type goes (`fd`, `cstr`,
 * `bytes(count)`) in a syscall table, and only there.
 */
export const SYSCALL_KINDS: ReadonlySet<string> = new Set(['fd', 'cstr', 'bytes']);

/** `u0`, `i65`, `u007`: spelled like a bit width, but not a valid one (nor a primitive). */
export function isBadBitWidth(name: string): boolean {
  return /^[ui][0-9]+$/.test(name) && !parseBitWidthType(name) && !PRIMITIVES.has(name as PrimitiveName);
}

export function badBitWidthMessage(name: string): string {
  return `'${name}' is not a valid width: uN and iN take N from 1 to 64`;
}

/** `u6`, `i12`: the bit-width types enums and bit fields use. */
export function parseBitWidthType(name: string): { signed: boolean; width: number } | null {
  const m = /^([ui])([1-9][0-9]?)$/.exec(name);
  if (!m) return null;
  const width = Number(m[2]);
  return width <= 64 ? { signed: m[1] === 'i', width } : null;
}

export type TypeResolution =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName }
  | { readonly kind: 'decl'; readonly symbol: Symbol<ast.TypeAliasDecl | ast.EnumDecl | ast.BitsDecl | ast.StructDecl | ast.UnionDecl> };

export type ValueResolution =
  | { readonly kind: 'const'; readonly symbol: Symbol<ast.ConstDecl> }
  | { readonly kind: 'member'; readonly symbol: Symbol<ast.EnumDecl>; readonly member: ast.EnumMember };

const TYPE_KINDS: ReadonlySet<DeclKind> = new Set(['TypeAliasDecl', 'EnumDecl', 'BitsDecl', 'StructDecl', 'UnionDecl']);

export class SymbolTable {
  readonly symbols: Symbol[] = [];
  readonly targets = new Map<string, Symbol<ast.TargetDecl>>();
  readonly configs = new Map<string, Symbol<ast.ConfigDecl>>();
  private readonly namespaces = new Map<string, Map<string, Symbol>>();
  private readonly visible = new Map<ast.File, readonly string[]>();
  /**
   * Every reference is resolved once (the linker's rule): each written name is an AST node,
   * and its resolution, with its diagnostics, is recorded on first use. The checker and every
   * layout then get the same answer, and a misspelt name is one error, not one per target.
   */
  private readonly lookups = new Map<readonly ast.Ident[], Symbol | null>();
  private readonly types = new Map<ast.NamedType, TypeResolution | null>();
  private readonly values = new Map<ast.NameExpr, { readonly scope: Symbol<ast.EnumDecl> | null; readonly result: ValueResolution | null }>();

  constructor(
    readonly program: Program,
    private readonly diags: Diagnostics,
  ) {
    const nsOfFile = new Map<string, string>();
    for (const file of program.files) nsOfFile.set(file.path, namespaceOf(file));
    for (const file of program.files) {
      const own = namespaceOf(file);
      const imported = (program.imports.get(file.path) ?? []).map((f) => nsOfFile.get(f)).filter((n): n is string => !!n);
      this.visible.set(file, [own, ...new Set(imported.filter((n) => n !== own))]);
      for (const decl of file.decls) this.declare(file, own, decl);
    }
  }

  private declare(file: ast.File, namespace: string, decl: ast.Decl): void {
    const name = decl.name.name;
    const symbol: Symbol = { name, qname: `${namespace}.${name}`, namespace, file, decl };
    if (decl.kind === 'TargetDecl' || decl.kind === 'ConfigDecl') {
      const table: Map<string, Symbol> = decl.kind === 'TargetDecl' ? this.targets : this.configs;
      const clash = this.targets.get(name) ?? this.configs.get(name);
      if (clash) {
        this.diags.error(decl.name.span, `'${name}' is already declared as a ${clash.decl.kind === 'TargetDecl' ? 'target' : 'configuration'}`, [
          { message: 'first declared here', span: clash.decl.name.span },
        ]);
        return;
      }
      table.set(name, symbol);
      return;
    }
    if (PRIMITIVES.has(name as PrimitiveName) || parseBitWidthType(name)) {
      this.diags.error(decl.name.span, `'${name}' is a built-in type name and cannot be redeclared`);
      return;
    }
    let scope = this.namespaces.get(namespace);
    if (!scope) this.namespaces.set(namespace, (scope = new Map()));
    const previous = scope.get(name);
    if (previous) {
      this.diags.error(decl.name.span, `duplicate declaration of '${name}' in namespace '${namespace}'`, [
        { message: 'first declared here', span: previous.decl.name.span },
      ]);
      return;
    }
    scope.set(name, symbol);
    this.symbols.push(symbol);
  }

  /** Finds the declaration a (possibly qualified) name refers to, reporting failures. */
  lookup(pathIdents: readonly ast.Ident[], file: ast.File, what: string): Symbol | null {
    if (this.lookups.has(pathIdents)) return this.lookups.get(pathIdents)!;
    const found = this.lookupOnce(pathIdents, file, what);
    this.lookups.set(pathIdents, found);
    return found;
  }

  private lookupOnce(pathIdents: readonly ast.Ident[], file: ast.File, what: string): Symbol | null {
    const namespaces = this.visible.get(file) ?? [];
    if (pathIdents.length > 2) {
      this.diags.error(pathIdents[2].span, `unexpected '.${pathIdents[2].name}': a name is 'Name' or 'namespace.Name'`);
      return null;
    }
    if (pathIdents.length === 2) {
      const [ns, name] = pathIdents;
      if (!namespaces.includes(ns.name)) {
        const known = this.namespaces.has(ns.name);
        // `S.x` where S is a struct (or a constant...): say what S is rather than "unknown".
        const local = known ? null : this.findIn(namespaces, ns.name);
        if (local && local !== 'ambiguous') {
          const kind = describe(local.decl.kind);
          const message =
            local.decl.kind === 'EnumDecl' ? `'${ns.name}.${name.name}' is an enum member, not a ${what}`
            : what === 'constant' ? `'${ns.name}' is a ${kind}, not a namespace or an enum`
            : `'${ns.name}' is a ${kind}, not a namespace`;
          this.diags.error(local.decl.kind === 'EnumDecl' ? name.span : ns.span, message);
          return null;
        }
        this.diags.error(ns.span, known ? `namespace '${ns.name}' is not imported here` : `unknown namespace '${ns.name}'`);
        return null;
      }
      const symbol = this.namespaces.get(ns.name)?.get(name.name);
      if (!symbol) this.diags.error(name.span, `unknown ${what} '${ns.name}.${name.name}'${didYouMeanName(name.name, this.namespaces.get(ns.name)?.keys() ?? [], false)}`);
      return symbol ?? null;
    }
    const found = this.findIn(namespaces, pathIdents[0].name);
    if (found === 'ambiguous') {
      this.diags.error(pathIdents[0].span, `'${pathIdents[0].name}' is ambiguous: qualify it with its namespace`);
      return null;
    }
    if (!found) {
      const name = pathIdents[0].name;
      const visible = namespaces.flatMap((ns) => [...(this.namespaces.get(ns)?.keys() ?? [])]);
      const types = what === 'type';
      this.diags.error(pathIdents[0].span, `unknown ${what} '${name}'${didYouMeanName(name, types ? [...visible, ...PRIMITIVES] : visible, types)}`);
    }
    return found;
  }

  private findIn(namespaces: readonly string[], name: string): Symbol | 'ambiguous' | null {
    const own = this.namespaces.get(namespaces[0])?.get(name);
    if (own) return own;
    const hits = namespaces.slice(1).map((ns) => this.namespaces.get(ns)?.get(name)).filter((s): s is Symbol => !!s);
    if (hits.length > 1) return 'ambiguous';
    return hits[0] ?? null;
  }

  /** Resolves a type name: a primitive, or an alias/enum/bits/struct/union declaration. */
  resolveType(type: ast.NamedType, file: ast.File): TypeResolution | null {
    if (this.types.has(type)) return this.types.get(type)!;
    const resolved = this.resolveTypeOnce(type, file);
    this.types.set(type, resolved);
    return resolved;
  }

  private resolveTypeOnce(type: ast.NamedType, file: ast.File): TypeResolution | null {
    if (type.path.length === 1 && PRIMITIVES.has(type.path[0].name as PrimitiveName)) {
      return { kind: 'primitive', name: type.path[0].name as PrimitiveName };
    }
    if (type.path.length === 1 && isBadBitWidth(type.path[0].name)) {
      this.diags.error(type.span, badBitWidthMessage(type.path[0].name));
      return null;
    }
    if (type.path.length === 1 && parseBitWidthType(type.path[0].name)) {
      this.diags.error(type.span, `'${type.path[0].name}' is a bit-field width; in a struct use u8, u16, u32 or u64`);
      return null;
    }
    const symbol = this.lookup(type.path, file, 'type');
    if (!symbol) return null;
    if (!TYPE_KINDS.has(symbol.decl.kind)) {
      this.diags.error(type.span, `'${symbol.name}' is a ${describe(symbol.decl.kind)}, not a type`);
      return null;
    }
    return { kind: 'decl', symbol: symbol as Extract<TypeResolution, { kind: 'decl' }>['symbol'] };
  }

  /**
   * Resolves a value name: a constant, or an enum member (`CapType.Page`). `enumScope` lets
   * bare member names stand alone where an enum is expected (`when Page, CapPage`).
   */
  resolveValue(expr: ast.NameExpr, file: ast.File, enumScope: Symbol<ast.EnumDecl> | null): ValueResolution | null {
    // An expression is always read in the same scope; the scope is part of the key only so
    // that a caller that got it wrong gets a fresh answer rather than another scope's.
    const known = this.values.get(expr);
    if (known && known.scope === enumScope) return known.result;
    const result = this.resolveValueOnce(expr, file, enumScope);
    this.values.set(expr, { scope: enumScope, result });
    return result;
  }

  private resolveValueOnce(expr: ast.NameExpr, file: ast.File, enumScope: Symbol<ast.EnumDecl> | null): ValueResolution | null {
    if (enumScope && expr.path.length === 1) {
      const member = enumScope.decl.members.find((m) => m.name.name === expr.path[0].name);
      if (member) return { kind: 'member', symbol: enumScope, member };
    }
    // `Enum.Member` or `ns.Enum.Member`: the last segment may be a member of the rest.
    const head = expr.path.length > 1 ? this.tryLookup(expr.path.slice(0, -1), file) : null;
    if (head && head.decl.kind === 'EnumDecl') {
      const last = expr.path[expr.path.length - 1];
      const member = head.decl.members.find((m) => m.name.name === last.name);
      if (!member) {
        this.diags.error(last.span, `enum '${head.name}' has no member '${last.name}'`);
        return null;
      }
      return { kind: 'member', symbol: head as Symbol<ast.EnumDecl>, member };
    }
    const symbol = this.lookup(expr.path, file, 'constant');
    if (!symbol) return null;
    if (symbol.decl.kind !== 'ConstDecl') {
      this.diags.error(expr.span, `'${symbol.name}' is a ${describe(symbol.decl.kind)}, not a constant`);
      return null;
    }
    return { kind: 'const', symbol: symbol as Symbol<ast.ConstDecl> };
  }

  /**
   * What the binder and the checker recorded for a reference, without resolving anything
   * (so without reporting): undefined when the reference was never resolved. Tools that
   * answer questions about a compiled program (the language server) read these, so that
   * "go to definition" agrees with what the compiler meant.
   */
  recordedType(type: ast.NamedType): TypeResolution | null | undefined {
    return this.types.get(type);
  }

  recordedLookup(pathIdents: readonly ast.Ident[]): Symbol | null | undefined {
    return this.lookups.get(pathIdents);
  }

  recordedValue(expr: ast.NameExpr): ValueResolution | null | undefined {
    return this.values.get(expr)?.result;
  }

  /** Like lookup, but silent: used to probe whether a prefix names an enum. */
  private tryLookup(pathIdents: readonly ast.Ident[], file: ast.File): Symbol | null {
    const namespaces = this.visible.get(file) ?? [];
    if (pathIdents.length === 2) return namespaces.includes(pathIdents[0].name) ? this.namespaces.get(pathIdents[0].name)?.get(pathIdents[1].name) ?? null : null;
    if (pathIdents.length !== 1) return null;
    const found = this.findIn(namespaces, pathIdents[0].name);
    return found === 'ambiguous' ? null : found;
  }
}

/** The namespace of a file: its `namespace` declaration, else its base name. */
export function namespaceOf(file: ast.File): string {
  return file.namespace?.name ?? path.basename(file.path).replace(/\.cdl$/, '').replace(/[^A-Za-z0-9_]/g, '_');
}

export function describe(kind: DeclKind): string {
  switch (kind) {
    case 'ConstDecl': return 'constant';
    case 'TypeAliasDecl': return 'type alias';
    case 'EnumDecl': return 'enum';
    case 'BitsDecl': return 'bit layout';
    case 'StructDecl': return 'struct';
    case 'UnionDecl': return 'union';
    case 'ConfigDecl': return 'configuration';
    case 'TargetDecl': return 'target';
    case 'RegistersDecl': return 'register set';
    case 'AbiDecl': return 'syscall ABI';
    case 'SyscallsDecl': return 'syscall table';
    case 'SysregsDecl': return 'system register set';
    case 'PagingDecl': return 'paging scheme';
    case 'FormatDecl': return 'instruction format';
    case 'InstructionsDecl': return 'instruction set';
  }
}
