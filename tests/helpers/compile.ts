/** Compiles in-memory specs: `{ 'a.cdl': '...' }`, entry = the first file. */
import { compile, type CompileOptions, type CompileResult } from '../../generator/compile.js';
import type * as ir from '../../generator/ir.js';

export function compileSources(
  files: Record<string, string>,
  options: Omit<CompileOptions, 'files' | 'readFile'> & { entries?: string[] } = {},
): CompileResult {
  const readFile = (p: string): string => {
    if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return files[p];
  };
  return compile({ ...options, files: options.entries ?? [Object.keys(files)[0]], readFile });
}

/** `file:line:col: severity: message` for every diagnostic, for compact assertions. */
export function messages(result: CompileResult, severity?: 'error' | 'warning'): string[] {
  return result.diagnostics
    .filter((d) => !severity || d.severity === severity)
    .map((d) => `${d.span.file}:${d.span.line}:${d.span.column}: ${d.severity}: ${d.message}`);
}

/** Compiles one spec for one target and returns its layout, failing on any error. */
export function layoutOf(source: string, target = 'x86_64', config: string | null = null): ir.Layout {
  const result = compileSources({ 'spec.cdl': source }, { targets: [target], configs: [config] });
  const errors = messages(result, 'error');
  if (errors.length) throw new Error(`unexpected errors:\n${errors.join('\n')}`);
  return result.layouts[0];
}

export function struct(layout: ir.Layout, name: string): ir.Struct {
  const s = layout.structs.find((d) => d.name === name);
  if (!s) throw new Error(`no struct ${name}`);
  return s;
}

export function offsets(s: ir.Struct): Record<string, number> {
  return Object.fromEntries(s.fields.map((f) => [f.name, f.offset]));
}
