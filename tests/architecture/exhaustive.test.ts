/**
 * Exhaustive dispatch, proven: a new kind of declaration, added to the AST or to the layout
 * IR, must fail to type-check in every pass and emitter that dispatches over declarations,
 * until each handles it. The test adds one to each (in memory, through the TypeScript
 * compiler's host) and asserts where tsc complains.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/harness.js';

/** Type-checks the generator with `file`'s text edited by `edit`; the files with errors. */
function filesWithErrors(file: string, edit: (text: string) => string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const target = path.join(ROOT, file);
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === target ? edit(fs.readFileSync(target, 'utf8')) : readFile(name));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError) =>
    path.resolve(name) === target ? ts.createSourceFile(name, host.readFile(name)!, lang) : getSourceFile(name, lang, onError);
  const roots = ['generator/compile.ts', 'generator/emitters/registry.ts', 'generator/ir-dump.ts', 'generator/cli/main.ts'].map((f) => path.join(ROOT, f));
  const program = ts.createProgram(roots, { ...config.options, noEmit: true }, host);
  const files = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error && d.file)
    .map((d) => path.relative(ROOT, d.file!.fileName).split(path.sep).join('/'));
  return [...new Set(files)].sort();
}

describe('exhaustive dispatch', () => {
  it('the generator type-checks as it is', () => {
    expect(filesWithErrors('generator/ir.ts', (t) => t)).toEqual([]);
  }, 120_000);

  it('a new kind of layout declaration fails to compile in every emitter that dispatches over declarations', () => {
    const errors = filesWithErrors('generator/ir.ts', (t) => {
      const edited = t.replace(
        'export type Decl = Constant | Enum | Bits | Struct | Union;',
        "export type Decl = Constant | Enum | Bits | Struct | Union | NewDecl;\nexport interface NewDecl extends DeclBase { readonly kind: 'new'; }",
      );
      expect(edited).not.toBe(t);
      return edited;
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        'generator/emitters/c/header.ts',
        'generator/emitters/layout-json.ts',
        // The numbers plan, and the block headings of the asm and TS constants emitters.
        'generator/emitters/common/numbers.ts',
        'generator/emitters/common/headings.ts',
        'generator/emitters/rust/module.ts',
        'generator/emitters/ts/index.ts',
        'generator/ir-dump.ts',
        'generator/layout/namespace-facts.ts',
        // The reference site's sections.
        'generator/doc/site.ts',
      ]),
    );
  }, 120_000);

  it('a new kind of machine declaration fails to compile in the reference site until it has a section', () => {
    const errors = filesWithErrors('generator/ir.ts', (t) => {
      const edited = t.replace(
        'export type MachineDecl = RegisterSet |',
        "export interface NewMachine extends DeclBase { readonly kind: 'newMachine'; }\nexport type MachineDecl = NewMachine | RegisterSet |",
      );
      expect(edited).not.toBe(t);
      return edited;
    });
    expect(errors).toEqual(['generator/doc/machine.ts', 'generator/doc/site.ts']);
  }, 120_000);

  it('a new kind of spec declaration fails to compile in every pass', () => {
    const errors = filesWithErrors('grammar/ast.ts', (t) => {
      // After the last kind of the `Decl` union, whichever it is.
      const edited = t.replace(/\n {2}\| (\w+Decl);\n/, "\n  | $1\n  | NewDecl;\nexport interface NewDecl extends DeclBase { readonly kind: 'NewDecl'; }\n");
      expect(edited).not.toBe(t);
      return edited;
    });
    expect(errors).toEqual(
      // grammar/printer-items.ts: `cdl fmt` must say how the new kind is laid out.
      expect.arrayContaining(['generator/bind/bind.ts', 'generator/check/rules/registry.ts', 'generator/layout/engine.ts', 'generator/program/symbols.ts', 'grammar/printer-items.ts']),
    );
  }, 120_000);
});
