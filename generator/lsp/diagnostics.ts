/**
 * The compiler's diagnostics as the editor's, for one document. A problem in the document is
 * shown where it is, with its notes as related information. A problem in a file it imports
 * (which the editor may not have open) is shown on the import that brings that file in, naming
 * the file and place, so that a broken dependency is visible from the document that uses it.
 */
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import { BUILTIN_FILE } from '../targets/builtin.js';
import type { Analysis } from './analysis.js';
import { pathToUri } from './positions.js';

export function documentDiagnostics(analysis: Analysis): LspDiagnostic[] {
  const { file, texts, result } = analysis;
  const own = result.program.files.find((f) => f.path === file);
  const deps = result.program.imports.get(file) ?? [];
  const importRange = (other: string): Range => {
    const i = deps.findIndex((d) => reaches(d, other, result.program.imports));
    const imp = i >= 0 ? own?.imports[i] : undefined;
    return imp ? texts.range(imp.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  };
  return result.diagnostics.map((d): LspDiagnostic => {
    const severity = d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
    const related = (d.notes ?? [])
      .filter((n) => n.span.file !== BUILTIN_FILE && n.span.line > 0)
      .map((n) => ({ location: { uri: pathToUri(n.span.file), range: texts.range(n.span) }, message: n.message }));
    const extra = related.length > 0 ? { relatedInformation: related } : {};
    if (d.span.file === file || d.span.line === 0 || d.span.file === BUILTIN_FILE) {
      const range = d.span.file === file ? texts.range(d.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { range, severity, message: d.message, source: 'cdl', ...extra };
    }
    return {
      range: importRange(d.span.file),
      severity,
      message: `${where(d, file)}: ${d.message}`,
      source: 'cdl',
      relatedInformation: [{ location: { uri: pathToUri(d.span.file), range: texts.range(d.span) }, message: d.message }, ...related],
    };
  });
}

/** `../common.cdl:3:5`, relative to the document's directory. */
function where(d: Diagnostic, file: string): string {
  return `${path.relative(path.dirname(file), d.span.file).split(path.sep).join('/')}:${d.span.line}:${d.span.column}`;
}

/** Whether `from` is `to` or imports it, directly or not. */
function reaches(from: string, to: string, imports: ReadonlyMap<string, readonly string[]>): boolean {
  const seen = new Set<string>();
  const stack = [from];
  for (let f = stack.pop(); f !== undefined; f = stack.pop()) {
    if (f === to) return true;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...(imports.get(f) ?? []));
  }
  return false;
}
