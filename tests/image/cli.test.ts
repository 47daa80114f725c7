/**
 * `cdl image build MANIFEST` and `cdl image inspect FILE`, run in-process: a manifest with a
 * program, endpoints and capabilities builds an image that inspect prints decoded; every
 * mistake (a missing or corrupt ELF file, a bad value or key, a dangling name or OID, a
 * miscellaneous capability with an OID, an unwritable output) is one line naming the file or
 * object, exit 1, no stack trace and no image.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import { image } from '../../generator/cli/image.js';
import { ImageReader } from '../../runtime/coyotos/index.js';
import { cdl, ROOT, STACK_LINE } from '../cli/harness.js';
import { sampleElf } from './elf-fixture.js';

function project(manifest: object, elf: Uint8Array = sampleElf(true, true)): { dir: string; manifest: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-image-cli-'));
  fs.writeFileSync(path.join(dir, 'prog.elf'), elf);
  fs.writeFileSync(path.join(dir, 'image.json'), JSON.stringify(manifest));
  return { dir, manifest: path.join(dir, 'image.json') };
}

const GOOD = {
  target: 'x86_64',
  output: 'boot.img',
  programs: [{ name: 'init', elf: 'prog.elf', schedule: { type: 'Schedule' }, capReg: { '1': { type: 'Entry', object: 'ep', protPayload: 7 }, '2': { type: 'Endpoint', object: 'ep' } } }],
  endpoints: [{ name: 'ep', recipient: 'init', endpointID: 9, protPayload: 3 }],
};

describe('cdl image', () => {
  it('builds an image from a manifest and inspects it', async () => {
    const p = project(GOOD);
    const built = await cdl('image', 'build', p.manifest);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const img = path.join(p.dir, 'boot.img');
    expect(built.stdout).toContain(`${img}: ${fs.statSync(img).size} bytes for x86_64`);
    const r = ImageReader.open(x86_64, img);
    const proc = r.process(0);
    expect(proc).toMatchObject({ faultCode: x86_64.FaultCode.Startup, runState: x86_64.RunState.Running, faultInfo: 0x401010n });
    expect(proc.capReg[1]).toMatchObject({ hdr: { type: x86_64.CapType.Entry }, info: { protPayload: 7 }, payload: { oid: 1n } });
    expect(r.endpoint(1)).toMatchObject({ endpointID: 9n, protPayload: 3, recipient: { hdr: { type: x86_64.CapType.Process }, payload: { oid: 0n } } });
    r.close();

    const shown = await cdl('image', 'inspect', img);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^image .*boot\.img: x86_64 \(target 2\), little-endian \(1234\), version 1, page size 4096$/m);
    expect(shown.stdout).toMatch(/^Process 0: runState Running, faultCode Startup, faultInfo 0x401010/m);
    expect(shown.stdout).toMatch(/^ {2}capReg\[1\]: Entry oid 1 protPayload 0x7$/m);
    expect(shown.stdout).toMatch(/^ {2}schedule: Schedule$/m);
    expect(shown.stdout).toMatch(/^Endpoint 1: endpointID 9, protPayload 0x3, recipient Process oid 0$/m);
    expect(shown.stdout).toMatch(/^Page \d+: allocation records$/m);
    // The code page is read-only and executable, the data page writable and not executable.
    expect(shown.stdout).toMatch(/Page oid \d+ restr 0x2 \(RO\) l2g 12/);
    expect(shown.stdout).toMatch(/Page oid \d+ restr 0x4 \(NX\) l2g 12/);
  });

  it('--output overrides the manifest; a big-endian image is read with its own target', async () => {
    const p = project({ ...GOOD, target: 'ppc32', output: undefined }, sampleElf(false, false, 20)); // EM_PPC
    const out = path.join(p.dir, 'other.img');
    expect((await cdl('image', 'build', '--output', out, p.manifest)).code).toBe(0);
    const shown = await cdl('image', 'inspect', out);
    expect(shown.stdout).toMatch(/ppc32 \(target 6\), big-endian \(4321\)/);
  });

  const cases: [string, object, RegExp, Uint8Array?][] = [
    ['a missing ELF file', { ...GOOD, programs: [{ ...GOOD.programs[0], elf: 'nope.elf' }] }, /^.*image\.json:1:\d+: error: programs\[0\]\.elf: cannot read '.*nope\.elf': no such file$/m],
    ['a corrupt ELF file', GOOD, /image\.json:1:\d+: error: programs\[0\]\.elf: '.*prog\.elf': not an ELF file/, new Uint8Array(100)],
    ['a truncated ELF file', GOOD, /image\.json:1:\d+: error: programs\[0\]\.elf: '.*prog\.elf': .*(truncated|beyond the file)/, sampleElf(true, true).subarray(0, 400)],
    ['a program for another machine', GOOD, /image\.json:1:\d+: error: programs\[0\]\.elf: '.*prog\.elf' is for ELF machine 3, 32-bit, little-endian, not for x86_64/, sampleElf(false, true)],
    ['an unknown target', { ...GOOD, target: 'vax' }, /image\.json:1:\d+: error: target: 'vax' is not a target/],
    ['an unknown key', { ...GOOD, programs: [{ ...GOOD.programs[0], elff: 1 }] }, /image\.json:1:\d+: error: programs\[0\]\.elff: unknown key/],
    ['a value out of range', { ...GOOD, endpoints: [{ name: 'ep', protPayload: 2 ** 32 }] }, /image\.json:1:\d+: error: endpoints\[0\]\.protPayload: must be an integer from 0 to 4294967295/],
    ['a dangling name', { ...GOOD, programs: [{ ...GOOD.programs[0], capReg: { '3': { type: 'Endpoint', object: 'nobody' } } }] }, /image\.json:1:\d+: error: programs\[0\]\.capReg\.3\.object: no program or endpoint is named 'nobody'/],
    ['a dangling OID', { ...GOOD, programs: [{ ...GOOD.programs[0], capReg: { '3': { type: 'Process', oid: 5 } } }] }, /^cdl: error: Process 0 capReg\[3\]: Process capability: OID 5 is out of range: the image has 1 Process object$/m],
    ['a miscellaneous capability with an OID', { ...GOOD, programs: [{ ...GOOD.programs[0], schedule: { type: 'Schedule', oid: 4 } }] }, /^cdl: error: Process 0 schedule: Schedule capability: OID 4: a miscellaneous capability carries OID 0$/m],
    ['an unwritable output', { ...GOOD, output: 'no/such/dir/boot.img' }, /cannot write '.*no\/such\/dir\/boot\.img': ENOENT/],
  ];
  for (const [what, manifest, message, elf] of cases) {
    it(`${what}: reported, exit 1, no image`, async () => {
      const p = project(manifest, elf);
      const run = await cdl('image', 'build', p.manifest);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(run.code).toBe(1);
      expect(fs.readdirSync(p.dir).sort()).toEqual(['image.json', 'prog.elf']);
    });
  }

  /** A manifest written as text, so that the positions the diagnostics give are known. */
  function written(text: string): { dir: string; manifest: string } {
    const p = project({});
    fs.writeFileSync(p.manifest, text);
    return p;
  }

  it('a JSON syntax error is reported at its place, with a code frame', async () => {
    const p = written('{\n  "target": "x86_64",\n  "output": "boot.img",\n}\n');
    const run = await cdl('image', 'build', p.manifest);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        `${p.manifest}:3:23: error: a trailing comma is not allowed in JSON`,
        ' 3 |   "output": "boot.img",',
        '   |                       ^',
        '1 error, 0 warnings',
        '',
      ].join('\n'),
    );
    expect(fs.readdirSync(p.dir).sort()).toEqual(['image.json', 'prog.elf']);
  });

  it('every mistake in the manifest is reported at its place, all in one run', async () => {
    const p = written(
      [
        '{',
        '  "target": "x86_64",',
        '  "output": "boot.img",',
        '  "programs": [',
        '    { "name": "init", "elf": "prog.elf", "shedule": { "type": "Schedule" } },',
        '    { "name": "two", "elf": "missing.elf", "capReg": { "1": { "type": 7 } } },',
        '    { "elf": "prog.elf" }',
        '  ],',
        '  "endpoints": [{ "name": "ep", "recipient": "nobody", "protPayload": true }]',
        '}',
        '',
      ].join('\n'),
    );
    const run = await cdl('image', 'build', p.manifest);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_LINE);
    const heads = run.stderr.split('\n').filter((l) => l.includes(': error: '));
    expect(heads).toEqual([
      `${p.manifest}:5:42: error: programs[0].shedule: unknown key (allowed: name, elf, schedule, capReg, handler, pageTables)`,
      `${p.manifest}:6:29: error: programs[1].elf: cannot read '${path.join(p.dir, 'missing.elf')}': no such file`,
      `${p.manifest}:6:71: error: programs[1].capReg.1.type: must be a non-empty string, not 7`,
      `${p.manifest}:7:5: error: programs[2].name: missing: it must be a non-empty string`,
      `${p.manifest}:9:46: error: endpoints[0].recipient: no program is named 'nobody'`,
      `${p.manifest}:9:71: error: endpoints[0].protPayload: must be an integer from 0 to 4294967295 (a number, or a string for a large one), not true`,
    ]);
    // Each with the line and a caret under the key or value at fault.
    expect(run.stderr).toContain(
      [
        `${p.manifest}:6:29: error: programs[1].elf: cannot read '${path.join(p.dir, 'missing.elf')}': no such file`,
        ' 6 |     { "name": "two", "elf": "missing.elf", "capReg": { "1": { "type": 7 } } },',
        '   |                             ^^^^^^^^^^^^^',
      ].join('\n'),
    );
    expect(run.stderr).toMatch(/\n6 errors, 0 warnings\n$/);
    expect(fs.readdirSync(p.dir).sort()).toEqual(['image.json', 'prog.elf']);
  });

  it('a manifest that is not an object, and a value of the wrong type at the top', async () => {
    const notObject = written('[1, 2]\n');
    const run = await cdl('image', 'build', notObject.manifest);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe(`${notObject.manifest}:1:1: error: a manifest is a JSON object of target, output, module, programs and endpoints`);
    const wrong = written('{ "target": "x86_64", "output": "boot.img", "programs": {} }\n');
    const again = await cdl('image', 'build', wrong.manifest);
    expect(again.code).toBe(1);
    expect(again.stderr.split('\n')[0]).toBe(`${wrong.manifest}:1:57: error: programs: must be an array, not an object`);
  });

  it('refuses a manifest that is not a regular file (a FIFO is never waited on)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-image-fifo-'));
    const fifo = path.join(dir, 'image.json');
    execFileSync('mkfifo', [fifo]);
    const run = await cdl('image', 'build', fifo);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cdl: error: cannot read '.*image\.json': it is not a regular file/);
    expect(run.stderr).not.toMatch(STACK_LINE);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('inspect refuses a file that is not an image', async () => {
    const p = project(GOOD);
    const run = await cdl('image', 'inspect', path.join(p.dir, 'prog.elf'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cdl: error: '.*prog\.elf': .*(not a Coyotos image|less than the header page)/);
  });

  it('puts a program\'s hardware page tables in the image, which cdl walk reads', async () => {
    const p = project({ ...GOOD, programs: [{ ...GOOD.programs[0], pageTables: 'Paging4' }] });
    const config = path.join(ROOT, 'cdl.config.json');
    const built = await cdl('image', 'build', '--config', config, p.manifest);
    expect(built.code).toBe(0);
    const m = /init: Paging4 page tables, root at (0x[0-9a-f]+) \(Page (\d+)\)/.exec(built.stdout);
    expect(m).not.toBeNull();
    expect(BigInt(m![1]!)).toBe(BigInt(m![2]!) * 4096n);
    const img = path.join(p.dir, 'boot.img');
    const walked = await cdl('walk', '--config', config, '--target', 'x86_64', '--mode', 'user', '--root', m![1]!, img, '0x401010', '0x403100', '0x406000', '0x800000');
    const lines = walked.stdout.trim().split('\n');
    // The code page, read-only and executable; the data page writable, not executable; bss; nothing.
    expect(lines[0]).toMatch(/^0x401010 -> 0x[0-9a-f]+010 4K user=r-x /);
    expect(lines[1]).toMatch(/^0x403100 -> 0x[0-9a-f]+100 4K user=rw- /);
    expect(lines[2]).toMatch(/^0x406000 -> 0x[0-9a-f]+000 4K user=rw- /);
    expect(lines[3]).toMatch(/^0x800000: page fault/);
    // The byte at the physical address is the program's.
    const pa = Number(/-> (0x[0-9a-f]+)/.exec(lines[0]!)![1]);
    const elf = sampleElf(true, true);
    expect(fs.readFileSync(img)[pa]).toBe(elf[4096 + 0x10]);

    const bad = project({ ...GOOD, programs: [{ ...GOOD.programs[0], pageTables: 'Sv39' }] });
    const refused = await cdl('image', 'build', '--config', config, bad.manifest);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^.*image\.json:1:\d+: error: programs\[0\]\.pageTables: no paging scheme 'Sv39' for x86_64 in the specs of .*cdl\.config\.json \(its schemes: x86\.Paging4, x86\.Paging5\)$/m);
    expect(fs.readdirSync(bad.dir).sort()).toEqual(['image.json', 'prog.elf']);
  });

  it('shows its progress on a terminal', async () => {
    const p = project(GOOD);
    let stderr = '';
    const code = await image({}, ['build', p.manifest], { stdout: () => {}, stderr: (t) => void (stderr += t), tty: true });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^\rwriting boot\.img: 100% \(0\.\d of 0\.\d MiB\)\n$/);
  });

  it('usage mistakes exit 2', async () => {
    expect((await cdl('image')).code).toBe(2);
    expect((await cdl('image', 'frobnicate', 'x')).code).toBe(2);
  });
});
