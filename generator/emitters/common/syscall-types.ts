/** A system call's argument or result type as a spec spells it: the layout JSON's and the IR dump's text. */
import type * as ir from '../../ir.js';
import { unreachable } from '../../util/unreachable.js';

/** `fd`, `bytes(count)`, `usize`, `ptr<linux.Stat>`, `linux.OpenFlags`. */
export function spellSyscallType(t: ir.SyscallType, call: ir.Syscall): string {
  switch (t.kind) {
    case 'int':
      return `${t.signed ? 'i' : 'u'}${t.bits}`;
    case 'word':
      return t.signed ? 'isize' : 'usize';
    case 'bool':
    case 'fd':
    case 'cstr':
      return t.kind;
    case 'pointer':
      return t.pointee ? `ptr<${t.pointee}>` : 'ptr';
    case 'enum':
      return t.decl.qname;
    case 'flags':
      return t.bits;
    case 'bytes':
      return `bytes(${call.params[t.length]?.name ?? '?'})`;
    default:
      return unreachable(t);
  }
}
