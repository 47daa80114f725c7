/**
 * What bin/cdl.js runs. `cdl --version`, and `cdl gen` and `cdl gen --check` on an output
 * that the last run's record vouches for (last-run.ts), are answered here, from the few
 * modules they need, in a fraction of the time that loading the compiler takes; every other
 * command, and these when the record does not settle it, load the whole command (main.ts).
 */
import * as path from 'node:path';
import { commandTable, findCommand, parseCommandArgs } from './commands.js';
import { configFile } from './find-config.js';
import { upToDate } from './last-run.js';
import type { Io } from './main.js';
import { checkedLine, genLine } from './gen-messages.js';
import { version } from './version.js';

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Runs the command `argv`; its exit code. */
export async function cdl(argv: readonly string[]): Promise<number> {
  // Editors ask for the version when they start the language server: no need for the rest.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    processIo.stdout(`cdl ${version()}\n`);
    return 0;
  }
  return quickGen(argv, processIo) ?? (await import('./main.js')).main(argv);
}

/** The options of `cdl gen` a record can answer for: the others (`--watch`, `--help`) need the command. */
const ANSWERED = new Set(['check', 'config', 'quiet', 'verbose']);

/**
 * `cdl gen [--check]`'s exit code when the record says the output is what the specs make
 * (what the full command prints then, printed); null when the command must run.
 */
export function quickGen(argv: readonly string[], io: Io, cwd = process.cwd()): number | null {
  if (argv[0] !== 'gen') return null;
  try {
    // The table's lists of emitters and targets are for help texts, which this never prints.
    const { values } = parseCommandArgs(findCommand('gen', commandTable({ emitters: [], targets: [] })), argv.slice(1));
    if (Object.keys(values).some((k) => !ANSWERED.has(k))) return null;
    const file = configFile(values['config'] as string | undefined, cwd);
    const found = upToDate(file);
    if (found === null) return null;
    const shown = path.relative(cwd, found.output) || '.';
    if (values['quiet'] !== true) io.stdout(values['check'] === true ? checkedLine(shown, found.files) : genLine(0, 0, found.files, shown));
    return 0;
  } catch {
    // A mistake on the command line, no project: the command says what it is.
    return null;
  }
}
