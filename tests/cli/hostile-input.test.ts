/**
 * What a user can name that is not a spec: a FIFO, a device, a file larger than CDL reads.
 * Wherever it is named (on the command line, by an import, in a spec directory, as the
 * configuration), cdl says so and exits 1: it never waits on it or reads it into memory. The
 * runs are child processes with a time limit, so that a regression fails instead of hanging
 * the test worker.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOURCE_BYTES } from '../../generator/program/read.js';
import { ROOT, STACK_LINE } from './harness.js';

let dir = '';

function cdl(...args: string[]): { code: number | null; stderr: string; signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/cdl.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stderr: r.stderr, signal: r.signal };
}

const NOT_REGULAR = 'it is not a regular file (a FIFO, a device or a socket)';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-hostile-'));
  spawnSync('mkfifo', [path.join(dir, 'pipe.cdl')]);
  fs.mkdirSync(path.join(dir, 'specs'));
  spawnSync('mkfifo', [path.join(dir, 'specs', 'lying.cdl')]);
  fs.writeFileSync(path.join(dir, 'specs', 'good.cdl'), 'const A = 1;\n');
  fs.writeFileSync(path.join(dir, 'imports.cdl'), 'import "pipe.cdl";\nconst B = 2;\n');
  // One byte over the limit, as a sparse file: it takes no room on the disk.
  fs.closeSync(fs.openSync(path.join(dir, 'big.cdl'), 'w'));
  fs.truncateSync(path.join(dir, 'big.cdl'), MAX_SOURCE_BYTES + 1);
  fs.writeFileSync(path.join(dir, 'cdl.config.json'), JSON.stringify({ specs: ['pipe.cdl'] }));
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('files that are not specs', () => {
  const fifo = process.platform === 'win32' ? it.skip : it;

  fifo('a FIFO on the command line', () => {
    const r = cdl('check', 'pipe.cdl');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`pipe.cdl:1:1: error: cannot read 'pipe.cdl': ${NOT_REGULAR}`);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  fifo('a FIFO imported: the error is at the import', () => {
    const r = cdl('check', 'imports.cdl');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`imports.cdl:1:1: error: cannot read 'pipe.cdl': ${NOT_REGULAR}`);
  });

  fifo('a FIFO lying in a spec directory, beside a good spec', () => {
    const r = cdl('check', 'specs');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot read 'specs/lying.cdl': ${NOT_REGULAR}`);
    expect(r.stderr).toMatch(/1 error, 0 warnings\n$/);
  });

  it('a device, /dev/zero, is refused rather than read until the memory runs out', () => {
    const r = cdl('check', '/dev/zero');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot read '/dev/zero': ${NOT_REGULAR}`);
  });

  it('a file one byte larger than CDL reads', () => {
    const r = cdl('check', 'big.cdl');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot read 'big.cdl': it is larger than ${MAX_SOURCE_BYTES / (1024 * 1024)} MiB, the most CDL reads`);
  });

  fifo('a FIFO as the configuration file, and a configuration naming one as a spec', () => {
    const asConfig = cdl('gen', '--config', 'pipe.cdl');
    expect(asConfig.code).toBe(1);
    expect(asConfig.stderr).toContain(`cannot read 'pipe.cdl': ${NOT_REGULAR}`);
    const asSpec = cdl('gen', '--check');
    expect(asSpec.code).toBe(1);
    expect(asSpec.stderr).toContain(NOT_REGULAR);
  });
});

describe('import paths', () => {
  it('an absolute import path names that file, not one below the importing file', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-abs-'));
    try {
      fs.writeFileSync(path.join(other, 'b.cdl'), 'namespace b;\nconst FROM_B = 7;\n');
      fs.writeFileSync(path.join(dir, 'abs.cdl'), `import "${path.join(other, 'b.cdl')}";\nconst C = b.FROM_B + 1;\n`);
      const r = cdl('check', 'abs.cdl');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
