/**
 * Instructions through the decode tables: the interpreter of the instruction data `cdl gen`
 * writes for a target with `instructions` declarations (generator/lower/instruction-data.ts).
 * It decodes a word or bytes to a pattern and its fields (or null: unknown), prints an
 * instruction as the target's disassembler does (`addi a0, a0, 1`, or with numeric register
 * names `addi x10, x10, 1`), and encodes one from its fields, checking each against its range.
 * Nothing here knows an instruction set: the facts are all in the tables, and the runtime
 * knows only the operand kinds (`int`, `hex`, `reg`, `pcrel`, `csr`, `fence`, `suffix`).
 *
 * The decision tree is computed when the tables are generated; on first use it is compiled to
 * a JavaScript function of nested `switch`es (as a hand-written decoder would be), and walked
 * as data where code cannot be made (a Content-Security-Policy without 'unsafe-eval').
 * Decoding never throws, whatever the bytes; encoding throws a {@link FieldRangeError} that
 * names the instruction, the field and what it allows. The tree is run by instruction-tree.ts,
 * fields are read and written by instruction-fields.ts.
 */
import { FieldRangeError } from './errors.js';
import { describeField, fieldOf, place, readField } from './instruction-fields.js';
import { compileTree, walkTree, type Decode } from './instruction-tree.js';
import type { RegisterSet } from './syscalls.js';

/** How a field prints (the generator's ir.OperandKind, as data). */
export type OperandTable =
  | 'int'
  | 'hex'
  | 'pcrel'
  | 'fence'
  | { readonly kind: 'hex'; readonly bits: number }
  | { readonly kind: 'reg'; readonly registers: string; readonly offset?: number }
  | { readonly kind: 'csr'; readonly names: readonly string[] }
  | { readonly kind: 'suffix'; readonly texts: readonly string[] };

export interface OperandFieldTable {
  readonly name: string;
  /** Its bits, from the value's low bits up; absent for a constant operand. */
  readonly ranges?: readonly (readonly [number, number])[];
  /** A constant operand's value (`sp` in `c.lwsp`), which no bits hold. */
  readonly value?: number;
  readonly shift?: number;
  readonly signed?: boolean;
  readonly operand: OperandTable;
}

export interface InstructionFormatTable {
  /** In bytes. */
  readonly length: number;
  readonly fields: readonly OperandFieldTable[];
}

export interface InstructionTable {
  /** The format's qualified name. */
  readonly format: string;
  readonly mask: number;
  readonly match: number;
  /** Values a field never holds in this instruction: `[field, value]`. */
  readonly excluded?: readonly (readonly [string, number])[];
  /** `addi {rd}, {rs1}, {imm}` */
  readonly syntax: string;
}

/** A switch on `(word >>> at) & (2^bits - 1)`, or a leaf: the patterns to try, in order. */
export type DecodeNode = readonly string[] | { readonly at: number; readonly bits: number; readonly next: readonly DecodeNode[] };

export interface InstructionDecoderTable {
  /** An unknown word's length: `lengths[(word >>> at) & (2^bits - 1)]`. */
  readonly length: { readonly at: number; readonly bits: number; readonly lengths: readonly number[] };
  readonly tree: DecodeNode;
}

/** The instruction parts of a machine's tables. */
export interface InstructionTables {
  readonly littleEndian: boolean;
  readonly instructionFormats: { readonly [qname: string]: InstructionFormatTable };
  readonly instructions: { readonly [name: string]: InstructionTable };
  readonly instructionDecoder: InstructionDecoderTable;
  readonly csrNames: { readonly [qname: string]: { readonly [number: string]: string } };
  readonly registers: { readonly [qname: string]: RegisterSet };
}

/** A field of a pattern, ready to read, print and write. */
export interface InstructionField {
  readonly name: string;
  /** Its bits in the word (0 for a constant operand). */
  readonly mask: number;
  readonly min: number;
  readonly max: number;
  /** Values are multiples of this (2^shift). */
  readonly step: number;
  readonly table: OperandFieldTable;
}

/** One instruction pattern of the tables. */
export interface InstructionPattern {
  readonly name: string;
  /** Its place in the decoder's `patterns`. */
  readonly index: number;
  /** In bytes. */
  readonly length: number;
  readonly mask: number;
  readonly match: number;
  readonly fields: readonly InstructionField[];
  readonly syntax: string;
  readonly table: InstructionTable;
}

/** A decoded instruction: its pattern and every field's value (registers by number, immediates sign-extended and scaled). */
export interface Instruction {
  readonly pattern: InstructionPattern;
  readonly name: string;
  /** In bytes. */
  readonly length: number;
  /** The instruction's bits (the low `length * 8` of the word read). */
  readonly word: number;
  readonly fields: { readonly [field: string]: number };
}

export interface DisassembleOptions {
  /**
   * The instruction's address: a pc-relative target prints as the address it names, in hex
   * (`1c`, as objdump prints it); without one, relative to the instruction (`.+28`), as an
   * assembler reads it.
   */
  readonly pc?: number | bigint;
  /** Registers by number (`x10`) rather than by their ABI name (`a0`). */
  readonly numeric?: boolean;
}

/** One line of a disassembly: the instruction, or null where no pattern matches. */
export interface DisassembledLine {
  readonly offset: number;
  readonly length: number;
  /** The bytes' value as an instruction word (in the target's byte order). */
  readonly word: number;
  readonly instruction: Instruction | null;
  /** `addi a0, a0, 1`; an unknown word as data (`.2byte 0x4`, `.4byte 0x...`, or `.byte` at the end of the bytes). */
  readonly text: string;
}


/**
 * A target's instruction decoder, disassembler and encoder, over its tables (`machine.instructions`).
 */
export class InstructionDecoder {
  readonly patterns: readonly InstructionPattern[];
  /** The longest instruction, in bytes. */
  readonly maxLength: number;
  private readonly byName: ReadonlyMap<string, InstructionPattern>;
  /** The tables it interprets. */
  readonly tables: InstructionTables;
  private decodeFn: Decode | null = null;
  private readonly formatters: ((insn: Instruction, options: DisassembleOptions) => string)[] = [];
  private readonly excluded: readonly (readonly (readonly [number, number])[])[];
  private readonly readers: readonly ((word: number) => Record<string, number>)[];
  private readonly csr: Map<string, ReadonlyMap<number, string>> = new Map();
  private readonly registers: Map<string, { readonly abi: readonly string[]; readonly numeric: readonly string[] }> = new Map();

  /**
   * `compile: false` walks the tree as data, never making code (for an environment that forbids
   * it; the tests compare the two).
   */
  constructor(
    tables: InstructionTables,
    private readonly options: { readonly compile?: boolean } = {},
  ) {
    this.tables = tables;
    const patterns: InstructionPattern[] = [];
    const excluded: (readonly [number, number])[][] = [];
    for (const [name, t] of Object.entries(tables.instructions)) {
      const format = tables.instructionFormats[t.format];
      if (!format) throw new RangeError(`instruction '${name}' names a format '${t.format}' the tables do not hold`);
      const fields = format.fields.map(fieldOf);
      patterns.push({ name, index: patterns.length, length: format.length, mask: t.mask >>> 0, match: t.match >>> 0, fields, syntax: t.syntax, table: t });
      excluded.push(
        (t.excluded ?? []).map(([f, v]) => {
          const field = fields.find((x) => x.name === f);
          if (!field) throw new RangeError(`instruction '${name}' excludes a value of '${f}', which it does not have`);
          return [field.mask, place(field, v)] as const;
        }),
      );
    }
    this.patterns = patterns;
    this.excluded = excluded;
    this.byName = new Map(patterns.map((p) => [p.name, p]));
    this.maxLength = Math.max(1, ...patterns.map((p) => p.length));
    this.readers = patterns.map((p) => (w: number) => {
      const fields: Record<string, number> = {};
      for (const f of p.fields) fields[f.name] = readField(f, w);
      return fields;
    });
  }

  /** The pattern of this name, or undefined. */
  pattern(name: string): InstructionPattern | undefined {
    return this.byName.get(name);
  }

  /**
   * The instruction in the low bits of `word` (up to 32 bits, the first byte's bits lowest),
   * of which `available` bytes are real (default: as many as the longest instruction has); null
   * if no pattern matches. Never throws: anything that is not such a word is unknown.
   */
  decodeWord(word: number, available: number = this.maxLength): Instruction | null {
    if (typeof word !== 'number' || !Number.isInteger(word) || word < 0 || word > 0xffffffff) return null;
    return this.decodeValid(word, available);
  }

  private decodeValid(word: number, available: number): Instruction | null {
    return (this.decodeFn ?? this.decoder())(word | 0, available);
  }

  /** Instruction `i` of the word (interpreted: the fallback of the compiled decoder). */
  private instruction(i: number, word: number): Instruction {
    const p = this.patterns[i]!;
    const bits = p.length >= 4 ? word >>> 0 : word & (2 ** (p.length * 8) - 1);
    return { pattern: p, name: p.name, length: p.length, word: bits, fields: this.readers[i]!(word) };
  }

  /** The instruction at `offset` in `bytes`, or null if no pattern matches there (or there are no bytes). Never throws. */
  decode(bytes: Uint8Array, offset = 0): Instruction | null {
    if (!(bytes instanceof Uint8Array) || !Number.isInteger(offset) || offset < 0 || offset >= bytes.length) return null;
    const available = Math.min(this.maxLength, bytes.length - offset);
    return this.decodeValid(this.wordAt(bytes, offset, available), available);
  }

  /**
   * Every instruction of `bytes` in order, as a disassembler lists them, `pc` being the address
   * of `bytes[0]`; an unknown word is stepped over by the length its bits give (RISC-V's low
   * two bits), as data. Never throws.
   */
  *disassemble(bytes: Uint8Array, options: DisassembleOptions = {}): Generator<DisassembledLine> {
    if (!(bytes instanceof Uint8Array)) return;
    const pc = options.pc ?? 0;
    for (let offset = 0; offset < bytes.length; ) {
      const available = Math.min(this.maxLength, bytes.length - offset);
      const word = this.wordAt(bytes, offset, available);
      const instruction = this.decodeValid(word, available);
      const at = typeof pc === 'bigint' ? pc + BigInt(offset) : pc + offset;
      if (instruction) {
        yield { offset, length: instruction.length, word: instruction.word, instruction, text: this.format(instruction, { ...options, pc: at }) };
        offset += instruction.length;
        continue;
      }
      const rule = this.tables.instructionDecoder.length;
      const length = Math.min(rule.lengths[(word >>> rule.at) & (2 ** rule.bits - 1)] ?? 1, available);
      const data = length === 1 || length === 2 || length === 4 ? length : 1;
      const value = data >= 4 ? word >>> 0 : word & (2 ** (data * 8) - 1);
      yield { offset, length: data, word: value, instruction: null, text: `.${data === 1 ? '' : data}byte 0x${value.toString(16)}` };
      offset += data;
    }
  }

  /** The instruction as its syntax prints it: `addi a0, a0, 1`. */
  format(insn: Instruction, options: DisassembleOptions = {}): string {
    const p = insn.pattern;
    // An instruction of another decoder's tables is printed by its own pattern, not cached.
    if (this.patterns[p.index] !== p) return this.formatter(p)(insn, options);
    return (this.formatters[p.index] ??= this.formatter(p))(insn, options);
  }

  /** A pattern's syntax as pieces made once: its text, and a printer per operand. */
  private formatter(p: InstructionPattern): (insn: Instruction, options: DisassembleOptions) => string {
    const pieces: (string | ((insn: Instruction, options: DisassembleOptions) => string))[] = [];
    let last = 0;
    for (const m of p.syntax.matchAll(/\{([^{}]*)\}/g)) {
      if (m.index > last) pieces.push(p.syntax.slice(last, m.index));
      last = m.index + m[0].length;
      const field = p.fields.find((f) => f.name === m[1]);
      pieces.push(field ? this.printer(field) : m[0]);
    }
    if (last < p.syntax.length) pieces.push(p.syntax.slice(last));
    return (insn, options) => {
      let out = '';
      for (const piece of pieces) out += typeof piece === 'string' ? piece : piece(insn, options);
      return out;
    };
  }

  /** How one field prints: its value, read by name, through its operand kind. */
  private printer(f: InstructionField): (insn: Instruction, options: DisassembleOptions) => string {
    const name = f.name;
    return (insn, options) => this.operand(f, insn.fields[name] ?? 0, options);
  }

  /**
   * The word of instruction `name` with these field values (registers by number, immediates as
   * the instruction means them: a branch's byte offset). Fields the pattern fixes may be left
   * out. Throws a {@link FieldRangeError} naming the instruction and the field when a value is
   * missing, not an integer, out of the field's range, not a multiple of its step, a value the
   * instruction excludes, or not the fixed one; nothing is truncated.
   */
  encode(name: string, fields: { readonly [field: string]: number | bigint }): number {
    const p = this.byName.get(name);
    if (!p) throw new RangeError(`no instruction '${name}' in the tables`);
    const given = fields ?? {};
    for (const key of Object.keys(given)) {
      if (!p.fields.some((f) => f.name === key)) throw new FieldRangeError(name, key, given[key], `no such field; ${name} has ${p.fields.map((f) => f.name).join(', ')}`);
    }
    let word = p.match;
    const excluded = this.excluded[p.index] ?? [];
    for (const f of p.fields) {
      const raw = given[f.name];
      const fixed = ((p.mask & f.mask) >>> 0) === f.mask && f.mask !== 0;
      const current = readField(f, p.match);
      if (raw === undefined) {
        if (fixed || f.mask === 0) continue;
        throw new FieldRangeError(name, f.name, raw, describeField(f));
      }
      const v = typeof raw === 'bigint' && raw >= BigInt(Number.MIN_SAFE_INTEGER) && raw <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(raw) : raw;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < f.min || v > f.max || (v - f.min) % f.step !== 0) throw new FieldRangeError(name, f.name, raw, describeField(f));
      if (f.mask === 0 || fixed) {
        if (v !== current) throw new FieldRangeError(name, f.name, raw, `${current} (fixed in ${name})`);
        continue;
      }
      const bits = place(f, v);
      if (excluded.some(([m, b]) => m === f.mask && b === bits)) throw new FieldRangeError(name, f.name, raw, `${describeField(f)}, except ${excludedValues(p, f).join(', ')}`);
      word = (word | bits) >>> 0;
    }
    return word >>> 0;
  }

  /** The instruction's bytes, in the target's byte order. */
  encodeBytes(name: string, fields: { readonly [field: string]: number | bigint }): Uint8Array {
    const word = this.encode(name, fields);
    const length = this.byName.get(name)!.length;
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[this.tables.littleEndian ? i : length - 1 - i] = (word >>> (8 * i)) & 0xff;
    return out;
  }

  /** The `available` bytes at `offset` as a word, in the target's byte order. */
  private wordAt(bytes: Uint8Array, offset: number, available: number): number {
    if (available === 4 && this.tables.littleEndian) return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
    let word = 0;
    for (let i = 0; i < available; i++) {
      const b = bytes[offset + i]!;
      word += this.tables.littleEndian ? b * 2 ** (8 * i) : b * 2 ** (8 * (available - 1 - i));
    }
    return word;
  }

  private operand(f: InstructionField, v: number, options: DisassembleOptions): string {
    const o = f.table.operand;
    if (o === 'int') return String(v);
    if (o === 'hex') return `${v < 0 ? '-' : ''}0x${Math.abs(v).toString(16)}`;
    if (o === 'pcrel') {
      const given = options.pc;
      // An address that is no integer (NaN, 1.5, a string) is not one: print relative to the instruction.
      const pc = typeof given === 'bigint' || (typeof given === 'number' && Number.isSafeInteger(given)) ? given : undefined;
      if (pc === undefined) return `.${v < 0 ? '' : '+'}${v}`;
      const target = typeof pc === 'bigint' ? BigInt.asUintN(64, pc + BigInt(v)) : pc + v >= 0 ? pc + v : BigInt.asUintN(64, BigInt(pc) + BigInt(v));
      return target.toString(16);
    }
    // objdump prints an empty set as `unknown` (GNU as has no spelling for it): so do we.
    if (o === 'fence') return v === 0 ? 'unknown' : ['i', 'o', 'r', 'w'].filter((_, i) => (v >>> (3 - i)) & 1).join('');
    switch (o.kind) {
      case 'hex':
        return `0x${(o.bits >= 32 ? v >>> 0 : ((v % 2 ** o.bits) + 2 ** o.bits) % 2 ** o.bits).toString(16)}`;
      case 'reg': {
        const names = this.registerNames(o.registers);
        return (options.numeric ? names.numeric[v] : names.abi[v]) ?? `?${v}`;
      }
      case 'csr':
        return this.csrName(o.names, v) ?? `0x${v.toString(16)}`;
      case 'suffix':
        return o.texts[v] ?? '';
    }
  }

  /** A register set's names by number, each by its first alias and by its own name, made once. */
  private registerNames(set: string): { readonly abi: readonly string[]; readonly numeric: readonly string[] } {
    let names = this.registers.get(set);
    if (!names) {
      const registers = this.tables.registers[set]?.registers ?? [];
      names = { abi: registers.map((r) => r.aliases[0] ?? r.name), numeric: registers.map((r) => r.name) };
      this.registers.set(set, names);
    }
    return names;
  }

  private csrName(sets: readonly string[], v: number): string | undefined {
    const key = sets.join(',');
    let names = this.csr.get(key);
    if (!names) {
      names = new Map(sets.flatMap((s) => Object.entries(this.tables.csrNames[s] ?? {}).map(([n, name]) => [Number(n), name] as const)));
      this.csr.set(key, names);
    }
    return names.get(v);
  }

  /** The decoder: the tree compiled to code on first use, or walked as data if code cannot be made. */
  private decoder(): Decode {
    if (this.decodeFn) return this.decodeFn;
    const index = new Map(this.patterns.map((p, i) => [p.name, i]));
    const tree = this.tables.instructionDecoder.tree;
    try {
      if (this.options.compile === false) throw new Error('not compiled');
      this.decodeFn = compileTree(tree, this.patterns, this.excluded, index, (i, w) => this.instruction(i, w));
    } catch {
      this.decodeFn = (w, available) => {
        const i = walkTree(tree, w, available, this.patterns, this.excluded, index);
        return i < 0 ? null : this.instruction(i, w);
      };
    }
    return this.decodeFn;
  }
}

function excludedValues(p: InstructionPattern, f: InstructionField): number[] {
  return (p.table.excluded ?? []).filter(([name]) => name === f.name).map(([, v]) => v);
}
