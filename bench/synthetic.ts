/**
 * A synthetic CDL project of a given number of lines, for timing `cdl gen` at scale (issue 16,
 * "The generator at scale"). Written by the benchmark, never committed: its size is a
 * parameter.
 *
 * It uses every kind of declaration the emitters handle, in the proportions of a real spec:
 * several namespaces, each importing another (one file each, well below the 1 MiB limit), a
 * configuration, enums, bit layouts with split, shifted, signed, enum-typed and reserved fields
 * and tagged variants, multi-word layouts, structs with nested structs, bit layouts, arrays,
 * pointers, explicit padding and per-configuration members, discriminated and plain unions, and
 * constants that use sizeof, alignof and offsetof.
 *
 * The namespaces have a fixed size (about NAMESPACE_LINES lines), so a larger spec has more
 * namespaces, not larger ones: the largest output file stays the same size while the whole
 * output grows with the spec. That separates "memory bounded by the largest output file" from
 * "memory that grows with the whole output".
 */

/** Lines per namespace (one .cdl file each): a large but plausible spec file. */
export const NAMESPACE_LINES = 5_000;

export interface SyntheticSpec {
  /** File name (relative to the spec directory) to contents. */
  readonly files: ReadonlyMap<string, string>;
  readonly lines: number;
  readonly bytes: number;
  readonly namespaces: number;
  /** Declarations per kind, to show what the spec holds. */
  readonly counts: Readonly<Record<'enum' | 'bits' | 'struct' | 'union' | 'const', number>>;
}

/** One group of related declarations: an enum, three bit layouts, three structs, two unions, constants. */
function group(k: number, prev: { ns: number; k: number } | null): string[] {
  // Widths and positions vary with k so that the groups are not all the same text (the
  // generator shares output between targets when facts are equal, not between declarations,
  // but a spec of identical groups would still be an unusually easy input).
  const v = k % 5;
  const lo = 17 + v; // where a variant's shifted field starts
  const cross = prev ? `  prev: n${prev.ns}.Rec${prev.k};\n` : '';
  return `/// Kind codes of group ${k}.
enum Kind${k} : u3 {
  A = 0,
  B,
  C,
  D = ${5 + (k % 3)},
}

/// A tagged entry of group ${k}: flags, an enum field, a split field, a signed field and
/// two variants chosen by one bit.
bits Entry${k} : u64 {
  present @0;
  rw      @1;
  kind: Kind${k} @2..4;
  limit   @5..12, @48..51;
  tag big @13;
  variant Small when 0 {
    index @14..29;
  }
  variant Big when 1 {
    reserved @14..${lo - 1} = 0;
    frame @${lo}..29 << ${lo};
  }
  reserved @30..47;
  delta: i12 @52..63;
}

/// A two-word layout of group ${k}.
bits Pair${k} : u32[2] {
  low   @0..${15 + v};
  high  @${16 + v}..31;
  count @32..${40 + v};
  reserved @${41 + v}..63 = 0;
}

/// A small flags byte of group ${k}.
bits Flags${k} : u8 {
  a @0;
  b @1..3;
  reserved @4..7;
}

/// A header of group ${k}.
struct Head${k} {
  entry: Entry${k};
  kind:  Kind${k};
  flags: Flags${k};
  size:  u16;
  pair:  Pair${k};
}

/// The payload of a record of group ${k}, chosen by its kind.
union Payload${k} : Kind${k} {
  raw:  u64 when A;
  head: Head${k} when B, C;
  word: uword when D;
  if kernel {
    cache: ptr;
  }
}

/// Raw bytes or words of group ${k}.
union Raw${k} {
  bytes: u8[${16 + 8 * v}];
  words: u64[${2 + v}];
}

/// A record of group ${k}: nested structs, a discriminated union, arrays and pointers.
struct Rec${k} {
  head:    Head${k};
  kind:    Kind${k};
  pad 1;
  payload: Payload${k} by kind;
  raw:     Raw${k};
  table:   u32[${4 + v}];
  link:    ptr<Rec${k}>;
${cross}  if kernel {
    owner: ptr;
  } else {
    oid: u64;
  }
  image_end;
  tail: u8;
}

/// A packed image record of group ${k}.
struct Image${k} packed {
  magic: u32;
  rec:   Rec${k};
  check: u16;
}

const REC${k}_SIZE    = sizeof(Rec${k});
const REC${k}_WORDS   = (sizeof(Rec${k}) + 7) / 8;
const REC${k}_ALIGN   = alignof(Rec${k});
const REC${k}_PAYLOAD = offsetof(Rec${k}, payload);
const IMAGE${k}_SIZE  = sizeof(Image${k}) * ${1 + v} + ${k};
`.split('\n');
}

const GROUP_COUNTS = { enum: 1, bits: 3, struct: 3, union: 2, const: 5 } as const;

/**
 * A spec of about `lines` lines (at least one group per namespace, at least two namespaces),
 * in namespaces of about `namespaceLines` lines.
 */
export function syntheticSpec(lines: number, namespaceLines = NAMESPACE_LINES): SyntheticSpec {
  const groupLines = group(0, null).length;
  const namespaces = Math.max(2, Math.round(lines / namespaceLines));
  const perNamespace = Math.max(1, Math.round(lines / namespaces / groupLines));
  const files = new Map<string, string>();
  let total = 0;
  let bytes = 0;
  let k = 0;
  for (let ns = 0; ns < namespaces; ns++) {
    const out: string[] = [`// Synthetic namespace ${ns} of the generator benchmark.`, `namespace n${ns};`];
    // Each namespace but the first imports one below it and uses its last record, so names
    // are resolved across files and one namespace's layout depends on another's. The imports
    // form a binary tree (namespace i imports (i - 1) / 2), as layered specs do: each
    // namespace depends on a few others, transitively, not on every namespace before it. (A
    // chain, each importing the previous one, makes the dependencies quadratic in the number
    // of namespaces, and the generator's per-namespace work with them: that would time the
    // chain, not the size.)
    const parent = (ns - 1) >> 1;
    if (ns > 0) out.push(`import "n${parent}.cdl";`);
    else out.push('', '/// The in-memory form of records (per-configuration members).', 'config kernel;');
    out.push('');
    const prev = ns > 0 ? { ns: parent, k: (parent + 1) * perNamespace - 1 } : null;
    for (let g = 0; g < perNamespace; g++, k++) out.push(...group(k, g === 0 ? prev : null));
    const text = out.join('\n');
    files.set(`n${ns}.cdl`, text);
    total += out.length;
    bytes += Buffer.byteLength(text);
  }
  const counts = Object.fromEntries(Object.entries(GROUP_COUNTS).map(([kind, n]) => [kind, n * k])) as SyntheticSpec['counts'];
  return { files, lines: total, bytes, namespaces, counts };
}
