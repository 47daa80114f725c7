/**
 * `cdl.config.json`: which specs, targets, configurations and emitters `cdl gen` uses.
 *
 *     { "specs": ["dsl"], "targets": ["x86_64", "i386"], "configs": [null, "kernel"],
 *       "output": "generated", "emitters": ["layout-json"] }
 *
 * `specs` entries are files or directories (every `*.cdl` below, in sorted order). `runtime` is
 * how generated TypeScript imports CDL's runtime: a package (`@cdl-lang/runtime`, the default) or the
 * path of a copy (`./vendor/cdl-runtime/index.js`). The file is user input like a spec: every
 * problem in it is a diagnostic at the key or value at fault, all of them in one run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Span } from '../../grammar/ast.js';
import { fileSpan, type Diagnostics } from '../../grammar/diagnostics.js';
import { DEFAULT_RUNTIME } from '../emitters/emitter.js';
import { readFailure, readSourceFile } from '../program/read.js';
import { type JsonValue, JsonSyntaxError, parseJson } from './json.js';

/** A value of the configuration and where it was written. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

export interface Config {
  /** Spec files and directories, resolved against the configuration file's directory. */
  readonly specs: readonly Located<string>[];
  /** Null when the file names none: every target. */
  readonly targets: readonly Located<string>[] | null;
  readonly configs: readonly Located<string | null>[];
  readonly output: string;
  /** Where the output was named (the whole object when it was not). */
  readonly outputAt: Span;
  readonly emitters: readonly Located<string>[];
  /**
   * What generated code imports the runtime from: a package specifier as written, or a path
   * relative to the output directory (`../runtime/index.js`).
   */
  readonly runtime: string;
}

export interface ConfigFile {
  /** Null when the file cannot be read or is not a JSON object: nothing in it can be used. */
  readonly config: Config | null;
  /** The text read, for code frames (null when unreadable). */
  readonly source: string | null;
}

const KEYS: readonly string[] = ['specs', 'targets', 'configs', 'output', 'emitters', 'runtime'];

/**
 * Reads and checks a configuration file, reporting into `diags`. A key with a bad value is
 * reported and left out (its default applies), so that the rest of the run can still report
 * what else is wrong.
 */
export function readConfig(file: string, diags: Diagnostics): ConfigFile {
  let source: string;
  try {
    source = readSourceFile(file);
  } catch (e) {
    diags.error(fileSpan(file), `cannot read '${file}': ${readFailure(e)}`);
    return { config: null, source: null };
  }
  let root: JsonValue;
  try {
    root = parseJson(source, file);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    diags.error(e.span, e.message);
    return { config: null, source };
  }
  if (root.kind !== 'object') {
    diags.error(root.span, 'expected a JSON object of specs, targets, configs, output and emitters');
    return { config: null, source };
  }

  const values = new Map<string, JsonValue>();
  for (const { key, keySpan, value } of root.entries) {
    // A misspelt key would otherwise be ignored silently, and its default used instead.
    if (!KEYS.includes(key)) diags.error(keySpan, `unknown key "${key}" (known: ${KEYS.join(', ')})`);
    else if (values.has(key)) diags.error(keySpan, `"${key}" is given twice`);
    else values.set(key, value);
  }
  const base = path.dirname(file);
  const strings = (key: string): Located<string>[] | null => {
    const v = values.get(key);
    if (v === undefined) return null;
    if (v.kind !== 'array') {
      diags.error(v.span, `"${key}" must be an array of strings`);
      return [];
    }
    return v.items.flatMap((item) => {
      if (item.kind === 'string') return [{ value: item.value, span: item.span }];
      diags.error(item.span, `"${key}" must be an array of strings`);
      return [];
    });
  };

  // An empty list would generate nothing, and so remove every earlier output: surely a slip.
  const EMPTY: Readonly<Record<string, string>> = {
    specs: 'name the spec files or directories',
    targets: 'name targets, or leave "targets" out for every target',
    configs: 'name configurations (null is the default one), or leave "configs" out',
    emitters: 'name emitters, or leave "emitters" out for layout-json',
  };
  for (const [key, hint] of Object.entries(EMPTY)) {
    const v = values.get(key);
    if (v?.kind === 'array' && v.items.length === 0) diags.error(v.span, `"${key}" is empty: ${hint}`);
  }
  const specs = strings('specs');
  if (specs === null) diags.error(root.span, `"specs" is missing: ${EMPTY.specs}`);
  const configsValue = values.get('configs');
  let configs: Located<string | null>[] = [{ value: null, span: root.span }];
  if (configsValue?.kind === 'array') {
    configs = configsValue.items.flatMap((item) => {
      if (item.kind === 'string' || item.kind === 'null') return [{ value: item.kind === 'null' ? null : item.value, span: item.span }];
      diags.error(item.span, '"configs" must hold configuration names, or null for the default configuration');
      return [];
    });
  } else if (configsValue !== undefined) {
    diags.error(configsValue.span, '"configs" must be an array of configuration names or null (the default configuration)');
  }
  const output = values.get('output');
  if (output !== undefined && output.kind !== 'string') diags.error(output.span, '"output" must be a string');
  // The file system takes no NUL in a path (Node throws a TypeError).
  const isPath = (p: Located<string>): boolean => {
    if (!p.value.includes('\0')) return true;
    diags.error(p.span, 'a path cannot contain a NUL character');
    return false;
  };
  const outputPath = output?.kind === 'string' && isPath(output) ? output.value : 'generated';
  const runtime = values.get('runtime');
  let runtimeImport: string | null = null;
  if (runtime?.kind === 'string' && isPath(runtime)) runtimeImport = runtimeSpecifier(runtime, base, path.resolve(base, outputPath), diags);
  else if (runtime !== undefined && runtime.kind !== 'string') {
    diags.error(runtime.span, '"runtime" must be a string: a package such as "@cdl-lang/runtime", or the path of the runtime\'s index module');
  }

  const config: Config = {
    specs: (specs ?? []).filter(isPath).map((s) => ({ value: path.resolve(base, s.value), span: s.span })),
    targets: strings('targets'),
    configs,
    output: path.resolve(base, outputPath),
    outputAt: output?.span ?? root.span,
    emitters: strings('emitters') ?? [{ value: 'layout-json', span: root.span }],
    runtime: runtimeImport ?? DEFAULT_RUNTIME,
  };
  return { config, source };
}

/**
 * The specifier generated code imports the runtime by, for `"runtime"`: a package specifier as
 * it is, or, for a path (relative to the configuration, naming the runtime's index module), that
 * module relative to the output directory, with the `.js` extension an ES module imports by
 * (TypeScript finds `index.ts` behind `index.js`). Null, with an error, when it cannot be one.
 */
function runtimeSpecifier(runtime: Located<string>, base: string, output: string, diags: Diagnostics): string | null {
  const { value, span } = runtime;
  if (!/^\.{0,2}\//.test(value) && !path.isAbsolute(value)) {
    // A package, with an optional subpath: what `import ... from '...'` can take verbatim.
    if (/^(@[\w.~-]+\/)?[\w.~-]+(\/[\w.~@-]+)*$/.test(value) && !value.startsWith('.')) return value;
    diags.error(span, `"runtime" must name a package such as "@cdl-lang/runtime", or a path starting with ./ or ../`);
    return null;
  }
  const file = path.resolve(base, value);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    diags.error(span, `"runtime" names a directory: name its index module, such as "${value.replace(/\/*$/, '')}/index.js"`);
    return null;
  }
  if (!/\.[jt]s$/.test(file)) {
    diags.error(span, `"runtime" must name the runtime's index module, a .js or .ts file`);
    return null;
  }
  const module = file.replace(/ts$/, 'js');
  if (!stat && !fs.existsSync(module.replace(/js$/, 'ts'))) {
    diags.error(span, `no runtime at ${path.relative(process.cwd(), file)}: copy CDL's runtime/ there, or name the package "@cdl-lang/runtime"`);
    return null;
  }
  const relative = path.relative(output, module).split(path.sep).join('/');
  return /^\.\.?\//.test(relative) ? relative : `./${relative}`;
}

/**
 * Expands directories to the `.cdl` files below them, sorted, so runs are deterministic, as
 * paths relative to `root`; an entry that does not exist is reported at its place in the
 * configuration.
 */
export function expandSpecs(entries: readonly Located<string>[], root: string, diags: Diagnostics): string[] {
  const out: string[] = [];
  // By real path: a linked directory is walked once (a link to a parent would never end), and
  // a spec reached by two paths is read once.
  const seen = new Set<string>();
  const walk = (p: string, at: Span): void => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) {
      diags.error(at, `no such file or directory: ${path.relative(process.cwd(), p) || '.'}`);
      return;
    }
    const real = fs.realpathSync(p);
    if (seen.has(real)) return;
    seen.add(real);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        const child = path.join(p, name);
        // A dangling link has no stat: it is neither a spec nor a directory.
        if (name.endsWith('.cdl') || fs.statSync(child, { throwIfNoEntry: false })?.isDirectory()) walk(child, at);
      }
    } else out.push(p);
  };
  for (const e of entries) walk(e.value, e.span);
  return out.map((p) => path.relative(root, p).split(path.sep).join('/'));
}
