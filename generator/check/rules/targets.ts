/**
 * Target declarations: byte order, word and pointer sizes, the alignment of each primitive,
 * and the ELF machine number that names the target in an executable. Every setting is required
 * except alignments, which default to natural, and `elf`.
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import type { Symbol } from '../../program/symbols.js';
import { BUILTIN_FILE } from '../../targets/builtin.js';
import type { CheckContext } from '../context.js';

const ALIGN_KEYS = ['u8', 'u16', 'u32', 'u64', 'ptr'] as const;

export function checkTarget(symbol: Symbol<ast.TargetDecl>, ctx: CheckContext): ir.Target | null {
  const decl = symbol.decl;
  let endian: ir.Endian | null = null;
  let wordBits: 32 | 64 | null = null;
  let pointerBits: 32 | 64 | null = null;
  let elfMachine: number | null = null;
  const align: Record<(typeof ALIGN_KEYS)[number], number | null> = { u8: null, u16: null, u32: null, u64: null, ptr: null };
  const seen = new Set<string>();

  for (const s of decl.settings) {
    const key = s.key.name;
    const words = s.args.map((a) => (a.kind === 'NameExpr' && a.path.length === 1 ? a.path[0].name : null));
    const dupKey = key === 'align' ? `align ${words[0]}` : key;
    if (seen.has(dupKey)) ctx.diags.error(s.span, `'${dupKey}' is set twice`);
    seen.add(dupKey);
    switch (key) {
      case 'endian':
        if (s.args.length === 1 && (words[0] === 'little' || words[0] === 'big')) endian = words[0];
        else ctx.diags.error(s.span, "write 'endian little;' or 'endian big;'");
        break;
      case 'word':
      case 'pointer': {
        const bits = s.args.length === 1 ? ctx.evaluator.evaluate(s.args[0], symbol.file) : null;
        if (bits === 32n || bits === 64n) {
          if (key === 'word') wordBits = Number(bits) as 32 | 64;
          else pointerBits = Number(bits) as 32 | 64;
        } else ctx.diags.error(s.span, `'${key}' is 32 or 64 (bits)`);
        break;
      }
      case 'align': {
        const which = words[0] as (typeof ALIGN_KEYS)[number] | null;
        const n = s.args.length === 2 ? ctx.evaluator.evaluate(s.args[1], symbol.file) : null;
        if (!which || !ALIGN_KEYS.includes(which)) ctx.diags.error(s.span, `write 'align T N;' with T one of ${ALIGN_KEYS.join(', ')}`);
        else if (n === null || n < 1n || n > 64n || (n & (n - 1n)) !== 0n) ctx.diags.error(s.span, 'an alignment is a power of two from 1 to 64');
        else align[which] = Number(n);
        break;
      }
      case 'elf': {
        // e_machine of the ELF header: a 16-bit number (EM_X86_64 is 62).
        const n = s.args.length === 1 ? ctx.evaluator.evaluate(s.args[0], symbol.file) : null;
        if (n !== null && n >= 1n && n <= 0xffffn) elfMachine = Number(n);
        else ctx.diags.error(s.span, "'elf' is the ELF machine number (e_machine), 1 to 65535");
        break;
      }
      default:
        ctx.diags.error(s.key.span, `unknown target setting '${key}' (expected endian, word, pointer, align or elf)`);
    }
  }
  for (const [name, v] of [['endian', endian], ['word', wordBits], ['pointer', pointerBits]] as const) {
    // A setting that is present but wrong was reported where it is written.
    if (v === null && !seen.has(name)) ctx.diags.error(decl.name.span, `target '${symbol.name}' needs '${name}'`);
  }
  if (endian === null || wordBits === null || pointerBits === null) return null;
  return {
    name: symbol.name,
    doc: decl.doc,
    endian,
    wordBits,
    pointerBits,
    elfMachine,
    align: {
      u8: align.u8 ?? 1,
      u16: align.u16 ?? 2,
      u32: align.u32 ?? 4,
      u64: align.u64 ?? 8,
      ptr: align.ptr ?? pointerBits / 8,
    },
    builtin: symbol.file.path === BUILTIN_FILE,
  };
}
