/**
 * Byte orders that are not the target's (issue 20), against GCC's scalar_storage_order: the
 * golden spec tests/golden/byte-order (an IPv4 header big-endian, a PCI register
 * little-endian, an ELF-style header of runtime order) is written by the generated TypeScript
 * views and by a C program built with each target's gcc (-Wall -Wextra -Werror) from the
 * generated header and run natively or under qemu-user, with the same values; the bytes must
 * be equal, on little- and big-endian targets.
 *
 * For the struct of runtime order, C has no such thing: the program declares its mirror in each
 * order itself (from the IR's members, with scalar_storage_order), and the view given that
 * order must write what gcc does; given none, it writes what the generated natural struct holds.
 * The generated accessors of runtime order (`Header_set_kind(p, big_endian, v)`) must write
 * those bytes too, given either order, and read back from gcc's bytes the values written.
 *
 * The Rust crates compile with -D warnings, and on the host a program writes every struct
 * through the generated setters (which convert: from_be/to_be, or the order given) and reads
 * the views' bytes through the getters, with the same bytes and values.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cStructMembers, declarator } from '../../generator/emitters/c/declarations.js';
import { cHeaderEmitter } from '../../generator/emitters/c/header.js';
import { tsEmitter } from '../../generator/emitters/ts/index.js';
import { rustEmitter } from '../../generator/emitters/rust/module.js';
import { collect, layoutStem } from '../../generator/emitters/emitter.js';
import type * as ir from '../../generator/ir.js';
import { compileSources } from '../helpers/compile.js';
import { runtimeFor } from '../helpers/runtime.js';
import { candidateNames, findToolchain } from '../oracle/toolchains.js';
import { ROOT } from '../ts/oracle.js';
import { findRustc, missingLibc, mustRun, runForTarget, skipFor } from './tools.js';

// Both byte orders, 32- and 64-bit: ppc32, s390x and mips32 are big-endian.
const TARGETS = ['x86_64', 'i386', 'aarch64', 'ppc32', 's390x', 'mips32'];
const SPEC = fs.readFileSync(path.join(ROOT, 'tests/golden/byte-order/spec.cdl'), 'utf8');
const result = compileSources({ 'wire.cdl': SPEC }, { targets: TARGETS, configs: [null] });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Module = Record<string, any>;
let OUT = '';

beforeAll(async () => {
  OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-byte-order-'));
  const files = [
    ...(await collect(tsEmitter.emit({ layouts: result.layouts, specs: ['wire.cdl'], runtime: runtimeFor(OUT) }))),
    ...(await collect(cHeaderEmitter.emit({ layouts: result.layouts, specs: ['wire.cdl'] }))),
    ...(await collect(rustEmitter.emit({ layouts: result.layouts, specs: ['wire.cdl'] }))),
  ];
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(OUT, f.path)), { recursive: true });
    fs.writeFileSync(path.join(OUT, f.path), f.contents);
  }
}, 60_000);

afterAll(() => {
  if (OUT) fs.rmSync(OUT, { recursive: true, force: true });
});

/** The values both sides write: chosen so that every byte of a multi-byte field differs. */
const IP = { versionIhl: 0x45, tos: 0x10, totalLength: 0x1234, id: 0xbeef, ttl: 64, protocol: 6, checksum: 0xa1b2, source: 0xc0a80001, destination: 0x0a000102 };
const FRAGMENT = { offset: 0x123, moreFragments: false, dontFragment: true };
const DEVICE = { vendor: 0x8086, bar: [0xfebc0000, 0x11223344] };
const SERIAL = { low: 0x0102030405060708n, high: 0x1112131415161718n };
const COMMAND = { io: true, memory: true, busMaster: false };
const HEADER = { ident: [0x7f, 0x45, 0x4c, 0x46], kind: 0x0203, entry: 0x0102030405060708n, sizes: [-5, 0x12345678] };
const NOTES = [
  { nameSize: 4, descSize: 0x10203, type: 0xa0b0c0d },
  { nameSize: 0x11, descSize: 0x2233, type: 0x44556677 },
];
const HEADER_COMMAND = { io: false, memory: true, busMaster: true };

/**
 * `struct __attribute__((scalar_storage_order(...))) X_be { ... }`: a mirror of a struct of
 * runtime order in one order, its nested structs of runtime order mirrored alike.
 */
function mirror(s: ir.Struct, order: ir.Endian, layout: ir.Layout): string {
  const suffix = order === 'big' ? '_be' : '_le';
  const members = cStructMembers(s).map((m) => {
    if (m.kind === 'pad') return `  uint8_t ${m.name}[${m.size}];`;
    let t: ir.Type = m.field.type;
    const dims: number[] = [];
    while (t.kind === 'array') {
      dims.push(t.length);
      t = t.element;
    }
    if (t.kind === 'struct' && t.decl.byteOrder === 'runtime') return `  struct ${t.decl.cName}${suffix} ${m.field.cName}${dims.map((n) => `[${n}]`).join('')};`;
    return `  ${declarator(m.field.type, m.field.cName, layout)};`;
  });
  return `struct __attribute__((scalar_storage_order("${order}-endian"))) ${s.cName}${suffix} {\n${members.join('\n')}\n};`;
}

function program(layout: ir.Layout): string {
  const runtime = layout.structs.filter((s) => s.byteOrder === 'runtime');
  const fillHeader = (v: string) => [
    ...HEADER.ident.map((x, i) => `${v}.s.ident[${i}] = ${x};`),
    `${v}.s.kind = ${HEADER.kind};`,
    `${v}.s.entry = ${HEADER.entry}ULL;`,
    ...NOTES.flatMap((n, i) => [`${v}.s.notes[${i}].nameSize = ${n.nameSize}u;`, `${v}.s.notes[${i}].descSize = ${n.descSize}u;`, `${v}.s.notes[${i}].type = ${n.type}u;`]),
    `${v}.s.command.word = PciCommand_new(${+HEADER_COMMAND.io}, ${+HEADER_COMMAND.memory}, ${+HEADER_COMMAND.busMaster});`,
    ...HEADER.sizes.map((x, i) => `${v}.s.sizes[${i}] = ${x};`),
    `dump("${v}", ${v}.bytes, sizeof ${v}.bytes);`,
  ];
  return [
    '#include <stdio.h>',
    '#include <string.h>',
    '#include "wire.h"',
    // The header compiles clean under -Werror (included above); this program's own look at
    // the raw bytes is punning gcc warns about on purpose.
    '#pragma GCC diagnostic ignored "-Wscalar-storage-order"',
    ...['big', 'little'].flatMap((o) => runtime.map((s) => mirror(s, o as ir.Endian, layout))),
    'static void dump(const char *name, const void *p, size_t n)',
    '{',
    '  const unsigned char *b = p;',
    '  printf("%s", name);',
    '  for (size_t i = 0; i < n; i++) printf(" %02x", b[i]);',
    '  printf("\\n");',
    '}',
    'int main(void)',
    '{',
    // Each object in a union with its bytes.
    ...[
      ['Ip4Header', 'ip'],
      ['Device', 'dev'],
      ['Header', 'native'],
      ['struct Header_be', 'big'],
      ['struct Header_le', 'little'],
    ].flatMap(([t, v]) => [`  union { ${t} s; unsigned char bytes[sizeof(${t})]; } ${v};`]),
    ...['ip', 'dev', 'native', 'big', 'little'].map((v) => `  memset(${v}.bytes, 0, sizeof ${v}.bytes);`),
    ...Object.entries(IP).map(([k, v]) => `  ip.s.${k} = ${v}u;`),
    `  ip.s.fragment.word = Fragment_new(${FRAGMENT.offset}, ${+FRAGMENT.moreFragments}, ${+FRAGMENT.dontFragment});`,
    '  dump("ip", ip.bytes, sizeof ip.bytes);',
    `  dev.s.vendor = ${DEVICE.vendor};`,
    `  dev.s.command.word = PciCommand_new(${+COMMAND.io}, ${+COMMAND.memory}, ${+COMMAND.busMaster});`,
    ...DEVICE.bar.map((x, i) => `  dev.s.bar[${i}] = ${x}u;`),
    `  dev.s.serial = Serial_new(${SERIAL.low}ULL, ${SERIAL.high}ULL);`,
    '  dump("dev", dev.bytes, sizeof dev.bytes);',
    ...['native', 'big', 'little'].flatMap((v) => fillHeader(v).map((l) => `  ${l}`)),
    ...accessorLines().map((l) => `  ${l}`),
    '  return 0;',
    '}',
    '',
  ].join('\n');
}

/**
 * The generated accessors of runtime order (Header_set_kind(p, big_endian, v)...) write the
 * header in each order, which must be the bytes the views and gcc's mirrors write; and read
 * back from the mirrors' bytes (gcc's, in that order) the values written.
 */
function accessorLines(): string[] {
  const fill = (be: number) => [
    ...HEADER.ident.map((x, i) => `Header_set_ident(&acc.s, ${i}, ${x});`),
    `Header_set_kind(&acc.s, ${be}, ${HEADER.kind});`,
    `Header_set_entry(&acc.s, ${be}, ${HEADER.entry}ULL);`,
    ...NOTES.flatMap((n, i) => [
      `Note_set_nameSize(&acc.s.notes[${i}], ${be}, ${n.nameSize}u);`,
      `Note_set_descSize(&acc.s.notes[${i}], ${be}, ${n.descSize}u);`,
      `Note_set_type(&acc.s.notes[${i}], ${be}, ${n.type}u);`,
    ]),
    `acc.s.command.word = PciCommand_new(${+HEADER_COMMAND.io}, ${+HEADER_COMMAND.memory}, ${+HEADER_COMMAND.busMaster});`,
    ...HEADER.sizes.map((x, i) => `Header_set_sizes(&acc.s, ${be}, ${i}, ${x});`),
  ];
  const read = (from: string, be: number) => [
    `memcpy(acc.bytes, ${from}.bytes, sizeof acc.bytes);`,
    `printf("read ${from} %02x %02x %02x %02x %x %llx", ${HEADER.ident.map((_, i) => `Header_get_ident(&acc.s, ${i})`).join(', ')}, (unsigned)Header_get_kind(&acc.s, ${be}), (unsigned long long)Header_get_entry(&acc.s, ${be}));`,
    ...NOTES.map((_, i) => `printf(" %x %x %x", (unsigned)Note_get_nameSize(&acc.s.notes[${i}], ${be}), (unsigned)Note_get_descSize(&acc.s.notes[${i}], ${be}), (unsigned)Note_get_type(&acc.s.notes[${i}], ${be}));`),
    `printf(" %d %d\\n", (int)Header_get_sizes(&acc.s, ${be}, 0), (int)Header_get_sizes(&acc.s, ${be}, 1));`,
  ];
  return [
    'union { Header s; unsigned char bytes[sizeof(Header)]; } acc;',
    ...[1, 0].flatMap((be) => ['memset(acc.bytes, 0, sizeof acc.bytes);', ...fill(be), `dump("accessors ${be ? 'big' : 'little'}", acc.bytes, sizeof acc.bytes);`]),
    ...read('big', 1),
    ...read('little', 0),
  ];
}

/** What the program prints after the views' lines: the accessors' bytes, and the values they read. */
function accessorsWant(views: string): string {
  const line = (name: string) => views.split('\n').find((l) => l.startsWith(`${name} `))!.slice(name.length);
  const hexs = (xs: readonly (number | bigint)[]) => xs.map((x) => x.toString(16)).join(' ');
  const values = `${HEADER.ident.map((x) => x.toString(16).padStart(2, '0')).join(' ')} ${hexs([HEADER.kind, HEADER.entry])} ${NOTES.map((n) => hexs([n.nameSize, n.descSize, n.type])).join(' ')} ${HEADER.sizes.join(' ')}`;
  return [`accessors big${line('big')}`, `accessors little${line('little')}`, `read big ${values}`, `read little ${values}`, ''].join('\n');
}

function hex(name: string, bytes: Uint8Array): string {
  return `${name}${[...bytes].map((b) => ` ${b.toString(16).padStart(2, '0')}`).join('')}`;
}

/** What the generated TypeScript writes, in the program's format. */
async function viewsWrite(layout: ir.Layout): Promise<string> {
  const m = (await import(/* @vite-ignore */ path.join(OUT, 'ts', layoutStem(layout), 'wire.ts'))) as Module;
  const lines: string[] = [];
  const ip = new Uint8Array(m.Ip4HeaderView.SIZE);
  new m.Ip4HeaderView(ip).write({ ...IP, fragment: FRAGMENT });
  lines.push(hex('ip', ip));
  const dev = new Uint8Array(m.DeviceView.SIZE);
  new m.DeviceView(dev).write({ ...DEVICE, command: COMMAND, serial: SERIAL });
  lines.push(hex('dev', dev));
  const header = { ...HEADER, notes: NOTES, command: HEADER_COMMAND };
  for (const [name, order] of [['native', undefined], ['big', { littleEndian: false }], ['little', { littleEndian: true }]] as const) {
    const bytes = new Uint8Array(m.HeaderView.SIZE);
    const view = order ? new m.HeaderView(bytes, 0, order) : new m.HeaderView(bytes);
    view.write(header);
    // And back: the view given the order reads what it wrote, the nested views too.
    expect(view.read()).toMatchObject(header);
    expect(view.notesAt(1).descSize).toBe(NOTES[1].descSize);
    lines.push(hex(name, bytes));
  }
  return `${lines.join('\n')}\n`;
}

describe('byte orders against GCC scalar_storage_order', () => {
  it('the spec compiles', () => expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));

  it.for(TARGETS)('the views write the bytes gcc does on %s', async (target, ctx) => {
    const layout = result.layouts.find((l) => l.target.name === target)!;
    const views = await viewsWrite(layout);
    const want = views + accessorsWant(views);
    const cc = findToolchain(target);
    if (!cc) return skipFor(ctx, `no C compiler for ${target} (tried ${candidateNames(target)})`);
    const libc = missingLibc(cc.argv);
    if (libc) return skipFor(ctx, libc);
    const dir = path.join(OUT, 'run', target);
    fs.mkdirSync(dir, { recursive: true });
    const src = path.join(dir, 'p.c');
    fs.writeFileSync(src, program(layout));
    const bin = path.join(dir, 'p');
    mustRun([...cc.argv, '-std=gnu11', '-O1', '-Wall', '-Wextra', '-Werror', '-static', `-I${path.join(OUT, 'c', layoutStem(layout))}`, src, '-o', bin], { what: `building the ${target} program`, quiet: true });
    const run = runForTarget(target, bin);
    if (run.kind === 'missing') return skipFor(ctx, run.reason);
    if (run.kind === 'failed') expect.fail(run.reason);
    expect(run.stdout).toBe(want);
  });
});

/**
 * The Rust accessors on the host (x86_64, little-endian; rustc has no other target here): the
 * program writes each struct through the setters, which must give the bytes the views write
 * (big-endian data, and runtime order given either way), and reads the views' bytes back
 * through the getters.
 */
function rustProgram(module: string, views: string): string {
  const bytes = (name: string) => `[${views.split('\n').find((l) => l.startsWith(`${name} `))!.slice(name.length + 1).split(' ').map((b) => `0x${b}`).join(', ')}]`;
  const fillHeader = [
    ...HEADER.ident.map((x, i) => `h.set_ident(${i}, ${x});`),
    `h.set_kind(order, ${HEADER.kind});`,
    `h.set_entry(order, ${HEADER.entry});`,
    ...NOTES.flatMap((n, i) => [`h.notes[${i}].set_name_size(order, ${n.nameSize});`, `h.notes[${i}].set_desc_size(order, ${n.descSize});`, `h.notes[${i}].set_type(order, ${n.type});`]),
    `h.set_command(PciCommand::new(${HEADER_COMMAND.io}, ${HEADER_COMMAND.memory}, ${HEADER_COMMAND.busMaster}));`,
    ...HEADER.sizes.map((x, i) => `h.set_sizes(order, ${i}, ${x});`),
  ];
  return `#![allow(dead_code)]
#[path = ${JSON.stringify(module)}]
mod wire;
use wire::*;

fn dump<T>(name: &str, v: &T) {
    // Safety: the mirrors are plain bytes (integers and arrays of them).
    let b = unsafe { core::slice::from_raw_parts(v as *const T as *const u8, core::mem::size_of::<T>()) };
    print!("{}", name);
    for x in b {
        print!(" {:02x}", x);
    }
    println!();
}

fn from_bytes<T: Copy, const N: usize>(b: [u8; N]) -> T {
    assert_eq!(N, core::mem::size_of::<T>());
    // Safety: as in dump; read_unaligned, since the array is aligned to 1.
    unsafe { core::ptr::read_unaligned(b.as_ptr() as *const T) }
}

fn main() {
    let mut ip: Ip4Header = unsafe { core::mem::zeroed() };
${Object.entries(IP)
  .map(([k, v]) => `    ip.set_${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}(${v});`)
  .join('\n')}
    ip.set_fragment(Fragment::new(${FRAGMENT.offset}, ${FRAGMENT.moreFragments}, ${FRAGMENT.dontFragment}));
    dump("ip", &ip);
    let mut dev: Device = unsafe { core::mem::zeroed() };
    dev.vendor = ${DEVICE.vendor};
    dev.set_command(PciCommand::new(${COMMAND.io}, ${COMMAND.memory}, ${COMMAND.busMaster}));
    dev.bar = [${DEVICE.bar.join(', ')}];
    dev.set_serial(Serial::new(${SERIAL.low}, ${SERIAL.high}));
    dump("dev", &dev);
    for (name, order) in [("big", ByteOrder::Big), ("little", ByteOrder::Little)] {
        let mut h: Header = unsafe { core::mem::zeroed() };
${fillHeader.map((l) => `        ${l}`).join('\n')}
        dump(name, &h);
    }
    let ip: Ip4Header = from_bytes(${bytes('ip')});
    let f = ip.fragment();
    println!("read ip {:x} {:x} {:x} {:x} {:x} {:x} {:x} {:x} {:x} {:x} {:x} {} {}", ip.version_ihl(), ip.tos(), ip.total_length(), ip.id(), ip.ttl(), ip.protocol(), ip.checksum(), ip.source(), ip.destination(), f.offset(), f.more_fragments() as u8, f.dont_fragment(), f.is_valid());
    let dev: Device = from_bytes(${bytes('dev')});
    let (c, s) = (dev.command(), dev.serial());
    println!("read dev {:x} {} {} {} {:x} {:x}", dev.vendor, c.io(), c.memory(), c.bus_master(), s.low(), s.high());
    for (name, order, b) in [("big", ByteOrder::Big, ${bytes('big')}), ("little", ByteOrder::Little, ${bytes('little')})] {
        let h: Header = from_bytes(b);
        print!("read {} {:02x} {:02x} {:02x} {:02x} {:x} {:x}", name, h.ident(0), h.ident(1), h.ident(2), h.ident(3), h.kind(order), h.entry(order));
        for n in &h.notes {
            print!(" {:x} {:x} {:x}", n.name_size(order), n.desc_size(order), n.type_(order));
        }
        let c = h.command();
        println!(" {} {} {} {} {}", c.io(), c.memory(), c.bus_master(), h.sizes(order, 0), h.sizes(order, 1));
    }
}
`;
}

function rustWant(views: string): string {
  const hexs = (xs: readonly (number | bigint | boolean)[]) => xs.map((x) => (typeof x === 'boolean' ? `${x}` : x.toString(16))).join(' ');
  const header = `${HEADER.ident.map((x) => x.toString(16).padStart(2, '0')).join(' ')} ${hexs([HEADER.kind, HEADER.entry])} ${NOTES.map((n) => hexs([n.nameSize, n.descSize, n.type])).join(' ')} ${hexs([HEADER_COMMAND.io, HEADER_COMMAND.memory, HEADER_COMMAND.busMaster])} ${HEADER.sizes.join(' ')}`;
  return [
    ...views.split('\n').filter((l) => /^(ip|dev|big|little) /.test(l)),
    `read ip ${hexs(Object.values(IP))} ${hexs([FRAGMENT.offset, +FRAGMENT.moreFragments, FRAGMENT.dontFragment, true])}`,
    `read dev ${hexs([DEVICE.vendor, COMMAND.io, COMMAND.memory, COMMAND.busMaster, SERIAL.low, SERIAL.high])}`,
    `read big ${header}`,
    `read little ${header}`,
    '',
  ].join('\n');
}

describe('byte orders in Rust', () => {
  it('the crates compile with -D warnings, and the accessors convert on x86_64 (host program)', async (ctx) => {
    const rustc = findRustc();
    if (!rustc) return skipFor(ctx, 'no rustc on PATH or in ~/.cargo/bin');
    if (process.arch !== 'x64') return skipFor(ctx, 'the host is not x86_64', false);
    const dir = path.join(OUT, 'run', 'rust');
    fs.mkdirSync(dir, { recursive: true });
    for (const layout of result.layouts) {
      const lib = path.join(OUT, 'rust', layoutStem(layout), 'lib.rs');
      mustRun([rustc, '--edition', '2021', '--crate-type', 'lib', '-D', 'warnings', '--emit=metadata', '--crate-name', 'wire', '-o', path.join(dir, `${layoutStem(layout)}.rmeta`), lib], { what: `the ${layout.target.name} crate`, quiet: true });
    }
    const layout = result.layouts.find((l) => l.target.name === 'x86_64')!;
    const views = await viewsWrite(layout);
    fs.writeFileSync(path.join(dir, 'main.rs'), rustProgram(path.join(OUT, 'rust', layoutStem(layout), 'wire.rs'), views));
    mustRun([rustc, '--edition', '2021', '-D', 'warnings', '-o', path.join(dir, 'main'), path.join(dir, 'main.rs')], { what: 'the Rust program', quiet: true });
    const run = runForTarget('x86_64', path.join(dir, 'main'));
    if (run.kind !== 'ok') expect.fail(run.reason);
    expect(run.stdout).toBe(rustWant(views));
  }, 120_000);
});
