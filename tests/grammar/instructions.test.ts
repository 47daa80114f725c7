/** The syntax of instruction formats and instruction sets. */
import { describe, expect, it } from 'vitest';
import type { FormatDecl, InstructionsDecl, PatternMember } from '../../grammar/ast.js';
import { parse, parseOk } from './helpers.js';

const only = <T>(text: string): T => parseOk(text).decls[0] as T;

describe('instruction formats', () => {
  it('read a bit layout and operand kinds: names, integers, strings, `+` and constant values', () => {
    const d = only<FormatDecl>('/// Doc.\nformat I : riscv.IType {\n  rd, rs1: reg linux.Regs + 8;\n  imm: hex 20;\n  aqrl: suffix "", ".rl";\n  csr: csr A, B;\n  sp: reg Regs = 2;\n  imm2: pcrel;\n}');
    expect(d.doc).toBe('Doc.');
    expect(d.bits.path.map((p) => p.name)).toEqual(['riscv', 'IType']);
    const words = d.operands.map((o) => [
      o.fields.map((f) => f.name),
      o.operand.name,
      o.args.map((w) => (w.kind === 'name' ? w.path.map((p) => p.name).join('.') : w.kind === 'int' ? String(w.value.value) : w.kind === 'string' ? `"${w.value}"` : '+')),
      o.value?.kind === 'IntLiteral' ? o.value.value : null,
    ]);
    expect(words).toEqual([
      [['rd', 'rs1'], 'reg', ['linux.Regs', '+', '8'], null],
      [['imm'], 'hex', ['20'], null],
      [['aqrl'], 'suffix', ['""', '".rl"'], null],
      [['csr'], 'csr', ['A', 'B'], null],
      [['sp'], 'reg', ['Regs'], 2n],
      [['imm2'], 'pcrel', [], null],
    ]);
  });

  it('are declarations: the keyword cannot name a type', () => {
    expect(parse('bits format : u8 { a @0; }').errors[0]).toMatch(/^1:6: /);
  });
});

describe('instruction sets', () => {
  it('read patterns with dotted names, fixed and excluded fields, and a syntax string; groups hold patterns in order', () => {
    const d = only<InstructionsDecl>(
      'instructions S : riscv64 {\n  /// Add.\n  addi : I opcode=0x13 funct3=0 "addi {rd}, {rs1}, {imm}";\n  c.lui : riscv.CI op=1 rd!=2 imm!=0 "c.lui {rd}, {imm}";\n  group {\n    unimp : Csr csr=0xc00 imm=-1 "unimp";\n    csrrw : Csr "csrrw {rd}";\n  }\n}',
    );
    expect(d.target.name).toBe('riscv64');
    const pattern = (p: PatternMember) => [p.name.map((n) => n.name).join('.'), p.format.map((n) => n.name).join('.'), p.constraints.map((c) => `${c.field.name}${c.op}${c.value.kind}`), p.syntax?.text ?? null];
    expect(d.members.map((m) => (m.kind === 'PatternGroup' ? m.patterns.map(pattern) : pattern(m)))).toEqual([
      ['addi', 'I', ['opcode=IntLiteral', 'funct3=IntLiteral'], 'addi {rd}, {rs1}, {imm}'],
      ['c.lui', 'riscv.CI', ['op=IntLiteral', 'rd!=IntLiteral', 'imm!=IntLiteral'], 'c.lui {rd}, {imm}'],
      [
        ['unimp', 'Csr', ['csr=IntLiteral', 'imm=UnaryExpr'], 'unimp'],
        ['csrrw', 'Csr', [], 'csrrw {rd}'],
      ],
    ]);
    expect((d.members[0] as PatternMember).doc).toBe('Add.');
  });

  it('leave the syntax out when it is missing, for the checker to report', () => {
    const d = only<InstructionsDecl>('instructions S : riscv64 { ecall : I opcode=0x73; }');
    expect((d.members[0] as PatternMember).syntax).toBeNull();
  });

  it('a pattern named group is a pattern, not a group', () => {
    const d = only<InstructionsDecl>('instructions S : riscv64 { group : I "group"; }');
    expect(d.members[0].kind).toBe('PatternMember');
  });

  it('report a malformed constraint and go on with the next pattern', () => {
    const { file, errors } = parse('instructions S : riscv64 {\n  a : I rd=;\n  b : I "b";\n}');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBe("2:12: expected an expression, found ';'");
    const d = file.decls[0] as InstructionsDecl;
    expect(d.members.map((m) => (m.kind === 'PatternMember' ? m.name[0].name : 'group'))).toContain('b');
  });
});
