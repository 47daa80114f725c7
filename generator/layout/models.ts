/**
 * Layouts per data model. What a layout computes depends on a target only through its data
 * model (word and pointer size, alignments, byte order) and, where a spec says `if x86_64`,
 * its name; so the eight built-in targets need five layouts, not eight, per configuration.
 * `compile` computes one layout per distinct key and gives every target that shares it the
 * same declarations, and a layout's findings (a misaligned explicit offset) are reported once,
 * naming the targets they hold on.
 */
import type * as ast from '../../grammar/ast.js';
import { Diagnostics, type Diagnostic } from '../../grammar/diagnostics.js';
import type * as ir from '../ir.js';

/** The names `if` blocks test, anywhere in the program: a target among them lays out alone. */
export function conditionNames(files: readonly ast.File[]): ReadonlySet<string> {
  const names = new Set<string>();
  const visit = (members: readonly ast.StructMember[]): void => {
    for (const m of members) {
      if (m.kind !== 'IfMember') continue;
      names.add(m.condition.name);
      visit(m.then);
      visit(m.otherwise);
    }
  };
  for (const file of files) {
    for (const decl of file.decls) if (decl.kind === 'StructDecl' || decl.kind === 'UnionDecl') visit(decl.members);
  }
  return names;
}

/**
 * A target but for its name and doc: what an output depends on besides the declarations
 * (byte order, sizes, alignments, whether CDL declares it). Namespace facts include it, and
 * emitters share work between the layouts of one data model.
 */
export function dataModel(target: ir.Target): Omit<ir.Target, 'name' | 'doc'> & { readonly name: null; readonly doc: null } {
  return { ...target, name: null, doc: null };
}

/**
 * Targets with equal keys lay out every declaration alike: only what the layout engine reads
 * counts (not `builtin`, which outputs read), so a declared target like a built-in one shares
 * its layout.
 */
export function layoutKey(target: ir.Target, config: string | null, conditions: ReadonlySet<string>): string {
  const { endian, wordBits, pointerBits, align } = target;
  const name = conditions.has(target.name) ? target.name : null;
  return JSON.stringify([config, name, endian, wordBits, pointerBits, align.u8, align.u16, align.u32, align.u64, align.ptr]);
}

export interface LayoutRun {
  /** What the layout of this data model reported. */
  readonly diagnostics: Diagnostics;
  /** Every (target, configuration) that shares it. */
  readonly on: readonly { readonly target: string; readonly config: string | null }[];
}

/**
 * Reports each finding of the layouts once. A finding that two data models make alike (the
 * same place and words) is one finding on the targets of both; it names them unless it holds
 * on every layout asked for, where it is simply true of the spec.
 */
export function reportLayoutFindings(
  runs: readonly LayoutRun[],
  targets: readonly string[],
  configs: readonly (string | null)[],
  into: Diagnostics,
): void {
  const findings = new Map<string, { d: Diagnostic; on: LayoutRun['on'][number][] }>();
  for (const run of runs) {
    for (const d of run.diagnostics.recorded()) {
      const key = JSON.stringify([d.severity, d.span.file, d.span.start, d.span.end, d.message]);
      const f = findings.get(key);
      if (f) f.on.push(...run.on);
      else findings.set(key, { d, on: [...run.on] });
    }
  }
  const everywhere = targets.length * configs.length;
  for (const { d, on } of findings.values()) {
    if (d.everywhereOnly) {
      if (on.length === everywhere) into.add(d);
      continue;
    }
    if (on.length === everywhere && !d.namesTargets) into.add(d);
    else into.add({ ...d, message: `${d.message} on ${describeLayouts(on, targets, configs)}` });
  }
}

/** `x86_64, aarch64`, or with configurations where the finding holds in some only. */
function describeLayouts(
  on: readonly { readonly target: string; readonly config: string | null }[],
  targets: readonly string[],
  configs: readonly (string | null)[],
): string {
  const byTarget = new Map<string, Set<string | null>>();
  for (const l of on) {
    let set = byTarget.get(l.target);
    if (!set) byTarget.set(l.target, (set = new Set()));
    set.add(l.config);
  }
  const ordered = targets.filter((t) => byTarget.has(t));
  if (ordered.every((t) => byTarget.get(t)!.size === configs.length)) return ordered.join(', ');
  const configName = (c: string | null): string => (c === null ? 'the default configuration' : `configuration ${c}`);
  return ordered
    .map((t) => `${t} (${configs.filter((c) => byTarget.get(t)!.has(c)).map(configName).join(', ')})`)
    .join(', ');
}
