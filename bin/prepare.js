#!/usr/bin/env node
// `npm run prepare`: builds dist/ (see package.json's `build`). npm runs it after `npm install`
// in this repository, and when CDL is installed from a git URL (with the dev dependencies
// installed first). Installed from a directory (`npm install ../cdl`), npm runs it in that
// directory without installing anything there, so the compiler is missing: then this installs
// the directory's own dependencies first (no scripts, so no loop), and builds.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (args) => {
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!fs.existsSync(path.join(root, 'node_modules', 'typescript', 'package.json'))) {
  process.stderr.write('cdl: installing the build tools into this directory first (it was installed from a directory)\n');
  run(['install', '--ignore-scripts', '--include=dev', '--no-audit', '--no-fund']);
}
run(['run', 'build']);
