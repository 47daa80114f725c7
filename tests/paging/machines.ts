/**
 * What the page-walk tests share: the x86_64 and riscv64 machines loaded from the generated
 * decode tables (as a tool would), and a memory image with page tables written into it by
 * hand, entry by entry, with each architecture's bits spelt out here from the manuals (not
 * from the tables), so that a test says what hardware would see.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findMachine, loadMachine, type Machine, type MachineIndex } from '../../runtime/machines.js';
import { pagingScheme, type PagingScheme } from '../../runtime/paging.js';
import { ROOT } from '../ts/oracle.js';

const TABLES = path.join(ROOT, 'generated/tables');

export async function machineOf(target: string): Promise<Machine> {
  const index = JSON.parse(fs.readFileSync(path.join(TABLES, 'index.json'), 'utf8')) as MachineIndex;
  return loadMachine(findMachine(index, { target })!, (f) => JSON.parse(fs.readFileSync(path.join(TABLES, f), 'utf8')));
}

export function schemeOf(machine: Machine, name: string): PagingScheme {
  const s = pagingScheme(machine.paging, name);
  if (!s) throw new Error(`no paging scheme ${name} on ${machine.target}`);
  return s;
}

/** x86-64 entry bits (SDM Vol. 3A §4.5, Tables 4-14 to 4-20). */
export const X86 = { P: 1n, RW: 2n, US: 4n, A: 0x20n, D: 0x40n, PS: 0x80n, NX: 1n << 63n } as const;

/** Sv39/Sv48 PTE bits (Privileged Architecture §4.4.1). */
export const RV = { V: 1n, R: 2n, W: 4n, X: 8n, U: 0x10n, G: 0x20n, A: 0x40n, D: 0x80n } as const;

/** A little-endian memory image of `size` bytes with 64-bit entries written at physical addresses. */
export class Memory {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  put(address: number, word: bigint): void {
    this.view.setBigUint64(address, word, true);
  }
  /** The entry of table `table` indexing `va` by its bits `lo..lo+8`. */
  putIndexed(table: number, va: bigint, lo: number, word: bigint): void {
    this.put(table + Number((va >> BigInt(lo)) & 0x1ffn) * 8, word);
  }
}

/** A sign-extended (canonical) address of `bits` bits from its low bits. */
export function canonical(va: bigint, bits: number): bigint {
  return BigInt.asUintN(64, BigInt.asIntN(bits, va));
}
