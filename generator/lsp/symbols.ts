/**
 * The outline of a document (namespace, declarations, their members) and completion items
 * (declared names, built-in types, keywords).
 *
 * Members are found generically: any element of one of a node's lists that has a `name`
 * identifier is a child, and one without (an `if` block, a pattern group) lends its own
 * children; so a new kind of member shows in the outline without a change here.
 */
import { CompletionItemKind, SymbolKind, type CompletionItem, type DocumentSymbol } from 'vscode-languageserver';
import type * as ast from '../../grammar/ast.js';
import { keywords, keywordText } from '../../grammar/tokens.js';
import { describe, PRIMITIVES, type DeclKind } from '../program/symbols.js';
import type { Analysis } from './analysis.js';
import type { Texts } from './positions.js';

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const file = analysis.result.program.files.find((f) => f.path === analysis.file);
  if (!file) return [];
  const { texts } = analysis;
  const decls = file.decls.map((d): DocumentSymbol => ({
    name: d.name.name,
    detail: describe(d.kind),
    kind: declSymbolKind(d.kind),
    range: texts.range(d.span),
    selectionRange: texts.range(d.name.span),
    children: children(d, texts, 0),
  }));
  if (!file.namespace) return decls;
  // The namespace holds the whole file: its declarations are its children.
  return [{ name: file.namespace.name, kind: SymbolKind.Namespace, range: texts.range(file.span), selectionRange: texts.range(file.namespace.span), children: decls }];
}

interface Named {
  readonly kind: string;
  readonly name: ast.Ident;
  readonly span: ast.Span;
}

function isNamed(x: unknown): x is Named {
  const n = x as Partial<Named> | null;
  return typeof x === 'object' && x !== null && typeof n!.kind === 'string' && (n!.name as { kind?: unknown } | undefined)?.kind === 'Ident' && typeof n!.span === 'object';
}

function children(node: object, texts: Texts, depth: number): DocumentSymbol[] {
  if (depth > 8) return [];
  const out: DocumentSymbol[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || !Array.isArray(value)) continue;
    for (const item of value) {
      if (typeof item !== 'object' || item === null || (item as { kind?: unknown }).kind === 'Ident') continue;
      if (isNamed(item)) {
        out.push({ name: item.name.name, kind: memberSymbolKind(item.kind), range: texts.range(item.span), selectionRange: texts.range(item.name.span), children: children(item, texts, depth + 1) });
      } else if (['IfMember', 'PatternGroup'].includes((item as { kind?: unknown }).kind as string)) {
        out.push(...children(item as object, texts, depth + 1));
      }
    }
  }
  return out;
}

function declSymbolKind(kind: DeclKind): SymbolKind {
  switch (kind) {
    case 'ConstDecl': return SymbolKind.Constant;
    case 'EnumDecl': return SymbolKind.Enum;
    case 'StructDecl':
    case 'UnionDecl':
    case 'BitsDecl': return SymbolKind.Struct;
    case 'TypeAliasDecl': return SymbolKind.TypeParameter;
    case 'SyscallsDecl':
    case 'InstructionsDecl': return SymbolKind.Interface;
    default: return SymbolKind.Object;
  }
}

function memberSymbolKind(kind: string): SymbolKind {
  switch (kind) {
    case 'EnumMember': return SymbolKind.EnumMember;
    case 'SyscallMember': return SymbolKind.Function;
    case 'Variant': return SymbolKind.Class;
    default: return SymbolKind.Field;
  }
}

export const KEYWORDS: readonly string[] = keywords.map(keywordText);

/**
 * After `Name.`: the declarations of namespace `Name`, or the members of enum `Name`. Elsewhere:
 * every declared name the program knows, the built-in types, and the keywords. `offset` is the
 * cursor's, in the analysed text.
 */
export function completions(analysis: Analysis | null, offset: number | null = null): CompletionItem[] {
  const qualified = analysis && offset !== null ? afterDot(analysis, offset) : null;
  if (qualified) return qualified;
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const push = (item: CompletionItem): void => {
    if (seen.has(item.label)) return;
    seen.add(item.label);
    items.push(item);
  };
  for (const s of analysis?.result.table?.symbols ?? []) {
    push({ label: s.name, kind: declCompletionKind(s.decl.kind), detail: `${describe(s.decl.kind)} ${s.qname}`, ...(s.decl.doc ? { documentation: s.decl.doc } : {}) });
  }
  for (const p of PRIMITIVES) push({ label: p, kind: CompletionItemKind.TypeParameter, detail: 'built-in type' });
  for (const k of KEYWORDS) push({ label: k, kind: CompletionItemKind.Keyword });
  return items;
}

function declCompletionKind(kind: DeclKind): CompletionItemKind {
  switch (kind) {
    case 'ConstDecl': return CompletionItemKind.Constant;
    case 'EnumDecl': return CompletionItemKind.Enum;
    case 'StructDecl':
    case 'UnionDecl':
    case 'BitsDecl': return CompletionItemKind.Struct;
    case 'TypeAliasDecl': return CompletionItemKind.TypeParameter;
    default: return CompletionItemKind.Module;
  }
}

/** The completions after `Name.` (the word being typed after the dot ignored), or null. */
function afterDot(analysis: Analysis, offset: number): CompletionItem[] | null {
  const text = analysis.result.sources.get(analysis.file) ?? '';
  const isWord = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let start = Math.min(offset, text.length);
  while (start > 0 && isWord(text[start - 1])) start--;
  if (text[start - 1] !== '.') return null;
  let qualifierStart = start - 1;
  while (qualifierStart > 0 && isWord(text[qualifierStart - 1])) qualifierStart--;
  const qualifier = text.slice(qualifierStart, start - 1);
  const symbols = analysis.result.table?.symbols ?? [];
  const inNamespace = symbols.filter((s) => s.namespace === qualifier);
  if (inNamespace.length > 0) {
    return inNamespace.map((s) => ({ label: s.name, kind: declCompletionKind(s.decl.kind), detail: `${describe(s.decl.kind)} ${s.qname}`, ...(s.decl.doc ? { documentation: s.decl.doc } : {}) }));
  }
  const enumDecl = symbols.find((s) => s.name === qualifier && s.decl.kind === 'EnumDecl')?.decl;
  if (enumDecl?.kind === 'EnumDecl') {
    return enumDecl.members.map((m) => ({ label: m.name.name, kind: CompletionItemKind.EnumMember, detail: `${qualifier}.${m.name.name}`, ...(m.doc ? { documentation: m.doc } : {}) }));
  }
  return null;
}
