/**
 * What the CLI tests share: `cdl` run in-process through `main(argv, io)`, and a temporary
 * project to run it on (vitest workers cannot chdir, so `cdl.config.json` is passed by absolute
 * path and names its specs and output relative to itself).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import { main } from '../../generator/cli/main.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ALL_TARGETS = ['x86_64', 'i386', 'aarch64', 'riscv64', 'riscv32', 'ppc32', 's390x', 'mips32'];
export const STACK_LINE = /^ {4}at /m;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cdl(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** Every file below `dir` (relative path -> sha256 of its bytes). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full).split(path.sep).join('/')] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

export const GOOD_SPEC = `namespace demo;

/// A page-table entry.
bits Entry : u64 {
  present @0;
  writable @1;
  reserved @2..11;
  frame @12..63 << 12;
}

/// A header.
struct Header {
  magic: u32;
  entry: Entry;
  owner: ptr;
}

const PAGE_SIZE = 4096;
`;

/** A temporary project's paths: `specs/demo.cdl` (GOOD_SPEC), `cdl.config.json`, `out/`. */
export interface Project {
  readonly dir: string;
  readonly configFile: string;
  readonly out: string;
  readonly spec: string;
}

/** Makes a project whose configuration lays out `specs/` for x86_64 and i386 into `out/`. */
export function makeProject(): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-cli-'));
  const project = { dir, configFile: path.join(dir, 'cdl.config.json'), out: path.join(dir, 'out'), spec: path.join(dir, 'specs', 'demo.cdl') };
  fs.mkdirSync(path.dirname(project.spec));
  fs.writeFileSync(project.spec, GOOD_SPEC);
  writeConfig(project.configFile, ['x86_64', 'i386']);
  return project;
}

/** Writes a configuration for `targets`, in the default configuration, emitting layout JSON into `out/`. */
export function writeConfig(configFile: string, targets: readonly string[]): void {
  const config = { specs: ['specs'], targets, configs: [null], output: 'out', emitters: ['layout-json'] };
  fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
}

/** Gives each test of the calling `describe` a fresh project (through `use`), removed after it. */
export function eachProject(use: (project: Project) => void): void {
  let current: Project | undefined;
  beforeEach(() => {
    current = makeProject();
    use(current);
  });
  afterEach(() => {
    if (current) fs.rmSync(current.dir, { recursive: true, force: true });
  });
}
