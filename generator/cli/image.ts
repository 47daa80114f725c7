/**
 * `cdl image build [--output FILE] MANIFEST` and `cdl image inspect [--target T] FILE`:
 * Coyotos images, made and read with nothing but a target's generated `coyotos` module and
 * runtime/coyotos, as a user's own mkimage would be. The module is CDL's own build of
 * generated/ts/<target>/coyotos.ts, or the compiled one a manifest names (`"module"`), so an
 * image follows the specs it was generated from.
 *
 * A manifest (JSON; paths relative to it):
 *   { "target": "x86_64", "output": "boot.img",
 *     "programs": [{ "name": "init", "elf": "init.elf", "schedule": { "type": "Schedule" },
 *                    "capReg": { "1": { "type": "Entry", "object": "ep", "protPayload": 7 } } }],
 *     "endpoints": [{ "name": "ep", "recipient": "init", "protPayload": 0, "endpointID": 9 }] }
 * A capability names an object of the manifest (`object`) or an OID (`oid`). Every problem
 * (a missing file, a bad value, a capability the checks refuse, an unwritable output) is one
 * line naming the file or object, exit 1, and no image.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPageTables, capability, capTypeName, ImageBuilder, ImageError, ImageReader, loadElf, writeImage, type Cap, type CoyotosTarget } from '../../runtime/coyotos/index.js';
import { ElfError } from '../../runtime/elf.js';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import { pagingScheme, type PagingScheme } from '../../runtime/paging.js';
import type { ValueTables } from '../../runtime/tables.js';
import { valueTables } from '../emitters/tables/index.js';
import { pagingTables } from '../lower/machine-data.js';
import { readFailure, readSourceFile } from '../program/read.js';
import { configFile } from './find-config.js';
import { loadProject } from './project.js';
import { elfIdentity } from '../../runtime/machines.js';
import { BUILTIN_SOURCE, BUILTIN_TARGETS } from '../targets/builtin.js';
import { UsageError, type Parsed } from './commands.js';
import { MAX_BINARY_BYTES, readBinaryFile } from './read-binary.js';

export interface ImageIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard error is a terminal: show progress. */
  readonly tty?: boolean;
}

/** A mistake in the manifest or its files: one line, exit 1. */
class ManifestError extends Error {}

/** The specs had errors, already reported: exit 1. */
class ReportedError extends Error {}

type Report = (diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>) => boolean;

export async function image(values: Parsed['values'], positionals: readonly string[], io: ImageIo, report: Report = () => true): Promise<number> {
  const [sub, ...rest] = positionals;
  const fail = (message: string): number => {
    io.stderr(`cdl: error: ${message}\n`);
    return 1;
  };
  try {
    if (sub === 'build') {
      if (rest.length !== 1) throw new UsageError('cdl image build needs one MANIFEST');
      if (values['target'] !== undefined) throw new UsageError('the manifest names the target: --target is for cdl image inspect');
      return await build(rest[0]!, values['output'] as string | undefined, io, values['quiet'] === true, () => configFile(values['config'] as string | undefined), report);
    }
    if (sub === 'inspect') {
      if (rest.length !== 1) throw new UsageError('cdl image inspect needs one FILE');
      if (values['output'] !== undefined) throw new UsageError('--output is for cdl image build');
      return await inspect(rest[0]!, values['target'] as string | undefined, values['module'] as string | undefined, io);
    }
    throw new UsageError(sub === undefined ? 'cdl image needs build or inspect' : `cdl image has no '${sub}': build or inspect`);
  } catch (e) {
    if (e instanceof ReportedError) return 1;
    if (e instanceof ManifestError || e instanceof ImageError) return fail(e.message);
    throw e;
  }
}

/** The ELF identity of a built-in target's executables, as its declaration gives it. */
function targetElf(target: string): { machine: number; class: number; littleEndian: boolean } | null {
  const decl = new RegExp(`^target ${target}\\s*\\{([^}]*)\\}`, 'm').exec(BUILTIN_SOURCE)?.[1];
  const machine = decl && /\belf (\d+)/.exec(decl)?.[1];
  const pointer = decl && /\bpointer (\d+)/.exec(decl)?.[1];
  if (!decl || !machine || !pointer) return null;
  return { machine: Number(machine), class: Number(pointer), littleEndian: /\bendian little\b/.test(decl) };
}

/** The generated coyotos module of `target`: `file` (a compiled module) or CDL's own build. */
async function targetModule(target: string, file?: string): Promise<CoyotosTarget> {
  const url = file ? pathToFileURL(path.resolve(file)).href : new URL(`../../generated/ts/${target}/coyotos.js`, import.meta.url).href;
  try {
    return (await import(url)) as CoyotosTarget;
  } catch (e) {
    throw new ManifestError(`cannot load the coyotos module for ${target} (${file ?? url}): ${(e as Error).message.split('\n')[0]}`);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Reads a manifest's values, naming the key at fault. */
class Fields {
  constructor(
    private readonly file: string,
    private readonly obj: { [key: string]: Json },
    private readonly where: string,
    allowed: readonly string[],
  ) {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) this.bad(k, `unknown key (allowed: ${allowed.join(', ')})`);
  }
  bad(key: string, what: string): never {
    throw new ManifestError(`${this.file}: ${this.where}${this.where ? '.' : ''}${key}: ${what}`);
  }
  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }
  string(key: string, required = false): string | undefined {
    const v = this.obj[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v === '') this.bad(key, `must be a non-empty string, not ${JSON.stringify(v) ?? 'missing'}`);
    return v;
  }
  int(key: string, max: bigint): bigint | undefined {
    const v = this.obj[key];
    if (v === undefined) return undefined;
    let n: bigint | null = null;
    if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
    else if (typeof v === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v)) n = BigInt(v);
    if (n === null || n < 0n || n > max) this.bad(key, `must be an integer from 0 to ${max} (a number, or a string for a large one), not ${JSON.stringify(v)}`);
    return n;
  }
  object(key: string): { [key: string]: Json } | undefined {
    const v = this.obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.bad(key, 'must be an object');
    return v;
  }
  array(key: string): { [key: string]: Json }[] {
    const v = this.obj[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.bad(key, 'must be an array');
    return v.map((x, i) => {
      if (typeof x !== 'object' || x === null || Array.isArray(x)) this.bad(`${key}[${i}]`, 'must be an object');
      return x;
    });
  }
}

/**
 * The project's decode tables for `target` and the paging scheme `name` (the target's first
 * when true): what `pageTables` in a manifest builds hardware tables from. Null when the specs
 * have errors (reported).
 */
function schemeFor(config: string, target: string, name: string | true, report: Report): { tables: ValueTables; scheme: PagingScheme } | null {
  const { result, diagnostics, sources } = loadProject(config, { target, config: null });
  if (!report(diagnostics, sources) || !result || result.layouts.length === 0) return null;
  const layout = result.layouts[0]!;
  // The schemes as the runtime takes them; `tables.machine` is the same data as printable
  // DataObjects (entries kept in order), not plain objects: no `paging` key to read.
  const paging = pagingTables(layout);
  const tables = valueTables(layout);
  const scheme = pagingScheme(paging, name === true ? undefined : name);
  if (!scheme) throw new ManifestError(`no paging scheme ${name === true ? '' : `'${name}' `}for ${target} in the specs of ${config} (its schemes: ${Object.keys(paging).join(', ') || 'none'})`);
  return { tables, scheme };
}

async function build(manifestPath: string, outputOption: string | undefined, io: ImageIo, quiet: boolean, config: () => string, report: Report): Promise<number> {
  let text: string;
  try {
    // As specs are read: a FIFO, a device or a huge file is refused, never waited on.
    text = readSourceFile(manifestPath);
  } catch (e) {
    throw new ManifestError(`cannot read '${manifestPath}': ${readFailure(e)}`);
  }
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (e) {
    throw new ManifestError(`${manifestPath}: not JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ManifestError(`${manifestPath}: a manifest is a JSON object`);
  const top = new Fields(manifestPath, json, '', ['target', 'output', 'module', 'programs', 'endpoints']);
  const target = top.string('target', true)!;
  if (!BUILTIN_TARGETS.includes(target)) top.bad('target', `'${target}' is not a target (${BUILTIN_TARGETS.join(', ')})`);
  const base = path.dirname(manifestPath);
  const rel = (p: string) => path.resolve(base, p);
  const output = outputOption ?? (top.string('output') !== undefined ? rel(top.string('output')!) : undefined);
  if (output === undefined) throw new ManifestError(`${manifestPath}: no output: give "output" or --output FILE`);
  const t = await targetModule(target, top.string('module') !== undefined ? rel(top.string('module')!) : undefined);
  const code = t.ImageTarget[target];
  if (typeof code !== 'number') throw new ManifestError(`the specs give no ImageTarget.${target}`);

  const b = new ImageBuilder(t);
  const programs = top.array('programs');
  const endpoints = top.array('endpoints');
  // Names first: capabilities may refer to objects declared later.
  const named = new Map<string, { type: 'Process' | 'Endpoint'; oid: bigint }>();
  const declare = (f: Fields, type: 'Process' | 'Endpoint', oid: bigint) => {
    const name = f.string('name', true)!;
    if (named.has(name)) f.bad('name', `'${name}' names two objects`);
    named.set(name, { type, oid });
  };
  const programFields = programs.map((p, i) => new Fields(manifestPath, p, `programs[${i}]`, ['name', 'elf', 'schedule', 'capReg', 'handler', 'pageTables']));
  const endpointFields = endpoints.map((e, i) => new Fields(manifestPath, e, `endpoints[${i}]`, ['name', 'recipient', 'protPayload', 'endpointID', 'pm']));
  // Processes and endpoints are allocated in manifest order after the prime bank's endpoint.
  programFields.forEach((f, i) => declare(f, 'Process', BigInt(i)));
  endpointFields.forEach((f, i) => declare(f, 'Endpoint', BigInt(b.endpoints.length + i)));

  const capOf = (key: string, spec: { [key: string]: Json }): Cap => {
    const c = new Fields(manifestPath, spec, key, ['type', 'object', 'oid', 'restr', 'protPayload', 'l2g', 'match']);
    const type = c.string('type', true)!;
    if (typeof t.CapType[type] !== 'number') c.bad('type', `'${type}' is not a capability type (${Object.keys(t.CapType).filter((k) => Number.isNaN(Number(k))).join(', ')})`);
    let oid = c.int('oid', (1n << 64n) - 1n) ?? 0n;
    const object = c.string('object');
    if (object !== undefined) {
      const o = named.get(object);
      if (!o) return c.bad('object', `no program or endpoint is named '${object}'`);
      oid = o.oid;
    }
    const n = (k: string, max: bigint) => (c.int(k, max) === undefined ? undefined : Number(c.int(k, max)));
    const opts = { restr: n('restr', 31n), protPayload: n('protPayload', 0xffffffffn), l2g: n('l2g', 127n), match: n('match', 0xffffffn) };
    return capability(t, type, oid, Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)));
  };

  const pending: (() => void)[] = [];
  const tableRoots: string[] = [];
  programFields.forEach((f, i) => {
    const where = `programs[${i}]`;
    const elfPath = rel(f.string('elf', true)!);
    let bytes: Uint8Array;
    try {
      bytes = readBinaryFile(elfPath);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ETOOBIG_BINARY' ? `it is larger than ${MAX_BINARY_BYTES / (1024 * 1024)} MiB` : readFailure(e);
      throw new ManifestError(`${manifestPath}: ${where}.elf: cannot read '${elfPath}': ${why}`);
    }
    // A program for another machine would load, and never run.
    const id = elfIdentity(bytes);
    const want = targetElf(target);
    if (id && want && (id.machine !== want.machine || id.class !== want.class || id.littleEndian !== want.littleEndian)) {
      throw new ManifestError(`'${elfPath}' (${where}.elf) is for ELF machine ${id.machine}, ${id.class}-bit, ${id.littleEndian ? 'little' : 'big'}-endian, not for ${target}`);
    }
    let loaded;
    try {
      loaded = loadElf(b, bytes);
    } catch (e) {
      if (e instanceof ElfError || e instanceof ImageError) throw new ManifestError(`'${elfPath}' (${where}.elf): ${e.message}`);
      throw e;
    }
    const oid = b.allocStartupProcess(loaded.entry, loaded.space);
    if (oid !== BigInt(i)) throw new Error('internal error: process OIDs out of manifest order');
    const wantTables = programs[i]!['pageTables'];
    if (wantTables !== undefined && wantTables !== false) {
      if (wantTables !== true && (typeof wantTables !== 'string' || wantTables === '')) f.bad('pageTables', 'must be true (the target\'s first paging scheme) or a scheme\'s name');
      const found = schemeFor(config(), target, wantTables as string | true, report);
      if (!found) throw new ReportedError();
      const hw = buildPageTables(
        b,
        found.tables,
        found.scheme,
        loaded.mappings.map((m) => ({ va: m.va, page: m.page, write: (m.restr & t.CAP_RESTR_RO) === 0, execute: (m.restr & t.CAP_RESTR_NX) === 0 })),
      );
      tableRoots.push(`${f.string('name')}: ${found.scheme.name} page tables, root at 0x${hw.rootAddress.toString(16)} (Page ${hw.root})`);
    }
    pending.push(() => {
      const p = b.process(oid);
      const schedule = f.object('schedule');
      if (schedule) p.schedule = capOf(`${where}.schedule`, schedule);
      const handler = f.object('handler');
      if (handler) p.handler = capOf(`${where}.handler`, handler);
      const regs = f.object('capReg') ?? {};
      for (const [k, v] of Object.entries(regs)) {
        const r = Number(k);
        if (!/^\d+$/.test(k) || r >= t.NUM_CAP_REGS) f.bad(`capReg.${k}`, `not a capability register (0..${t.NUM_CAP_REGS - 1})`);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) f.bad(`capReg.${k}`, 'must be an object');
        p.capReg[r] = capOf(`${where}.capReg.${k}`, v as { [key: string]: Json });
      }
    });
  });
  endpointFields.forEach((f, i) => {
    const where = `endpoints[${i}]`;
    const recipient = f.string('recipient');
    const oid = b.allocEndpoint({
      protPayload: Number(f.int('protPayload', 0xffffffffn) ?? 0n),
      endpointID: f.int('endpointID', (1n << 64n) - 1n) ?? 0n,
      flags: { pm: f.has('pm') ? f.int('pm', 1n) === 1n : false },
    });
    if (recipient !== undefined) {
      const o = named.get(recipient);
      if (!o || o.type !== 'Process') return f.bad('recipient', `no program is named '${recipient}'`);
      b.endpoint(oid).recipient = capOf(`${where}.recipient`, { type: 'Process', oid: o.oid.toString() });
    }
  });
  for (const p of pending) p();

  let last = 0;
  const progress = io.tty && !quiet
    ? (written: number, total: number) => {
        const now = Date.now();
        if (now - last < 100 && written < total) return;
        last = now;
        io.stderr(`\rwriting ${path.basename(output)}: ${Math.floor((written / Math.max(total, 1)) * 100)}% (${(written / 2 ** 20).toFixed(1)} of ${(total / 2 ** 20).toFixed(1)} MiB)`);
      }
    : undefined;
  const plan = writeImage(b, output, code, progress ? { onProgress: progress } : {});
  if (progress) io.stderr('\n');
  if (!quiet) {
    const h = plan.header;
    io.stdout(`${output}: ${h.imgBytes} bytes for ${target}: ${h.nPage} pages, ${h.nCapPage} cap pages, ${h.nGPT} GPTs, ${h.nEndpoint} endpoints, ${h.nProc} processes\n`);
    for (const line of tableRoots) io.stdout(`  ${line}\n`);
  }
  return 0;
}

const hex = (v: bigint | number) => `0x${v.toString(16)}`;

/** A capability on one line: its type, object, restrictions and guard. */
export function formatCap(t: CoyotosTarget, c: Cap): string {
  const parts = [capTypeName(t, c.hdr.type)];
  if (c.payload && 'oid' in c.payload && (typeof c.payload.oid === 'bigint')) parts.push(`oid ${c.payload.oid}`);
  if (c.payload && 'offset' in c.payload && typeof c.payload.offset === 'bigint') parts.push(`offset ${hex(c.payload.offset)}`);
  if (c.hdr.restr) {
    const names = ([['WK', t.CAP_RESTR_WK], ['RO', t.CAP_RESTR_RO], ['NX', t.CAP_RESTR_NX]] as const).filter(([, bit]) => c.hdr.restr & bit).map(([n]) => n);
    parts.push(`restr ${hex(c.hdr.restr)}${names.length ? ` (${names.join(' ')})` : ''}`);
  }
  if (c.info && 'mem' in c.info) parts.push(`l2g ${c.info.mem.l2g} match ${hex(c.info.mem.match)}`);
  if (c.info && 'protPayload' in c.info) parts.push(`protPayload ${hex(c.info.protPayload)}`);
  if (c.hdr.allocCount) parts.push(`allocCount ${c.hdr.allocCount}`);
  return parts.join(' ');
}

async function inspect(file: string, targetOption: string | undefined, moduleOption: string | undefined, io: ImageIo): Promise<number> {
  if (targetOption !== undefined && !BUILTIN_TARGETS.includes(targetOption)) throw new UsageError(`--target: '${targetOption}' is not a target (${BUILTIN_TARGETS.join(', ')})`);
  // The target: the one given, or the one whose views read this header with its own code.
  let reader: ImageReader | null = null;
  let target = '';
  const errors: string[] = [];
  for (const name of targetOption ? [targetOption] : BUILTIN_TARGETS) {
    const t = await targetModule(name, moduleOption);
    try {
      const r = ImageReader.open(t, file);
      if (r.header.target === t.ImageTarget[name] || targetOption) {
        reader = r;
        target = name;
        break;
      }
      r.close();
    } catch (e) {
      if (!(e instanceof ImageError)) throw e;
      errors.push(e.message);
      if (/cannot read|not a Coyotos image/.test(e.message)) break;
    }
  }
  if (!reader) throw new ImageError(errors.length ? errors[targetOption ? 0 : errors.length - 1]! : `'${file}': no target's image code matches its header`);
  const t = reader.t;
  const r = reader;
  const out: string[] = [];
  const put = (line: string) => {
    out.push(line);
    if (out.length >= 4096) io.stdout(out.splice(0).join('\n') + '\n');
  };
  try {
    const h = r.header;
    put(`image ${file}: ${target} (target ${h.target}), ${h.endian === t.ImageEndian['Little'] ? 'little' : 'big'}-endian (${h.endian}), version ${h.version}, page size ${h.pgSize}`);
    put(`  pages ${h.nPage}, cap pages ${h.nCapPage}, GPTs ${h.nGPT}, endpoints ${h.nEndpoint}, processes ${h.nProc}; imgBytes ${h.imgBytes}`);
    put(`  allocation records ${h.nAlloc}, banks ${h.nBank}, symbols ${h.nSymbol}, string bytes ${h.nStringBytes}`);
    put(`  bankVecOID ${h.bankVecOID}, symVecOID ${h.symVecOID}, stringTableOID ${h.stringTableOID}, allocVecOID ${h.allocVecOID}, endVecOID ${h.endVecOID}`);
    r.banks().forEach((b, i) => put(`bank ${i}: endpoint ${b.oid}, parent ${b.parent}`));
    // Allocation records in runs of one type and bank.
    const allocs = r.allocs();
    for (let i = 0; i < allocs.length; ) {
      let j = i + 1;
      while (j < allocs.length && allocs[j]!.fType === allocs[i]!.fType && allocs[j]!.bank === allocs[i]!.bank && allocs[j]!.oid === allocs[j - 1]!.oid + 1n) j++;
      const a = allocs[i]!;
      put(`alloc ${String(t.ObType[a.fType] ?? a.fType)} ${a.oid}${j - i > 1 ? `..${allocs[j - 1]!.oid}` : ''}: bank ${a.bank}`);
      i = j;
    }
    for (let oid = 0; oid < h.nPage; oid++) {
      const what = oid === 0 ? 'header' : BigInt(oid) >= h.bankVecOID && BigInt(oid) < h.allocVecOID ? 'bank records' : BigInt(oid) >= h.allocVecOID && BigInt(oid) < h.endVecOID ? 'allocation records' : null;
      const bytes = r.page(oid);
      let nonzero = 0;
      for (const x of bytes) if (x) nonzero++;
      put(`Page ${oid}: ${what ?? (nonzero ? `${nonzero} non-zero bytes, first ${[...bytes.subarray(0, 8)].map((x) => x.toString(16).padStart(2, '0')).join(' ')}` : 'zero')}`);
    }
    for (let oid = 0; oid < h.nCapPage; oid++) {
      const caps = r.capPage(oid);
      const used = caps.map((c, i) => [i, c] as const).filter(([, c]) => c.hdr.type !== t.CapType['Null']);
      put(`CapPage ${oid}: ${used.length} non-null`);
      for (const [i, c] of used) put(`  [${i}] ${formatCap(t, c)}`);
    }
    for (let oid = 0; oid < h.nGPT; oid++) {
      const g = r.gpt(oid);
      put(`GPT ${oid}: l2v ${g.hdr.l2v}${g.hdr.ha ? ' ha' : ''}${g.hdr.bg ? ' bg' : ''}`);
      g.slots.forEach((c, i) => c.hdr.type !== t.CapType['Null'] && put(`  [${i}] ${formatCap(t, c)}`));
    }
    for (let oid = 0; oid < h.nEndpoint; oid++) {
      const e = r.endpoint(oid);
      put(`Endpoint ${oid}: endpointID ${e.endpointID}, protPayload ${hex(e.protPayload)}${e.flags.pm ? ', pm' : ''}, recipient ${formatCap(t, e.recipient)}`);
    }
    for (let oid = 0; oid < h.nProc; oid++) {
      const p = r.process(oid);
      put(`Process ${oid}: runState ${String(t.RunState[p.runState] ?? p.runState)}, faultCode ${String(t.FaultCode[p.faultCode] ?? p.faultCode)}, faultInfo ${hex(p.faultInfo)}, flags ${hex(p.flags)}, notices ${hex(p.notices)}`);
      for (const f of ['schedule', 'addrSpace', 'brand', 'cohort', 'ioSpace', 'handler'] as const) if (p[f].hdr.type !== t.CapType['Null']) put(`  ${f}: ${formatCap(t, p[f])}`);
      p.capReg.forEach((c, i) => c.hdr.type !== t.CapType['Null'] && put(`  capReg[${i}]: ${formatCap(t, c)}`));
    }
  } finally {
    r.close();
  }
  io.stdout(out.join('\n') + '\n');
  return 0;
}
