/**
 * `cdl.config.json`: which specs, targets, configurations and emitters `cdl gen` uses.
 *
 *     { "specs": ["dsl"], "targets": ["x86_64", "i386"], "configs": [null, "kernel"],
 *       "output": "generated", "emitters": ["layout-json"] }
 *
 * `specs` entries are files or directories (every `*.cdl` below, in sorted order).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Config {
  readonly specs: readonly string[];
  readonly targets: readonly string[] | null;
  readonly configs: readonly (string | null)[];
  readonly output: string;
  readonly emitters: readonly string[];
}

export class ConfigError extends Error {}

const KEYS: readonly string[] = ['specs', 'targets', 'configs', 'output', 'emitters'];

export function loadConfig(file: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${file}: expected a JSON object`);
  const o = raw as Record<string, unknown>;
  // A misspelt key would otherwise be ignored silently, and its default used instead.
  const unknown = Object.keys(o).filter((k) => !KEYS.includes(k));
  if (unknown.length) {
    throw new ConfigError(`${file}: unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${KEYS.join(', ')})`);
  }
  const strings = (key: string, fallback?: string[]): string[] => {
    const v = o[key] ?? fallback;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new ConfigError(`${file}: "${key}" must be an array of strings`);
    return v as string[];
  };
  const configs = o.configs ?? [null];
  if (!Array.isArray(configs) || !configs.every((c) => c === null || typeof c === 'string')) {
    throw new ConfigError(`${file}: "configs" must be an array of configuration names or null (the default configuration)`);
  }
  if (o.output !== undefined && typeof o.output !== 'string') throw new ConfigError(`${file}: "output" must be a string`);
  const base = path.dirname(file);
  return {
    specs: strings('specs').map((s) => path.resolve(base, s)),
    targets: o.targets === undefined ? null : strings('targets'),
    configs,
    output: path.resolve(base, (o.output as string | undefined) ?? 'generated'),
    emitters: strings('emitters', ['layout-json']),
  };
}

/** Expands directories to the `.cdl` files below them, sorted, so runs are deterministic. */
export function expandSpecs(entries: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new ConfigError(`${p}: no such file or directory`);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        const child = path.join(p, name);
        // A dangling link has no stat: it is neither a spec nor a directory.
        if (name.endsWith('.cdl') || fs.statSync(child, { throwIfNoEntry: false })?.isDirectory()) walk(child);
      }
    } else out.push(p);
  };
  entries.forEach(walk);
  return [...new Set(out.map((p) => path.relative(process.cwd(), p).split(path.sep).join('/')))];
}
