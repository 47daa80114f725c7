/**
 * Paging schemes: `paging Paging4 : x86_64 { ... }` says how the target's MMU walks page
 * tables made of the spec's bit layouts, as settings this rule knows (the grammar keeps them
 * generic, as it does an ABI's, so that every unknown or malformed word is reported here, at
 * its position):
 *
 *   address 48 canonical;                      translated bits; `canonical`: the rest copy bit 47
 *   noncanonical "#GP(0)";                     raised for a non-canonical address instead of a page fault
 *   valid present;                             the one-bit field an entry must have set
 *   level Pde @21..29 table pt, page frame if ps;   root first: layout, index bits, where a
 *                                              non-leaf points (`table`), where a leaf maps
 *                                              (`page`), and which flags make a leaf (`if a | b`)
 *   allow write if writable at every level;    permissions: `allow`/`deny`, accesses and modes,
 *   deny supervisor read write if u at leaf unless sum;   a flag, `every level`/`any level`/`leaf`
 *   reserved w without r;                      a combination that is reserved (a fault)
 *   fault PageFaultError { write if write; }   the fault word, and what sets each field
 *
 * Every field the walker reads is named here and checked against the layouts, so the runtime
 * (runtime/paging.ts) knows no architecture: only this small vocabulary.
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import { describe, type Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import { declHeader, describeBits, knownTarget } from './common.js';
import { spanOf, Words } from './paging-words.js';

const KEYS = ['address', 'noncanonical', 'valid', 'level', 'allow', 'deny', 'reserved', 'fault'] as const;
const ACCESSES: readonly ir.PagingAccess[] = ['read', 'write', 'execute'];
const MODES: readonly ir.PagingMode[] = ['user', 'supervisor'];
const CONDITIONS: readonly ir.PagingFaultCondition[] = ['present', 'reserved', ...ACCESSES, ...MODES];

/** A bit layout's fields by name (every variant's too), with their widths in bits. */
interface EntryLayout {
  readonly qname: string;
  readonly name: string;
  readonly fields: ReadonlyMap<string, number>;
}

export function checkPaging(symbol: Symbol<ast.PagingDecl>, ctx: CheckContext): ir.PagingScheme | null {
  const decl = symbol.decl;
  let ok = knownTarget(decl.target, ctx);
  const target = ok ? ctx.targetOf(decl.target.name) : undefined;
  const once = new Map<string, ast.PagingSetting>();
  const layouts = new Map<string, EntryLayout | null>();
  const layout = (name: ast.Ident): EntryLayout | null => {
    if (!layouts.has(name.name)) layouts.set(name.name, entryLayout(name, symbol.file, ctx));
    return layouts.get(name.name)!;
  };
  let address: { bits: number; canonical: boolean; span: ast.Span } | null = null;
  let noncanonical: string | null = null;
  let valid: ast.Ident | null = null;
  let fault: ir.PagingFault | null = null;
  const levels: (ir.PagingLevel & { readonly span: ast.Span; readonly layout: EntryLayout })[] = [];
  const rules: (ir.PagingRule & { readonly at: ast.Ident })[] = [];
  const reserved: { field: ast.Ident; without: ast.Ident }[] = [];
  /** Whether every level was understood: the checks across levels need them all. */
  let levelsOk = true;

  for (const s of decl.settings) {
    const key = KEYS.find((k) => k === s.key.name);
    if (!key) {
      ctx.diags.error(s.key.span, `unknown paging setting '${s.key.name}' (known: ${KEYS.join(', ')})`);
      ok = false;
      continue;
    }
    if (key === 'address' || key === 'noncanonical' || key === 'valid' || key === 'fault') {
      const first = once.get(key);
      if (first) {
        ctx.diags.error(s.key.span, `'${key}' is given twice`, [{ message: 'first here', span: first.key.span }]);
        ok = false;
        continue;
      }
      once.set(key, s);
    }
    if (key !== 'fault' && s.body !== null) {
      ctx.diags.error(s.key.span, `'${key}' ends with ';', not a block`);
      ok = false;
      continue;
    }
    const words = new Words(s, symbol.file, ctx);
    switch (key) {
      case 'address': {
        const bits = words.int('the number of virtual-address bits');
        const canonical = words.take('canonical');
        if (!bits || !words.end()) ok = false;
        else if (bits.value < 12n || bits.value > 64n) {
          ctx.diags.error(bits.span, `a virtual address of ${bits.value} bits is out of range (12 to 64)`);
          ok = false;
        } else if (target && bits.value > BigInt(target.wordBits)) {
          ctx.diags.error(bits.span, `${bits.value}-bit virtual addresses do not fit the ${target.wordBits}-bit words of '${target.name}'`);
          ok = false;
        } else address = { bits: Number(bits.value), canonical, span: bits.span };
        break;
      }
      case 'noncanonical': {
        const w = words.peek();
        if (w?.kind === 'string' && w.value !== '' && s.words.length === 1) noncanonical = w.value;
        else {
          ctx.diags.error(w ? spanOf(w) : s.span, `'noncanonical' names what a non-canonical address raises, as a string: noncanonical "#GP(0)";`);
          ok = false;
        }
        break;
      }
      case 'valid':
        valid = words.name('the one-bit field that makes an entry valid');
        if (!valid || !words.end()) ok = false;
        break;
      case 'level': {
        const level = checkLevel(words, layout, ctx);
        if (level) levels.push(level);
        else ok = levelsOk = false;
        break;
      }
      case 'allow':
      case 'deny': {
        const rule = checkRule(key, words, ctx);
        if (rule) rules.push(rule);
        else ok = false;
        break;
      }
      case 'reserved': {
        const field = words.name('a one-bit field');
        const without = field && words.take('without') ? words.name('a one-bit field') : (field && words.fail(`'without'`), null);
        if (field && without && words.end()) reserved.push({ field, without });
        else ok = false;
        break;
      }
      case 'fault':
        fault = checkFault(s, words, symbol.file, ctx);
        if (!fault) ok = false;
        break;
    }
  }

  const missing: string[] = ['address', 'valid', 'fault'].filter((k) => !once.has(k));
  if (levels.length === 0 && levelsOk) missing.push('level');
  if (missing.length) {
    ctx.diags.error(decl.name.span, `paging scheme '${symbol.name}' needs ${missing.map((k) => `'${k}'`).join(', ')}`);
    return null;
  }
  if (!address || !valid || !fault) return null;

  // The levels, root first, index the address from its top translated bit down, without gaps
  // or overlaps (the first level out of place is reported: the rest follow from it).
  if (levelsOk) {
    let expectHi = address.bits - 1;
    for (const [i, l] of levels.entries()) {
      if (l.hi !== expectHi) {
        const why = l.hi < expectHi ? `leaving ${describeBits(l.hi + 1, expectHi)} untranslated` : i === 0 ? `beyond the ${address.bits}-bit address` : `overlapping the level above (bits ${levels[i - 1]!.lo}..${levels[i - 1]!.hi})`;
        ctx.diags.error(l.span, `level ${i} indexes bits ${l.lo}..${l.hi}, ${why}: levels go root first, and this one should end at bit ${expectHi}`);
        ok = false;
        break;
      }
      expectHi = l.lo - 1;
    }
  }
  levels.forEach((l, i) => {
    if (!levelsOk) return;
    const last = i === levels.length - 1;
    if (last && l.table) {
      ctx.diags.error(l.span, 'the last level cannot point to a further table');
      ok = false;
    }
    if (!last && !l.table) {
      ctx.diags.error(l.span, `level ${i} needs 'table FIELD': only the last level has no tables below it`);
      ok = false;
    }
    if (last && !l.page) {
      ctx.diags.error(l.span, "the last level needs 'page FIELD': where its entries map their pages");
      ok = false;
    }
  });
  // Fields the whole walk reads must be in every level's layout, and be flags.
  const flag = (name: ast.Ident, what: string): void => {
    for (const l of levels) {
      const width = l.layout.fields.get(name.name);
      if (width === undefined) {
        ctx.diags.error(name.span, `${what}: '${l.layout.name}' has no field '${name.name}'`);
        ok = false;
        return;
      }
      if (width !== 1) {
        ctx.diags.error(name.span, `${what}: '${name.name}' of '${l.layout.name}' is ${width} bits wide, not a one-bit flag`);
        ok = false;
        return;
      }
    }
  };
  flag(valid, "'valid'");
  for (const r of rules) flag(r.at, `'${r.effect}'`);
  for (const r of reserved) {
    flag(r.field, "'reserved'");
    flag(r.without, "'reserved'");
  }
  if (!ok) return null;
  return {
    kind: 'paging',
    ...declHeader(symbol, ctx.cName(symbol)),
    target: decl.target.name,
    addressBits: address.bits,
    canonical: address.canonical,
    noncanonical,
    valid: valid.name,
    levels: levels.map(({ entry, lo, hi, table, page, leafWhen }) => ({ entry, lo, hi, table, page, leafWhen })),
    rules: rules.map(({ effect, accesses, modes, field, scope, unless }) => ({ effect, accesses, modes, field, scope, unless })),
    reserved: reserved.map((r) => ({ field: r.field.name, without: r.without.name })),
    fault,
  };
}

/** The bit layout an entry or the fault word is: one word, its fields placed with `@`. */
function entryLayout(name: ast.Ident, file: ast.File, ctx: CheckContext): EntryLayout | null {
  const path = [name];
  const r = ctx.table.resolveType({ kind: 'NamedType', path, span: name.span }, file);
  if (!r) return null;
  const written = path.map((p) => p.name).join('.');
  if (r.kind !== 'decl' || r.symbol.decl.kind !== 'BitsDecl') {
    ctx.diags.error(name.span, `'${written}' is ${r.kind === 'decl' ? `a ${describe(r.symbol.decl.kind)}` : 'not a declaration'}; a paging scheme's entries and fault word are bit layouts`);
    return null;
  }
  const bits = r.symbol.decl;
  if (bits.container.kind !== 'NamedType' || bits.cBitfields) {
    ctx.diags.error(name.span, `'${written}' is ${bits.cBitfields ? 'declared as C bit-fields' : 'a multi-word layout'}; a paging scheme's layouts are one word with fields at '@' positions`);
    return null;
  }
  if (bits.byteOrder) {
    // The walker (runtime/paging.ts), like the MMU, reads entries in the target's order.
    ctx.diags.error(name.span, `'${written}' has byte_order(${bits.byteOrder.order.name}); the MMU reads page tables in the target's byte order`);
    return null;
  }
  const fields = new Map<string, number>();
  const collect = (members: readonly ast.BitsMember[]): void => {
    for (const m of members) {
      if (m.kind === 'Variant') collect(m.members);
      else if (m.kind !== 'ReservedBits') {
        let width = 0;
        for (const range of m.ranges) {
          const lo = ctx.evaluator.evaluate(range.lo, r.symbol.file);
          const hi = range.hi ? ctx.evaluator.evaluate(range.hi, r.symbol.file) : lo;
          if (lo !== null && hi !== null) width += Number(hi - lo) + 1;
        }
        if (!fields.has(m.name.name)) fields.set(m.name.name, width);
      }
    }
  };
  collect(bits.members);
  return { qname: r.symbol.qname, name: r.symbol.name, fields };
}

/** `level Pde @21..29 table pt, page frame if ps;` */
function checkLevel(words: Words, layout: (name: ast.Ident) => EntryLayout | null, ctx: CheckContext): (ir.PagingLevel & { span: ast.Span; layout: EntryLayout }) | null {
  const name = words.name("the entry's bit layout");
  if (!name) return null;
  const entry = layout(name);
  const range = words.range("the virtual-address bits this level indexes ('@lo..hi')");
  if (!range) return null;
  const { lo, hi } = range;
  if (lo < 0n || hi > 63n || lo > hi) {
    ctx.diags.error(range.span, `index bits ${lo}..${hi} are out of range (0 to 63, low bit first)`);
    return null;
  }
  let table: ir.PagingAddress | null = null;
  let page: ir.PagingAddress | null = null;
  let leafWhen: string[] = [];
  let good = entry !== null;
  do {
    if (words.take('table')) {
      table = address(words, entry, ctx);
      if (!table) good = false;
    } else if (words.take('page')) {
      page = address(words, entry, ctx);
      if (!page) good = false;
      if (words.take('if')) {
        do {
          const f = words.name('a one-bit field');
          if (!f) return null;
          if (entry && !hasFlag(entry, f, ctx)) good = false;
          leafWhen.push(f.name);
        } while (words.takeSymbol('|'));
      }
    } else {
      words.fail(`'table FIELD' or 'page FIELD'`);
      return null;
    }
  } while (words.takeSymbol(','));
  if (!words.end() || !good || !entry) return null;
  if (!table && !page) return null;
  if (table && page && leafWhen.length === 0) {
    ctx.diags.error(words.setting.span, "a level with both 'table' and 'page' says which entries are leaves: 'page FIELD if FLAG'");
    return null;
  }
  leafWhen = [...new Set(leafWhen)];
  return { entry: entry.qname, lo: Number(lo), hi: Number(hi), table, page, leafWhen, span: range.span, layout: entry };
}

/** `pt` or `ppn << 12`: a field of the entry holding an address, and its shift. */
function address(words: Words, entry: EntryLayout | null, ctx: CheckContext): ir.PagingAddress | null {
  const field = words.name('the field holding the address');
  if (!field) return null;
  let shift = 0;
  if (words.takeSymbol('<<')) {
    const n = words.int('a shift');
    if (!n) return null;
    if (n.value > 63n) {
      ctx.diags.error(n.span, `a shift of ${n.value} is out of range (0 to 63)`);
      return null;
    }
    shift = Number(n.value);
  }
  if (entry && !entry.fields.has(field.name)) {
    ctx.diags.error(field.span, `'${entry.name}' has no field '${field.name}'`);
    return null;
  }
  return { field: field.name, shift };
}

function hasFlag(entry: EntryLayout, f: ast.Ident, ctx: CheckContext): boolean {
  const width = entry.fields.get(f.name);
  if (width === undefined) ctx.diags.error(f.span, `'${entry.name}' has no field '${f.name}'`);
  else if (width !== 1) ctx.diags.error(f.span, `'${f.name}' of '${entry.name}' is ${width} bits wide, not a one-bit flag`);
  return width === 1;
}

/** `allow write if writable at every level;`, `deny supervisor read write if u at leaf unless sum;` */
function checkRule(effect: 'allow' | 'deny', words: Words, ctx: CheckContext): (ir.PagingRule & { at: ast.Ident }) | null {
  const accesses: ir.PagingAccess[] = [];
  const modes: ir.PagingMode[] = [];
  for (;;) {
    const w = words.peek();
    if (w?.kind !== 'name' || w.name.name === 'if') break;
    const access = ACCESSES.find((a) => a === w.name.name);
    const mode = MODES.find((m) => m === w.name.name);
    if (access) accesses.push(access);
    else if (mode) modes.push(mode);
    else {
      ctx.diags.error(w.name.span, `unknown access '${w.name.name}' (known: ${[...ACCESSES, ...MODES].join(', ')})`);
      return null;
    }
    words.take(w.name.name);
  }
  if (accesses.length + modes.length === 0) {
    words.fail(`the accesses the rule is for (${[...ACCESSES, ...MODES].join(', ')})`);
    return null;
  }
  if (!words.take('if')) {
    words.fail(`'if'`);
    return null;
  }
  const field = words.name('a one-bit field');
  if (!field) return null;
  if (!words.take('at')) {
    words.fail(`'at'`);
    return null;
  }
  let scope: ir.PagingRule['scope'];
  if (words.take('leaf')) scope = 'leaf';
  else if (words.take('every')) scope = 'every';
  else if (words.take('any')) scope = 'any';
  else {
    words.fail(`'every level', 'any level' or 'leaf'`);
    return null;
  }
  if (scope !== 'leaf' && !words.take('level')) {
    words.fail(`'level'`);
    return null;
  }
  let unless: string | null = null;
  if (words.take('unless')) {
    const option = words.name('the name of a walk option');
    if (!option) return null;
    unless = option.name;
  }
  if (!words.end()) return null;
  return { effect, accesses: [...new Set(accesses)], modes: [...new Set(modes)], field: field.name, scope, unless, at: field };
}

/** `fault PageFaultError { present if present; code = 13 if read; }` */
function checkFault(s: ast.PagingSetting, words: Words, file: ast.File, ctx: CheckContext): ir.PagingFault | null {
  const name = words.name('the bit layout a page fault reports');
  if (!name || !words.end()) return null;
  if (s.body === null) {
    ctx.diags.error(s.span, `'fault' needs a block: fault ${name.name} { FIELD [= VALUE] if CONDITION; ... }`);
    return null;
  }
  const bits = entryLayout(name, file, ctx);
  if (!bits) return null;
  let good = true;
  const fields: { field: string; value: bigint; when: ir.PagingFaultCondition }[] = [];
  for (const f of s.body) {
    const w = new Words(f, file, ctx);
    const width = bits.fields.get(f.key.name);
    if (width === undefined) {
      ctx.diags.error(f.key.span, `'${bits.name}' has no field '${f.key.name}'`);
      good = false;
      continue;
    }
    if (f.body !== null) {
      ctx.diags.error(f.key.span, `a fault field ends with ';', not a block`);
      good = false;
      continue;
    }
    let value = 1n;
    if (w.takeSymbol('=')) {
      // A value is an integer or a constant (`code = LOAD_PAGE_FAULT`).
      const next = w.peek();
      let v: bigint | null = null;
      if (next?.kind === 'int') v = w.int('a value')!.value;
      else if (next?.kind === 'name') v = ctx.evaluator.evaluate({ kind: 'NameExpr', path: [w.name('a value')!], span: next.name.span }, file);
      else w.fail('a value');
      if (v === null) {
        good = false;
        continue;
      }
      if (v < 0n || v >= 1n << BigInt(width)) {
        ctx.diags.error(spanOf(next!), `${v} does not fit the ${width}-bit field '${f.key.name}'`);
        good = false;
        continue;
      }
      value = v;
    } else if (width !== 1) {
      w.fail(`'= VALUE' ('${f.key.name}' is ${width} bits wide)`);
      good = false;
      continue;
    }
    if (!w.take('if')) {
      w.fail(`'if'`);
      good = false;
      continue;
    }
    const cond = w.name(`a condition (${CONDITIONS.join(', ')})`);
    const when = CONDITIONS.find((c) => c === cond?.name);
    if (cond && !when) ctx.diags.error(cond.span, `unknown condition '${cond.name}' (known: ${CONDITIONS.join(', ')})`);
    if (!when || !w.end()) {
      good = false;
      continue;
    }
    fields.push({ field: f.key.name, value, when });
  }
  return good ? { bits: bits.qname, fields } : null;
}
