/**
 * Modules and names. Each namespace gets one target-independent module (`ts/<ns>.ts`:
 * constants equal on every layout, enums, bit layouts) and one module per target and
 * configuration (`ts/<stem>/<ns>.ts`: the rest of the constants, views of bit layouts, structs
 * and unions in that target's byte order), which re-exports the first. A namespace's binding
 * names are planned once, so both modules agree and never collide.
 */
import { posix } from 'node:path';
import type * as ir from '../../ir.js';
import { unreachable } from '../../util/unreachable.js';
import { digest } from '../../util/digest.js';
import { PRINT_WIDTH } from './layout.js';
import { IDENT_RESERVED, NameScope, ident, upperFirst } from './naming.js';
import { extend } from '../../util/objects.js';

/** The binding names of one declaration. */
export interface DeclNames {
  /** The type and (for enums, bit layouts, constants) value: `Pte`, `CapType`. */
  readonly base: string;
  /** The view class: `PteView`, `Tss64View` (bit layouts, structs, unions). */
  readonly view: string | null;
  /** Tagged bit layouts: the interface of the fields every variant has. */
  readonly common: string | null;
  /** Tagged bit layouts: the interface of each variant, by variant name. */
  readonly variants: ReadonlyMap<string, string>;
  /** Bit layouts: the class of the companion object (`PteCodec`; the object is `Pte`). */
  readonly codec: string | null;
  /**
   * Structs and unions: the module's own function storing a value its view's `check` accepted
   * (`storeProcess`), which `writeAt` and the stores of types holding it call. Not exported: it
   * checks nothing.
   */
  readonly store: string | null;
  /** Structs with `image_end`: the interface of what an image stores (`ProcessStored`). */
  readonly stored: string | null;
}

/**
 * Parameter and local names generated functions use (`word`, `lo`, `value`...): module-level
 * bindings never take them, so no local can shadow a declaration the function refers to.
 */
export const LOCAL_NAMES: readonly string[] = [
  'word', 'words', 'lo', 'hi', 'value', 'out', 'issues', 'bits', 'tag', 'selected', 'buffer', 'byteOffset', 'row', '_',
  'view', 'at', 'dataView', 'selector', 'selected', 'e',
  ...Array.from({ length: 32 }, (_, k) => `w${k}`),
  ...Array.from({ length: 32 }, (_, k) => `c${k}`),
  ...Array.from({ length: 8 }, (_, k) => `i${k}`),
  ...Array.from({ length: 8 }, (_, k) => `row${k}`),
  'i',
];

export class NamespacePlan {
  readonly names = new Map<string, DeclNames>();
  private readonly scope = new NameScope(new Set([...IDENT_RESERVED, ...LOCAL_NAMES]));

  /**
   * @param file the stem of the namespace's files (`x86` for `ts/x86.ts`): the namespace's name
   *   unless that is taken (see `planNamespaces`).
   */
  constructor(
    readonly namespace: string,
    decls: readonly ir.Decl[],
    aliases: readonly ir.TypeAlias[] = [],
    readonly file: string = namespace,
  ) {
    for (const d of [...decls, ...aliases]) this.names.set(d.qname, { base: this.scope.claim(ident(d.name)), view: null, common: null, variants: new Map(), codec: null, store: null, stored: null });
    for (const d of decls) {
      const n = this.names.get(d.qname)!;
      if (d.kind === 'bits' || d.kind === 'struct' || d.kind === 'union') {
        const variants = new Map<string, string>();
        let common: string | null = null;
        if (d.kind === 'bits' && d.tag) {
          common = this.scope.claim(`${n.base}Common`);
          for (const v of d.variants) variants.set(v.name, this.scope.claim(`${n.base}${ident(v.name).replace(/^[a-z]/, (c) => c.toUpperCase())}`));
        }
        const codec = d.kind === 'bits' ? this.scope.claim(`${n.base}Codec`) : null;
        const store = d.kind === 'bits' ? null : this.scope.claim(`store${upperFirst(n.base)}`);
        const view = this.scope.claim(`${n.base}View`);
        const stored = d.kind === 'struct' && d.imageEnd !== null ? this.scope.claim(`${n.base}Stored`) : null;
        this.names.set(d.qname, extend(n, { view, common, variants, codec, store, stored }));
      }
    }
  }

  private readonly machine = new Map<string, string>();

  /** Every name planned, as text: for the keys of what is rendered with them. */
  signature(): string {
    const names = [...this.names].map(([qname, n]) => [qname, n.base, n.view, n.common, [...n.variants], n.codec, n.store, n.stored]);
    return JSON.stringify([this.file, names, [...this.machine]]);
  }

  /** Claims the binding of a machine declaration (a register set, an ABI, a table on an ABI: see machine.ts). */
  claimMachine(key: string, preferred: string): void {
    if (!this.machine.has(key)) this.machine.set(key, this.scope.claim(ident(preferred)));
  }

  /** The binding of a machine declaration claimed by {@link claimMachine}. */
  machineName(key: string): string {
    const name = this.machine.get(key);
    if (name === undefined) throw new Error(`internal error: no machine declaration ${key}`);
    return name;
  }

  /** A fresh module-level name (runtime imports, namespace aliases, helpers). */
  scopeForModule(): NameScope {
    return this.scope.fork();
  }

  /** Every binding name this namespace's modules declare. */
  takenNames(): Iterable<string> {
    return this.scope.names();
  }

  #localReserved: ReadonlySet<string> | undefined;

  /**
   * What locals of this namespace's functions never take: keywords, the names generated code
   * uses, runtime exports, this namespace's bindings and the other namespaces' aliases.
   */
  localReserved(plans: ReadonlyMap<string, NamespacePlan>): ReadonlySet<string> {
    this.#localReserved ??= new Set([...IDENT_RESERVED, ...LOCAL_NAMES, ...RUNTIME_EXPORTS, ...this.takenNames(), ...[...plans.keys()].map(ident)]);
    return this.#localReserved;
  }
}

export type ModuleKind = 'common' | 'target';

/** Which binding of a declaration {@link ModuleWriter.ref} names. */
type RefKind = keyof Pick<DeclNames, 'base' | 'view' | 'common' | 'codec'>;

/** A call that changes a module writer, as {@link ModuleWriter.record} saw it. */
export type WriterCall =
  | { readonly op: 'rt'; readonly name: string; readonly typeOnly: boolean }
  | { readonly op: 'ref'; readonly qname: string; readonly which: RefKind; readonly typeOnly: boolean }
  /** `code`: the helper's declaration, where the call declared it. */
  | { readonly op: 'helper'; readonly preferred: string; code: string | null };

/** What runtime/index.ts exports: generated locals never shadow these. */
export const RUNTIME_EXPORTS: readonly string[] = [
  'BoundsError', 'FieldRangeError', 'TagError', 'WordError', 'boolError', 'describeRange', 'indexError', 'lengthError',
  'memberError', 'objectError', 'partsError', 'rangeError', 'within', 'wordError', 'wordsBad', 'wordsError', 'zeroBytes', 'View',
  'viewOf', 'makeView', 'makeOrderedView', 'ByteOrderOption', 'copyBytes', 'toDataView', 'BufferLike', 'bitMask',
  'extractBits', 'formatInt', 'fromWords', 'halvesToNumber', 'hi32', 'insertBits', 'isInt', 'isUint', 'join64', 'lo32',
  'signExtend', 'signExtend32', 'toWords', 'Words',
  'LINUX_FD_NAMES', 'formatRegisters', 'formatSyscall', 'ArgSlot', 'EnumMembers', 'FlagField', 'FormatOptions', 'MemoryReader',
  'Register', 'RegisterClass', 'RegisterFormat', 'RegisterSet', 'SubRegister', 'Syscall', 'SyscallAbi', 'SyscallError', 'SyscallParam',
  'SyscallTable', 'SyscallType', 'TrapFrame', 'frameRegisters',
  'decodeBits', 'decodeBitsParts', 'encodeBits', 'findType', 'formatBits', 'formatEnum', 'formatMemory', 'formatValue', 'readValue', 'tableInt',
  'validateBits', 'BitsTable', 'DecodedBits', 'EnumTable', 'FieldTable', 'MemberTable', 'MemoryValue', 'ReservedTable',
  'StructTable', 'TableInt', 'TypeRef', 'TypeTable', 'UnionTable', 'ValueTables', 'VariantTable', 'elfIdentity', 'findMachine',
  'loadMachine', 'ElfIdentity', 'Machine', 'MachineData', 'MachineEntry', 'MachineIndex',
];

interface Import {
  readonly local: string;
  typeOnly: boolean;
}

/** One generated file being written: tracks what it imports. */
export class ModuleWriter {
  private readonly scope: NameScope;
  private readonly runtimeImports = new Map<string, Import>();
  /** Names taken from this namespace's common module (target modules only). */
  private readonly fromCommon = new Map<string, Import>();
  /** Other namespaces: alias of each. */
  private readonly namespaces = new Map<string, string>();

  constructor(
    readonly plans: ReadonlyMap<string, NamespacePlan>,
    readonly plan: NamespacePlan,
    readonly kind: ModuleKind,
    /** Path of this file relative to the output directory (`ts/x86_64/x86.ts`). */
    readonly path: string,
    /** The runtime: a package specifier, or its index module's path relative to the output directory. */
    private readonly runtimeSpecifier: string,
    /** Qnames declared in this namespace's common module. */
    private readonly commonQnames: ReadonlySet<string>,
  ) {
    this.scope = plan.scopeForModule();
    // Every other namespace's alias is named now, whether it is imported or not, so that no
    // local (named before or after the import is needed) takes it.
    for (const ns of [...plans.keys()].sort()) if (plans.get(ns) !== plan) this.aliases.set(ns, this.scope.claim(ident(ns)));
  }

  /** The alias each other namespace is imported under, if it is. */
  private readonly aliases = new Map<string, string>();

  private readonly helperDecls: string[] = [];
  private readonly helperNames = new Map<string, string>();

  /** A module-level helper declared once: `code(name)` gives its declaration. */
  helper(preferred: string, code: (name: string) => string): string {
    const call = this.note(`helper ${preferred}`, (): WriterCall => ({ op: 'helper', preferred, code: null }));
    let name = this.helperNames.get(preferred);
    if (!name) {
      name = this.claim(preferred);
      this.helperNames.set(preferred, name);
      const text = code(name);
      if (call?.op === 'helper') call.code = text;
      this.helperDecls.push(text);
    }
    return name;
  }

  /** The calls that change this writer, made while {@link record} runs (null: none is). */
  private log: WriterCall[] | null = null;
  /** The calls in {@link log}, each once: made again, a call changes nothing (kept declarations hold hundreds of thousands). */
  private logged = new Set<string>();

  /** Logs the call `key` names, made by `call`, unless the log has it; the call logged, if it was. */
  private note(key: string, call: () => WriterCall): WriterCall | undefined {
    if (!this.log || this.logged.has(key)) return undefined;
    this.logged.add(key);
    const made = call();
    this.log.push(made);
    return made;
  }

  /**
   * `render()`, and the calls it made that change this writer (imports, helpers), for
   * {@link replay}: a declaration's text kept from an earlier run is valid where the writer
   * is in the state it was in then, and leaves it as rendering the declaration would. A
   * recording within another is part of it: the outer one sees the inner one's calls too.
   */
  record<T>(render: () => T): { readonly value: T; readonly calls: readonly WriterCall[] } {
    const [outer, outerLogged] = [this.log, this.logged];
    const calls: WriterCall[] = (this.log = []);
    this.logged = new Set();
    try {
      return { value: render(), calls };
    } finally {
      [this.log, this.logged] = [outer, outerLogged];
      outer?.push(...calls);
    }
  }

  /**
   * The names this writer gave since it was made (runtime imports and helpers), as a digest:
   * besides the module's namespace and kind, all a declaration's text depends on of the
   * writer (the locals of its functions keep off the helpers' names). Two writers of one
   * namespace and kind in the same state render a declaration alike.
   */
  get state(): string {
    return this.named;
  }

  private named = '';

  /** Claims a name in the module's scope, and says so in {@link state}. */
  private claim(preferred: string): string {
    const name = this.scope.claim(preferred);
    this.named = digest(`${this.named}\n${preferred} ${name}`);
    return name;
  }

  /** Makes the calls {@link record} saw again, as rendering the same declaration would. */
  replay(calls: readonly WriterCall[]): void {
    for (const call of calls) {
      switch (call.op) {
        case 'rt':
          this.rt(call.name, call.typeOnly);
          break;
        case 'ref':
          this.ref(call.qname, call.which, call.typeOnly);
          break;
        case 'helper':
          this.helper(call.preferred, () => {
            if (call.code === null) throw new Error(`internal error: helper ${call.preferred} replayed where it was declared before`);
            return call.code;
          });
          break;
        default:
          unreachable(call);
      }
    }
  }

  helpers(): string[] {
    return [...this.helperDecls];
  }

  /**
   * A scope for a function's locals: they never shadow a module binding, a runtime export or
   * a namespace alias, whenever those are claimed.
   */
  localScope(fixed: readonly string[] = []): NameScope {
    const base = this.plan.localReserved(this.plans);
    const helpers = new Set([...this.helperNames.values(), 'scratch']);
    const aliases = new Set(this.aliases.values());
    return new NameScope({ has: (name) => base.has(name) || helpers.has(name) || aliases.has(name) }, fixed);
  }

  /** The local name of a runtime export, imported on first use. */
  rt = (name: string, typeOnly = false): string => {
    this.note(`rt ${name} ${typeOnly}`, (): WriterCall => ({ op: 'rt', name, typeOnly }));
    let imp = this.runtimeImports.get(name);
    if (!imp) {
      imp = { local: this.claim(name), typeOnly };
      this.runtimeImports.set(name, imp);
    }
    if (!typeOnly) imp.typeOnly = false;
    return imp.local;
  };

  /** How this module names a declaration's binding (`base`, `view`...). */
  ref(qname: string, which: RefKind = 'base', typeOnly = false): string {
    this.note(`ref ${qname} ${which} ${typeOnly}`, (): WriterCall => ({ op: 'ref', qname, which, typeOnly }));
    const ns = qname.slice(0, qname.lastIndexOf('.'));
    const plan = this.plans.get(ns);
    const names = plan?.names.get(qname);
    if (!plan || !names) throw new Error(`internal error: no declaration ${qname}`);
    const local = names[which];
    if (local === null) throw new Error(`internal error: ${qname} has no ${which} name`);
    if (plan !== this.plan) {
      const alias = this.aliases.get(ns)!;
      this.namespaces.set(ns, alias);
      return `${alias}.${local}`;
    }
    if (this.kind === 'target' && which === 'base' && this.commonQnames.has(qname)) {
      let imp = this.fromCommon.get(local);
      if (!imp) {
        imp = { local, typeOnly };
        this.fromCommon.set(local, imp);
      }
      if (!typeOnly) imp.typeOnly = false;
    }
    return local;
  }

  /** A struct's or union's store function when it is declared in this module (see {@link DeclNames.store}), else null. */
  storeOf(qname: string): string | null {
    const ns = qname.slice(0, qname.lastIndexOf('.'));
    return ns === this.plan.namespace ? (this.plan.names.get(qname)?.store ?? null) : null;
  }

  /** How a declaration is spelled, for comments: no import is recorded. */
  nameOf(qname: string): string {
    const ns = qname.slice(0, qname.lastIndexOf('.'));
    const local = this.plans.get(ns)?.names.get(qname)?.base ?? qname;
    return ns === this.plan.namespace ? local : `${ns}.${local}`;
  }

  /** Like {@link ref} for a variant interface of a tagged bit layout. */
  variantRef(qname: string, variant: string): string {
    const base = this.ref(qname, 'base', true);
    const names = this.plans.get(qname.slice(0, qname.lastIndexOf('.')))!.names.get(qname)!;
    const local = names.variants.get(variant)!;
    if (base.includes('.')) return `${base.slice(0, base.indexOf('.'))}.${local}`;
    if (this.kind === 'target' && this.commonQnames.has(qname) && !this.fromCommon.has(local)) this.fromCommon.set(local, { local, typeOnly: true });
    return local;
  }

  /** The import declarations this module needs, and its re-export of the common module. */
  header(): string[] {
    const lines: string[] = [];
    const spec = (imps: Map<string, Import>) =>
      [...imps]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, imp]) => `${imp.typeOnly ? 'type ' : ''}${name === imp.local ? name : `${name} as ${imp.local}`}`);
    if (this.runtimeImports.size) lines.push(...importLines(spec(this.runtimeImports), this.runtimeFrom()));
    for (const [ns, alias] of [...this.namespaces].sort()) lines.push(`import * as ${alias} from './${this.plans.get(ns)?.file ?? ns}.js';`);
    if (this.kind === 'target') {
      const common = `../${this.plan.file}.js`;
      if (this.fromCommon.size) lines.push(...importLines(spec(this.fromCommon), common));
      lines.push(`export * from '${common}';`);
    }
    return lines;
  }

  /** Where this module imports the runtime from: a package as it is, a path relative to this file. */
  private runtimeFrom(): string {
    if (!/^\.\.?\//.test(this.runtimeSpecifier)) return this.runtimeSpecifier;
    // Joined as text, not resolved: the output must not depend on the working directory.
    const from = posix.normalize(`${'../'.repeat(this.path.split('/').length - 1)}${this.runtimeSpecifier}`);
    return from.startsWith('../') ? from : `./${from}`;
  }
}

/** An import declaration as prettier prints it: on one line if it fits, else a name a line. */
function importLines(names: readonly string[], from: string): string[] {
  const flat = `import { ${names.join(', ')} } from '${from}';`;
  if (flat.length <= PRINT_WIDTH) return [flat];
  return ['import {', ...names.map((n) => `${n},`), `} from '${from}';`];
}
