/**
 * The compiler pipeline: parse -> resolve -> check -> layout. Emitters then read the
 * resulting `Layout`s. Nothing here throws on bad input: problems become diagnostics.
 */
import type { Diagnostic } from '../grammar/diagnostics.js';
import type { Layout } from './ir.js';

export interface CompileOptions {
  /** Spec files to compile (their imports are followed). */
  readonly files: readonly string[];
  /** Target names; default: every built-in and declared target. */
  readonly targets?: readonly string[];
  /** Configurations; `null` is the default one. Default: `[null]`. */
  readonly configs?: readonly (string | null)[];
  /** Reads a file; defaults to the file system. Tests pass in-memory sources. */
  readonly readFile?: (path: string) => string;
}

export interface CompileResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Source text of every file read, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** One per (target, config), in the order asked for; empty when there are errors. */
  readonly layouts: readonly Layout[];
  readonly ok: boolean;
}

export declare function compile(options: CompileOptions): CompileResult;
