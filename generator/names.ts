/**
 * Identifier spelling for generated code. A spec may use any CDL identifier as a name
 * (`type`, `match`, `default`…); each output language escapes the ones it reserves.
 */
import { C_LIBRARY_FILE_SCOPE, C_LIBRARY_MACROS } from './c-library.js';

/**
 * Reserved names, and every name a pattern matches: what an output spells itself by a rule
 * (a C header's include guard `CDL_X86_H`). The pattern must not match a name with `_`
 * appended, so that escaping ends.
 */
export class ReservedNames extends Set<string> {
  constructor(
    names: Iterable<string>,
    private readonly pattern: RegExp,
  ) {
    super(names);
  }

  override has(name: string): boolean {
    return super.has(name) || this.pattern.test(name);
  }
}

/** C keywords (C11, the C23 additions, GNU's) and the macros <stdbool.h>, <stdalign.h>... make keywords. */
export const C_KEYWORDS: ReadonlySet<string> = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum',
  'extern', 'float', 'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict',
  'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union',
  'unsigned', 'void', 'volatile', 'while', '_Alignas', '_Alignof', '_Atomic', '_Bool',
  '_Complex', '_Generic', '_Imaginary', '_Noreturn', '_Static_assert', '_Thread_local',
  'asm', 'typeof', 'typeof_unqual', 'constexpr', 'nullptr', 'thread_local', 'bool', 'true', 'false',
  'alignof', 'alignas', 'static_assert', 'noreturn',
]);

/**
 * Names a C header of CDL's must not give anything, struct members included: the keywords,
 * every macro of the C standard library's headers (generator/c-library.ts: `errno`, `EINTR`,
 * `INT8_MAX`, `stdin`; the includer may include any of them beside ours), the <stdint.h> types
 * it includes itself, CDL's own macros, every include guard CDL writes (`CDL_<FILE>_H`), and
 * the identifiers C reserves for the implementation (`_Foo`, `__foo`). A spec's name that is
 * one of these would break the header (a field named errno, a constant named CDL_T_H).
 *
 * The patterns match no name ending in `_`, so that escaping (appending `_`) ends.
 */
export const C_RESERVED: ReadonlySet<string> = new ReservedNames(
  [
    ...C_KEYWORDS,
    ...C_LIBRARY_MACROS,
    'int8_t', 'int16_t', 'int32_t', 'int64_t', 'uint8_t', 'uint16_t', 'uint32_t', 'uint64_t',
    'intptr_t', 'uintptr_t', 'size_t', 'ptrdiff_t', 'intmax_t', 'uintmax_t',
    ...['8', '16', '32', '64'].flatMap((n) => [`int_least${n}_t`, `uint_least${n}_t`, `int_fast${n}_t`, `uint_fast${n}_t`]),
    'CDL_ASSERT',
  ],
  /^(?:CDL_\w*_H|_[A-Z_]\w*[^_])$/,
);

/**
 * Names a C header's file-scope names (types, constants and every other macro it defines)
 * must not take: C_RESERVED and what the standard headers declare at file scope (`printf`,
 * `FILE`, `time_t`).
 */
export const C_FILE_SCOPE_RESERVED: ReadonlySet<string> = new ReservedNames(
  [...C_RESERVED, ...C_LIBRARY_FILE_SCOPE],
  /^(?:CDL_\w*_H|_[A-Z_]\w*[^_])$/,
);

/** Rust strict and reserved keywords (2021 edition) and primitive type names. */
export const RUST_RESERVED: ReadonlySet<string> = new Set([
  'as', 'break', 'const', 'continue', 'crate', 'else', 'enum', 'extern', 'false', 'fn', 'for',
  'if', 'impl', 'in', 'let', 'loop', 'match', 'mod', 'move', 'mut', 'pub', 'ref', 'return',
  'self', 'Self', 'static', 'struct', 'super', 'trait', 'true', 'type', 'unsafe', 'use', 'where',
  'while', 'async', 'await', 'dyn', 'abstract', 'become', 'box', 'do', 'final', 'macro',
  'override', 'priv', 'typeof', 'unsized', 'virtual', 'yield', 'try', 'gen', 'union',
  'u8', 'u16', 'u32', 'u64', 'u128', 'i8', 'i16', 'i32', 'i64', 'i128', 'usize', 'isize',
  'bool', 'char', 'str', 'f32', 'f64',
]);

/**
 * Names of the prelude that generated Rust spells unqualified (`Result<Self, u8>`, `Some(..)`,
 * `impl TryFrom<u8>`): an item of a module must not shadow them. (Enum variants may: they
 * are only reached through their enum, `Self::Debug`.)
 */
export const RUST_PRELUDE: ReadonlySet<string> = new Set([
  'Option', 'Some', 'None', 'Result', 'Ok', 'Err', 'From', 'Into', 'TryFrom', 'TryInto', 'Default', 'Debug',
  'Clone', 'Copy', 'PartialEq', 'Eq', 'Hash', 'Sized', 'Send', 'Sync', 'Drop', 'core', 'std',
]);

/** TypeScript/JavaScript reserved words, strict-mode ones and global names we must not shadow. */
export const TS_RESERVED: ReadonlySet<string> = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'var', 'void', 'while', 'with', 'as', 'implements', 'interface', 'let', 'package',
  'private', 'protected', 'public', 'static', 'yield', 'any', 'boolean', 'number', 'string',
  'symbol', 'bigint', 'never', 'unknown', 'object', 'undefined', 'await', 'async', 'type',
  'declare', 'module', 'namespace', 'readonly', 'arguments', 'eval', 'constructor',
  'Object', 'Number', 'BigInt', 'Error', 'RangeError', 'DataView', 'Uint8Array', 'Math',
]);

/** Names that would collide with `Object.prototype` members when used as property keys. */
export const OBJECT_PROTOTYPE_NAMES: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(Object.prototype),
);

/** What says whether a name is taken: a set of reserved words, or a scope (see NameScope). */
export interface Names {
  has(name: string): boolean;
}

/** No reserved words: a scope where only its own names clash (a C struct's padding members). */
export const NO_NAMES: Names = { has: () => false };

/**
 * The one escaping rule of every output language: append `_` until the name is free
 * (`int` -> `int_`; `int_` stays if free). Every candidate is checked against everything
 * `taken` holds, so a scope's reserved words and its names are escaped past in one loop.
 */
export function escapeName(name: string, taken: Names): string {
  let out = name;
  while (taken.has(out)) out += '_';
  return out;
}

/**
 * Allocates names in one scope of an output language (a C header, a Rust module or impl, a
 * TypeScript object or function): each claim gets its preferred name, escaped (escapeName)
 * past the language's reserved words and the names already taken here.
 *
 * Numbers may share a name: a spec constant is claimed with a meaning (its namespace and
 * value, `claimShared`), and a derived number whose preferred name reaches a name of the same
 * meaning is that constant (`claimOrShare`: `TSS64_SIZE = sizeof(Tss64)` is declared once).
 */
export class NameScope implements Names {
  /** Each name taken, with the meaning later claims may share it by (null: nobody shares it). */
  private taken = new Map<string, string | null>();
  /** For `claimNumbered`: the next number of each stem. */
  private readonly counters = new Map<string, number>();
  /** A sealed scope this one forked: its names are this one's too, without a copy. */
  private base: NameScope | null = null;
  /** Whether the scope takes no more names (see {@link seal}). */
  private sealed = false;

  /**
   * `reserved` is a language's reserved words, or another scope: a scope made on a scope sees
   * what that one takes later too (a fork does not).
   */
  constructor(
    private readonly reserved: Names,
    taken: Iterable<string> = [],
  ) {
    for (const name of taken) this.taken.set(name, null);
  }

  /** Takes the preferred name, or the first free one the escaping rule leads to. */
  claim(preferred: string): string {
    const name = escapeName(preferred, this);
    this.take(name, null);
    return name;
  }

  /** Takes a name that later `claimOrShare` calls with the same meaning may share. */
  claimShared(preferred: string, meaning: string): string {
    const name = escapeName(preferred, this);
    this.take(name, meaning);
    return name;
  }

  /**
   * Takes a name, unless escaping meets a name claimed (`claimShared`) with the same meaning
   * first: then that name, which `shared` says is not to be declared again.
   */
  claimOrShare(preferred: string, meaning: string | (() => string)): { name: string; shared: boolean } {
    // escapeName's loop, with one lookup a candidate: the meaning it was taken with, if any.
    // A meaning is spelled only when a candidate was taken with one (most names are free).
    let name = preferred;
    for (;;) {
      const taken = this.meaningOf(name);
      if (typeof taken === 'string') {
        if (typeof meaning !== 'string') meaning = meaning();
        if (taken === meaning) return { name, shared: true };
      } else if (taken === undefined && !this.reserved.has(name)) break;
      name += '_';
    }
    this.take(name, null);
    return { name, shared: false };
  }

  /** `stem0`, `stem1`...: the next number of `stem` whose name is free, taken. */
  claimNumbered(stem: string): string {
    let next = this.counters.get(stem) ?? 0;
    let name: string;
    do name = `${stem}${next++}`;
    while (this.has(name));
    this.counters.set(stem, next);
    this.take(name, null);
    return name;
  }

  /** Marks a name as used elsewhere (a struct member, a parameter): claims keep off it. */
  reserve(name: string): void {
    if (!this.takes(name)) this.take(name, null);
  }

  has(name: string): boolean {
    return this.takes(name) || this.reserved.has(name);
  }

  /** The names taken so far (not the reserved words). */
  names(): string[] {
    return [...(this.base?.names() ?? []), ...this.taken.keys()];
  }

  /** A copy that takes further names without touching this scope, nor seeing its later ones. */
  fork(): NameScope {
    const copy = new NameScope(this.reserved);
    if (this.sealed) {
      // Nothing changes a sealed scope: the fork reads it in place (the layouts of a data
      // model fork one plan's scope each, and a C plan's scope holds thousands of names).
      copy.base = this;
    } else {
      copy.base = this.base;
      copy.taken = new Map(this.taken);
    }
    for (const [stem, next] of this.counters) copy.counters.set(stem, next);
    return copy;
  }

  /** Takes no more names from now on: what a plan shared by several users does once made, before they fork it. */
  seal(): void {
    this.sealed = true;
  }

  private takes(name: string): boolean {
    return this.taken.has(name) || (this.base !== null && this.base.takes(name));
  }

  private meaningOf(name: string): string | null | undefined {
    const own = this.taken.get(name);
    return own !== undefined || this.base === null ? own : this.base.meaningOf(name);
  }

  private take(name: string, meaning: string | null): void {
    if (this.sealed) throw new Error(`internal error: a sealed name scope was asked to take ${name}`);
    this.taken.set(name, meaning);
  }
}

export const cIdent = (name: string): string => escapeName(name, C_RESERVED);

/** A C name at file scope (a type, a constant): escaped past the library's declarations too. */
export const cFileScopeIdent = (name: string): string => escapeName(name, C_FILE_SCOPE_RESERVED);

/**
 * `SegmentDescriptor` -> `SEGMENT_DESCRIPTOR`, `faultInfo` -> `FAULT_INFO`, `rsp0` -> `RSP0`,
 * `Page2M` -> `PAGE2M`, `Sv39Pte` -> `SV39_PTE`.
 */
export function upperSnake(name: string): string {
  // One pass over the characters (names are ASCII identifiers), a word break before:
  //   an upper-case letter after a lower-case one           (`faultInfo`: `fault_Info`);
  //   a capitalised word after a digit                      (`Tss64Descriptor`, not `Page2M`);
  //   a capitalised word after a run of upper-case letters  (`PTEntry`: `PT_Entry`).
  // The generator spells every derived name through here, so it is kept free of regular
  // expressions (tests/names: equal to the three replacements it stands for).
  let out = '';
  let from = 0;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!isUpper(c)) continue;
    const before = name.charCodeAt(i - 1);
    if (isLower(before) || ((isDigit(before) || isUpper(before)) && isLower(name.charCodeAt(i + 1)))) {
      out += `${name.slice(from, i)}_`;
      from = i;
    }
  }
  return (from === 0 ? name : out + name.slice(from)).toUpperCase();
}

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** `faultInfo` -> `fault_info`. */
export function lowerSnake(name: string): string {
  return upperSnake(name).toLowerCase();
}

/**
 * `faultInfo` -> `fault_info`, `CDL__X` -> `cdl_x`: snake case as rustc's `non_snake_case` lint
 * wants it, with no run of `_` inside a name (runs at either end are allowed).
 */
export function rustSnake(name: string): string {
  return lowerSnake(name).replace(/([^_])_{2,}(?=[^_])/g, '$1_');
}
