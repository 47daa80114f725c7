/**
 * `cdl doc` killed (SIGKILL) before each of its changes to the file system, through the hook
 * of generator/cli/kill-point.ts, as tests/cli/killed-runs.test.ts does for `cdl gen`: after
 * the recovery the next run starts with, the site is byte for byte the old one or the new one,
 * with the user's file beside it kept. The new site changes a page, adds one and removes one.
 * The killed runs are child processes of the built binary (dist/, which `npm ci` builds).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { recover } from '../../generator/cli/journal.js';
import { cdl, eachProject, ROOT, snapshot, type Project } from '../cli/harness.js';

describe('cdl doc killed at every change', () => {
  let p!: Project;
  eachProject((x) => (p = x));

  it('leaves the old site or the new one, never a mix', async () => {
    const site = path.join(p.dir, 'doc');
    const gone = path.join(p.dir, 'specs', 'gone.cdl');
    fs.writeFileSync(gone, 'namespace gone;\n/// Goes.\nconst G = 1;\n');
    expect((await cdl('doc', '--config', p.configFile)).code).toBe(0);
    fs.writeFileSync(path.join(site, 'NOTES.txt'), 'mine\n');
    const oldCopy = path.join(p.dir, 'old-site');
    fs.cpSync(site, oldCopy, { recursive: true });
    const OLD = snapshot(site);

    fs.rmSync(gone);
    fs.writeFileSync(path.join(p.dir, 'specs', 'added.cdl'), 'namespace added;\n/// Comes.\nconst A = 2;\n');
    fs.appendFileSync(p.spec, '\n/// New.\nconst NEW_ONE = 3;\n');
    expect((await cdl('doc', '--config', p.configFile)).code).toBe(0);
    const NEW = snapshot(site);
    expect(NEW).not.toEqual(OLD);

    let kills = 0;
    for (let n = 1; n < 500; n++) {
      fs.rmSync(site, { recursive: true, force: true });
      fs.cpSync(oldCopy, site, { recursive: true });
      const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/cdl.js'), 'doc', '--config', p.configFile, '--quiet'], {
        env: { ...process.env, CDL_TEST_KILL_AT: String(n) },
        encoding: 'utf8',
      });
      if (run.signal === null) {
        // Fewer changes than n: the run finished, and its site is the new one.
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(snapshot(site)).toEqual(NEW);
        break;
      }
      expect(run.signal).toBe('SIGKILL');
      kills++;
      recover(site);
      const now = snapshot(site);
      expect(isDeepStrictEqual(now, OLD) || isDeepStrictEqual(now, NEW), `killed before change ${n}: neither the old site nor the new`).toBe(true);
    }
    // Staging each file, the journal, putting each in place, removing, cleaning up: many points.
    expect(kills).toBeGreaterThan(15);
  }, 300_000);
});
