#!/usr/bin/env node
// `npm run prepare`: builds dist/ (see package.json's `build`), or with `runtime` only the
// runtime package's runtime/dist/ (runtime/package.json's `prepare`). npm runs it after
// `npm install` in this repository, when CDL is installed from a git URL (with the dev
// dependencies installed first), and before `npm pack`. Installed from a directory
// (`npm install ../cdl`, `npm install ../cdl/runtime`), npm runs it in that directory without
// installing anything there, so the compiler is missing: then this installs the clone's own
// dependencies first (no scripts, so no loop), and builds.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (command, args) => {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!fs.existsSync(tsc)) {
  process.stderr.write('cdl: installing the build tools into this directory first (it was installed from a directory)\n');
  run(npm, ['install', '--ignore-scripts', '--include=dev', '--no-audit', '--no-fund']);
}
if (process.argv[2] === 'runtime') run(process.execPath, [tsc, '-p', 'runtime/tsconfig.json']);
else run(npm, ['run', 'build']);
