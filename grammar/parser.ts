/**
 * The CDL parser: a chevrotain LL(k) parser that builds the AST of `ast.ts` directly.
 *
 * Chevrotain runs every rule once at construction to record the grammar, with dummy tokens
 * and results. The actions below are harmless then (spans of dummy offsets are computed and
 * thrown away); anything with side effects is wrapped in `ACTION`, which recording skips.
 */
import type { IToken, ParserMethod, TokenType } from 'chevrotain';
import type * as ast from './ast.js';
import type { Diagnostics } from './diagnostics.js';
import type { Tokens } from './lexer.js';
import { parseInteger, parseString } from './literals.js';
import { DECLARATION_EXPECTED } from './messages.js';
import { RecoveringParser } from './recovery.js';
import type { SourceFile } from './source.js';
import * as t from './tokens.js';

interface NamespaceItem {
  readonly kind: 'Namespace';
  readonly name: ast.Ident;
  readonly span: ast.Span;
}

type Item = NamespaceItem | ast.ImportDecl | ast.Decl;

/** `u8[2][3]...`: more dimensions than this are an error (and are dropped from the tree). */
export const MAX_ARRAY_DIMENSIONS = 16;

export class CdlParser extends RecoveringParser {
  private docs: ReadonlyMap<number, string> = new Map();
  /** The tokens whose doc the parser asked for: a doc run before any other documents nothing. */
  private readonly docsRead = new Set<number>();

  constructor(options: { readonly validate?: boolean } = {}) {
    super(options);
    this.performSelfAnalysis();
  }

  /** Parses the tokens of `source`; syntax errors go to `diags`. */
  parse(source: SourceFile, tokens: Tokens, diags: Diagnostics): ast.File {
    this.start(source, tokens, diags);
    this.docs = tokens.docs;
    this.docsRead.clear();
    const file = this.file();
    // After a syntax error a declaration is dropped with its doc: only a clean parse can tell.
    if (this.syntaxErrorCount() === 0) {
      for (const run of tokens.docRuns) {
        if (run.token === null || !this.docsRead.has(run.token)) {
          diags.warning(source.span(run.start, run.end), 'this doc comment documents nothing: `///` belongs right before a declaration or member (use `//` for a plain comment)');
        }
      }
    }
    this.docs = new Map();
    this.docsRead.clear();
    this.finish();
    return file;
  }

  // -------------------------------------------------------------------------
  // Files and declarations

  private file = this.RULE('file', (): ast.File => {
    let namespace: ast.Ident | null = null;
    const imports: ast.ImportDecl[] = [];
    const decls: ast.Decl[] = [];
    const place = (item: Item): void => {
      if (item.kind === 'Namespace') {
        if (namespace !== null) this.diags.error(item.span, 'a file has at most one namespace');
        else if (imports.length + decls.length > 0) {
          this.diags.error(item.span, 'the namespace must come before imports and declarations');
        }
        namespace ??= item.name;
      } else if (item.kind === 'ImportDecl') {
        if (decls.length > 0) this.diags.error(item.span, 'imports must come before declarations');
        imports.push(item);
      } else {
        decls.push(item);
      }
    };
    this.ACTION(() => this.skipStrayDeclarations());
    this.MANY(() => {
      const item = this.recovering(() => this.SUBRULE(this.item), 'declaration');
      this.ACTION(() => {
        if (item !== undefined) place(item);
        this.skipStrayDeclarations();
      });
    });
    return {
      kind: 'File',
      path: this.source.path,
      namespace,
      imports,
      decls,
      span: this.source.span(0, this.source.text.length),
    };
  });

  private item = this.RULE('item', (): Item =>
    this.OR({
      ERR_MSG: DECLARATION_EXPECTED,
      DEF: [
        { ALT: () => this.SUBRULE(this.namespaceDecl) },
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.constDecl) },
        { ALT: () => this.SUBRULE(this.typeAliasDecl) },
        { ALT: () => this.SUBRULE(this.enumDecl) },
        { ALT: () => this.SUBRULE(this.bitsDecl) },
        { ALT: () => this.SUBRULE(this.structDecl) },
        { ALT: () => this.SUBRULE(this.unionDecl) },
        { ALT: () => this.SUBRULE(this.configDecl) },
        { ALT: () => this.SUBRULE(this.targetDecl) },
        { ALT: () => this.SUBRULE(this.registersDecl) },
        { ALT: () => this.SUBRULE(this.abiDecl) },
        { ALT: () => this.SUBRULE(this.syscallsDecl) },
        { ALT: () => this.SUBRULE(this.sysregsDecl) },
        { ALT: () => this.SUBRULE(this.pagingDecl) },
        { ALT: () => this.SUBRULE(this.formatDecl) },
        { ALT: () => this.SUBRULE(this.instructionsDecl) },
      ],
    }),
  );

  private namespaceDecl = this.RULE('namespaceDecl', (): NamespaceItem => {
    const first = this.CONSUME(t.Namespace);
    // A doc before `namespace` is the file's (the language reference shows one): it documents
    // something, though no output prints it yet.
    this.docFor(first);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Semicolon);
    return { kind: 'Namespace', name, span: this.spanFrom(first) };
  });

  private importDecl = this.RULE('importDecl', (): ast.ImportDecl => {
    const first = this.CONSUME(t.Import);
    const literal = this.CONSUME(t.StringLiteral);
    this.CONSUME(t.Semicolon);
    // A malformed string was reported by the lexer; keep its raw contents.
    const parsed = parseString(literal.image);
    const path = parsed.error === undefined ? parsed.value : literal.image.replace(/^"|"$/g, '');
    return { kind: 'ImportDecl', path, span: this.spanFrom(first) };
  });

  private constDecl = this.RULE('constDecl', (): ast.ConstDecl => {
    const first = this.CONSUME(t.Const);
    const name = this.ident(this.CONSUME(t.Identifier));
    const type = this.OPTION(() => {
      this.CONSUME(t.Colon);
      return this.SUBRULE(this.namedType);
    });
    this.CONSUME(t.Equals);
    const value = this.SUBRULE(this.expression);
    this.CONSUME(t.Semicolon);
    return {
      kind: 'ConstDecl',
      name,
      doc: this.docFor(first),
      type: type ?? null,
      value,
      span: this.spanFrom(first),
    };
  });

  private typeAliasDecl = this.RULE('typeAliasDecl', (): ast.TypeAliasDecl => {
    const first = this.CONSUME(t.Type);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Equals);
    const type = this.SUBRULE(this.typeRef);
    this.CONSUME(t.Semicolon);
    return {
      kind: 'TypeAliasDecl',
      name,
      doc: this.docFor(first),
      type,
      span: this.spanFrom(first),
    };
  });

  private configDecl = this.RULE('configDecl', (): ast.ConfigDecl => {
    const first = this.CONSUME(t.Config);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Semicolon);
    return { kind: 'ConfigDecl', name, doc: this.docFor(first), span: this.spanFrom(first) };
  });

  private targetDecl = this.RULE('targetDecl', (): ast.TargetDecl => {
    const first = this.CONSUME(t.Target);
    const name = this.ident(this.CONSUME(t.Identifier));
    const settings = this.body(this.targetSetting, 'a target setting');
    return {
      kind: 'TargetDecl',
      name,
      doc: this.docFor(first),
      settings,
      span: this.spanFrom(first),
    };
  });

  /** `align u64 8;`: a key and plain arguments, interpreted by the checker. */
  private targetSetting = this.RULE('targetSetting', (): ast.TargetSetting => {
    const first = this.CONSUME(t.Name);
    const args: ast.Expr[] = [];
    this.MANY(() => {
      args.push(
        this.OR([
          { ALT: () => this.intLiteral(this.CONSUME(t.Integer)) },
          { ALT: () => this.nameExpr([this.CONSUME2(t.Name)]) },
        ]),
      );
    });
    this.CONSUME(t.Semicolon);
    return { kind: 'TargetSetting', key: this.ident(first), args, span: this.spanFrom(first) };
  });

  // -------------------------------------------------------------------------
  // The machine: register sets, syscall ABIs, syscall tables

  private registersDecl = this.RULE('registersDecl', (): ast.RegistersDecl => {
    const first = this.CONSUME(t.Registers);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Colon);
    const target = this.ident(this.CONSUME2(t.Identifier));
    const registers = this.body(this.registerMember, 'a register');
    return { kind: 'RegistersDecl', name, doc: this.docFor(first), target, registers, span: this.spanFrom(first) };
  });

  /** `rax: u64 general alias acc { eax @0..31; }` or `rip: u64 pc;` */
  private registerMember = this.RULE('registerMember', (): ast.RegisterMember => {
    const first = this.CONSUME(t.Name);
    this.CONSUME(t.Colon);
    const type = this.SUBRULE(this.namedType);
    // The class and `alias` are plain names: the checker knows the classes.
    const cls = this.OPTION({
      GATE: () => this.LA(1).image !== 'alias',
      DEF: () => this.ident(this.CONSUME(t.Identifier)),
    });
    const aliases: ast.Ident[] = [];
    this.OPTION2({
      GATE: () => this.LA(1).image === 'alias' && this.LA(1).tokenType === t.Identifier,
      DEF: () => {
        this.CONSUME2(t.Identifier);
        aliases.push(this.ident(this.CONSUME2(t.Name)));
        this.MANY(() => {
          this.CONSUME(t.Comma);
          aliases.push(this.ident(this.CONSUME3(t.Name)));
        });
      },
    });
    const subs = this.OR([
      { ALT: () => this.body(this.subRegister, 'a sub-register', 1) },
      {
        ALT: () => {
          this.CONSUME(t.Semicolon);
          return [];
        },
      },
    ]);
    return {
      kind: 'RegisterMember',
      name: this.ident(first),
      doc: this.docFor(first),
      type,
      class: cls ?? null,
      aliases,
      subs,
      span: this.spanFrom(first),
    };
  });

  private subRegister = this.RULE('subRegister', (): ast.SubRegisterMember => {
    const first = this.CONSUME(t.Name);
    const range = this.SUBRULE(this.bitRange);
    this.CONSUME(t.Semicolon);
    return { kind: 'SubRegisterMember', name: this.ident(first), doc: this.docFor(first), range, span: this.spanFrom(first) };
  });

  private abiDecl = this.RULE('abiDecl', (): ast.AbiDecl => {
    const first = this.CONSUME(t.Abi);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Colon);
    const registers = this.SUBRULE(this.qualifiedName);
    const settings = this.body(this.abiSetting, 'an ABI setting');
    return { kind: 'AbiDecl', name, doc: this.docFor(first), registers, settings, span: this.spanFrom(first) };
  });

  /** `args rdi, rsi, stack 16;`: a key, then items separated by commas, each one or more words. */
  private abiSetting = this.RULE('abiSetting', (): ast.AbiSetting => {
    const first = this.CONSUME(t.Name);
    const items: ast.AbiWord[][] = [];
    let item: ast.AbiWord[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => item.push({ kind: 'name', name: this.ident(this.CONSUME2(t.Name)) }) },
        { ALT: () => item.push({ kind: 'int', value: this.intLiteral(this.CONSUME(t.Integer)) }) },
        {
          ALT: () => {
            const literal = this.CONSUME(t.StringLiteral);
            const parsed = parseString(literal.image);
            const value = parsed.error === undefined ? parsed.value : literal.image.replace(/^"|"$/g, '');
            item.push({ kind: 'string', value, span: this.source.tokenSpan(literal) });
          },
        },
        {
          ALT: () => {
            const at = this.CONSUME(t.At);
            const bit = this.intLiteral(this.CONSUME2(t.Integer));
            item.push({ kind: 'bit', value: bit, span: this.spanFrom(at) });
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Comma);
            items.push(item);
            item = [];
          },
        },
      ]);
    });
    this.CONSUME(t.Semicolon);
    items.push(item);
    // `key;` has no items; `key a, ;` has an empty one, which the checker reports.
    return { kind: 'AbiSetting', key: this.ident(first), items: items.length === 1 && item.length === 0 ? [] : items, span: this.spanFrom(first) };
  });

  private syscallsDecl = this.RULE('syscallsDecl', (): ast.SyscallsDecl => {
    const first = this.CONSUME(t.Syscalls);
    const name = this.ident(this.CONSUME(t.Identifier));
    const calls = this.body(this.syscallMember, 'a system call');
    return { kind: 'SyscallsDecl', name, doc: this.docFor(first), calls, span: this.spanFrom(first) };
  });

  /** `read(fd: fd, buf: out bytes(count), count: usize) -> isize = LinuxX86_64 0, LinuxI386 3;` */
  private syscallMember = this.RULE('syscallMember', (): ast.SyscallMember => {
    const first = this.CONSUME(t.Name);
    this.CONSUME(t.LParen);
    const params: ast.SyscallParamMember[] = [];
    this.OPTION(() => {
      params.push(this.SUBRULE(this.syscallParam));
      this.MANY(() => {
        this.CONSUME(t.Comma);
        params.push(this.SUBRULE2(this.syscallParam));
      });
    });
    this.CONSUME(t.RParen);
    this.CONSUME(t.Arrow);
    const result = this.OR2([
      {
        GATE: () => this.LA(1).image === 'noreturn' && this.LA(1).tokenType === t.Identifier,
        ALT: () => {
          this.CONSUME2(t.Identifier);
          return null;
        },
      },
      { ALT: () => this.SUBRULE(this.syscallType) },
    ]);
    const numbers: ast.SyscallMember['numbers'][number][] = [];
    this.OPTION2(() => {
      this.CONSUME(t.Equals);
      numbers.push(this.SUBRULE(this.syscallNumber));
      this.MANY2(() => {
        this.CONSUME2(t.Comma);
        numbers.push(this.SUBRULE2(this.syscallNumber));
      });
    });
    this.CONSUME(t.Semicolon);
    return { kind: 'SyscallMember', name: this.ident(first), doc: this.docFor(first), params, result, numbers, span: this.spanFrom(first) };
  });

  private sysregsDecl = this.RULE('sysregsDecl', (): ast.SysregsDecl => {
    const first = this.CONSUME(t.Sysregs);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Colon);
    const target = this.ident(this.CONSUME2(t.Identifier));
    const space = this.ident(this.CONSUME3(t.Identifier));
    const registers = this.body(this.sysregMember, 'a system register');
    return { kind: 'SysregsDecl', name, doc: this.docFor(first), target, space, registers, span: this.spanFrom(first) };
  });

  /** `efer 0xC0000080 : Efer reset 0 { lma ro; }` or `lstar 0xC0000082 : u64;` */
  private sysregMember = this.RULE('sysregMember', (): ast.SysregMember => {
    const first = this.CONSUME(t.Name);
    const number = this.SUBRULE(this.primary);
    this.CONSUME(t.Colon);
    const type = this.SUBRULE(this.namedType);
    // `reset` is a plain name, as a register's class is.
    const reset = this.OPTION({
      GATE: () => this.LA(1).image === 'reset' && this.LA(1).tokenType === t.Identifier,
      DEF: () => {
        this.CONSUME(t.Identifier);
        return this.SUBRULE2(this.primary);
      },
    });
    const access = this.OR([
      { ALT: () => this.body(this.fieldAccess, 'a field and its access', 1) },
      {
        ALT: () => {
          this.CONSUME(t.Semicolon);
          return [];
        },
      },
    ]);
    return { kind: 'SysregMember', name: this.ident(first), doc: this.docFor(first), number, type, reset: reset ?? null, access, span: this.spanFrom(first) };
  });

  private pagingDecl = this.RULE('pagingDecl', (): ast.PagingDecl => {
    const first = this.CONSUME(t.Paging);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Colon);
    const target = this.ident(this.CONSUME2(t.Identifier));
    const settings = this.body(this.pagingSetting, 'a paging setting');
    return { kind: 'PagingDecl', name, doc: this.docFor(first), target, settings, span: this.spanFrom(first) };
  });

  /** `level Pde @21..29 table pt, page frame if ps;`, or `fault PageFaultError { ... }`. */
  private pagingSetting = this.RULE('pagingSetting', (): ast.PagingSetting => {
    const first = this.CONSUME(t.Name);
    const words: ast.PagingWord[] = [];
    const symbol = (token: IToken, text: '<<' | '|' | ',' | '='): void => void words.push({ kind: 'symbol', text, span: this.source.tokenSpan(token) });
    this.MANY(() => {
      this.OR([
        { ALT: () => words.push({ kind: 'name', name: this.ident(this.CONSUME2(t.Name)) }) },
        { ALT: () => words.push({ kind: 'int', value: this.intLiteral(this.CONSUME(t.Integer)) }) },
        { ALT: () => words.push({ kind: 'range', range: this.SUBRULE(this.bitRange) }) },
        {
          ALT: () => {
            const literal = this.CONSUME(t.StringLiteral);
            const parsed = parseString(literal.image);
            const value = parsed.error === undefined ? parsed.value : literal.image.replace(/^"|"$/g, '');
            words.push({ kind: 'string', value, span: this.source.tokenSpan(literal) });
          },
        },
        { ALT: () => symbol(this.CONSUME(t.ShiftLeft), '<<') },
        { ALT: () => symbol(this.CONSUME(t.Pipe), '|') },
        { ALT: () => symbol(this.CONSUME(t.Comma), ',') },
        { ALT: () => symbol(this.CONSUME(t.Equals), '=') },
      ]);
    });
    const body = this.OR2([
      { ALT: () => this.body(this.pagingSetting, 'a fault field', 1) },
      {
        ALT: () => {
          this.CONSUME(t.Semicolon);
          return null;
        },
      },
    ]);
    return { kind: 'PagingSetting', key: this.ident(first), doc: this.docFor(first), words, body, span: this.spanFrom(first) };
  });

  /** `lma ro;` */
  private fieldAccess = this.RULE('fieldAccess', (): ast.SysregMember['access'][number] => {
    const first = this.CONSUME(t.Name);
    const access = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Semicolon);
    return { field: this.ident(first), access, span: this.spanFrom(first) };
  });

  /** `LinuxX86_64 0`: an ABI and the call's number on it. */
  private syscallNumber = this.RULE('syscallNumber', (): ast.SyscallMember['numbers'][number] => {
    const first = this.LA(1);
    const abi = this.SUBRULE(this.qualifiedName);
    const number = this.SUBRULE(this.primary);
    return { abi, number, span: this.spanFrom(first) };
  });

  /** `buf: out bytes(count)` */
  private syscallParam = this.RULE('syscallParam', (): ast.SyscallParamMember => {
    const first = this.CONSUME(t.Name);
    this.CONSUME(t.Colon);
    // `out` is a plain name: `out: u32` is a parameter named out, `out bytes(n)` a direction.
    const out =
      this.OPTION({
        GATE: () => this.LA(1).image === 'out' && this.LA(1).tokenType === t.Identifier && (this.LA(2).tokenType === t.Identifier || this.LA(2).tokenType === t.Ptr),
        DEF: () => this.CONSUME(t.Identifier),
      }) !== undefined;
    const type = this.SUBRULE(this.syscallType);
    return { kind: 'SyscallParamMember', name: this.ident(first), out, type, span: this.spanFrom(first) };
  });

  /** `usize`, `ptr<Stat>`, `fd`, `bytes(count)`. */
  private syscallType = this.RULE('syscallType', (): ast.SyscallTypeRef => {
    const first = this.LA(1);
    const type = this.SUBRULE(this.typeRef);
    const length = this.OPTION(() => {
      this.CONSUME(t.LParen);
      const name = this.ident(this.CONSUME(t.Name));
      this.CONSUME(t.RParen);
      return name;
    });
    return { kind: 'SyscallTypeRef', type, length: length ?? null, span: this.spanFrom(first) };
  });

  // -------------------------------------------------------------------------
  // Instructions: formats and patterns

  private formatDecl = this.RULE('formatDecl', (): ast.FormatDecl => {
    const first = this.CONSUME(t.Format);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Colon);
    const bits = this.SUBRULE(this.namedType);
    const operands = this.body(this.operandMember, 'an operand');
    return { kind: 'FormatDecl', name, doc: this.docFor(first), bits, operands, span: this.spanFrom(first) };
  });

  /** `rd, rs1: reg Riscv64Regs;` `imm: hex 20;` `rd: reg Riscv64Regs + 8;` `aq: suffix ".aq";` */
  private operandMember = this.RULE('operandMember', (): ast.OperandMember => {
    const first = this.CONSUME(t.Name);
    const fields = [this.ident(first)];
    this.MANY(() => {
      this.CONSUME(t.Comma);
      fields.push(this.ident(this.CONSUME2(t.Name)));
    });
    this.CONSUME(t.Colon);
    const operand = this.ident(this.CONSUME3(t.Name));
    const args: ast.OperandWord[] = [];
    this.MANY2(() => {
      this.OR([
        {
          ALT: () => {
            const from = this.LA(1);
            const path = this.SUBRULE(this.qualifiedName);
            args.push({ kind: 'name', path, span: this.spanFrom(from) });
          },
        },
        { ALT: () => args.push({ kind: 'int', value: this.intLiteral(this.CONSUME(t.Integer)) }) },
        {
          ALT: () => {
            const literal = this.CONSUME(t.StringLiteral);
            const parsed = parseString(literal.image);
            const value = parsed.error === undefined ? parsed.value : literal.image.replace(/^"|"$/g, '');
            args.push({ kind: 'string', value, span: this.source.tokenSpan(literal) });
          },
        },
        { ALT: () => args.push({ kind: 'plus', span: this.source.tokenSpan(this.CONSUME(t.Plus)) }) },
        // `reg A, B`: a comma between arguments reads as a list; it carries nothing.
        { ALT: () => void this.CONSUME2(t.Comma) },
      ]);
    });
    const value = this.OPTION(() => {
      this.CONSUME(t.Equals);
      return this.SUBRULE(this.primary);
    });
    this.CONSUME(t.Semicolon);
    return { kind: 'OperandMember', fields, doc: this.docFor(first), operand, args, value: value ?? null, span: this.spanFrom(first) };
  });

  private instructionsDecl = this.RULE('instructionsDecl', (): ast.InstructionsDecl => {
    const first = this.CONSUME(t.Instructions);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Colon);
    const target = this.ident(this.CONSUME2(t.Identifier));
    const members = this.body(this.instructionsMember, 'an instruction pattern');
    return { kind: 'InstructionsDecl', name, doc: this.docFor(first), target, members, span: this.spanFrom(first) };
  });

  private instructionsMember = this.RULE('instructionsMember', (): ast.InstructionsMember =>
    this.OR([
      // `group` is a plain name, as `alias` is: `group {` starts a group, `group :` a pattern.
      { GATE: () => this.LA(1).image === 'group' && this.LA(2).tokenType === t.LBrace, ALT: () => this.SUBRULE(this.patternGroup) },
      { ALT: () => this.SUBRULE(this.patternMember) },
    ]),
  );

  private patternGroup = this.RULE('patternGroup', (): ast.PatternGroup => {
    const first = this.CONSUME(t.Identifier);
    const patterns = this.body(this.patternMember, 'an instruction pattern', 1);
    return { kind: 'PatternGroup', doc: this.docFor(first), patterns, span: this.spanFrom(first) };
  });

  /** `addi : I opcode=0x13 funct3=0 "addi {rd}, {rs1}, {imm}";` */
  private patternMember = this.RULE('patternMember', (): ast.PatternMember => {
    const first = this.CONSUME(t.Name);
    const name = [this.ident(first)];
    this.MANY(() => {
      this.CONSUME(t.Dot);
      name.push(this.ident(this.CONSUME2(t.Name)));
    });
    this.CONSUME(t.Colon);
    const format = this.SUBRULE(this.qualifiedName);
    const constraints: ast.PatternConstraint[] = [];
    this.MANY2(() => constraints.push(this.SUBRULE(this.patternConstraint)));
    const syntax = this.OPTION(() => {
      const literal = this.CONSUME(t.StringLiteral);
      const parsed = parseString(literal.image);
      return { text: parsed.error === undefined ? parsed.value : literal.image.replace(/^"|"$/g, ''), span: this.source.tokenSpan(literal) };
    });
    this.CONSUME(t.Semicolon);
    return { kind: 'PatternMember', name, doc: this.docFor(first), format, constraints, syntax: syntax ?? null, span: this.spanFrom(first) };
  });

  /** `funct3=0` or `rd!=0`. */
  private patternConstraint = this.RULE('patternConstraint', (): ast.PatternConstraint => {
    const first = this.CONSUME(t.Name);
    const op = this.OR([
      { ALT: () => (this.CONSUME(t.Equals), '=' as const) },
      {
        ALT: () => {
          this.CONSUME(t.Bang);
          this.CONSUME2(t.Equals);
          return '!=' as const;
        },
      },
    ]);
    // A unary expression, so that `imm=-1` needs no parentheses.
    const value = this.SUBRULE(this.unaryExpr);
    return { kind: 'PatternConstraint', field: this.ident(first), op, value, span: this.spanFrom(first) };
  });

  // -------------------------------------------------------------------------
  // Enums

  private enumDecl = this.RULE('enumDecl', (): ast.EnumDecl => {
    const first = this.CONSUME(t.Enum);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Colon);
    const base = this.SUBRULE(this.namedType);
    const members: ast.EnumMember[] = [];
    const member = (idx: number): void => {
      const parsed = this.recovering(() => this.subrule(idx, this.enumMember), 'enumMember');
      if (parsed !== undefined) members.push(parsed);
    };
    this.CONSUME(t.LBrace);
    this.OPTION(() => {
      member(1);
      // Two tokens of lookahead tell `, B` (another member) from `, }` (a trailing comma).
      this.MANY(() => {
        this.CONSUME(t.Comma);
        member(2);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RBrace);
    return {
      kind: 'EnumDecl',
      name,
      doc: this.docFor(first),
      base,
      members,
      span: this.spanFrom(first),
    };
  });

  private enumMember = this.RULE('enumMember', (): ast.EnumMember => {
    const first = this.LA(1);
    const alias = this.OPTION(() => {
      this.CONSUME(t.At);
      const attribute = this.CONSUME(t.Identifier);
      this.ACTION(() => {
        if (attribute.image !== 'alias') {
          this.diags.error(
            this.spanFrom(first),
            `unknown attribute '@${attribute.image}'; only @alias is allowed here`,
          );
        }
      });
      return attribute.image === 'alias';
    });
    const name = this.ident(this.CONSUME(t.Name));
    const value = this.OPTION2(() => {
      this.CONSUME(t.Equals);
      return this.SUBRULE(this.expression);
    });
    return {
      kind: 'EnumMember',
      name,
      doc: this.docFor(first),
      value: value ?? null,
      alias: alias ?? false,
      span: this.spanFrom(first),
    };
  });

  // -------------------------------------------------------------------------
  // Bit layouts

  private bitsDecl = this.RULE('bitsDecl', (): ast.BitsDecl => {
    const first = this.CONSUME(t.Bits);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.Colon);
    const container = this.SUBRULE(this.typeRef);
    const cBitfields = this.OPTION(() => this.CONSUME(t.CBitfields)) !== undefined;
    const byteOrder = this.OPTION2({ GATE: () => this.atByteOrder(), DEF: () => this.SUBRULE(this.byteOrder) });
    const members = this.body(this.bitsMember, 'a bit field');
    return {
      kind: 'BitsDecl',
      name,
      doc: this.docFor(first),
      container,
      cBitfields,
      byteOrder: byteOrder ?? null,
      members,
      span: this.spanFrom(first),
    };
  });

  private bitsMember = this.RULE('bitsMember', (): ast.BitsMember =>
    this.OR({
      ERR_MSG: 'a bit field, reserved, tag or variant',
      DEF: [
        { ALT: () => this.SUBRULE(this.reservedBits) },
        { ALT: () => this.SUBRULE(this.tagField) },
        { ALT: () => this.SUBRULE(this.variant) },
        { ALT: () => this.SUBRULE(this.bitField) },
      ],
    }),
  );

  private bitField = this.RULE('bitField', (): ast.BitField => {
    const first = this.CONSUME(t.BitFieldName);
    const type = this.OPTION(() => {
      this.CONSUME(t.Colon);
      return this.SUBRULE(this.namedType);
    });
    // Optional here so that the checker, which knows whether the layout is `c_bitfields`,
    // says which form the member needs.
    const ranges = this.OPTION3(() => this.SUBRULE(this.bitRanges));
    const shift = this.OPTION2(() => {
      this.CONSUME(t.ShiftLeft);
      return this.SUBRULE(this.expression);
    });
    this.CONSUME(t.Semicolon);
    return {
      kind: 'BitField',
      name: this.ident(first),
      doc: this.docFor(first),
      type: type ?? null,
      ranges: ranges ?? [],
      shift: shift ?? null,
      span: this.spanFrom(first),
    };
  });

  private reservedBits = this.RULE('reservedBits', (): ast.ReservedBits => {
    const first = this.CONSUME(t.Reserved);
    const type = this.OPTION2(() => {
      this.CONSUME(t.Colon);
      return this.SUBRULE(this.namedType);
    });
    const ranges = this.OPTION3(() => this.SUBRULE(this.bitRanges));
    const value = this.OPTION(() => {
      this.CONSUME(t.Equals);
      return this.SUBRULE(this.expression);
    });
    this.CONSUME(t.Semicolon);
    return {
      kind: 'ReservedBits',
      doc: this.docFor(first),
      type: type ?? null,
      ranges: ranges ?? [],
      value: value ?? null,
      span: this.spanFrom(first),
    };
  });

  private tagField = this.RULE('tagField', (): ast.TagField => {
    const first = this.CONSUME(t.Tag);
    const name = this.ident(this.CONSUME(t.Name));
    const type = this.OPTION(() => {
      this.CONSUME(t.Colon);
      return this.SUBRULE(this.namedType);
    });
    const ranges = this.OPTION2(() => this.SUBRULE(this.bitRanges));
    this.CONSUME(t.Semicolon);
    return {
      kind: 'TagField',
      name,
      doc: this.docFor(first),
      type: type ?? null,
      ranges: ranges ?? [],
      span: this.spanFrom(first),
    };
  });

  private variant = this.RULE('variant', (): ast.Variant => {
    const first = this.CONSUME(t.Variant);
    const name = this.ident(this.CONSUME(t.Identifier));
    this.CONSUME(t.When);
    const when = this.SUBRULE(this.expressionList);
    const members = this.body(this.bitsMember, 'a bit field');
    return {
      kind: 'Variant',
      name,
      doc: this.docFor(first),
      when,
      members,
      span: this.spanFrom(first),
    };
  });

  private bitRanges = this.RULE('bitRanges', (): ast.BitRange[] => {
    const ranges = [this.SUBRULE(this.bitRange)];
    this.MANY(() => {
      this.CONSUME(t.Comma);
      ranges.push(this.SUBRULE2(this.bitRange));
    });
    return ranges;
  });

  /** `@n` or `@lo..hi`; the bounds are primaries so that `..` needs no precedence. */
  private bitRange = this.RULE('bitRange', (): ast.BitRange => {
    const first = this.CONSUME(t.At);
    const lo = this.SUBRULE(this.primary);
    const hi = this.OPTION(() => {
      this.CONSUME(t.DotDot);
      return this.SUBRULE2(this.primary);
    });
    return { kind: 'BitRange', lo, hi: hi ?? null, span: this.spanFrom(first) };
  });

  // -------------------------------------------------------------------------
  // Structures and unions

  private structDecl = this.RULE('structDecl', (): ast.StructDecl => {
    const first = this.CONSUME(t.Struct);
    const name = this.ident(this.CONSUME(t.Identifier));
    const packed = this.OPTION(() => this.CONSUME(t.Packed)) !== undefined;
    const align = this.OPTION2(() => this.SUBRULE(this.alignment));
    const byteOrder = this.OPTION4({ GATE: () => this.atByteOrder(), DEF: () => this.SUBRULE(this.byteOrder) });
    // `frame X86_64Regs`: a plain name, as `alias` is in a register set.
    const frame = this.OPTION3({
      GATE: () => this.LA(1).image === 'frame' && this.LA(1).tokenType === t.Identifier,
      DEF: () => {
        this.CONSUME2(t.Identifier);
        return this.SUBRULE(this.qualifiedName);
      },
    });
    const members = this.body(this.structMember, 'a field');
    return {
      kind: 'StructDecl',
      name,
      doc: this.docFor(first),
      packed,
      align: align ?? null,
      byteOrder: byteOrder ?? null,
      frame: frame ?? null,
      members,
      span: this.spanFrom(first),
    };
  });

  private unionDecl = this.RULE('unionDecl', (): ast.UnionDecl => {
    const first = this.CONSUME(t.Union);
    const name = this.ident(this.CONSUME(t.Identifier));
    const discriminant = this.OPTION(() => {
      this.CONSUME(t.Colon);
      return this.SUBRULE(this.namedType);
    });
    const align = this.OPTION2(() => this.SUBRULE(this.alignment));
    const members = this.body(this.structMember, 'a field');
    return {
      kind: 'UnionDecl',
      name,
      doc: this.docFor(first),
      discriminant: discriminant ?? null,
      align: align ?? null,
      members,
      span: this.spanFrom(first),
    };
  });

  private structMember = this.RULE('structMember', (): ast.StructMember =>
    this.OR({
      ERR_MSG: "a field 'name: Type;', pad, image_end or if",
      DEF: [
        { ALT: () => this.SUBRULE(this.padMember) },
        { ALT: () => this.SUBRULE(this.imageEndMember) },
        { ALT: () => this.SUBRULE(this.ifMember) },
        { ALT: () => this.SUBRULE(this.fieldMember) },
      ],
    }),
  );

  private fieldMember = this.RULE('fieldMember', (): ast.FieldMember => {
    const first = this.CONSUME(t.StructFieldName);
    this.CONSUME(t.Colon);
    const type = this.SUBRULE(this.typeRef);
    const offset = this.OPTION(() => {
      this.CONSUME(t.At);
      return this.SUBRULE(this.expression);
    });
    const align = this.OPTION2(() => this.SUBRULE(this.alignment));
    const selector = this.OPTION3(() => {
      this.CONSUME(t.By);
      return this.SUBRULE(this.fieldPath);
    });
    const when = this.OPTION4(() => {
      this.CONSUME(t.When);
      return this.SUBRULE(this.expressionList);
    });
    const holds = this.OPTION5({
      GATE: () => this.LA(1).image === 'holds' && this.LA(1).tokenType === t.Identifier,
      DEF: () => {
        this.CONSUME(t.Identifier);
        return this.ident(this.CONSUME(t.Name));
      },
    });
    this.CONSUME(t.Semicolon);
    return {
      kind: 'FieldMember',
      name: this.ident(first),
      doc: this.docFor(first),
      type,
      offset: offset ?? null,
      align: align ?? null,
      selector: selector ?? null,
      when: when ?? [],
      holds: holds ?? null,
      span: this.spanFrom(first),
    };
  });

  private padMember = this.RULE('padMember', (): ast.PadMember => {
    const first = this.CONSUME(t.Pad);
    const size = this.SUBRULE(this.expression);
    this.CONSUME(t.Semicolon);
    return { kind: 'PadMember', doc: this.docFor(first), size, span: this.spanFrom(first) };
  });

  private imageEndMember = this.RULE('imageEndMember', (): ast.ImageEndMember => {
    const first = this.CONSUME(t.ImageEnd);
    this.CONSUME(t.Semicolon);
    return { kind: 'ImageEndMember', span: this.spanFrom(first) };
  });

  private ifMember = this.RULE('ifMember', (): ast.IfMember => {
    const first = this.CONSUME(t.If);
    const negated = this.OPTION(() => this.CONSUME(t.Bang)) !== undefined;
    const condition = this.ident(this.CONSUME(t.Identifier));
    const then = this.body(this.structMember, 'a field', 1);
    const otherwise = this.OPTION2(() => {
      this.CONSUME(t.Else);
      return this.body(this.structMember, 'a field', 2);
    });
    return {
      kind: 'IfMember',
      condition,
      negated,
      then,
      otherwise: otherwise ?? [],
      span: this.spanFrom(first),
    };
  });

  /** `align(N)` on a struct, union or field. */
  /**
   * `byte_order(big)`: a contextual word, as `frame` is, so that `byte_order` stays free as a
   * name; the order inside is any identifier, checked by the checker (it knows the words).
   */
  private byteOrder = this.RULE('byteOrder', (): ast.ByteOrderAttr => {
    const first = this.CONSUME(t.Identifier);
    this.CONSUME(t.LParen);
    const order = this.ident(this.CONSUME2(t.Identifier));
    this.CONSUME(t.RParen);
    return { kind: 'ByteOrder', order, span: this.spanFrom(first) };
  });

  private atByteOrder(): boolean {
    return this.LA(1).tokenType === t.Identifier && this.LA(1).image === 'byte_order';
  }

  private alignment = this.RULE('alignment', (): ast.Expr => {
    this.CONSUME(t.Align);
    this.CONSUME(t.LParen);
    const value = this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
    return value;
  });

  /** `hdr.type`: a path through fields, whose names may be keywords. */
  private fieldPath = this.RULE('fieldPath', (): ast.Ident[] => {
    const path = [this.ident(this.CONSUME(t.Name))];
    this.MANY(() => {
      this.CONSUME(t.Dot);
      path.push(this.ident(this.CONSUME2(t.Name)));
    });
    return path;
  });

  // -------------------------------------------------------------------------
  // Types

  /** A named or pointer type, then any number of `[N]` suffixes: `u8[4][2]`. */
  private typeRef = this.RULE('typeRef', (): ast.TypeRef => {
    const first = this.LA(1);
    let type = this.OR({
      ERR_MSG: 'a type',
      DEF: [
        { ALT: (): ast.TypeRef => this.SUBRULE(this.pointerType) },
        { ALT: (): ast.TypeRef => this.SUBRULE(this.namedType) },
      ],
    });
    let dimensions = 0;
    this.MANY(() => {
      const open = this.CONSUME(t.LBracket);
      const length = this.SUBRULE(this.expression);
      this.CONSUME(t.RBracket);
      // Each dimension nests the type once more, and later passes recurse through it.
      dimensions++;
      this.ACTION(() => {
        if (dimensions === MAX_ARRAY_DIMENSIONS + 1) {
          this.diags.error(
            this.source.tokenSpan(open),
            `an array type has at most ${MAX_ARRAY_DIMENSIONS} dimensions`,
          );
        }
      });
      if (dimensions <= MAX_ARRAY_DIMENSIONS) {
        type = { kind: 'ArrayType', element: type, length, span: this.spanFrom(first) };
      }
    });
    return type;
  });

  private pointerType = this.RULE('pointerType', (): ast.PointerType => {
    const first = this.CONSUME(t.Ptr);
    const pointee = this.OPTION(() => {
      this.CONSUME(t.Less);
      const type = this.SUBRULE(this.typeRef);
      this.CONSUME(t.Greater);
      return type;
    });
    return { kind: 'PointerType', pointee: pointee ?? null, span: this.spanFrom(first) };
  });

  /** `u32`, `Oid`, `coyotos.Oid`. */
  private namedType = this.RULE('namedType', (): ast.NamedType => {
    const first = this.LA(1);
    const path = this.SUBRULE(this.qualifiedName);
    return { kind: 'NamedType', path, span: this.spanFrom(first) };
  });

  /** `PAGE_SIZE`, `CapType.Page`, `ns.Type`: later segments may be keywords. */
  private qualifiedName = this.RULE('qualifiedName', (): ast.Ident[] => {
    const path = [this.ident(this.CONSUME(t.Identifier))];
    this.MANY(() => {
      this.CONSUME(t.Dot);
      path.push(this.ident(this.CONSUME(t.Name)));
    });
    return path;
  });

  // -------------------------------------------------------------------------
  // Expressions, loosest first

  private expression = this.RULE('expression', (): ast.Expr => this.binary(this.xorExpr, t.Pipe));
  private xorExpr = this.RULE('xorExpr', (): ast.Expr => this.binary(this.andExpr, t.Caret));
  private andExpr = this.RULE('andExpr', (): ast.Expr => this.binary(this.shiftExpr, t.Amp));

  /** `>>` is two adjacent `>` tokens (see tokens.ts). */
  private shiftExpr = this.RULE('shiftExpr', (): ast.Expr => {
    const first = this.LA(1);
    let left = this.SUBRULE(this.additiveExpr);
    this.MANY({
      GATE: () =>
        this.LA(1).tokenType !== t.Greater || this.LA(1).startOffset + 1 === this.LA(2).startOffset,
      DEF: () => {
        const op = this.OR<ast.BinaryOp>([
          {
            ALT: () => {
              this.CONSUME(t.ShiftLeft);
              return '<<';
            },
          },
          {
            ALT: () => {
              this.CONSUME(t.Greater);
              this.CONSUME2(t.Greater);
              return '>>';
            },
          },
        ]);
        const right = this.SUBRULE2(this.additiveExpr);
        left = { kind: 'BinaryExpr', op, left, right, span: this.spanFrom(first) };
      },
    });
    return left;
  });

  private additiveExpr = this.RULE('additiveExpr', (): ast.Expr =>
    this.binary(this.multiplicativeExpr, t.AdditiveOperator),
  );
  private multiplicativeExpr = this.RULE('multiplicativeExpr', (): ast.Expr =>
    this.binary(this.unaryExpr, t.MultiplicativeOperator),
  );

  /** Prefix operators are collected in a loop, so `------x` costs no recursion. */
  private unaryExpr = this.RULE('unaryExpr', (): ast.Expr => {
    const operators: IToken[] = [];
    this.MANY(() => operators.push(this.CONSUME(t.UnaryOperator)));
    let operand = this.SUBRULE(this.primary);
    for (const operator of operators.reverse()) {
      operand = {
        kind: 'UnaryExpr',
        op: operator.image as ast.UnaryOp,
        operand,
        span: this.spanFrom(operator),
      };
    }
    return operand;
  });

  private primary = this.RULE('primary', (): ast.Expr =>
    this.OR({
      ERR_MSG: 'an expression',
      DEF: [
        { ALT: () => this.intLiteral(this.CONSUME(t.Integer)) },
        { ALT: () => this.boolLiteral(this.CONSUME(t.True), 1n) },
        { ALT: () => this.boolLiteral(this.CONSUME(t.False), 0n) },
        { ALT: () => this.SUBRULE(this.nameReference) },
        { ALT: () => this.SUBRULE(this.parenthesized) },
        { ALT: () => this.SUBRULE(this.sizeofExpr) },
        { ALT: () => this.SUBRULE(this.alignofExpr) },
        { ALT: () => this.SUBRULE(this.offsetofExpr) },
      ],
    }),
  );

  private nameReference = this.RULE('nameReference', (): ast.NameExpr => {
    const first = this.LA(1);
    const path = this.SUBRULE(this.qualifiedName);
    return { kind: 'NameExpr', path, span: this.spanFrom(first) };
  });

  /** The parentheses leave no node: the inner expression is the value. */
  private parenthesized = this.RULE('parenthesized', (): ast.Expr => {
    this.CONSUME(t.LParen);
    const inner = this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
    return inner;
  });

  private sizeofExpr = this.RULE('sizeofExpr', (): ast.SizeofExpr => {
    const first = this.CONSUME(t.Sizeof);
    this.CONSUME(t.LParen);
    const type = this.SUBRULE(this.typeRef);
    this.CONSUME(t.RParen);
    return { kind: 'SizeofExpr', type, span: this.spanFrom(first) };
  });

  private alignofExpr = this.RULE('alignofExpr', (): ast.AlignofExpr => {
    const first = this.CONSUME(t.Alignof);
    this.CONSUME(t.LParen);
    const type = this.SUBRULE(this.typeRef);
    this.CONSUME(t.RParen);
    return { kind: 'AlignofExpr', type, span: this.spanFrom(first) };
  });

  private offsetofExpr = this.RULE('offsetofExpr', (): ast.OffsetofExpr => {
    const first = this.CONSUME(t.Offsetof);
    this.CONSUME(t.LParen);
    const type = this.SUBRULE(this.typeRef);
    this.CONSUME(t.Comma);
    const field = this.SUBRULE(this.fieldPath);
    this.CONSUME(t.RParen);
    return { kind: 'OffsetofExpr', type, field, span: this.spanFrom(first) };
  });

  /** `A, B, C` after `when`. */
  private expressionList = this.RULE('expressionList', (): ast.Expr[] => {
    const list = [this.SUBRULE(this.expression)];
    this.MANY(() => {
      this.CONSUME(t.Comma);
      list.push(this.SUBRULE2(this.expression));
    });
    return list;
  });

  // -------------------------------------------------------------------------
  // Building blocks of the rules (not rules themselves)

  /** A left-associative level of binary operators, all from the category `operators`. */
  private binary(operand: ParserMethod<[], ast.Expr>, operators: TokenType): ast.Expr {
    const first = this.LA(1);
    let left = this.SUBRULE(operand);
    this.MANY(() => {
      const op = this.CONSUME(operators).image as ast.BinaryOp;
      const right = this.SUBRULE2(operand);
      left = { kind: 'BinaryExpr', op, left, right, span: this.spanFrom(first) };
    });
    return left;
  }

  private spanFrom(first: IToken): ast.Span {
    return this.source.tokenSpan(first, this.LA(0));
  }

  private docFor(first: IToken): string | null {
    this.docsRead.add(first.startOffset);
    return this.docs.get(first.startOffset) ?? null;
  }

  private ident(token: IToken): ast.Ident {
    return { kind: 'Ident', name: token.image, span: this.source.tokenSpan(token) };
  }

  private nameExpr(tokens: IToken[]): ast.NameExpr {
    return {
      kind: 'NameExpr',
      path: tokens.map((token) => this.ident(token)),
      span: this.spanFrom(tokens[0]),
    };
  }

  /** A malformed literal was reported by the lexer; its value here is 0. */
  private intLiteral(token: IToken): ast.IntLiteral {
    const parsed = parseInteger(token.image);
    const value = parsed.error === undefined ? parsed.value : 0n;
    return { kind: 'IntLiteral', value, text: token.image, span: this.source.tokenSpan(token) };
  }

  private boolLiteral(token: IToken, value: bigint): ast.IntLiteral {
    return { kind: 'IntLiteral', value, text: token.image, span: this.source.tokenSpan(token) };
  }
}
