/** The CDL front end: source text in, syntax tree and diagnostics out. */
export type * from './ast.js';
export {
  Diagnostics,
  fileSpan,
  formatDiagnostic,
  type Diagnostic,
  type Severity,
} from './diagnostics.js';
export { DEFAULT_LIMITS, parseFile, type ParseLimits } from './parse.js';
