/**
 * `cdl doc` writes its site as `cdl gen` writes its output: deterministic, through a staging
 * directory and a manifest. A run that fails (specs with errors, a file it cannot put in
 * place, a file it did not write in the way) leaves the old site exactly as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdl, eachProject, snapshot, type Project } from '../cli/harness.js';

describe('cdl doc output', () => {
  let p!: Project;
  eachProject((x) => (p = x));
  const site = () => path.join(p.dir, 'doc');

  it('writes the site beside the output directory, and the same bytes again', async () => {
    const first = await cdl('doc', '--config', p.configFile);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const files = snapshot(site());
    expect(Object.keys(files)).toEqual(['.cdl-manifest', 'assets/doc.js', 'assets/runtime.js', 'assets/search-index.js', 'assets/style.css', 'index.html', 'ns/demo.html']);
    const again = await cdl('doc', '--config', p.configFile);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 written, 0 removed, 6 unchanged');
    expect(snapshot(site())).toEqual(files);
    // The page has the declarations, and the runtime for its decoder.
    const page = fs.readFileSync(path.join(site(), 'ns/demo.html'), 'utf8');
    expect(page).toContain('id="decl-Entry"');
    expect(page).toContain('<details class="decoder" data-type="demo.Entry"');
    expect(fs.readFileSync(path.join(site(), 'assets/runtime.js'), 'utf8')).toMatch(/^"use strict";\nvar CDL = \(\(\) => \{/);
  });

  it('writes where --out says', async () => {
    const out = path.join(p.dir, 'elsewhere');
    expect((await cdl('doc', '--config', p.configFile, '--out', out)).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(fs.existsSync(site())).toBe(false);
  });

  it('leaves the old site when the specs have errors', async () => {
    expect((await cdl('doc', '--config', p.configFile)).code).toBe(0);
    const before = snapshot(site());
    fs.appendFileSync(p.spec, '\nstruct Broken { x: Missing; }\n');
    const run = await cdl('doc', '--config', p.configFile);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("'Missing'");
    expect(run.stderr).toContain('no documentation written');
    expect(snapshot(site())).toEqual(before);
  });

  it('leaves the old site when a new file cannot be put in place', async () => {
    expect((await cdl('doc', '--config', p.configFile)).code).toBe(0);
    const before = snapshot(site());
    // A second namespace changes the index and adds a page, where a directory stands in the way.
    fs.writeFileSync(path.join(p.dir, 'specs', 'other.cdl'), 'namespace other;\nconst X = 1;\n');
    fs.mkdirSync(path.join(site(), 'ns', 'other.html'));
    fs.writeFileSync(path.join(site(), 'ns', 'other.html', 'keep'), 'mine');
    const run = await cdl('doc', '--config', p.configFile);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot write the site: .*other\.html' is a directory/);
    expect(snapshot(site())).toEqual({ ...before, 'ns/other.html/keep': snapshot(path.join(site(), 'ns', 'other.html'))['keep'] });
    expect(fs.existsSync(path.join(site(), '.cdl-staging'))).toBe(false);
  });

  it('refuses to overwrite a file it did not write, and removes only its own', async () => {
    expect((await cdl('doc', '--config', p.configFile)).code).toBe(0);
    fs.writeFileSync(path.join(site(), 'notes.txt'), 'mine');
    fs.writeFileSync(path.join(p.dir, 'specs', 'other.cdl'), 'namespace other;\nconst X = 1;\n');
    fs.writeFileSync(path.join(site(), 'ns', 'other.html'), 'mine');
    const before = snapshot(site());
    const run = await cdl('doc', '--config', p.configFile);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('were not written by cdl');
    expect(run.stderr).toContain(path.join('ns', 'other.html'));
    expect(snapshot(site())).toEqual(before);
    // Once it is moved away, the run goes through; removing the namespace removes its page only.
    fs.rmSync(path.join(site(), 'ns', 'other.html'));
    expect((await cdl('doc', '--config', p.configFile)).code).toBe(0);
    expect(fs.existsSync(path.join(site(), 'ns', 'other.html'))).toBe(true);
    fs.rmSync(path.join(p.dir, 'specs', 'other.cdl'));
    expect((await cdl('doc', '--config', p.configFile)).code).toBe(0);
    expect(fs.existsSync(path.join(site(), 'ns', 'other.html'))).toBe(false);
    expect(fs.readFileSync(path.join(site(), 'notes.txt'), 'utf8')).toBe('mine');
  });

  it("refuses cdl gen's output directory, whose files it would take for its own", async () => {
    expect((await cdl('gen', '--config', p.configFile)).code).toBe(0);
    const before = snapshot(p.out);
    const run = await cdl('doc', '--config', p.configFile, '--out', p.out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is the output directory of cdl gen; the site needs a directory of its own/);
    expect(snapshot(p.out)).toEqual(before);
  });

  it('is in the help', async () => {
    const help = await cdl('help', 'doc');
    expect(help.stdout).toContain('usage: cdl doc [--out DIR] [--config FILE]');
    expect((await cdl('help')).stdout).toMatch(/\n {2}doc +write a static reference site/);
  });
});
