/**
 * The formatter's view of each construct: which members are rows and where their cells start
 * (the columns that line up), which have bodies. Every switch here is exhaustive, so a new kind
 * of declaration or member does not compile until it says how it is laid out: a new kind is
 * usually one line (`row(span, [where its aligned part starts])`).
 */
import type * as ast from './ast.js';
import { block, row, type Item } from './printer-layout.js';

/** Offsets of the source's tokens, to find a punctuation token the AST does not record. */
export interface TokenFinder {
  /** The start of the token right before the one that starts at `offset`. */
  before(offset: number): number;
  /** The start of the first token at or after `offset`. */
  atOrAfter(offset: number): number;
}

function unreachable(value: never): never {
  throw new Error(`the formatter does not know ${JSON.stringify((value as { kind?: string }).kind)}`);
}

export function declItem(decl: ast.Decl, find: TokenFinder): Item {
  switch (decl.kind) {
    case 'ConstDecl':
      // `const NAME[: T]` | `= value;`: the `=` of consecutive constants line up.
      return row(decl.span, [find.before(decl.value.span.start)]);
    case 'TypeAliasDecl':
      return row(decl.span, [find.before(decl.type.span.start)]);
    case 'ConfigDecl':
      return row(decl.span);
    case 'TargetDecl':
      return block(decl.span, decl.settings.map((s) => row(s.span, [s.args[0]?.span.start ?? null])));
    case 'EnumDecl':
      return block(
        decl.span,
        decl.members.map((m) => row(m.span, [m.value === null ? null : find.before(m.value.span.start)], ',')),
      );
    case 'BitsDecl':
      return block(decl.span, decl.members.map((m) => bitsMember(m)));
    case 'StructDecl':
    case 'UnionDecl':
      return block(decl.span, decl.members.map((m) => structMember(m, find)));
    case 'RegistersDecl':
      return block(decl.span, decl.registers.map((r) => registerMember(r)));
    case 'AbiDecl':
      return block(decl.span, decl.settings.map((s) => row(s.span, [s.items[0]?.[0] ? abiWordStart(s.items[0][0]) : null])));
    case 'SyscallsDecl':
      return block(
        decl.span,
        decl.calls.map((call) => ({
          kind: 'syscall',
          start: call.span.start,
          end: call.span.end,
          equals: call.numbers.length === 0 ? null : find.before(call.numbers[0].span.start),
          numbers: call.numbers.map((n) => ({ start: n.span.start, end: n.span.end })),
        })),
      );
    case 'SysregsDecl':
      // `name` | `number` | `: Type reset v { access }`
      return block(decl.span, decl.registers.map((r) => row(r.span, [r.number.span.start, find.before(r.type.span.start)])));
    case 'PagingDecl':
      return block(decl.span, decl.settings.map((s) => pagingSetting(s, false)));
    case 'FormatDecl':
      return block(decl.span, decl.operands.map((o) => row(o.span, [o.operand.span.start])));
    case 'InstructionsDecl':
      return block(decl.span, decl.members.map((m) => (m.kind === 'PatternGroup' ? block(m.span, m.patterns.map((p) => pattern(p, find))) : pattern(m, find))));
    default:
      return unreachable(decl);
  }
}

/** `name[: type]` | `@ranges << shift = value;`, or for a C bit-field `name:` | `type;`. */
function bitsMember(member: ast.BitsMember): Item {
  switch (member.kind) {
    case 'BitField':
    case 'ReservedBits':
    case 'TagField':
      return row(member.span, [member.ranges[0]?.span.start ?? member.type?.span.start ?? null]);
    case 'Variant':
      return block(member.span, member.members.map((m) => bitsMember(m)));
    default:
      return unreachable(member);
  }
}

/** `name:` | `Type` | `@offset align(N) by path when A holds r;`: types and what follows line up. */
function structMember(member: ast.StructMember, find: TokenFinder): Item {
  switch (member.kind) {
    case 'FieldMember': {
      // The cut after the type is there only if something but `;` follows it.
      const afterType = find.atOrAfter(member.type.span.end);
      return row(member.span, [member.type.span.start, afterType < member.span.end - 1 ? afterType : null]);
    }
    case 'PadMember':
    case 'ImageEndMember':
      return row(member.span);
    case 'IfMember':
      // Two bodies; the printer prints the second only if the source has `else` (maybe empty).
      return block(member.span, member.then.map((m) => structMember(m, find)), member.otherwise.map((m) => structMember(m, find)));
    default:
      return unreachable(member);
  }
}

/** Registers are not lined up: a line with sub-registers is long and unlike its neighbours. */
function registerMember(member: ast.RegisterMember): Item {
  if (member.subs.length === 0) return row(member.span);
  return block(member.span, member.subs.map((s) => row(s.span, [s.range.span.start])));
}

function pagingSetting(setting: ast.PagingSetting, nested: boolean): Item {
  if (setting.body !== null) return block(setting.span, setting.body.map((s) => pagingSetting(s, true)));
  // `level Pde   @21..29 ...` (the bits of each level line up) and, in a fault block,
  // `present     if present;` (the conditions line up); other settings read as sentences.
  if (nested) return row(setting.span, [setting.words[0] ? pagingWordStart(setting.words[0]) : null]);
  if (setting.key.name === 'level' && setting.words[1]) return row(setting.span, [pagingWordStart(setting.words[1])]);
  return row(setting.span);
}

/** `name` | `: FORMAT constraints` | `"syntax";` */
function pattern(member: ast.PatternMember, find: TokenFinder): Item {
  return row(member.span, [find.before(member.format[0].span.start), member.syntax?.span.start ?? null], '', true);
}

function abiWordStart(word: ast.AbiWord): number {
  switch (word.kind) {
    case 'name':
      return word.name.span.start;
    case 'int':
      return word.value.span.start;
    case 'string':
    case 'bit':
      return word.span.start;
    default:
      return unreachable(word);
  }
}

function pagingWordStart(word: ast.PagingWord): number {
  switch (word.kind) {
    case 'name':
      return word.name.span.start;
    case 'int':
      return word.value.span.start;
    case 'range':
      return word.range.span.start;
    case 'string':
    case 'symbol':
      return word.span.start;
    default:
      return unreachable(word);
  }
}
