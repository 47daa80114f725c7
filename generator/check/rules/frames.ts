/**
 * Trap frames: a struct `frame REGISTERS` is the saved register set a kernel or ptrace
 * exposes, laid out as any struct. Each field holds the register of its name (or alias), or
 * the one its `holds` names; a name that is no register of the set, or a register held by two
 * fields, is an error. `holds` outside a frame is an error too.
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import { describe, type Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';

export interface Frames {
  readonly sets: Map<ast.StructDecl, ir.RegisterSet>;
  readonly holds: Map<ast.FieldMember, ir.Register>;
}

export function checkFrame(symbol: Symbol<ast.StructDecl | ast.UnionDecl>, ctx: CheckContext, out: Frames): void {
  const decl = symbol.decl;
  const fields = fieldsOf(decl.members);
  const frame = decl.kind === 'StructDecl' ? decl.frame : null;
  if (!frame) {
    for (const f of fields) {
      if (!f.holds) continue;
      const fix = decl.kind === 'UnionDecl' ? 'only a struct can be a frame' : `write 'struct ${symbol.name} frame REGISTERS'`;
      ctx.diags.error(f.holds.span, `'holds' names the register a trap frame's field holds; '${symbol.name}' is no frame (${fix})`);
    }
    return;
  }
  const found = ctx.table.lookup(frame, symbol.file, 'register set');
  if (!found) return;
  if (found.decl.kind !== 'RegistersDecl') {
    ctx.diags.error(frame[frame.length - 1].span, `'${found.name}' is a ${describe(found.decl.kind)}, not a register set`);
    return;
  }
  const set = ctx.registerSetOf(found as Symbol<ast.RegistersDecl>);
  if (!set) return;
  out.sets.set(decl as ast.StructDecl, set);
  const byName = (name: string): ir.Register | undefined => set.registers.find((r) => r.name === name || r.aliases.includes(name));
  const held = new Map<ir.Register, ast.FieldMember>();
  for (const f of fields) {
    const named = f.holds ?? f.name;
    const register = byName(named.name);
    if (!register) {
      if (f.holds) ctx.diags.error(f.holds.span, `'${set.name}' has no register '${f.holds.name}'`);
      continue;
    }
    const first = held.get(register);
    if (first) {
      ctx.diags.error(named.span, `register '${register.name}' is held by '${first.name.name}' already`, [{ message: 'held here', span: (first.holds ?? first.name).span }]);
      continue;
    }
    held.set(register, f);
    out.holds.set(f, register);
  }
}

/** Every field, in `if` blocks too: a frame's slots are the same in every configuration. */
function fieldsOf(members: readonly ast.StructMember[]): ast.FieldMember[] {
  return members.flatMap((m) => (m.kind === 'FieldMember' ? [m] : m.kind === 'IfMember' ? [...fieldsOf(m.then), ...fieldsOf(m.otherwise)] : []));
}
