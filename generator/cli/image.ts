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
 * A capability names an object of the manifest (`object`) or an OID (`oid`). A problem in the
 * manifest (its syntax, a key, a value, a file it names) is a diagnostic at its place, as in
 * `cdl.config.json`, all of them in one run; one the image's own checks find (a capability they
 * refuse, an unwritable output) is one line naming the object or file. Either way: exit 1, and
 * no image.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPageTables, capability, largePageSizes, capTypeName, ImageBuilder, ImageError, ImageReader, loadElf, writeImage, type Cap, type CoyotosTarget, type ElfViews } from '../../runtime/coyotos/index.js';
import { ElfError } from '../../runtime/elf.js';
import type { Span } from '../../grammar/ast.js';
import { Diagnostics, formatDiagnostic, type Diagnostic } from '../../grammar/diagnostics.js';
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
import { JsonSyntaxError, parseJson, type JsonValue } from './json.js';
import { MAX_BINARY_BYTES, readBinaryFile } from './read-binary.js';

export interface ImageIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard error is a terminal: show progress. */
  readonly tty?: boolean;
}

/** A mistake with no place in the manifest (it cannot be read): one line, exit 1. */
class ManifestError extends Error {}

/** The manifest or the specs had errors, already reported: exit 1. */
class ReportedError extends Error {}

type Report = (diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>) => boolean;

export async function image(values: Parsed['values'], positionals: readonly string[], io: ImageIo, report: Report = plainReport(io)): Promise<number> {
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

/** Diagnostics printed plainly on `io`'s standard error: a report for a caller without the CLI's. */
function plainReport(io: ImageIo): Report {
  return (diagnostics, sources) => {
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(d, sources)}\n`);
    return !diagnostics.some((d) => d.severity === 'error');
  };
}

/** The ELF identity of a built-in target's executables, as its declaration gives it. */
function targetElf(target: string): { machine: number; class: number; littleEndian: boolean } | null {
  const decl = new RegExp(`^target ${target}\\s*\\{([^}]*)\\}`, 'm').exec(BUILTIN_SOURCE)?.[1];
  const machine = decl && /\belf (\d+)/.exec(decl)?.[1];
  const pointer = decl && /\bpointer (\d+)/.exec(decl)?.[1];
  if (!decl || !machine || !pointer) return null;
  return { machine: Number(machine), class: Number(pointer), littleEndian: /\bendian little\b/.test(decl) };
}

/** The generated `name` module of `target`: `file` (a compiled module) or CDL's own build. */
async function generatedModule<T>(name: 'coyotos' | 'elf', target: string, file?: string): Promise<T> {
  const url = file ? pathToFileURL(path.resolve(file)).href : new URL(`../../generated/ts/${target}/${name}.js`, import.meta.url).href;
  try {
    return (await import(url)) as T;
  } catch (e) {
    throw new ManifestError(`cannot load the ${name} module for ${target} (${file ?? url}): ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The generated coyotos module of `target`: `file` (a compiled module) or CDL's own build. */
const targetModule = (target: string, file?: string) => generatedModule<CoyotosTarget>('coyotos', target, file);

type JsonObject = Extract<JsonValue, { kind: 'object' }>;

/** A value as a message names it: `7`, `"x"`, `an array`. */
function shown(v: JsonValue): string {
  if (v.kind === 'string') return JSON.stringify(v.value);
  if (v.kind === 'number' || v.kind === 'boolean') return String(v.value);
  return v.kind === 'null' ? 'null' : `an ${v.kind}`;
}

/**
 * Reads one object of a manifest: each problem is a diagnostic at the key or value at fault,
 * named by its path (`programs[0].elf`), and the value is left out (undefined) so that the rest
 * of the manifest is still read and every problem is reported in one run.
 */
class Fields {
  private readonly values = new Map<string, JsonValue>();
  constructor(
    private readonly diags: Diagnostics,
    readonly node: JsonObject,
    readonly where: string,
    allowed: readonly string[],
  ) {
    for (const { key, keySpan, value } of node.entries) {
      // A misspelt key would otherwise be ignored silently.
      if (!allowed.includes(key)) diags.error(keySpan, `${this.path(key)}: unknown key (allowed: ${allowed.join(', ')})`);
      else if (this.values.has(key)) diags.error(keySpan, `${this.path(key)}: given twice`);
      else this.values.set(key, value);
    }
  }
  path(key: string): string {
    return `${this.where}${this.where ? '.' : ''}${key}`;
  }
  /** Where `key`'s value was written; the object's opening brace when it was not. */
  span(key: string): Span {
    return this.values.get(key)?.span ?? { ...this.node.span, end: this.node.span.start + 1 };
  }
  bad(key: string, what: string): undefined {
    this.diags.error(this.span(key), `${this.path(key)}: ${what}`);
    return undefined;
  }
  value(key: string): JsonValue | undefined {
    return this.values.get(key);
  }
  string(key: string, required = false): string | undefined {
    const v = this.values.get(key);
    if (v === undefined) return required ? this.bad(key, 'missing: it must be a non-empty string') : undefined;
    if (v.kind !== 'string' || v.value === '') return this.bad(key, `must be a non-empty string, not ${shown(v)}`);
    return v.value;
  }
  int(key: string, max: bigint): bigint | undefined {
    const v = this.values.get(key);
    if (v === undefined) return undefined;
    let n: bigint | null = null;
    if (v.kind === 'number' && Number.isSafeInteger(v.value)) n = BigInt(v.value);
    else if (v.kind === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v.value)) n = BigInt(v.value);
    if (n === null || n < 0n || n > max) return this.bad(key, `must be an integer from 0 to ${max} (a number, or a string for a large one), not ${shown(v)}`);
    return n;
  }
  object(key: string): JsonObject | undefined {
    const v = this.values.get(key);
    if (v === undefined) return undefined;
    return v.kind === 'object' ? v : this.bad(key, `must be an object, not ${shown(v)}`);
  }
  array(key: string): JsonObject[] {
    const v = this.values.get(key);
    if (v === undefined) return [];
    if (v.kind !== 'array') return this.bad(key, `must be an array, not ${shown(v)}`) ?? [];
    return v.items.flatMap((x, i) => {
      if (x.kind === 'object') return [x];
      this.diags.error(x.span, `${this.path(key)}[${i}]: must be an object, not ${shown(x)}`);
      return [];
    });
  }
}

/**
 * The project's decode tables for `target` and the paging scheme `name` (the target's first
 * when true): what `pageTables` in a manifest builds hardware tables from. Null when the specs
 * have errors (reported); a string saying what is missing when they have no such scheme.
 */
function schemeFor(config: string, target: string, name: string | true, report: Report): { tables: ValueTables; scheme: PagingScheme } | string | null {
  const { result, diagnostics, sources } = loadProject(config, { target, config: null });
  if (!report(diagnostics, sources) || !result || result.layouts.length === 0) return null;
  const layout = result.layouts[0]!;
  // The schemes as the runtime takes them; `tables.machine` is the same data as printable
  // DataObjects (entries kept in order), not plain objects: no `paging` key to read.
  const paging = pagingTables(layout);
  const scheme = pagingScheme(paging, name === true ? undefined : name);
  if (!scheme) return `no paging scheme ${name === true ? '' : `'${name}' `}for ${target} in the specs of ${config} (its schemes: ${Object.keys(paging).join(', ') || 'none'})`;
  return { tables: valueTables(layout), scheme };
}

/**
 * Builds the image a manifest describes. The manifest is read as `cdl.config.json` is
 * (cli/json.ts): a syntax error, an unknown key, a value of the wrong type or out of range, a
 * name or file that is not there, an ELF file that cannot be loaded, each is a diagnostic at
 * its place in the manifest with a code frame, all of them in one run, and nothing is written.
 * What only the image's own checks find (a capability they refuse, an unwritable output) is one
 * line, as before: those checks belong to the runtime, which knows no manifest.
 */
async function build(manifestPath: string, outputOption: string | undefined, io: ImageIo, quiet: boolean, config: () => string, report: Report): Promise<number> {
  let text: string;
  try {
    // As specs are read: a FIFO, a device or a huge file is refused, never waited on.
    text = readSourceFile(manifestPath);
  } catch (e) {
    throw new ManifestError(`cannot read '${manifestPath}': ${readFailure(e)}`);
  }
  const diags = new Diagnostics();
  const stop = (): never => {
    report(diags.all(), new Map([[manifestPath, text]]));
    throw new ReportedError();
  };
  let root: JsonValue;
  try {
    root = parseJson(text, manifestPath);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    diags.error(e.span, e.message);
    return stop();
  }
  if (root.kind !== 'object') {
    diags.error(root.span, 'a manifest is a JSON object of target, output, module, programs and endpoints');
    return stop();
  }
  const top = new Fields(diags, root, '', ['target', 'output', 'module', 'programs', 'endpoints']);
  let target = top.string('target', true);
  if (target !== undefined && !BUILTIN_TARGETS.includes(target)) target = top.bad('target', `'${target}' is not a target (${BUILTIN_TARGETS.join(', ')})`);
  const base = path.dirname(manifestPath);
  const rel = (p: string) => path.resolve(base, p);
  const outputName = top.string('output');
  const output = outputOption ?? (outputName !== undefined ? rel(outputName) : undefined);
  if (output === undefined && !top.value('output')) diags.error(top.span('output'), 'no output: give "output" or --output FILE');
  const moduleName = top.string('module');
  let t: CoyotosTarget | undefined;
  let code: number | undefined;
  if (target !== undefined && (moduleName !== undefined || !top.value('module'))) {
    try {
      t = await targetModule(target, moduleName !== undefined ? rel(moduleName) : undefined);
      const c = t.ImageTarget[target];
      if (typeof c === 'number') code = c;
      else t = top.bad('target', `the specs give no ImageTarget.${target}`);
    } catch (e) {
      if (!(e instanceof ManifestError) || moduleName === undefined) throw e;
      top.bad('module', e.message);
    }
  }
  // With no target module, the rest of the manifest is still checked, as far as it can be.
  const b = t ? new ImageBuilder(t) : undefined;
  // ELF headers are read with the views generated from dsl/elf (the same on every target).
  const elf = target !== undefined ? await generatedModule<ElfViews>('elf', target) : undefined;

  const programFields = top.array('programs').map((p, i) => new Fields(diags, p, `programs[${i}]`, ['name', 'elf', 'schedule', 'capReg', 'handler', 'pageTables']));
  const endpointFields = top.array('endpoints').map((e, i) => new Fields(diags, e, `endpoints[${i}]`, ['name', 'recipient', 'protPayload', 'endpointID', 'pm']));
  // Names first: capabilities may refer to objects declared later. Processes and endpoints
  // are allocated in manifest order, endpoints after the prime bank's.
  const named = new Map<string, { type: 'Process' | 'Endpoint'; oid: bigint }>();
  const declare = (f: Fields, type: 'Process' | 'Endpoint', oid: bigint) => {
    const name = f.string('name', true);
    if (name === undefined) return;
    if (named.has(name)) f.bad('name', `'${name}' names two objects`);
    else named.set(name, { type, oid });
  };
  programFields.forEach((f, i) => declare(f, 'Process', BigInt(i)));
  const firstEndpoint = b?.endpoints.length ?? 0;
  endpointFields.forEach((f, i) => declare(f, 'Endpoint', BigInt(firstEndpoint + i)));

  /** The capability `node` describes (undefined, with diagnostics, if it is wrong). */
  const capOf = (where: string, node: JsonObject): Cap | undefined => {
    const c = new Fields(diags, node, where, ['type', 'object', 'oid', 'restr', 'protPayload', 'l2g', 'match']);
    const type = c.string('type', true);
    if (t && type !== undefined && typeof t.CapType[type] !== 'number') c.bad('type', `'${type}' is not a capability type (${Object.keys(t.CapType).filter((k) => Number.isNaN(Number(k))).join(', ')})`);
    let oid = c.int('oid', (1n << 64n) - 1n) ?? 0n;
    const object = c.string('object');
    if (object !== undefined) {
      const o = named.get(object);
      if (!o) return c.bad('object', `no program or endpoint is named '${object}'`);
      oid = o.oid;
    }
    const opts = { restr: c.int('restr', 31n), protPayload: c.int('protPayload', 0xffffffffn), l2g: c.int('l2g', 127n), match: c.int('match', 0xffffffn) };
    if (!t || type === undefined || typeof t.CapType[type] !== 'number') return undefined;
    try {
      return capability(t, type, oid, Object.fromEntries(Object.entries(opts).flatMap(([k, v]) => (v === undefined ? [] : [[k, Number(v)]]))));
    } catch (e) {
      if (!(e instanceof ImageError)) throw e;
      diags.error(node.span, `${where}: ${e.message}`);
      return undefined;
    }
  };

  const assign: (() => void)[] = [];
  const tableRoots: string[] = [];
  const schemes = new Map<string | true, ReturnType<typeof schemeFor>>();
  programFields.forEach((f, i) => {
    const where = `programs[${i}]`;
    const elfName = f.string('elf', true);
    const wantTables = f.value('pageTables');
    if (wantTables !== undefined && !(wantTables.kind === 'boolean' || (wantTables.kind === 'string' && wantTables.value !== ''))) {
      f.bad('pageTables', `must be true (the target's first paging scheme) or a scheme's name, not ${shown(wantTables)}`);
    }
    // Capabilities are set once every object exists.
    const schedule = f.object('schedule');
    const handler = f.object('handler');
    const regs = f.object('capReg');
    assign.push(() => {
      const p = b && diags.errorCount === 0 ? b.process(BigInt(i)) : undefined;
      const set = (cap: Cap | undefined, put: (c: Cap) => void) => cap && p && put(cap);
      if (schedule) set(capOf(`${where}.schedule`, schedule), (c) => (p!.schedule = c));
      if (handler) set(capOf(`${where}.handler`, handler), (c) => (p!.handler = c));
      for (const { key, keySpan, value } of regs?.entries ?? []) {
        const r = Number(key);
        const path = `${where}.capReg.${key}`;
        if (!/^\d+$/.test(key) || (t && r >= t.NUM_CAP_REGS)) diags.error(keySpan, `${path}: not a capability register${t ? ` (0..${t.NUM_CAP_REGS - 1})` : ''}`);
        else if (value.kind !== 'object') diags.error(value.span, `${path}: must be an object, not ${shown(value)}`);
        else set(capOf(path, value), (c) => (p!.capReg[r] = c));
      }
    });
    if (elfName === undefined) return;
    const elfPath = rel(elfName);
    const elfAt = f.span('elf');
    let bytes: Uint8Array;
    try {
      bytes = readBinaryFile(elfPath);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ETOOBIG_BINARY' ? `it is larger than ${MAX_BINARY_BYTES / (1024 * 1024)} MiB` : readFailure(e);
      diags.error(elfAt, `${where}.elf: cannot read '${elfPath}': ${why}`);
      return;
    }
    if (!b || !target || !elf) return;
    // A program for another machine would load, and never run.
    const id = elfIdentity(bytes);
    const want = targetElf(target);
    if (id && want && (id.machine !== want.machine || id.class !== want.class || id.littleEndian !== want.littleEndian)) {
      diags.error(elfAt, `${where}.elf: '${elfPath}' is for ELF machine ${id.machine}, ${id.class}-bit, ${id.littleEndian ? 'little' : 'big'}-endian, not for ${target}`);
      return;
    }
    // The paging scheme first: the program's pages are placed for its large pages.
    let found: ReturnType<typeof schemeFor> | undefined;
    if (wantTables !== undefined && (wantTables.kind === 'string' || wantTables.kind === 'boolean') && wantTables.value !== false && wantTables.value !== '') {
      const name = wantTables.value === true ? true : wantTables.value;
      if (!schemes.has(name)) schemes.set(name, schemeFor(config(), target, name, report));
      found = schemes.get(name)!;
      if (found === null) f.bad('pageTables', 'the specs have errors (reported above)');
      else if (typeof found === 'string') f.bad('pageTables', found);
    }
    const scheme = found && typeof found === 'object' ? found : undefined;
    let loaded;
    try {
      loaded = loadElf(b, elf, bytes, scheme ? { largePages: largePageSizes(scheme.scheme) } : {});
    } catch (e) {
      if (!(e instanceof ElfError || e instanceof ImageError)) throw e;
      diags.error(elfAt, `${where}.elf: '${elfPath}': ${e.message}`);
      return;
    }
    const oid = b.allocStartupProcess(loaded.entry, loaded.space);
    // Processes are numbered in manifest order; one that failed to load stops the build, so
    // the numbers of those after it no longer matter.
    if (oid !== BigInt(i) && diags.errorCount === 0) throw new Error('internal error: process OIDs out of manifest order');
    if (scheme) {
      const hw = buildPageTables(
        b,
        scheme.tables,
        scheme.scheme,
        loaded.mappings.map((m) => ({ va: m.va, page: m.page, write: (m.restr & b.t.CAP_RESTR_RO) === 0, execute: (m.restr & b.t.CAP_RESTR_NX) === 0 })),
      );
      tableRoots.push(`${f.string('name')}: ${scheme.scheme.name} page tables, root at 0x${hw.rootAddress.toString(16)} (Page ${hw.root})`);
    }
  });
  endpointFields.forEach((f, i) => {
    const where = `endpoints[${i}]`;
    const recipient = f.string('recipient');
    const values = { protPayload: f.int('protPayload', 0xffffffffn) ?? 0n, endpointID: f.int('endpointID', (1n << 64n) - 1n) ?? 0n, pm: f.int('pm', 1n) ?? 0n };
    const o = recipient === undefined ? undefined : named.get(recipient);
    if (recipient !== undefined && o?.type !== 'Process') f.bad('recipient', `no program is named '${recipient}'`);
    if (!b || diags.errorCount > 0) return;
    const oid = b.allocEndpoint({ protPayload: Number(values.protPayload), endpointID: values.endpointID, flags: { pm: values.pm === 1n } });
    if (oid !== BigInt(firstEndpoint + i)) throw new Error(`internal error: endpoint OIDs out of manifest order (${where})`);
    if (o) b.endpoint(oid).recipient = capability(b.t, 'Process', o.oid);
  });
  for (const a of assign) a();
  if (diags.hasErrors || !b || !target || code === undefined || output === undefined) return stop();

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
