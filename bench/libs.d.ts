// Minimal typings for the benchmark's comparison libraries (binary-parser's own typings are
// not reachable through its package.json "exports"; restructure ships none).
declare module 'binary-parser' {
  export class Parser {
    constructor();
    endianness(e: 'little' | 'big'): Parser;
    uint8(name: string): Parser;
    uint16le(name: string): Parser;
    uint32le(name: string): Parser;
    uint64le(name: string): Parser;
    skip(bytes: number): Parser;
    array(name: string, options: { type: Parser; length: number }): Parser;
    parse(buffer: Uint8Array): unknown;
  }
}

declare module 'restructure' {
  interface Codec {
    fromBuffer(buffer: Uint8Array): unknown;
    toBuffer(value: unknown): Uint8Array;
  }
  export const uint8: Codec;
  export const uint16le: Codec;
  export const uint32le: Codec;
  export class Struct implements Codec {
    constructor(fields: Record<string, Codec>);
    fromBuffer(buffer: Uint8Array): unknown;
    toBuffer(value: unknown): Uint8Array;
  }
  export class Array implements Codec {
    constructor(type: Codec, length: number);
    fromBuffer(buffer: Uint8Array): unknown;
    toBuffer(value: unknown): Uint8Array;
  }
  export class Reserved implements Codec {
    constructor(type: Codec, count?: number);
    fromBuffer(buffer: Uint8Array): unknown;
    toBuffer(value: unknown): Uint8Array;
  }
}

declare module '@alexaltea/capstone-js' {
  interface CapstoneInstruction {
    readonly size: number;
    readonly mnemonic: string;
    readonly op_str: string;
  }
  interface CapstoneModule {
    readonly ARCH_RISCV: number;
    readonly MODE_RISCV64: number;
    readonly MODE_RISCVC: number;
    Capstone: new (arch: number, mode: number) => { disasm(buffer: Uint8Array | number[], address: number): CapstoneInstruction[]; close(): void };
  }
  const MCapstone: () => Promise<CapstoneModule>;
  export default MCapstone;
}
