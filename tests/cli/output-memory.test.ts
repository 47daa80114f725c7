/**
 * OutputMemory (cli/output.ts): what `cdl gen --watch` knows of its output between runs. A file
 * is not read again while its stat is the same, and is read again as soon as anything changed
 * it, even to text of the same length, so that a run never trusts a file someone edited.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputMemory, StagedOutput } from '../../generator/cli/output.js';

describe('OutputMemory', () => {
  it('reads a file again once it changed, and not before', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-output-memory-'));
    const file = path.join(dir, 'a.h');
    fs.writeFileSync(file, 'one\n');
    const memory = new OutputMemory();
    expect(memory.read(file)).toBe('one\n');
    // The same stat: the text it knows, without reading (a read would see 'two').
    const fd = fs.openSync(file, 'r+');
    const before = fs.statSync(file);
    fs.writeSync(fd, 'two\n', 0);
    fs.closeSync(fd);
    fs.utimesSync(file, before.atime, before.mtime);
    // utimes changes the change time: the edit is seen though the size and mtime are the same.
    expect(memory.read(file)).toBe('two\n');
    expect(memory.read(file)).toBe('two\n');
    fs.rmSync(file);
    expect(memory.read(file)).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });

  it('lets a watched run see that a generated file was edited by hand, and write it again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-output-memory-'));
    const memory = new OutputMemory();
    const run = (contents: string) => {
      const out = new StagedOutput(dir, false, memory);
      out.add({ path: 'x/a.h', contents });
      return out.commit();
    };
    expect(run('#define A 1\n').written).toEqual(['x/a.h']);
    expect(run('#define A 1\n').unchanged).toEqual(['x/a.h']);
    fs.writeFileSync(path.join(dir, 'x/a.h'), '#define A 2\n');
    expect(run('#define A 1\n').written).toEqual(['x/a.h']);
    expect(fs.readFileSync(path.join(dir, 'x/a.h'), 'utf8')).toBe('#define A 1\n');
    fs.rmSync(dir, { recursive: true });
  });
});
