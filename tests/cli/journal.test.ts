/**
 * What an interrupted `cdl gen` leaves, and what the next run does with it (generator/cli/
 * journal.ts): staging debris is removed, a journal is completed, a journal that names files
 * outside the output directory or files CDL did not write is refused before anything changes,
 * and `--check` reports an interrupted output as stale. Real runs killed at every point:
 * killed-runs.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recover } from '../../generator/cli/journal.js';
import { GOOD_SPEC, STACK_LINE, cdl, eachProject, snapshot } from './harness.js';

describe('an interrupted cdl gen', () => {
  let dir: string;
  let configFile: string;
  let out: string;
  let spec: string;
  eachProject((p) => ({ dir, configFile, out, spec } = p));
  const gen = (...flags: string[]) => cdl('gen', ...flags, '--config', configFile);
  const staging = () => path.join(out, '.cdl-staging');
  const journal = () => path.join(out, '.cdl-journal');

  /** Stages `files` and writes a journal as a run does, with `fields` replacing the genuine ones. */
  /**
   * Leaves what a run killed after its commit point leaves: `files` staged and the journal.
   * Format 2 stages each file under its place in the list; format 1 (an older cdl's) at its path.
   */
  function interrupt(files: Record<string, string>, fields: Record<string, unknown> = {}, format: 1 | 2 = 2): void {
    const write = Object.keys(files).filter((p) => p !== '.cdl-manifest');
    for (const [p, text] of Object.entries(files)) {
      const staged = path.join(staging(), format === 1 || p === '.cdl-manifest' ? p : String(write.indexOf(p)));
      fs.mkdirSync(path.dirname(staged), { recursive: true });
      fs.writeFileSync(staged, text);
    }
    const genuine = { format: `cdl journal ${format}`, write, remove: [], manifest: false };
    fs.writeFileSync(journal(), JSON.stringify({ ...genuine, ...fields }));
  }

  it('leaves no staging directory or journal after a run, or after a failed one', async () => {
    expect((await gen()).code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['.cdl-manifest', 'layout']);
    fs.writeFileSync(spec, GOOD_SPEC.replace('const PAGE_SIZE = 4096;', 'const PAGE_SIZE = 8192;'));
    // A directory where the second file goes: the first is staged by then.
    fs.rmSync(path.join(out, 'layout', 'x86_64.json'));
    fs.mkdirSync(path.join(out, 'layout', 'x86_64.json'));
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is a directory\ncdl: nothing written to /);
    expect(fs.readdirSync(out).sort()).toEqual(['.cdl-manifest', 'layout']);
  });

  it('removes what a run staged before it was killed, and changes nothing else', async () => {
    expect((await gen()).code).toBe(0);
    const before = snapshot(out);
    const past = new Date('2001-01-01T00:00:00Z');
    for (const f of Object.keys(before)) fs.utimesSync(path.join(out, f), past, past);
    fs.mkdirSync(path.join(staging(), 'layout'), { recursive: true });
    fs.writeFileSync(path.join(staging(), 'layout', 'x86_64.json'), '{ "half": ');
    fs.writeFileSync(path.join(staging(), '.cdl-journal'), '{ "format": "cdl journal 1", "wr');

    const run = await gen();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cdl: removed \S*out\/\.cdl-staging, left by an interrupted run\ncdl: 0 written, 0 removed, 2 unchanged/);
    expect(snapshot(out)).toEqual(before);
    expect(fs.existsSync(staging())).toBe(false);
    for (const f of Object.keys(before)) expect(fs.statSync(path.join(out, f)).mtime.getTime(), f).toBe(past.getTime());
  });

  it('completes a journal: the staged files move into place, obsolete ones go, then the traces', async () => {
    expect((await gen()).code).toBe(0);
    fs.writeFileSync(path.join(out, 'NOTES.txt'), 'mine\n');
    const manifest = '# Files written by cdl gen\nlayout/x86_64.json\nlayout/new.json\n';
    interrupt({ 'layout/x86_64.json': '{}\n', 'layout/new.json': '[]\n', '.cdl-manifest': manifest }, {
      write: ['layout/x86_64.json', 'layout/new.json'],
      remove: ['layout/i386.json'],
      manifest: true,
    });
    // The first move was done before the kill.
    fs.renameSync(path.join(staging(), '0'), path.join(out, 'layout', 'x86_64.json'));
    expect(recover(out)).toBe('completed');
    expect(Object.keys(snapshot(out))).toEqual(['.cdl-manifest', 'NOTES.txt', 'layout/new.json', 'layout/x86_64.json']);
    expect(fs.readFileSync(path.join(out, 'layout', 'x86_64.json'), 'utf8')).toBe('{}\n');
    expect(fs.readFileSync(path.join(out, '.cdl-manifest'), 'utf8')).toBe(manifest);
    expect(recover(out)).toBe(null);

    // cdl gen does the same first, says so, then makes the output it makes.
    interrupt({ 'layout/x86_64.json': '{}\n' });
    const run = await gen();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cdl: completed the interrupted run recorded in \S*out\/\.cdl-journal\ncdl: 2 written, 1 removed, 0 unchanged/);
    expect(Object.keys(snapshot(out))).toEqual(['.cdl-manifest', 'NOTES.txt', 'layout/i386.json', 'layout/x86_64.json']);
  });

  it('--check reports an interrupted output as stale, and changes nothing', async () => {
    expect((await gen()).code).toBe(0);
    fs.mkdirSync(staging());
    let before = snapshot(dir);
    const staged = await gen('--check');
    expect(staged.code).toBe(1);
    expect(staged.stderr).toMatch(/^cdl: \S*out is stale: a cdl gen was interrupted there \(\S*out\/\.cdl-staging\); run 'cdl gen' to remove \S*out\/\.cdl-staging\n$/);
    expect(snapshot(dir)).toEqual(before);
    expect(fs.existsSync(staging())).toBe(true);

    interrupt({ 'layout/x86_64.json': fs.readFileSync(path.join(out, 'layout', 'x86_64.json'), 'utf8') });
    before = snapshot(dir);
    const journaled = await gen('--check');
    expect(journaled.code).toBe(1);
    expect(journaled.stderr).toMatch(/^cdl: \S*out is stale: a cdl gen was interrupted there \(\S*out\/\.cdl-journal\); run 'cdl gen' to complete it\n$/);
    expect(snapshot(dir)).toEqual(before);
  });

  it("completes the journal of an older cdl, which staged each file at its path (format 1)", async () => {
    expect((await gen()).code).toBe(0);
    interrupt({ 'layout/x86_64.json': '{}\n' }, {}, 1);
    expect(recover(out)).toBe('completed');
    expect(fs.readFileSync(path.join(out, 'layout', 'x86_64.json'), 'utf8')).toBe('{}\n');
    expect(fs.existsSync(staging())).toBe(false);
    expect(fs.existsSync(journal())).toBe(false);
  });

  describe('refuses a journal it cannot trust, before changing anything', () => {
    const tampered: { name: string; files?: Record<string, string>; fields: Record<string, unknown>; why: RegExp }[] = [
      { name: 'a write with ..', fields: { write: ['../victim.txt'] }, why: /it names "\.\.\/victim\.txt", which is not a file inside the output directory/ },
      { name: 'a removal with ..', fields: { remove: ['layout/../../victim.txt'] }, why: /it names "layout\/\.\.\/\.\.\/victim\.txt", which is not/ },
      { name: 'an absolute removal', fields: { remove: ['/victim.txt'] }, why: /it names "\/victim\.txt", which is not a file inside/ },
      { name: 'a path with an empty name', fields: { remove: ['layout//i386.json'] }, why: /it names "layout\/\/i386\.json"/ },
      { name: 'a write of a name cdl keeps', fields: { write: ['.cdl-journal'] }, why: /it names "\.cdl-journal"/ },
      { name: 'a removal of the manifest', fields: { remove: ['.cdl-manifest'] }, why: /it names "\.cdl-manifest"/ },
      { name: 'a path that is not a string', fields: { remove: [7] }, why: /it names 7, which is not/ },
      { name: 'a path named twice', fields: { remove: ['layout/i386.json', 'layout/i386.json'] }, why: /it names 'layout\/i386\.json' twice/ },
      { name: 'an overwrite of a user file', files: { 'NOTES.txt': 'pwned\n' }, fields: {}, why: /it would overwrite 'NOTES\.txt', which cdl did not write/ },
      { name: 'a removal of a user file', fields: { remove: ['NOTES.txt'] }, why: /it would remove 'NOTES\.txt', which cdl did not write/ },
      { name: 'a removal of a directory', fields: { remove: ['layout'] }, why: /it would remove the directory 'layout'/ },
      { name: 'another format', fields: { format: 'cdl journal 3' }, why: /it is not a journal this cdl wrote/ },
      { name: 'lists that are not lists', fields: { write: 'layout/i386.json' }, why: /it is not a journal this cdl wrote/ },
    ];
    for (const t of tampered) {
      it(t.name, async () => {
        expect((await gen()).code).toBe(0);
        fs.writeFileSync(path.join(out, 'NOTES.txt'), 'mine\n');
        fs.writeFileSync(path.join(dir, 'victim.txt'), 'keep\n');
        fs.writeFileSync(path.join(out, 'victim.txt'), 'keep\n');
        interrupt(t.files ?? { 'layout/x86_64.json': '{}\n' }, t.fields);
        const before = snapshot(dir);

        const run = await gen();
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/^cdl: error: cannot complete the run recorded in \S*out\/\.cdl-journal: /);
        expect(run.stderr).toMatch(t.why);
        expect(run.stderr).toMatch(/\ncdl: nothing written to \S*out; to give up that run instead, remove \S*out\/\.cdl-journal and \S*out\/\.cdl-staging\n$/);
        expect(run.stderr).not.toMatch(STACK_LINE);
        expect(snapshot(dir)).toEqual(before);
      });
    }

    it('a journal that is not JSON', async () => {
      expect((await gen()).code).toBe(0);
      fs.writeFileSync(journal(), '{ "format": "cdl jou');
      const before = snapshot(dir);
      const run = await gen();
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/\.cdl-journal: it cannot be read: .*JSON/);
      expect(snapshot(dir)).toEqual(before);
    });
  });

  it('keeps the journal when a step fails, for the next run to complete', async () => {
    expect((await gen()).code).toBe(0);
    fs.writeFileSync(path.join(out, 'NOTES.txt'), 'mine\n');
    // A move below a user's file: the journal's checks pass, the rename cannot.
    interrupt({ 'NOTES.txt/x.json': '{}\n' });
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cdl: error: cannot put the output in place: ENOTDIR.*\ncdl: \S*out\/\.cdl-journal records what is left to do; run 'cdl gen' again once that is fixed\n$/);
    expect(fs.readFileSync(path.join(out, 'NOTES.txt'), 'utf8')).toBe('mine\n');
    expect(fs.existsSync(journal())).toBe(true);
    expect(fs.existsSync(path.join(staging(), '0'))).toBe(true);
  });
});
