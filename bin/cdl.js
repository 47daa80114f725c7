#!/usr/bin/env node
// The cdl command: runs the compiled CLI (`npm install` builds it into dist/).
import { cdl } from '../dist/generator/cli/entry.js';

// A reader that stops early (`cdl disasm ... | head`) is no error: stop writing, quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  process.exitCode = await cdl(process.argv.slice(2));
} catch (e) {
  // Bad input never gets here (it becomes diagnostics); this is a bug in cdl itself.
  process.stderr.write(`cdl: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.CDL_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
  process.exitCode = 70;
}
