/**
 * The README's tutorial ("Your own project in ten minutes"), followed word for word in a fresh
 * directory beside a clone of this repository (of the last commit, unbuilt, as a user clones
 * it): its `sh` blocks run as they are, in one shell, so `cd` carries on; a code block whose
 * first line is a comment naming a file (`// src/main.ts`) is written to that file; a
 * `console` block runs each `$ ` command and compares what it prints with the lines shown
 * below it. Nothing of the README is rewritten, so a tutorial that drifts from the product
 * fails here. npm prefers its cache (filled by installing this repository) to the network.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRustc, skipFor } from '../toolchains/tools.js';
import { ROOT } from './harness.js';

const SECTION = '## Your own project in ten minutes';

/** One fenced block of the section: its info string and its lines. */
interface Block {
  readonly lang: string;
  readonly lines: readonly string[];
}

export function tutorialBlocks(readme: string): Block[] {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no section "${SECTION}"`);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, lines: m[2]!.replace(/\n$/, '').split('\n') }));
}

/** A heredoc of `lines`, with a terminator no line of them is. */
function heredoc(lines: readonly string[]): string {
  let end = 'CDL_TUTORIAL_EOF';
  while (lines.includes(end)) end += '_';
  return `<<'${end}'\n${lines.join('\n')}\n${end}`;
}

/** The bash script that does what the blocks say; expected outputs are kept in `scratch`. */
export function tutorialScript(blocks: readonly Block[], scratch: string): string {
  const out = ['set -euo pipefail'];
  let n = 0;
  for (const block of blocks) {
    if (block.lang === 'sh') out.push(...block.lines);
    else if (block.lang === 'console') {
      // `$ command` lines, each followed by what it prints.
      for (let i = 0; i < block.lines.length; ) {
        const command = block.lines[i]!;
        if (!command.startsWith('$ ')) throw new Error(`console block: expected a "$ " command, found: ${command}`);
        let j = i + 1;
        while (j < block.lines.length && !block.lines[j]!.startsWith('$ ')) j++;
        const expected = path.join(scratch, `expected-${++n}`);
        const actual = path.join(scratch, `actual-${n}`);
        const shown = block.lines.slice(i + 1, j);
        out.push(shown.length > 0 ? `cat > ${expected} ${heredoc(shown)}` : `: > ${expected}`);
        out.push(`echo "+ ${command.slice(2).replace(/["$`\\]/g, '\\$&')}"`, `{ ${command.slice(2)} ; } > ${actual}`, `diff -u ${expected} ${actual}`);
        i = j;
      }
    } else {
      const file = /^(?:\/\/|#) (\S+)$/.exec(block.lines[0] ?? '')?.[1];
      if (!file) continue; // an illustration, not a file of the tutorial
      out.push(`mkdir -p "$(dirname ${file})"`, `cat > ${file} ${heredoc(block.lines)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

describe("the README's tutorial", () => {
  const blocks = tutorialBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));

  it('is made of commands, files and the output they print', () => {
    expect(blocks.filter((b) => b.lang === 'sh').length).toBeGreaterThan(0);
    expect(blocks.filter((b) => b.lang === 'console').length).toBeGreaterThanOrEqual(3);
    const script = tutorialScript(blocks, '/scratch');
    for (const file of ['src/main.ts', 'main.c', 'main.rs']) expect(script).toContain(`cat > ${file} <<`);
    expect(script).toContain('npx cdl gen');
  });

  it('works word for word in a fresh directory beside an unbuilt clone', (ctx) => {
    const gcc = spawnSync('gcc', ['--version']).status === 0;
    if (!gcc) skipFor(ctx, 'no gcc on PATH: the tutorial compiles C');
    const rustc = findRustc();
    if (!rustc) skipFor(ctx, 'no rustc on PATH or in ~/.cargo/bin: the tutorial compiles Rust');
    const where = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-tutorial-'));
    try {
      execFileSync('git', ['clone', '-q', ROOT, path.join(where, 'cdl')], { stdio: 'ignore' });
      const scratch = path.join(where, 'scratch');
      fs.mkdirSync(scratch);
      fs.writeFileSync(path.join(scratch, 'tutorial.sh'), tutorialScript(blocks, scratch));
      // A user's shell: not what npm and vitest set for this process (npm_config_local_prefix
      // would send npm to this repository).
      const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|VITEST|NODE_OPTIONS$|NODE_ENV$)/.test(key)));
      const env: NodeJS.ProcessEnv = {
        ...inherited,
        PATH: `${path.dirname(rustc!)}${path.delimiter}${process.env.PATH ?? ''}`,
        NO_COLOR: '1',
        npm_config_prefer_offline: 'true',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
      };
      const run = spawnSync('bash', [path.join(scratch, 'tutorial.sh')], { cwd: where, env, encoding: 'utf8', timeout: 500_000 });
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    } finally {
      fs.rmSync(where, { recursive: true, force: true });
    }
  }, 600_000);
});
