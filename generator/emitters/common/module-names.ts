/**
 * Names in module style, where each namespace is a module: the Rust crate's modules and types,
 * and the TypeScript constants, which are named as in the Rust module.
 */
import { rustSnake, NameScope, RUST_RESERVED, TS_RESERVED } from '../../names.js';

/** What a Rust module may not be called: keywords and the crates every module can name. */
// `lib` is the crate root's file (lib.rs) and `main` a binary's: no module may take them.
export const RUST_MODULE_RESERVED: ReadonlySet<string> = new Set([...RUST_RESERVED, 'core', 'std', 'alloc', 'lib', 'main']);

/**
 * Each namespace's module name: `x86`, `coyotos`, `match` -> `x86`, `coyotos`, `match_`. One
 * scope for all, so that namespaces whose snake case meets (`break` and `Break`) get distinct
 * modules; TypeScript's reserved words are kept off too, since the TypeScript constants
 * re-export each module under this name.
 */
export function moduleNames(namespaces: readonly string[]): Map<string, string> {
  const scope = new NameScope(MODULE_RESERVED);
  return new Map(namespaces.map((ns) => [ns, scope.claim(rustSnake(ns))]));
}

const MODULE_RESERVED: ReadonlySet<string> = new Set([...RUST_MODULE_RESERVED, ...TS_RESERVED]);

/** `capHeader`, `I386_regs`, `foo_bar` -> `CapHeader`, `I386Regs`, `FooBar` (Rust types, variants). */
export function rustTypeName(name: string): string {
  const parts = name.split('_').filter((p) => p !== '');
  if (parts.length === 0) return 'X';
  let out = '';
  for (const p of parts) {
    const piece = p.charAt(0).toUpperCase() + p.slice(1);
    // `A1_2` keeps its underscore: digits on both sides would otherwise run together.
    if (out && /[0-9]$/.test(out) && /^[0-9]/.test(piece)) out += '_';
    out += piece;
  }
  return /^[0-9]/.test(out) ? `X${out}` : out;
}
