/**
 * The compiler pipeline, as a list of passes (ARCHITECTURE.md):
 *
 *   parse   every file and, transitively, its imports (program/load.ts)
 *   bind    declare every name (program/symbols.ts), resolve every type reference once (bind/)
 *   check   the rules, once, independent of targets (check/); target-free values evaluated
 *   layout  once per data model and configuration (layout/), shared by the targets that have it
 *
 * Emitters then read the resulting `Layout`s. `stopAfter` ends the run after a pass, so that
 * a test sees what each pass reports and builds. Nothing here throws on bad input: every
 * problem becomes a diagnostic.
 */
import type { Span } from '../grammar/ast.js';
import { Diagnostics, fileSpan, type Diagnostic } from '../grammar/diagnostics.js';
import { bindProgram } from './bind/bind.js';
import { checkProgram, type CheckedProgram } from './check/index.js';
import type { Layout, Machine } from './ir.js';
import { computeLayout } from './layout/engine.js';
import { DeclInterner } from './layout/intern.js';
import { conditionNames, layoutKey, reportLayoutFindings } from './layout/models.js';
import { FactsTable } from './layout/namespace-facts.js';
import { BUILTIN_FILE } from './targets/builtin.js';
import { loadProgram, type Program } from './program/load.js';
import { readSourceFile } from './program/read.js';
import { SymbolTable } from './program/symbols.js';
import type { Session } from './session.js';
import { extend } from './util/objects.js';

export interface CompileOptions {
  /** Spec files to compile (their imports are followed). */
  readonly files: readonly string[];
  /** Target names; default: every built-in and declared target. */
  readonly targets?: readonly string[];
  /** Configurations; `null` is the default one. Default: `[null]`. */
  readonly configs?: readonly (string | null)[];
  /**
   * Where each of `targets` and `configs` was asked for (in cdl.config.json), for the
   * diagnostics of names that are not declared; by default the start of the first file.
   */
  readonly requestedAt?: { readonly targets?: readonly Span[]; readonly configs?: readonly Span[] };
  /** Reads a file; defaults to the file system. Tests pass in-memory sources. */
  readonly readFile?: (path: string) => string;
  /** The bag to report into, when the caller has found problems of its own (the CLI's configuration). */
  readonly diagnostics?: Diagnostics;
  /**
   * What a long-lived process keeps from run to run (session.ts): the syntax trees of files
   * that did not change, and the table of namespace facts, so that equal facts are one object
   * from run to run (namespace-facts.ts).
   */
  readonly session?: Session;
  /** The last pass to run; default: all of them. */
  readonly stopAfter?: Pass;
}

export const PASSES = ['parse', 'bind', 'check', 'layout'] as const;
export type Pass = (typeof PASSES)[number];

export interface CompileResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Source text of every file read, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** One per (target, config), targets outer, in the order asked for; empty on errors. */
  readonly layouts: readonly Layout[];
  /**
   * The layouts as computed even when there are errors (what the broken declarations left out),
   * for tools that show what they can meanwhile (the language server's hover). Never emit these.
   */
  readonly provisionalLayouts: readonly Layout[];
  readonly ok: boolean;
  /** What the passes built, as far as they ran (for tests and tools that stop early). */
  readonly program: Program;
  readonly table: SymbolTable | null;
  readonly checked: CheckedProgram | null;
}

export function compile(options: CompileOptions): CompileResult {
  const diags = options.diagnostics ?? new Diagnostics();
  const readFile = options.readFile ?? readSourceFile;
  const runs = (pass: Pass): boolean => PASSES.indexOf(pass) <= PASSES.indexOf(options.stopAfter ?? 'layout');
  const result = (layouts: readonly Layout[], table: SymbolTable | null, checked: CheckedProgram | null): CompileResult => {
    const ok = !diags.hasErrors;
    return { diagnostics: diags.all(), sources: program.sources, layouts: ok ? layouts : [], provisionalLayouts: layouts, ok, program, table, checked };
  };

  const program = loadProgram(options.files, readFile, diags, options.session ? (p, t, d) => options.session!.parse(p, t, d) : undefined);
  if (!runs('bind')) return result([], null, null);
  const table = new SymbolTable(program, diags);
  bindProgram(table);
  if (!runs('check')) return result([], table, null);
  const checked = checkProgram(table, diags);
  if (!runs('layout')) return result([], table, checked);

  const anchor = fileSpan(options.files[0] ?? BUILTIN_FILE);
  const targetNames = options.targets ?? [...checked.targets.keys()];
  const configs = options.configs ?? [null];
  targetNames.forEach((name, i) => {
    const at = options.requestedAt?.targets?.[i] ?? anchor;
    if (!table.targets.has(name)) diags.error(at, `unknown target '${name}' (known: ${[...table.targets.keys()].join(', ')})`);
  });
  configs.forEach((c, i) => {
    const at = options.requestedAt?.configs?.[i] ?? anchor;
    if (c !== null && !table.configs.has(c)) diags.error(at, `unknown configuration '${c}': no spec declares 'config ${c};'`);
  });

  const sources = program.files.map((f) => f.path).filter((p) => p !== BUILTIN_FILE);
  const layouts: Layout[] = [];
  // One layout per data model (layout/models.ts); each target gets it under its own name.
  const conditions = conditionNames(program.files);
  const facts = options.session?.facts ?? new FactsTable();
  const laidOut = (t: string): boolean => checked.targets.has(t);
  const known = (c: string | null): boolean => c === null || table.configs.has(c);
  const wanted = targetNames.filter(laidOut).flatMap((name) => {
    const target = checked.targets.get(name)!;
    return configs.filter(known).map((config) => ({ name, target, config, key: layoutKey(target, config, conditions) }));
  });
  // Declarations laid out alike on several data models are one object (layout/intern.ts);
  // with one data model there is nothing to share.
  const interner = new Set(wanted.map((w) => w.key)).size > 1 ? new DeclInterner() : undefined;
  const models = new Map<string, { readonly layout: Layout; readonly diagnostics: Diagnostics; readonly on: { target: string; config: string | null }[] }>();
  for (const { name, target, config, key } of wanted) {
    let run = models.get(key);
    if (!run) {
      const bag = new Diagnostics();
      const placed = computeLayout(checked, target, config, sources, bag, interner);
      const namespaceFacts = facts.namespaces(placed, checked.machine);
      const shape = facts.layoutShape(target, config, namespaceFacts);
      const layout: Layout = Object.freeze(extend(placed, { namespaceFacts, shape, machine: machineOf(checked.machine, name) }));
      run = { layout, diagnostics: bag, on: [] };
      models.set(key, run);
    }
    run.on.push({ target: name, config });
    layouts.push(
      run.layout.target === target
        ? run.layout
        : Object.freeze(extend(run.layout, { target, shape: facts.layoutShape(target, config, run.layout.namespaceFacts), machine: machineOf(checked.machine, name) })),
    );
  }
  reportLayoutFindings([...models.values()], targetNames.filter(laidOut), configs.filter(known), diags);
  return result(layouts, table, checked);
}

/** What a layout of `target` sees of the machine: its own register sets and ABIs, every table. */
function machineOf(machine: Machine, target: string): Machine {
  return Object.freeze({
    registerSets: machine.registerSets.filter((r) => r.target === target),
    abis: machine.abis.filter((a) => a.target === target),
    syscallTables: machine.syscallTables,
    sysregs: machine.sysregs.filter((s) => s.target === target),
    paging: machine.paging.filter((p) => p.target === target),
    instructionSets: machine.instructionSets.filter((s) => s.target === target),
  });
}
