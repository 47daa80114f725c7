/**
 * Bit layouts: ranges inside the container and not reversed, no two fields on one bit, types
 * that match the widths they describe, tag values that fit and select one variant each.
 * Bits no field or `reserved` names draw a warning: a gap in a hardware layout is usually a
 * transcription slip.
 */
import type * as ast from '../../../grammar/ast.js';
import { cIdent } from '../../names.js';
import type * as ir from '../../ir.js';
import { badBitWidthMessage, isBadBitWidth, parseBitWidthType, type Symbol } from '../../program/symbols.js';
import { bitsByteOrder } from './byte-orders.js';
import type { CheckContext } from '../context.js';
import { checkCBitfieldLayout } from './c-bitfield-layouts.js';
import { declHeader, describeBits } from './common.js';
import type { BitsShape } from '../../lower/bits.js';

const WORD_TYPES: Readonly<Record<string, 8 | 16 | 32 | 64>> = { u8: 8, u16: 16, u32: 32, u64: 64 };
const MAX_WORDS = 16;

/** Who owns each bit, for overlap messages. */
export type Occupancy = (string | null)[];

/** A bit layout's container: its word and the number of words. */
export interface Container {
  readonly wordBits: 8 | 16 | 32 | 64;
  readonly words: number;
}

export function checkBits(symbol: Symbol<ast.BitsDecl>, ctx: CheckContext): BitsShape | null {
  const decl = symbol.decl;
  const file = symbol.file;
  const container = checkContainer(decl.container, file, ctx);
  if (!container) return null;
  const width = container.wordBits * container.words;
  const rules = new BitsChecker(symbol, ctx, width);
  const byteOrder = bitsByteOrder(decl, ctx);
  if (decl.cBitfields) return checkCBitfieldLayout(symbol, ctx, container, rules);

  const common: Occupancy = new Array(width).fill(null);
  const fields: ir.BitField[] = [];
  const reserved: ir.ReservedBits[] = [];
  const names = new Map<string, ast.Ident>();
  let tag: { field: ir.BitField; enumScope: Symbol<ast.EnumDecl> | null; span: ast.Span } | null = null;
  const variantDecls: ast.Variant[] = [];

  for (const m of decl.members) {
    switch (m.kind) {
      case 'BitField': {
        const f = rules.field(m, common, names);
        if (f) fields.push(f.field);
        break;
      }
      case 'ReservedBits':
        reserved.push(...rules.reserved(m, common));
        break;
      case 'TagField': {
        if (tag) {
          ctx.diags.error(m.span, `bit layout '${symbol.name}' already has a tag`, [{ message: 'the first tag', span: tag.span }]);
          break;
        }
        const f = rules.field(m, common, names);
        if (f) tag = { field: f.field, enumScope: f.enumScope, span: m.span };
        break;
      }
      case 'Variant':
        variantDecls.push(m);
        break;
    }
  }

  const variants: ir.BitsVariant[] = [];
  if (variantDecls.length > 0 && !tag && !decl.members.some((m) => m.kind === 'TagField')) {
    ctx.diags.error(variantDecls[0].span, `variants need a tag: add 'tag name @bits;' to '${symbol.name}'`);
  }
  if (tag && variantDecls.length === 0) {
    ctx.diags.error(tag.span, `'${symbol.name}' has a tag but no variants`);
  }
  const variantNames = new Map<string, ast.Ident>();
  const tagValues = new Map<bigint, ast.Variant>();
  for (const v of variantDecls) {
    const clash = variantNames.get(v.name.name);
    if (clash) ctx.diags.error(v.name.span, `duplicate variant '${v.name.name}'`, [{ message: 'first declared here', span: clash.span }]);
    variantNames.set(v.name.name, v.name);

    const when: bigint[] = [];
    for (const e of v.when) {
      if (!tag) break;
      const value = ctx.evaluator.evaluate(e, file, tag.enumScope);
      if (value === null) continue;
      const max = (1n << BigInt(tag.field.storedWidth)) - 1n;
      if (value < 0n || value > max) {
        ctx.diags.error(e.span, `tag value ${value} does not fit in the ${tag.field.storedWidth}-bit tag '${tag.field.name}' (0 to ${max})`);
        continue;
      }
      const other = tagValues.get(value);
      if (other) {
        ctx.diags.error(e.span, `duplicate tag value ${value}: it already selects variant '${other.name.name}'`, [
          { message: `variant '${other.name.name}'`, span: other.name.span },
        ]);
        continue;
      }
      tagValues.set(value, v);
      when.push(value);
    }

    const occupied = [...common];
    const vNames = new Map(names);
    const vFields: ir.BitField[] = [];
    const vReserved: ir.ReservedBits[] = [];
    for (const m of v.members) {
      if (m.kind === 'BitField') {
        const f = rules.field(m, occupied, vNames);
        if (f) vFields.push(f.field);
      } else if (m.kind === 'ReservedBits') {
        vReserved.push(...rules.reserved(m, occupied));
      } else {
        ctx.diags.error(m.span, m.kind === 'TagField' ? 'the tag belongs outside the variants' : 'variants cannot be nested');
      }
    }
    rules.warnGaps(occupied, decl.name.span, ` variant '${v.name.name}'`);
    variants.push({ name: v.name.name, cName: cIdent(v.name.name), doc: v.doc, when, fields: vFields, reserved: vReserved });
  }
  if (variantDecls.length === 0) rules.warnGaps(common, decl.name.span, '');

  return {
    kind: 'bits',
    ...declHeader(symbol, ctx.cName(symbol)),
    wordBits: container.wordBits,
    words: container.words,
    width,
    fields,
    reserved,
    tag: tag?.field ?? null,
    variants,
    cBitfields: null,
    byteOrder,
  };
}

function checkContainer(
  type: ast.TypeRef,
  file: ast.File,
  ctx: CheckContext,
): Container | null {
  const word = type.kind === 'ArrayType' ? type.element : type;
  const name = word.kind === 'NamedType' && word.path.length === 1 ? word.path[0].name : null;
  const wordBits = name ? WORD_TYPES[name] : undefined;
  if (!wordBits) {
    ctx.diags.error(word.span, 'a bit layout is a u8, u16, u32 or u64 word, or an array of them (u64[2])');
    return null;
  }
  if (type.kind !== 'ArrayType') return { wordBits, words: 1 };
  const words = ctx.evaluator.evaluate(type.length, file);
  if (words === null) return null;
  if (words < 1n || words > BigInt(MAX_WORDS)) {
    ctx.diags.error(type.length.span, `a bit layout has 1 to ${MAX_WORDS} words, not ${words}`);
    return null;
  }
  return { wordBits, words: Number(words) };
}

/** A field's declared type, with the width it stands for. */
interface DeclaredType {
  readonly type: ir.BitFieldType;
  readonly signed: boolean;
  readonly enumScope: Symbol<ast.EnumDecl> | null;
  readonly width: number;
}

/** Checks the members of one bit layout; the C bit-field rule places members through it too. */
export class BitsChecker {
  private readonly file: ast.File;
  private readonly errorsBefore: number;

  constructor(
    private readonly symbol: Symbol<ast.BitsDecl>,
    private readonly ctx: CheckContext,
    private readonly width: number,
  ) {
    this.file = symbol.file;
    this.errorsBefore = ctx.diags.errorCount;
  }

  /** Evaluates and validates ranges, marking them in `occupied` under `owner`. */
  private ranges(ranges: readonly ast.BitRange[], occupied: Occupancy, owner: string): ir.BitRange[] | null {
    const out: ir.BitRange[] = [];
    let ok = true;
    for (const r of ranges) {
      const lo = this.ctx.evaluator.evaluate(r.lo, this.file);
      const hi = r.hi ? this.ctx.evaluator.evaluate(r.hi, this.file) : lo;
      if (lo === null || hi === null) {
        ok = false;
        continue;
      }
      if (lo < 0n || hi < 0n) {
        this.ctx.diags.error(r.span, 'bit positions cannot be negative');
        ok = false;
      } else if (hi < lo) {
        this.ctx.diags.error(r.span, `bit range ${lo}..${hi} is reversed: its width would be ${hi - lo + 1n} (write the low bit first)`);
        ok = false;
      } else if (hi >= BigInt(this.width)) {
        const what = describeBits(Number(lo), Number(hi));
        this.ctx.diags.error(r.span, `${what} of '${owner}' ${lo === hi ? 'is' : 'are'} beyond the ${this.width}-bit container of '${this.symbol.name}' (bits 0..${this.width - 1})`);
        for (let b = Number(lo); b < this.width; b++) occupied[b] ??= owner;
        ok = false;
      } else {
        const range = { lo: Number(lo), hi: Number(hi) };
        const clash = this.firstOwner(occupied, range);
        if (clash) {
          const lo2 = Math.max(range.lo, clash.lo);
          const hi2 = Math.min(range.hi, clash.hi);
          this.ctx.diags.error(r.span, `${describeBits(lo2, hi2)} of '${owner}' ${lo2 === hi2 ? 'overlaps' : 'overlap'} '${clash.owner}' (${describeBits(clash.lo, clash.hi)})`);
          ok = false;
        }
        // Claim the free bits even after an overlap, so one mistake is one message.
        for (let b = range.lo; b <= range.hi; b++) occupied[b] ??= owner;
        out.push(range);
      }
    }
    return ok ? out : null;
  }

  /** Marks bits the caller has placed (free by construction) as owned by `owner`. */
  private claim(ranges: readonly ir.BitRange[], occupied: Occupancy, owner: string): ir.BitRange[] {
    for (const r of ranges) for (let b = r.lo; b <= r.hi; b++) occupied[b] ??= owner;
    return [...ranges];
  }

  private firstOwner(occupied: Occupancy, r: ir.BitRange): { owner: string; lo: number; hi: number } | null {
    for (let b = r.lo; b <= r.hi; b++) {
      const owner = occupied[b];
      if (owner === null) continue;
      let hi = b;
      while (hi + 1 <= r.hi && occupied[hi + 1] === owner) hi++;
      let lo = b;
      while (lo - 1 >= 0 && occupied[lo - 1] === owner) lo--;
      return { owner, lo, hi };
    }
    return null;
  }

  /**
   * A field or the tag. `placed` gives its bits when the spec does not (a C bit-field, which
   * the caller has placed); otherwise the field must write them.
   */
  field(
    m: ast.BitField | ast.TagField,
    occupied: Occupancy,
    names: Map<string, ast.Ident>,
    placed: readonly ir.BitRange[] | null = null,
  ): { field: ir.BitField; enumScope: Symbol<ast.EnumDecl> | null } | null {
    const name = m.name.name;
    const clash = names.get(name);
    if (clash) {
      this.ctx.diags.error(m.name.span, `duplicate field '${name}' in '${this.symbol.name}'`, [{ message: 'first declared here', span: clash.span }]);
    } else {
      names.set(name, m.name);
    }
    if (!placed && m.ranges.length === 0) {
      const form = m.kind === 'TagField' ? `tag ${name} @lo..hi;` : `${name} @lo..hi;`;
      this.ctx.diags.error(m.name.span, `'${name}' needs its bits: write '${form}' (only a c_bitfields layout places fields by their type's width)`);
      return null;
    }
    const ranges = placed ? this.claim(placed, occupied, name) : this.ranges(m.ranges, occupied, name);
    const shift = m.kind === 'BitField' && m.shift ? this.shiftOf(m.shift) : 0;
    if (!ranges || shift === null) return null;
    const storedWidth = ranges.reduce((n, r) => n + r.hi - r.lo + 1, 0);
    const valueWidth = storedWidth + shift;
    if (valueWidth > 64) {
      this.ctx.diags.error(m.span, `'${name}' holds a ${valueWidth}-bit value; values are at most 64 bits`);
      return null;
    }
    const typed = this.fieldType(m, storedWidth, shift, valueWidth);
    if (!typed) return null;
    return {
      field: {
        name,
        cName: cIdent(name),
        doc: m.doc,
        ranges,
        shift,
        signed: typed.signed,
        storedWidth,
        valueWidth,
        type: typed.type,
      },
      enumScope: typed.enumScope,
    };
  }

  private shiftOf(expr: ast.Expr): number | null {
    const v = this.ctx.evaluator.evaluate(expr, this.file);
    if (v === null) return null;
    if (v < 0n || v > 63n) {
      this.ctx.diags.error(expr.span, `shift ${v} is out of range (0 to 63)`);
      return null;
    }
    return Number(v);
  }

  /**
   * The type a field declares and the width it stands for (bool 1, uN and iN N, an enum its
   * declared width), or 'none' when it declares none; null (reported) when it is no bit type.
   */
  private declaredType(m: ast.BitField | ast.TagField): DeclaredType | 'none' | null {
    if (!m.type) return 'none';
    const written = m.type.path.map((p) => p.name).join('.');
    if (written === 'bool') return { type: { kind: 'bool' }, signed: false, enumScope: null, width: 1 };
    const bw = m.type.path.length === 1 ? parseBitWidthType(written) : null;
    if (bw) return { type: { kind: bw.signed ? 'sint' : 'uint' }, signed: bw.signed, enumScope: null, width: bw.width };
    if (m.type.path.length === 1 && isBadBitWidth(written)) {
      this.ctx.diags.error(m.type.span, badBitWidthMessage(written));
      return null;
    }
    const symbol = this.ctx.table.lookup(m.type.path, this.file, 'type');
    if (!symbol) return null;
    if (symbol.decl.kind !== 'EnumDecl') {
      this.ctx.diags.error(m.type.span, `a bit field's type is bool, uN, iN or an enum; '${written}' is not`);
      return null;
    }
    const enumSymbol = symbol as Symbol<ast.EnumDecl>;
    const enumWidth = parseBitWidthType(enumSymbol.decl.base.path.map((p) => p.name).join('.'));
    const e = this.ctx.enumOf(enumSymbol);
    if (!enumWidth || !e) return null; // reported by the enum rule
    return { type: { kind: 'enum', decl: e }, signed: enumWidth.signed, enumScope: enumSymbol, width: enumWidth.width };
  }

  /** The width of a field's declared type, for a C bit-field; null when it has none (reported). */
  typeWidth(m: ast.BitField): number | null {
    const declared = this.declaredType(m);
    if (declared === 'none') {
      this.ctx.diags.error(m.name.span, `'${m.name.name}' is a C bit-field: give its type, whose width is the field's ('${m.name.name}: u5;', 'bool', 'iN' or an enum)`);
      return null;
    }
    return declared?.width ?? null;
  }

  private fieldType(
    m: ast.BitField | ast.TagField,
    storedWidth: number,
    shift: number,
    valueWidth: number,
  ): { type: ir.BitFieldType; signed: boolean; enumScope: Symbol<ast.EnumDecl> | null } | null {
    const isTag = m.kind === 'TagField';
    const declared = this.declaredType(m);
    if (declared === null) return null;
    if (declared === 'none') {
      return storedWidth === 1 && shift === 0 && !isTag
        ? { type: { kind: 'bool' }, signed: false, enumScope: null }
        : { type: { kind: 'uint' }, signed: false, enumScope: null };
    }
    const typeSpan = m.type!.span;
    const written = m.type!.path.map((p) => p.name).join('.');
    switch (declared.type.kind) {
      case 'bool':
        if (valueWidth !== 1 || isTag) {
          this.ctx.diags.error(typeSpan, isTag ? 'a tag is an unsigned number or an enum, not bool' : `'${m.name.name}' is ${valueWidth} bits wide; bool needs exactly one bit`);
          return null;
        }
        break;
      case 'uint':
      case 'sint':
        if (declared.width !== valueWidth) {
          this.ctx.diags.error(typeSpan, `'${m.name.name}' holds ${valueWidth} bits (${storedWidth} stored${shift ? ` + shift ${shift}` : ''}), but its type ${written} is ${declared.width} bits`);
          return null;
        }
        break;
      case 'enum':
        if (shift !== 0 || declared.width !== storedWidth) {
          this.ctx.diags.error(typeSpan, `enum '${declared.enumScope!.name}' is ${declared.width} bits wide, but '${m.name.name}' holds ${valueWidth} bits`);
          return null;
        }
        break;
    }
    if (declared.signed && isTag) {
      this.ctx.diags.error(typeSpan, 'a tag cannot be signed');
      return null;
    }
    return { type: declared.type, signed: declared.signed, enumScope: declared.enumScope };
  }

  /**
   * `reserved` ranges; a required value is split over several ranges low part first.
   * `placed` as for `field`: the bits of an unnamed C bit-field.
   */
  reserved(m: ast.ReservedBits, occupied: Occupancy, placed: readonly ir.BitRange[] | null = null): ir.ReservedBits[] {
    if (!placed && (m.type || m.ranges.length === 0)) {
      const at = m.type ? m.type.span : m.span;
      this.ctx.diags.error(at, `reserved bits are written 'reserved @lo..hi;' (only a c_bitfields layout writes 'reserved: uN;')`);
      return [];
    }
    const ranges = placed ? this.claim(placed, occupied, 'reserved') : this.ranges(m.ranges, occupied, 'reserved');
    if (!ranges) return [];
    let value: bigint | null = null;
    if (m.value) {
      value = this.ctx.evaluator.evaluate(m.value, this.file);
      const width = ranges.reduce((n, r) => n + r.hi - r.lo + 1, 0);
      if (value !== null && (value < 0n || value >= 1n << BigInt(width))) {
        this.ctx.diags.error(m.value.span, `value ${value} does not fit in ${width} reserved bit${width === 1 ? '' : 's'}`);
        return [];
      }
    }
    let rest = value;
    return ranges.map((range) => {
      const w = BigInt(range.hi - range.lo + 1);
      const part = rest === null ? null : rest & ((1n << w) - 1n);
      if (rest !== null) rest >>= w;
      return { doc: m.doc, range, value: part };
    });
  }

  warnGaps(occupied: Occupancy, span: ast.Span, where: string): void {
    // Gaps after an error are usually its echo (a range that was rejected, or a member the
    // parser dropped after a syntax error inside the declaration): stay quiet.
    if (this.ctx.diags.errorCount > this.errorsBefore || this.ctx.diags.hasErrorIn(this.symbol.decl.span)) return;
    for (let b = 0; b < occupied.length; b++) {
      if (occupied[b] !== null) continue;
      let hi = b;
      while (hi + 1 < occupied.length && occupied[hi + 1] === null) hi++;
      const one = b === hi;
      this.ctx.diags.warning(span, `${describeBits(b, hi)} of '${this.symbol.name}'${where} ${one ? 'is' : 'are'} not named; describe ${one ? 'it' : 'them'} or mark ${one ? 'it' : 'them'} 'reserved'`);
      b = hi;
    }
  }
}
