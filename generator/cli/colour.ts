/**
 * Colour for diagnostics on a terminal, as compilers print them: the place in bold, `error:` in
 * red, `warning:` in magenta, notes in cyan, the caret in the severity's colour. None when the
 * output is not a terminal or NO_COLOR is set (https://no-color.org), or TERM is `dumb`;
 * FORCE_COLOR asks for it anyway (as for tests and `less -R`).
 */
import type { Paint } from '../../grammar/diagnostics.js';

const sgr =
  (open: string) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[0m`;

export const ANSI: Paint = {
  where: sgr('1'),
  error: sgr('1;31'),
  warning: sgr('1;35'),
  note: sgr('1;36'),
  message: sgr('1'),
  gutter: sgr('34'),
};

/** Whether diagnostics written to a stream (a TTY or not) in environment `env` are coloured. */
export function wantsColour(isTty: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return isTty && env['TERM'] !== 'dumb';
}
