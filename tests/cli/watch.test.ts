/**
 * `cdl gen --watch`, run as a user runs it (the built command, in a project of its own): it
 * generates, then regenerates when a spec changes (as an editor saves it: a new file renamed
 * over the old), prints the errors of a broken spec and writes nothing, picks up a new spec
 * file and a changed cdl.config.json, and stops on Ctrl-C (SIGINT) with exit code 0.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './harness.js';

const CLI = path.join(ROOT, 'bin/cdl.js');
const built = fs.existsSync(path.join(ROOT, 'dist/generator/cli/main.js'));
if (!built) console.log('skipping the watch tests: dist/ is not built (run `npm run build`)');

/**
 * A running `cdl gen --watch` whose output can be waited on. Its stdout and stderr are one
 * file, as a terminal shows them: two pipes would deliver a run's diagnostics (stderr) and its
 * `failed` line (stdout) in either order.
 */
class Watcher {
  private readonly log: string;
  private seen = 0;
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(cwd: string) {
    this.log = `${cwd}.log`;
    const fd = fs.openSync(this.log, 'w');
    try {
      this.child = spawn(process.execPath, [CLI, 'gen', '--watch'], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', fd, fd] });
    } finally {
      fs.closeSync(fd);
    }
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  private get out(): string {
    return fs.readFileSync(this.log, 'utf8');
  }

  /** The output up to the next end of a run (`done` or `failed`) not yet waited for. */
  async nextRun(timeoutMs = 90_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const out = this.out;
      const ends = [...out.matchAll(/^cdl: (?:done|failed) in \d+ ms; watching .*\n/gm)];
      if (ends.length > this.seen) {
        const start = this.seen === 0 ? 0 : ends[this.seen - 1]!.index! + ends[this.seen - 1]![0].length;
        const end = ends[this.seen]!.index! + ends[this.seen]![0].length;
        this.seen++;
        return out.slice(start, end);
      }
      if (Date.now() > deadline) throw new Error(`no run ended within ${timeoutMs} ms; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  stop(): void {
    this.child.kill('SIGINT');
  }
}

/** Writes a file as editors save one: a new file, renamed over the old. */
function save(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp~`, text);
  fs.renameSync(`${file}.tmp~`, file);
}

describe('cdl gen --watch', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-watch-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.skipIf(!built)('does not go with --check', () => {
    const r = spawnSync(process.execPath, [CLI, 'gen', '--watch', '--check'], { cwd: tmp, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cdl: --check and --watch do not go together/);
  });

  it.skipIf(!built)('regenerates on every change, writes nothing for a broken spec, and stops on Ctrl-C', async () => {
    const project = fs.mkdtempSync(path.join(tmp, 'project-'));
    expect(spawnSync(process.execPath, [CLI, 'init'], { cwd: project }).status).toBe(0);
    const spec = path.join(project, 'specs', 'example.cdl');
    const header = path.join(project, 'generated', 'c', 'x86_64', 'example.h');
    const w = new Watcher(project);
    try {
      expect(await w.nextRun()).toMatch(/^cdl: \d+ written, 0 removed, 0 unchanged in generated\ncdl: done in/);
      const original = fs.readFileSync(spec, 'utf8');

      // A changed doc comment: the files that print it are written again.
      save(spec, original.replace('/// Number of pages.', '/// How many pages.'));
      const changed = await w.nextRun();
      expect(changed).toMatch(/^cdl: changed: specs\/example\.cdl\ncdl: [1-9]\d* written, 0 removed, [1-9]\d* unchanged in generated\n/);
      expect(fs.readFileSync(header, 'utf8')).toContain('How many pages.');

      // A syntax error: the diagnostics, and the output as it was.
      const before = fs.readFileSync(header, 'utf8');
      save(spec, original.replace('/// Number of pages.', '/// How many pages.').replace('count: u32;', 'count: u32'));
      const broken = await w.nextRun();
      expect(broken).toMatch(/specs\/example\.cdl:\d+:\d+: error: expected ';'/);
      expect(broken).toMatch(/cdl: nothing written to generated\ncdl: failed in/);
      expect(fs.readFileSync(header, 'utf8')).toBe(before);

      // A new spec file in the spec directory, and the fix: both taken up.
      save(spec, original);
      await w.nextRun();
      save(path.join(project, 'specs', 'more.cdl'), 'namespace more;\n\n/// A second spec.\nconst ANSWER = 42;\n');
      expect(await w.nextRun()).toMatch(/^cdl: changed: specs\/more\.cdl\ncdl: \d+ written/);
      expect(fs.readFileSync(path.join(project, 'generated', 'c', 'x86_64', 'more.h'), 'utf8')).toMatch(/#define ANSWER\s+42/);

      // cdl.config.json: a target added, its files generated.
      const config = JSON.parse(fs.readFileSync(path.join(project, 'cdl.config.json'), 'utf8')) as { targets: string[] };
      save(path.join(project, 'cdl.config.json'), JSON.stringify({ ...config, targets: [...config.targets, 'riscv64'] }, null, 2));
      expect(await w.nextRun()).toMatch(/^cdl: changed: cdl\.config\.json\n/);
      expect(fs.existsSync(path.join(project, 'generated', 'c', 'riscv64', 'example.h'))).toBe(true);
    } finally {
      w.stop();
    }
    expect(await w.exited).toBe(0);
    // Nothing of a run is left half done.
    expect(fs.readdirSync(path.join(project, 'generated')).filter((f) => f.startsWith('.cdl-') && f !== '.cdl-manifest')).toEqual([]);
  }, 400_000);
});
