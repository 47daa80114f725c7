/**
 * Random specs whose every name and path is hostile to some output language: for the fuzzers
 * that compile what CDL generates (tests/toolchains/hostile-names.test.ts).
 *
 * Every role a spec gives a name to draws from one pool: namespace, configuration, target,
 * constant, enum and member, alias, bit layout, field, tag and variant, struct and field, union
 * and member. The pool holds the reserved words and library names of C, Rust and TypeScript
 * (from the generator's own lists, so a name added there is tried here), names the outputs
 * spell themselves (`SIZE`, `read`, `writeAt`, `_pad0`, `w`, `CDL_<NS>_H`, `<Struct>View`,
 * `<Bits>_new`...), the names of files the outputs write (`index`, `lib`, `main`, `stdint`),
 * and case twins of other names (`self` beside `Self`). Spec files lie in directories whose
 * names end a C comment, hold a newline, U+2028 or quotes; doc comments hold the same.
 */
import { C_RESERVED, OBJECT_PROTOTYPE_NAMES, RUST_RESERVED, TS_RESERVED } from '../../generator/names.js';
import { C_LIBRARY_NAMES } from '../../generator/c-library.js';
import { SYSTEM_HEADER_STEMS } from '../../generator/emitters/c/system-headers.js';

/** CDL's own keywords and type names: not names a spec can declare. */
const CDL_WORDS = new Set([
  'namespace',
  'import',
  'const',
  'type',
  'enum',
  'bits',
  'tag',
  'variant',
  'when',
  'reserved',
  'struct',
  'union',
  'by',
  'packed',
  'c_bitfields',
  'align',
  'pad',
  'image_end',
  'if',
  'else',
  'config',
  'target',
  'ptr',
  'sizeof',
  'alignof',
  'offsetof',
  'true',
  'false',
  'bool',
  'char',
  'usize',
  'isize',
  'uptr',
  'uword',
  'iword',
  'endian',
  'word',
  'pointer',
  'registers',
  'abi',
  'syscalls',
  'sysregs',
  'byte_order',
]);
const isCdlTypeName = (n: string): boolean => /^[ui][0-9]+$/.test(n);

/** Names the outputs spell themselves, beside the spec's names. */
const OUTPUT_WORDS = [
  'SIZE',
  'ALIGN',
  'read',
  'write',
  'readAt',
  'writeAt',
  'encode',
  'decode',
  'encodeLo',
  'encodeHi',
  'check',
  'validate',
  'valid',
  'is_valid',
  'new',
  'get',
  'set',
  'raw',
  'w',
  'v',
  'lo',
  'hi',
  'value',
  'values',
  'word',
  'words',
  '_pad0',
  '_pad1',
  'dataView',
  'byteOffset',
  'buffer',
  'selected',
  'View',
  'index',
  'lib',
  'main',
  'mod',
  'runtime',
  'Self',
  'self',
  'super',
  'crate',
  'core',
  'std',
  'alloc',
  'Option',
  'Some',
  'None',
  'Result',
  'Ok',
  'Err',
  'Default',
  'Debug',
  'From',
  'TryFrom',
  'Into',
  'Copy',
  'Clone',
  'fmt',
  'Formatter',
  'usize_',
  'globalThis',
  'Symbol',
  'Promise',
  'Array',
  'NaN',
  'Infinity',
  'prototype',
  'length',
  'name',
  'stdint',
  'stdio',
  'errno',
  'stddef',
  'limits',
  'string',
  'assert',
  'ByteOrder',
  'Big',
  'Little',
  'NATIVE',
  'is_native',
  'order',
  'big_endian',
  'i',
  'i0',
  'swap_bytes',
  'from_be',
  'to_le',
];

/** Names of files an output writes or includes beside the namespaces' own. */
const FILE_WORDS = ['index', 'lib', 'main', 'mod', 'runtime', 'self', 'Self', 'core', 'std', ...SYSTEM_HEADER_STEMS];

export interface HostileSpecs {
  /** Spec path -> text; every path is an entry. */
  readonly sources: Record<string, string>;
  /** The configuration and the user target the specs declare. */
  readonly config: string;
  readonly target: string;
}

export interface HostileOptions {
  readonly seed: () => number;
  /** Namespaces to declare (2 or more: they refer to one another). */
  readonly namespaces?: number;
}

/** Directory names a spec may lie in: each breaks some output's comment or string syntax. */
const DIRS = ['x*', '*', 'a b', "it's", '"q"', 'new\nline', 'ls\u2028ps\u2029', 'back\\slash', '$HOME', '??', 'ünï', '-dash'];

/** Doc comment texts that end, open or splice comments and strings in some output. */
const DOCS = [
  'Ends */ early.',
  'Opens /* a comment.',
  'Trigraph ??/',
  'Backslash at the end \\',
  'Line\u2028separator.',
  '`back` ${tick}',
  '"quoted" \'text\'',
  'Tab\there.',
];

export function hostileSpecs(options: HostileOptions): HostileSpecs {
  const random = options.seed;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const pool = namePool();
  const derivedPool: string[] = [];
  /** A name free in `scope` (exact spelling), drawn from the pool or derived from names given earlier. */
  const nameIn = (scope: Set<string>): string => {
    for (;;) {
      const roll = random();
      let name: string;
      if (roll < 0.2 && derivedPool.length) name = pick(derivedPool);
      else if (roll < 0.3 && scope.size) name = caseTwin(pick([...scope]));
      else name = pick(pool);
      if (!scope.has(name) && !CDL_WORDS.has(name) && !isCdlTypeName(name) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        scope.add(name);
        return name;
      }
    }
  };
  const doc = (): string => (random() < 0.7 ? `/// ${pick(DOCS)}\n` : '');

  const globals = new Set<string>();
  const config = nameIn(globals);
  const target = nameIn(globals);
  const nsCount = options.namespaces ?? 2 + Math.floor(random() * 2);
  const namespaces: string[] = [];
  const nsScope = new Set<string>();
  // Namespaces name files: half of them are drawn from names of files the outputs write or
  // include (`index`, `lib`, `stdint`, `errno`, `elf`).
  for (let i = 0; i < nsCount; i++) {
    const fileName = pick(FILE_WORDS);
    if (random() < 0.5 && !nsScope.has(fileName)) {
      nsScope.add(fileName);
      namespaces.push(fileName);
    } else namespaces.push(nameIn(nsScope));
  }

  const sources: Record<string, string> = {};
  // Imported files lie where a CDL string can spell the path (no control characters); the
  // last file is imported by none, and may lie anywhere.
  const spellable = DIRS.filter((d) => !/[\u0000-\u001f]/.test(d));
  const paths = namespaces.map((_, i) => `${pick(i === nsCount - 1 ? DIRS : spellable)}/${i}.cdl`);
  // The first file declares the configuration and target; the others import it (by a path
  // CDL's strings can spell: relative, from the same parent).
  const exported: {
    ns: string;
    struct: string;
    runtime: string;
    enumName: string;
    member: string;
  }[] = [];
  namespaces.forEach((ns, i) => {
    const scope = new Set<string>();
    const lines: string[] = [];
    lines.push(`// Hostile names, file ${i}.`, `namespace ${ns};`);
    if (i === 0) {
      lines.push(`config ${config};`);
      lines.push(`target ${target} { endian little; word 64; pointer 64; align u16 2; align u32 4; align u64 8; align ptr 8; }`);
    } else {
      lines.push(`import ${JSON.stringify(`../${paths[0]}`)};`);
      if (i > 1) lines.push(`import ${JSON.stringify(`../${paths[i - 1]}`)};`);
    }
    const enumName = nameIn(scope);
    const members = [nameIn(new Set()), '', ''];
    const memberScope = new Set([members[0]]);
    members[1] = nameIn(memberScope);
    members[2] = nameIn(memberScope);
    lines.push(`${doc()}enum ${enumName} : u8 {`, ...members.map((m, k) => `  ${doc()}  ${m} = ${k},`), '}');

    const alias = nameIn(scope);
    lines.push(`${doc()}type ${alias} = u32;`);

    const bitsName = nameIn(scope);
    const bf = new Set<string>();
    const [f1, f2, f3] = [nameIn(bf), nameIn(bf), nameIn(bf)];
    lines.push(`${doc()}bits ${bitsName} : u32 {`, `  ${doc()}${f1} @0..1;`, `  ${f2}: ${enumName} @2..9;`, `  ${f3} @12..31 << 12;`, '}');

    const tagged = nameIn(scope);
    const tf = new Set<string>();
    const tagName = nameIn(tf);
    const vScope = new Set<string>();
    const [va, vb] = [nameIn(vScope), nameIn(vScope)];
    const [fa, fb] = [nameIn(new Set(tf)), nameIn(new Set(tf))];
    lines.push(
      `${doc()}bits ${tagged} : u16 {`,
      `  tag ${tagName} @0..1;`,
      `  ${doc()}variant ${va} when 0 { ${fa}: i8 @2..9; }`,
      `  variant ${vb} when 1, 2 { ${fb} @2..15; }`,
      '}',
    );

    const unionName = nameIn(scope);
    const um = new Set<string>();
    const [ua, ub] = [nameIn(um), nameIn(um)];
    lines.push(
      `${doc()}union ${unionName} : ${enumName} {`,
      `  ${doc()}${ua}: u64 when ${members[1]};`,
      `  ${ub}: ${bitsName} when ${members[2]};`,
      '}',
    );

    // Byte orders: a bit layout of its own order, a struct of a fixed order holding it, and one
    // of runtime order holding both (and the previous namespace's), with arrays: every kind of
    // member that gets accessors converting its order.
    const ordered = nameIn(scope);
    const of = new Set<string>();
    const [o1, o2] = [nameIn(of), nameIn(of)];
    lines.push(`${doc()}bits ${ordered} : u16 byte_order(big) { ${o1} @0..3; ${o2}: ${enumName} @4..11; }`);
    const fixed = nameIn(scope);
    const xf = new Set<string>();
    const xs = Array.from({ length: 6 }, () => nameIn(xf));
    const fixedBody = [`  ${doc()}${xs[0]}: u32;`, `  ${xs[1]}: ${ordered}[2];`, `  ${xs[2]}: i16[2];`, `  ${xs[3]}: ${enumName};`, `  ${xs[4]}: ${alias};`, `  ${xs[5]}: bool;`];
    lines.push(`${doc()}struct ${fixed} byte_order(little) {`, ...fixedBody, '}');
    const runtimeName = nameIn(scope);
    const rf = new Set<string>();
    const rs = Array.from({ length: 8 }, () => nameIn(rf));
    const runtimeBody = [`  ${doc()}${rs[0]}: u16[2][3];`, `  ${rs[1]}: ${enumName}[2];`, `  ${rs[2]}: ${ordered};`, `  ${rs[3]}: i64;`, `  ${rs[4]}: usize;`, `  ${rs[5]}: ${fixed};`, `  ${rs[6]}: u8;`];
    if (exported.length) runtimeBody.push(`  ${rs[7]}: ${exported[exported.length - 1].ns}.${exported[exported.length - 1].runtime};`);
    lines.push(`${doc()}struct ${runtimeName} byte_order(runtime) {`, ...runtimeBody, '}');

    const structName = nameIn(scope);
    const sf = new Set<string>();
    const fields = Array.from({ length: 10 }, () => nameIn(sf));
    const body = [
      `  ${doc()}${fields[0]}: ${enumName};`,
      `  ${fields[1]}: ${bitsName};`,
      `  ${fields[2]}: ${unionName} by ${fields[0]};`,
      `  ${fields[3]}: ${tagged}[3];`,
      `  ${fields[4]}: ${alias};`,
      `  ${fields[5]}: ptr<${bitsName}>;`,
      `  if ${config} { ${fields[6]}: u8; }`,
      `  ${fields[7]}: u64 align(16);`,
      `  ${fields[9]}: ${ordered};`,
    ];
    if (exported.length) {
      const other = exported[exported.length - 1];
      body.push(`  ${fields[8]}: ${other.ns}.${other.struct};`);
    }
    lines.push(`${doc()}struct ${structName} {`, ...body, '}');

    const c1 = nameIn(scope);
    const c2 = nameIn(scope);
    lines.push(`${doc()}const ${c1} = sizeof(${structName});`, `const ${c2}: u64 = 0xffff_ffff_ffff_ffff;`);

    // The machine, on the declared target (whose registers no assembler knows, so nothing
    // is generated that an assembler must take): every name hostile, a frame of the set too.
    const regScope = new Set<string>();
    const [r1, a1, s1, r2, r3, r4, r5] = Array.from({ length: 7 }, () => nameIn(regScope));
    const [regs, abi, table, sysregs, frame] = [nameIn(scope), nameIn(scope), nameIn(scope), nameIn(scope), nameIn(scope)];
    const callScope = new Set<string>();
    const [call1, call2] = [nameIn(callScope), nameIn(callScope)];
    const paramScope = new Set<string>();
    const [p1, p2, p3] = [nameIn(paramScope), nameIn(paramScope), nameIn(paramScope)];
    const srScope = new Set<string>();
    const [sr1, sr2] = [nameIn(srScope), nameIn(srScope)];
    lines.push(
      `${doc()}registers ${regs} : ${target} {`,
      `  ${doc()}${r1}: u64 general alias ${a1} { ${s1} @0..31; }`,
      `  ${r2}: u64 pc;`,
      `  ${r3}: u64 sp;`,
      `  ${r4}: u64;`,
      `  ${r5}: u64;`,
      '}',
      `${doc()}abi ${abi} : ${regs} { trap "trap"; number ${r1}; args ${r4}, ${r5}, stack 8; result ${r1}; error negative 4095; clobbers ${r2}; }`,
      `${doc()}syscalls ${table} {`,
      `  ${doc()}${call1}(${p1}: fd, ${p2}: out bytes(${p3}), ${p3}: usize) -> isize = ${abi} ${1 + i * 10};`,
      `  ${call2}() -> noreturn = ${abi} ${2 + i * 10};`,
      '}',
      `${doc()}sysregs ${sysregs} : ${target} none { ${sr1} 0x10 : ${bitsName} reset 0 { ${f1} ro; } ${sr2} 0x11 : u64; }`,
      `${doc()}struct ${frame} frame ${regs} { ${r1}: u64; ${r4}: u64; }`,
    );
    sources[paths[i]] = `${lines.join('\n')}\n`;

    exported.push({ ns, struct: structName, runtime: runtimeName, enumName, member: members[0] });
    // Names the outputs derive from these: later roles may take them.
    const up = (n: string): string => n.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
    derivedPool.push(
      `CDL_${ns.toUpperCase()}_H`,
      `${up(structName)}_SIZE`,
      `${up(structName)}_ALIGN`,
      `${structName}View`,
      `${bitsName}_new`,
      `${bitsName}_valid`,
      `${bitsName}_get_${f1}`,
      `${runtimeName}_get_${rs[3]}`,
      `${fixed}_set_${xs[2]}`,
      `${up(bitsName)}_${up(f3)}_MASK`,
      `${up(enumName)}_${up(members[1])}`,
      ns,
      structName,
    );
  });
  return { sources, config, target };
}

/** `self` -> `Self`, `Self` -> `self`, `ab` -> `AB`: a name that differs only in case. */
function caseTwin(name: string): string {
  const flipped = name[0] === name[0].toUpperCase() ? name[0].toLowerCase() + name.slice(1) : name[0].toUpperCase() + name.slice(1);
  return flipped !== name ? flipped : name.toUpperCase();
}

function namePool(): string[] {
  const sample = (names: Iterable<string>, every: number): string[] => [...names].filter((_, i) => i % every === 0);
  return [...C_RESERVED, ...sample(C_LIBRARY_NAMES, 3), ...RUST_RESERVED, ...TS_RESERVED, ...OBJECT_PROTOTYPE_NAMES, ...OUTPUT_WORDS];
}
