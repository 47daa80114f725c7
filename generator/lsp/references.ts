/**
 * Every name of a compiled program and what it means: each declaration (and each member a
 * hover can describe) and each reference the binder or the checker resolved. The answers are
 * the compiler's own (`SymbolTable.recorded*`), read after the run, never re-resolved: "go to
 * definition" goes where the compiler went.
 *
 * A declaration is keyed by its file and the offset of its name, not by its AST node, so that
 * the indexes of two documents (each compiled with its own imports) agree on what is one
 * declaration: find references looks through the index of every open document.
 */
import type * as ast from '../../grammar/ast.js';
import type { Program } from '../program/load.js';
import type { Symbol, SymbolTable } from '../program/symbols.js';
import { BUILTIN_FILE } from '../targets/builtin.js';

/** What a name can stand for. */
export type Target =
  | { readonly kind: 'decl'; readonly key: string; readonly name: ast.Ident; readonly symbol: Symbol }
  | { readonly kind: 'enum-member'; readonly key: string; readonly name: ast.Ident; readonly symbol: Symbol<ast.EnumDecl>; readonly member: ast.EnumMember }
  /** A struct field or union member. */
  | { readonly kind: 'field'; readonly key: string; readonly name: ast.Ident; readonly symbol: Symbol; readonly member: ast.FieldMember }
  /** A bit field or tag of a bit layout (`variant`: the variant it is in, or null). */
  | { readonly kind: 'bit-field'; readonly key: string; readonly name: ast.Ident; readonly symbol: Symbol<ast.BitsDecl>; readonly member: ast.BitField | ast.TagField; readonly variant: string | null };

export interface Occurrence {
  /** The identifier written here. */
  readonly span: ast.Span;
  readonly target: Target;
  /** The name in its declaration, rather than a use of it. */
  readonly declaration: boolean;
}

export function keyOf(name: ast.Ident): string {
  return `${name.span.file}#${name.span.start}`;
}

export class ReferenceIndex {
  /** Occurrences per file, in no particular order. */
  private readonly byFile = new Map<string, Occurrence[]>();

  constructor(program: Program, table: SymbolTable | null) {
    if (!table) return;
    const symbolOf = new Map<ast.Decl, Symbol>();
    // Targets and configurations are declared apart (they are global), but are declarations too.
    for (const s of [...table.symbols, ...table.targets.values(), ...table.configs.values()]) symbolOf.set(s.decl, s);
    const add = (o: Occurrence): void => {
      let list = this.byFile.get(o.span.file);
      if (!list) this.byFile.set(o.span.file, (list = []));
      list.push(o);
    };
    const declTarget = (s: Symbol): Target => ({ kind: 'decl', key: keyOf(s.decl.name), name: s.decl.name, symbol: s });
    for (const file of program.files) {
      if (file.path === BUILTIN_FILE) continue;
      for (const decl of file.decls) {
        const symbol = symbolOf.get(decl);
        // A duplicate declaration has no symbol: nothing refers to it, nor can hover describe it.
        if (symbol) {
          add({ span: decl.name.span, target: declTarget(symbol), declaration: true });
          members(symbol, add);
        }
        new References(table, declTarget, add).visit(decl);
      }
    }
  }

  occurrences(file: string): readonly Occurrence[] {
    return this.byFile.get(file) ?? [];
  }

  /** The innermost occurrence at `offset` in `file` (its end included), or null. */
  at(file: string, offset: number): Occurrence | null {
    let best: Occurrence | null = null;
    for (const o of this.occurrences(file)) {
      if (o.span.start <= offset && offset <= o.span.end && (!best || o.span.end - o.span.start < best.span.end - best.span.start)) best = o;
    }
    return best;
  }

  /** Every occurrence of `key`, declarations included. */
  of(key: string): Occurrence[] {
    const out: Occurrence[] = [];
    for (const list of this.byFile.values()) for (const o of list) if (o.target.key === key) out.push(o);
    return out;
  }
}

/** The declared members of a declaration that hover describes: enum members, fields, bit fields. */
function members(symbol: Symbol, add: (o: Occurrence) => void): void {
  const decl = symbol.decl;
  if (decl.kind === 'EnumDecl') {
    const s = symbol as Symbol<ast.EnumDecl>;
    for (const m of decl.members) add({ span: m.name.span, declaration: true, target: { kind: 'enum-member', key: keyOf(m.name), name: m.name, symbol: s, member: m } });
  } else if (decl.kind === 'StructDecl' || decl.kind === 'UnionDecl') {
    const visit = (list: readonly ast.StructMember[]): void => {
      for (const m of list) {
        if (m.kind === 'FieldMember') add({ span: m.name.span, declaration: true, target: { kind: 'field', key: keyOf(m.name), name: m.name, symbol, member: m } });
        else if (m.kind === 'IfMember') {
          visit(m.then);
          visit(m.otherwise);
        }
      }
    };
    visit(decl.members);
  } else if (decl.kind === 'BitsDecl') {
    const s = symbol as Symbol<ast.BitsDecl>;
    const visit = (list: readonly ast.BitsMember[], variant: string | null): void => {
      for (const m of list) {
        if (m.kind === 'BitField' || m.kind === 'TagField') add({ span: m.name.span, declaration: true, target: { kind: 'bit-field', key: keyOf(m.name), name: m.name, symbol: s, member: m, variant } });
        else if (m.kind === 'Variant') visit(m.members, m.name.name);
      }
    };
    visit(decl.members, null);
  }
}

/**
 * Finds the references in a declaration by walking every node of it generically, so that a
 * new kind of declaration or member needs no change here: a node is a reference when the
 * symbol table recorded an answer for it (a type, a value, or a looked-up path of names).
 */
class References {
  constructor(
    private readonly table: SymbolTable,
    private readonly declTarget: (s: Symbol) => Target,
    private readonly add: (o: Occurrence) => void,
  ) {}

  visit(root: unknown): void {
    // A loop, not recursion: an expression may nest as deep as a file is long.
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (typeof node !== 'object' || node === null) continue;
      if (Array.isArray(node)) {
        if (node.length > 0 && node.every(isIdent)) this.path(node as ast.Ident[], this.table.recordedLookup(node as ast.Ident[]));
        else stack.push(...node);
        continue;
      }
      const kind = (node as { kind?: unknown }).kind;
      if (kind === 'NamedType') {
        const t = node as ast.NamedType;
        const resolved = this.table.recordedType(t);
        this.path(t.path, resolved === undefined ? this.table.recordedLookup(t.path) : resolved?.kind === 'decl' ? resolved.symbol : null);
        continue;
      }
      if (kind === 'NameExpr') {
        const e = node as ast.NameExpr;
        const value = this.table.recordedValue(e);
        if (value?.kind === 'const') this.path(e.path, value.symbol);
        else if (value?.kind === 'member') {
          const last = e.path[e.path.length - 1];
          this.add({ span: last.span, declaration: false, target: { kind: 'enum-member', key: keyOf(value.member.name), name: value.member.name, symbol: value.symbol, member: value.member } });
          if (e.path.length > 1) this.path(e.path.slice(0, -1), value.symbol);
        } else if (value === undefined) this.path(e.path, this.table.recordedLookup(e.path));
        continue;
      }
      for (const [k, v] of Object.entries(node)) if (k !== 'span' && typeof v === 'object') stack.push(v);
    }
  }

  /** `Name` or `ns.Name`: the last segment names the declaration (the first, a namespace). */
  private path(idents: readonly ast.Ident[], symbol: Symbol | null | undefined): void {
    if (!symbol || idents.length === 0) return;
    this.add({ span: idents[idents.length - 1].span, declaration: false, target: this.declTarget(symbol) });
  }
}

function isIdent(x: unknown): boolean {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'Ident';
}
