/**
 * The commands of `cdl`, their options and their help, in one table: `cdl help`, `cdl help
 * COMMAND`, `cdl COMMAND --help`, the usage printed after a mistake and the message for an
 * unknown option are all printed from it, so that they cannot drift from what the commands
 * accept. Every command takes the common options (`--config`, `--quiet`, `--verbose`,
 * `--help`); `--config` always names the configuration file, and a layout configuration
 * (`config kernel;` in a spec) is always `--configuration`.
 */
import { parseArgs } from 'node:util';
import { editDistance } from '../../grammar/messages.js';

export interface OptionSpec {
  readonly name: string;
  readonly type: 'boolean' | 'string';
  /** What the value is, in the help (`FILE`, `TARGET`). */
  readonly arg?: string;
  readonly help: string;
  /** May be given more than once. */
  readonly multiple?: boolean;
  readonly short?: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line, for `cdl help`. */
  readonly summary: string;
  /** How it is called, one form a line, without `cdl `. */
  readonly usage: readonly string[];
  readonly options: readonly OptionSpec[];
  /** What the positional arguments are (`FILE...`), or null when it takes none. */
  readonly positionals: string | null;
  /** More to say in `cdl help COMMAND`: the emitters or targets it can use, examples. */
  readonly more?: () => readonly string[];
}

/** A mistake on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: CommandSpec | null = null,
  ) {
    super(message);
  }
}

const CONFIG: OptionSpec = { name: 'config', type: 'string', arg: 'FILE', help: 'the configuration file (default: cdl.config.json here or in the nearest directory above)' };
const TARGET: OptionSpec = { name: 'target', type: 'string', arg: 'TARGET', help: 'the target to lay out for' };
const CONFIGURATION: OptionSpec = { name: 'configuration', type: 'string', arg: 'NAME', help: "a layout configuration declared in the specs (`config kernel;`); default: the default one" };

/** Options every command takes. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'quiet', type: 'boolean', short: 'q', help: 'print only errors' },
  { name: 'verbose', type: 'boolean', short: 'v', help: 'say more about what is done' },
  { name: 'help', type: 'boolean', short: 'h', help: 'print this help' },
];

export function commandTable(lists: { readonly emitters: readonly string[]; readonly targets: readonly string[] }): readonly CommandSpec[] {
  return [
    {
      name: 'gen',
      summary: 'regenerate the output directory from the specs cdl.config.json names',
      usage: ['gen [--check | --watch] [--config FILE]'],
      options: [
        { name: 'check', type: 'boolean', help: 'write nothing; exit 1 and list the stale files if the output is not what the specs produce' },
        { name: 'watch', type: 'boolean', help: 'stay running, and regenerate whenever a spec or cdl.config.json changes (Ctrl-C stops)' },
        CONFIG,
      ],
      positionals: null,
      more: () => [`emitters ("emitters" in cdl.config.json): ${lists.emitters.join(', ')}`, `targets ("targets"): ${lists.targets.join(', ')}`],
    },
    {
      name: 'check',
      summary: "diagnose specs without writing anything: the project's, or the files and directories named",
      usage: ['check [--target TARGET]... [--configuration NAME]... [PATH...]'],
      options: [
        { ...TARGET, multiple: true, help: "a target to check for (default: the project's targets, or every built-in one outside a project)" },
        { ...CONFIGURATION, multiple: true, help: "a layout configuration to check (default: the project's for the whole project, else the default one)" },
        CONFIG,
      ],
      positionals: 'PATH...',
      more: () => [`targets: ${lists.targets.join(', ')}`],
    },
    {
      name: 'fmt',
      summary: "print specs in CDL's one layout, in place: the project's, or the files and directories named",
      usage: ['fmt [--check] [--config FILE] [PATH...]'],
      options: [{ name: 'check', type: 'boolean', help: 'write nothing; exit 1 and list the files that are not formatted' }, CONFIG],
      positionals: 'PATH...',
      more: () => ['a file with syntax errors is reported and left as it is', 'example: cdl fmt --check dsl'],
    },
    {
      name: 'layout',
      summary: 'print the resolved layouts of one target as JSON',
      usage: ['layout --json --target TARGET [--configuration NAME] FILE...'],
      options: [{ name: 'json', type: 'boolean', help: 'print JSON (the only format)' }, { ...TARGET, help: 'the target to lay out for (required)' }, CONFIGURATION],
      positionals: 'FILE...',
      more: () => [`targets: ${lists.targets.join(', ')}`],
    },
    {
      name: 'decode',
      summary: "print values of an enum or bit layout of the project's specs",
      usage: ['decode [--target TARGET] [--configuration NAME] [--config FILE] TYPE [VALUE...]'],
      options: [{ ...TARGET, help: "the target whose layout to use (default: the project's first)" }, CONFIGURATION, CONFIG],
      positionals: 'TYPE [VALUE...]',
      more: () => ['values are decimal, 0x, 0o or 0b, with _ between digits; from standard input when none are given', 'example: cdl decode x86.Pte 0x8000000012345067'],
    },
    {
      name: 'walk',
      summary: 'translate virtual addresses through the page tables of a physical-memory image',
      usage: ['walk [--target TARGET] [--scheme NAME] --root ADDRESS [--access read|write|execute] [--mode supervisor|user] [--option NAME]... MEMORY-FILE [VA...]'],
      options: [
        { ...TARGET, help: "the target whose paging schemes to use (default: the project's first)" },
        { name: 'scheme', type: 'string', arg: 'NAME', help: "the paging scheme (default: the target's first: x86.Paging4, riscv.Sv39)" },
        { name: 'root', type: 'string', arg: 'ADDRESS', help: 'the physical address of the top-level table (CR3, satp.PPN << 12): required' },
        { name: 'access', type: 'string', arg: 'ACCESS', help: 'read, write or execute (default: read)' },
        { name: 'mode', type: 'string', arg: 'MODE', help: 'supervisor or user (default: supervisor)' },
        { name: 'option', type: 'string', arg: 'NAME', multiple: true, help: "an option the scheme's rules name (RISC-V: sum)" },
        CONFIGURATION,
        CONFIG,
      ],
      positionals: 'MEMORY-FILE [VA...]',
      more: () => ['MEMORY-FILE is a raw image of physical memory (offset = physical address), read where the walk goes', 'addresses are decimal, 0x, 0o or 0b; from standard input when none are given', 'example: cdl walk --target x86_64 --root 0x1000 mem.img 0x7f8000001abc'],
    },
    {
      name: 'disasm',
      summary: "list a binary's instructions, one a line, through the project's decode tables",
      usage: ['disasm [--target TARGET] [--numeric] [--section NAME] [--config FILE] FILE', 'disasm --raw --target TARGET [--address ADDRESS] [--numeric] [--config FILE] FILE'],
      options: [
        { ...TARGET, help: "the target whose instructions to decode (default: the one the ELF header names among the project's)" },
        { name: 'numeric', type: 'boolean', help: 'print registers by number (x10), not by ABI name (a0)' },
        { name: 'section', type: 'string', arg: 'NAME', help: 'the ELF section to list (default: .text)' },
        { name: 'raw', type: 'boolean', help: 'the file is raw bytes, not an ELF file (needs --target)' },
        { name: 'address', type: 'string', arg: 'ADDRESS', help: 'with --raw: the address of the first byte (default: 0)' },
        CONFIGURATION,
        CONFIG,
      ],
      positionals: 'FILE',
      more: () => ['example: cdl disasm --target riscv64 /usr/riscv64-linux-gnu/lib/libc.so.6'],
    },
    {
      name: 'image',
      summary: 'build a Coyotos image from a manifest, or print one decoded',
      usage: ['image build [--output FILE] [--config FILE] MANIFEST', 'image inspect [--target TARGET] [--module FILE] FILE'],
      options: [
        { name: 'output', type: 'string', arg: 'FILE', help: 'build: the image to write (default: the manifest\'s "output")' },
        { ...TARGET, help: 'inspect: the target whose layouts to read with (default: the one whose code the header holds)' },
        { name: 'module', type: 'string', arg: 'FILE', help: "inspect: a compiled generated coyotos module to read with (default: CDL's own)" },
        { ...CONFIG, help: 'build: the project whose paging schemes a program\'s "pageTables" names (default: cdl.config.json here or above)' },
      ],
      positionals: 'build MANIFEST | inspect FILE',
      more: () => ['a manifest: {"target": "x86_64", "output": "boot.img", "programs": [{"name": "init", "elf": "init", "schedule": {"type": "Schedule"}}], "endpoints": [{"name": "ep", "recipient": "init"}]}', `targets: ${lists.targets.join(', ')}`],
    },
    {
      name: 'doc',
      summary: "write a static reference site for the project's specs: bit diagrams, layouts per target, live decoders",
      usage: ['doc [--out DIR] [--config FILE]'],
      options: [{ name: 'out', type: 'string', arg: 'DIR', help: "the site's directory (default: doc, beside the output directory)" }, CONFIG],
      positionals: null,
      more: () => ['open DIR/index.html in a browser: the site needs no server'],
    },
    {
      name: 'init',
      summary: 'start a project here: cdl.config.json, an example spec and tsconfig.json',
      usage: ['init'],
      options: [],
      positionals: null,
    },
    {
      name: 'lsp',
      summary: 'run the language server for editors (JSON-RPC over standard input and output)',
      usage: ['lsp [--stdio]'],
      options: [{ name: 'stdio', type: 'boolean', help: 'talk over standard input and output (the only transport; editors pass it)' }],
      positionals: null,
      more: () => ['an editor starts it; see docs/editors.md for the VS Code extension in editors/vscode/'],
    },
  ];
}

/** `cdl help`: every command with its summary. */
export function overview(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: cdl COMMAND [OPTIONS]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "'cdl help COMMAND' or 'cdl COMMAND --help' tells more; 'cdl --version' prints the version.",
    '',
  ].join('\n');
}

/** `cdl help COMMAND`: its usage, its options and the common ones, and anything more. */
export function commandHelp(c: CommandSpec): string {
  const all = [...c.options, ...COMMON_OPTIONS];
  const shown = all.map((o) => `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.arg ? ` ${o.arg}` : ''}`);
  const width = Math.max(...shown.map((s) => s.length));
  return [
    `usage: ${c.usage.map((u) => `cdl ${u}`).join('\n       ')}`,
    '',
    `${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.`,
    '',
    'options:',
    ...all.map((o, i) => `  ${shown[i]!.padEnd(width)}  ${o.help}${o.multiple ? ' (may be repeated)' : ''}`),
    ...(c.more ? ['', ...c.more()] : []),
    '',
  ].join('\n');
}

/** The usage lines printed after a mistake. */
export function usageLines(c: CommandSpec | null, commands: readonly CommandSpec[]): string {
  const forms = c ? c.usage : commands.flatMap((x) => x.usage);
  return `usage: ${forms.map((u) => `cdl ${u}`).join('\n       ')}\n`;
}

export interface Parsed {
  readonly values: { readonly [name: string]: string | boolean | readonly string[] | undefined };
  readonly positionals: readonly string[];
}

/**
 * The arguments of command `c`, its options and the common ones. An unknown option, a value
 * missing or given to a flag, or positionals to a command that takes none is a UsageError that
 * says what the command accepts.
 */
export function parseCommandArgs(c: CommandSpec, args: readonly string[]): Parsed {
  const all = [...c.options, ...COMMON_OPTIONS];
  const options = Object.fromEntries(all.map((o) => [o.name, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]));
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: c.positionals !== null, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw e;
    const list = all.map((o) => `--${o.name}${o.arg ? ` ${o.arg}` : ''}`).join(', ');
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const given = /'(-[^']*)'/.exec((e as Error).message)?.[1] ?? '';
      const bare = given.replace(/^-+/, '').replace(/=.*$/, '');
      const near = all.find((o) => editDistance(o.name, bare) <= Math.min(2, Math.floor(o.name.length / 3)));
      throw new UsageError(`cdl ${c.name} has no option '${given}'${near ? ` (did you mean '--${near.name}'?)` : ''}; its options are ${list}`, c);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`cdl ${c.name} takes no arguments, only options: ${list}`, c);
    // A missing value, a value given to a flag: node's message says which option.
    throw new UsageError(`cdl ${c.name}: ${(e as Error).message.replace(/\.$/, '')}`, c);
  }
}

/** The command named `name`, or a UsageError that lists them (and the nearest). */
export function findCommand(name: string, commands: readonly CommandSpec[]): CommandSpec {
  const c = commands.find((x) => x.name === name);
  if (c) return c;
  const near = commands.find((x) => editDistance(x.name, name) <= 2);
  throw new UsageError(`unknown command '${name}'${near ? ` (did you mean '${near.name}'?)` : ''}; the commands are ${commands.map((x) => x.name).join(', ')}`);
}
