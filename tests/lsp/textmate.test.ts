/**
 * The VS Code extension's static parts (editors/vscode/): its TextMate grammar is JSON whose
 * every regex compiles, and a tiny tokenizer that applies its rules as TextMate does (at each
 * position the rule matching earliest wins, ties to the first listed) finds the keywords,
 * types, numbers, comments, strings and bit ranges of sample lines. The grammar's keywords are
 * checked against the lexer's (grammar/tokens.ts), so that a new keyword cannot be forgotten.
 *
 * The grammar is written in the part of Oniguruma's syntax that JavaScript shares, so that
 * compiling it with RegExp here is a real check rather than a loose one.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keywords, keywordText } from '../../grammar/tokens.js';
import { ROOT } from './client.js';

const EXT = path.join(ROOT, 'editors/vscode');

interface Rule {
  readonly name?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly include?: string;
  readonly patterns?: readonly Rule[];
  readonly captures?: Record<string, { readonly name: string }>;
}
interface Grammar {
  readonly scopeName: string;
  readonly patterns: readonly Rule[];
  readonly repository: Record<string, Rule>;
}

const grammar = JSON.parse(fs.readFileSync(path.join(EXT, 'syntaxes/cdl.tmLanguage.json'), 'utf8')) as Grammar;

/** The top-level rules in order, `include`s expanded. */
function rules(list: readonly Rule[] = grammar.patterns): Rule[] {
  return list.flatMap((r) => {
    if (r.include) {
      const target = grammar.repository[r.include.replace(/^#/, '')];
      if (!target) throw new Error(`unknown include ${r.include}`);
      return target.patterns ? rules(target.patterns) : [target];
    }
    return [r];
  });
}

/** [text, scope] pairs of one line. */
function tokenize(line: string): [string, string][] {
  const compiled = rules().map((r) => ({ rule: r, re: new RegExp(r.match ?? r.begin!, 'gd') }));
  const out: [string, string][] = [];
  for (let pos = 0; pos < line.length; ) {
    let best: { rule: Rule; m: RegExpExecArray } | null = null;
    for (const { rule, re } of compiled) {
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && m[0].length > 0 && (!best || m.index < best.m.index)) best = { rule, m };
    }
    if (!best) break;
    const { rule, m } = best;
    let end = m.index + m[0].length;
    if (rule.begin) {
      const close = new RegExp(rule.end!, 'g');
      close.lastIndex = end;
      const e = close.exec(line);
      end = e ? e.index + e[0].length : line.length;
      out.push([line.slice(m.index, end), rule.name!]);
    } else if (rule.captures) {
      for (const [group, { name }] of Object.entries(rule.captures)) if (m[Number(group)] !== undefined) out.push([m[Number(group)]!, name]);
    } else {
      out.push([m[0], rule.name!]);
    }
    pos = end;
  }
  return out;
}

describe('the VS Code extension', () => {
  it('has a grammar that is JSON and whose every regex compiles', () => {
    expect(grammar.scopeName).toBe('source.cdl');
    const all: string[] = [];
    const collect = (r: Rule): void => {
      for (const re of [r.match, r.begin, r.end]) if (re !== undefined) all.push(re);
      r.patterns?.forEach(collect);
    };
    grammar.patterns.forEach(collect);
    Object.values(grammar.repository).forEach(collect);
    expect(all.length).toBeGreaterThan(10);
    for (const re of all) expect(() => new RegExp(re)).not.toThrow();
  });

  it('tokenizes declarations, types, bit ranges, numbers, comments and strings', () => {
    expect(tokenize('/// A page-table entry.')).toEqual([['/// A page-table entry.', 'comment.line.documentation.cdl']]);
    expect(tokenize('bits Entry : u64 {')).toEqual([
      ['bits', 'keyword.declaration.cdl'],
      ['Entry', 'entity.name.type.cdl'],
      ['u64', 'support.type.primitive.cdl'],
    ]);
    expect(tokenize('  frame @12..51 << 12;  // shifted')).toEqual([
      ['@', 'keyword.operator.bit-range.cdl'],
      ['12', 'constant.numeric.bit.cdl'],
      ['..', 'keyword.operator.range.cdl'],
      ['51', 'constant.numeric.bit.cdl'],
      ['<<', 'keyword.operator.cdl'],
      ['12', 'constant.numeric.decimal.cdl'],
      ['// shifted', 'comment.line.double-slash.cdl'],
    ]);
    expect(tokenize('const MASK = 0xffff_0000 | 0b1010 | 0o17 | 42;')).toEqual([
      ['const', 'keyword.declaration.cdl'],
      ['MASK', 'variable.other.constant.cdl'],
      ['=', 'keyword.operator.cdl'],
      ['0xffff_0000', 'constant.numeric.hex.cdl'],
      ['|', 'keyword.operator.cdl'],
      ['0b1010', 'constant.numeric.binary.cdl'],
      ['|', 'keyword.operator.cdl'],
      ['0o17', 'constant.numeric.octal.cdl'],
      ['|', 'keyword.operator.cdl'],
      ['42', 'constant.numeric.decimal.cdl'],
    ]);
    expect(tokenize('import "x86/common.cdl"; // the "quotes" are a comment')).toEqual([
      ['import', 'keyword.declaration.cdl'],
      ['"x86/common.cdl"', 'string.quoted.double.cdl'],
      ['// the "quotes" are a comment', 'comment.line.double-slash.cdl'],
    ]);
    expect(tokenize('  kind: PageKind @2..3; ok: bool; w: u6; structure: i64;')).toEqual([
      ['@', 'keyword.operator.bit-range.cdl'],
      ['2', 'constant.numeric.bit.cdl'],
      ['..', 'keyword.operator.range.cdl'],
      ['3', 'constant.numeric.bit.cdl'],
      ['bool', 'support.type.primitive.cdl'],
      ['u6', 'support.type.width.cdl'],
      ['i64', 'support.type.primitive.cdl'],
    ]);
  });

  it('knows every keyword of the lexer', () => {
    for (const k of keywords.map(keywordText)) {
      const [token] = tokenize(k);
      expect(token, k).toBeDefined();
      expect(token![0]).toBe(k);
      expect(token![1], k).toMatch(/^(keyword\.|constant\.language\.)/);
    }
  });

  it('declares the language, its grammar and a plain-JavaScript client of its own', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(EXT, 'package.json'), 'utf8'));
    expect(pkg.contributes.languages[0]).toMatchObject({ id: 'cdl', extensions: ['.cdl'] });
    for (const file of [pkg.main, pkg.contributes.languages[0].configuration, pkg.contributes.grammars[0].path]) expect(fs.existsSync(path.join(EXT, file)), file).toBe(true);
    JSON.parse(fs.readFileSync(path.join(EXT, 'language-configuration.json'), 'utf8'));
    // The client is the extension's dependency, not the command's.
    expect(pkg.dependencies['vscode-languageclient']).toBeDefined();
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect({ ...root.dependencies, ...root.devDependencies }['vscode-languageclient']).toBeUndefined();
    // Plain JavaScript that Node.js parses: nothing to build.
    execFileSync(process.execPath, ['--check', path.join(EXT, pkg.main)]);
  });
});
