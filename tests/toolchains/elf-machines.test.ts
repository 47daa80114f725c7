/**
 * Machines picked from ELF headers (runtime/machines.ts): an object file that each built-in
 * target's own compiler makes names, by its header's e_machine, class and byte order, that
 * target in the index the tables emitter writes, and no other; the target declarations' `elf`
 * numbers are the compilers'. Loading a machine loads its one tables file. Skipped for a target
 * whose compiler is absent (a failure under CDL_REQUIRE_TOOLCHAINS=1).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { machineIndex, tablesText, valueTables } from '../../generator/emitters/tables/index.js';
import { elfIdentity, findMachine, loadMachine } from '../../runtime/machines.js';
import { BUILTIN_TARGETS, candidateNames, findToolchain } from '../oracle/toolchains.js';
import { skipFor } from './tools.js';

const SPEC = 'namespace m;\nconfig k;\nbits Flags : u32 { a @0; reserved @1..31; }\n';
const result = compile({ files: ['m.cdl'], readFile: () => SPEC, targets: BUILTIN_TARGETS, configs: [null, 'k'] });
const index = machineIndex(result.layouts);

describe('machines by ELF header', () => {
  it('lists every target and configuration, each with its tables file', () => {
    expect(index.machines.map((m) => `${m.target}${m.config ? `.${m.config}` : ''}`)).toEqual(BUILTIN_TARGETS.flatMap((t) => [t, `${t}.k`]));
    expect(index.machines.every((m) => m.elf !== null)).toBe(true);
  });

  for (const target of BUILTIN_TARGETS) {
    it(`${target}: an object file of its compiler picks it`, (ctx) => {
      const tc = findToolchain(target);
      if (!tc) return skipFor(ctx, `no ${target} compiler (${candidateNames(target)})`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-elf-'));
      const out = path.join(dir, 'o.o');
      const cc = spawnSync(tc.argv[0]!, [...tc.argv.slice(1), '-c', '-x', 'c', '-', '-o', out], { input: 'int cdl_probe;\n', encoding: 'utf8' });
      expect(cc.status, cc.stderr).toBe(0);
      const header = fs.readFileSync(out).subarray(0, 64);
      fs.rmSync(dir, { recursive: true, force: true });
      const id = elfIdentity(header)!;
      expect(id).not.toBeNull();
      expect(findMachine(index, { elf: header })?.target).toBe(target);
      expect(findMachine(index, { elf: header, config: 'k' })?.file).toBe(`${target}.k.json`);
      // The header's identity is that target's only.
      const others = index.machines.filter((m) => m.config === null && m.elf && m.elf.machine === id.machine && m.elf.class === id.class && m.elf.littleEndian === id.littleEndian);
      expect(others.map((m) => m.target)).toEqual([target]);
    });
  }
});

describe('elfIdentity and loadMachine', () => {
  it('read an ELF header by its own byte order, and refuse what is not one', () => {
    const be = new Uint8Array(20);
    be.set([0x7f, 0x45, 0x4c, 0x46, 1, 2], 0);
    be[18] = 0;
    be[19] = 20;
    expect(elfIdentity(be)).toEqual({ machine: 20, class: 32, littleEndian: false });
    expect(findMachine(index, { elf: be })?.target).toBe('ppc32');
    expect(elfIdentity(be.subarray(0, 19))).toBeNull();
    expect(elfIdentity(new Uint8Array(20))).toBeNull();
    expect(elfIdentity(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 3, 1, ...new Array(14).fill(0)]))).toBeNull();
    expect(findMachine(index, { elf: new Uint8Array(4) })).toBeNull();
    expect(findMachine(index, { target: 'vax' })).toBeNull();
  });

  it('loads the one file of the machine asked for', async () => {
    const files = new Map(result.layouts.map((l) => [`${l.target.name}${l.config ? `.${l.config}` : ''}.json`, tablesText(valueTables(l), '')]));
    const loaded: string[] = [];
    const load = (f: string) => {
      loaded.push(f);
      return JSON.parse(files.get(f)!);
    };
    const m = await loadMachine(findMachine(index, { target: 'riscv32' })!, load);
    expect(loaded).toEqual(['riscv32.json']);
    expect(m).toMatchObject({ target: 'riscv32', config: null, littleEndian: true, wordBits: 32, pointerBytes: 4 });
    expect(m.tables.types['m.Flags']?.kind).toBe('bits');
    await expect(loadMachine(findMachine(index, { target: 'x86_64' })!, () => JSON.parse(files.get('i386.json')!))).rejects.toThrow(RangeError);
  });
});
