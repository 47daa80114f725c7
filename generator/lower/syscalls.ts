/**
 * A system call as one ABI sees it: the types its `use` settings put for the table's own
 * (`use OpenFlagsMips for OpenFlags`: the O_* bits differ per architecture, the call does not).
 * Emitters that print a call for an ABI (stub prototypes, the TypeScript tables, argument
 * words) take its types from here.
 */
import type * as ir from '../ir.js';
import { extend } from '../util/objects.js';

/** `t` on `abi`: the type a `use` of the ABI puts for it, or `t`. */
export function typeOn(abi: ir.SyscallAbi, t: ir.SyscallType): ir.SyscallType {
  for (const u of abi.uses) {
    if (t.kind === 'enum' && u.generic.kind === 'enum' && u.generic.decl.qname === t.decl.qname) return u.specific;
    if (t.kind === 'flags' && u.generic.kind === 'flags' && u.generic.bits === t.bits) return u.specific;
  }
  return t;
}

/** A call's parameters with their types on `abi`. */
export function paramsOn(abi: ir.SyscallAbi, call: ir.Syscall): ir.SyscallParam[] {
  return call.params.map((p) => extend(p, { type: typeOn(abi, p.type) }));
}
