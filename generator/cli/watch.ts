/**
 * `cdl gen --watch`: runs `cdl gen`, then again whenever a file it read changes (the
 * configuration, a spec, an import) or a `.cdl` file appears in a spec directory, until Ctrl-C.
 *
 * Each run is a whole `cdl gen`, with its guarantees: a run with errors prints them and writes
 * nothing, and the output changes through the journal (journal.ts), so a watcher stopped or
 * killed mid-run leaves it whole. Changes that come while a run is under way are gathered
 * into one more run after it; a burst of events (an editor's save is several) is one change.
 * The output directory is never watched, so the files a run writes cannot start another.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What one `cdl gen` did: its exit code, what it read, and where it writes. */
export interface GenRun {
  readonly code: number;
  /** The configuration file, the spec files and directories it names, every spec read. */
  readonly read: readonly string[];
  readonly output: string | null;
}

export interface WatchOptions {
  readonly io: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void };
  readonly configFile: string;
  /** Stops watching (as Ctrl-C does); for tests and embedders. */
  readonly signal?: AbortSignal;
  /** How long after the last event a run starts, in ms (default 20). */
  readonly settleMs?: number;
}

/** Runs `runOnce` now and after every change; resolves with 0 once stopped. */
export async function watch(runOnce: () => Promise<GenRun>, options: WatchOptions): Promise<number> {
  const { io } = options;
  const settle = options.settleMs ?? 20;
  const watchers = new Map<string, fs.FSWatcher>();
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let files = new Set<string>();
  let output: string | null = null;

  const cwdRelative = (p: string) => path.relative(process.cwd(), p) || '.';

  /** Whether an event at `file` is a change to the project: not in the output, a spec or a file read. */
  const matters = (file: string): boolean => {
    if (output && (file === output || file.startsWith(output + path.sep))) return false;
    if (files.has(file) || file.endsWith('.cdl') || file === path.resolve(options.configFile)) return true;
    // A new directory below a spec directory may hold specs.
    return !watchers.has(file) && fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
  };

  const onEvent = (dir: string) => (_event: string, name: string | Buffer | null) => {
    const file = name === null ? dir : path.resolve(dir, name.toString());
    if (stopped || !matters(file)) return;
    changed.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void schedule();
    }, settle);
  };

  /**
   * Watches the directories of what the last run read, and every directory below a spec
   * directory it named. Each directory is watched on its own: Node's recursive watching on
   * Linux loses a file that an editor saves by renaming a new one over it.
   */
  const rewatch = (read: readonly string[]) => {
    files = new Set(read);
    const wanted = new Set<string>();
    const below = (dir: string) => {
      if (wanted.has(dir) || (output && (dir === output || dir.startsWith(output + path.sep)))) return;
      wanted.add(dir);
      let entries: fs.Dirent[] = [];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') below(path.join(dir, e.name));
    };
    for (const p of read) {
      let stat: fs.Stats | undefined;
      try {
        stat = fs.statSync(p, { throwIfNoEntry: false });
      } catch {
        stat = undefined;
      }
      // A missing file is watched through its directory, so that its creation is seen.
      if (stat?.isDirectory()) below(p);
      else if (fs.existsSync(path.dirname(p))) wanted.add(path.dirname(p));
    }
    for (const [dir, w] of watchers) {
      if (!wanted.has(dir)) {
        w.close();
        watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const w = fs.watch(dir, { persistent: true }, onEvent(dir));
        w.on('error', () => {
          // A directory removed while watched: the next run watches what exists then.
          w.close();
          watchers.delete(dir);
        });
        watchers.set(dir, w);
      } catch (e) {
        io.stderr(`cdl: cannot watch ${cwdRelative(dir)}: ${(e as Error).message}\n`);
      }
    }
  };

  const once = async () => {
    const started = performance.now();
    const r = await runOnce();
    output = r.output ? path.resolve(r.output) : null;
    rewatch(r.read);
    io.stdout(`cdl: ${r.code === 0 ? 'done' : 'failed'} in ${Math.round(performance.now() - started)} ms; watching ${files.size} files and directories (Ctrl-C stops)\n`);
  };

  const schedule = async (): Promise<void> => {
    if (running) return; // the run under way takes the changes up when it ends
    running = (async () => {
      while (changed.size > 0 && !stopped) {
        const what = [...changed].map(cwdRelative).sort();
        changed.clear();
        io.stdout(`cdl: changed: ${what.slice(0, 5).join(', ')}${what.length > 5 ? ` and ${what.length - 5} more` : ''}\n`);
        await once();
      }
    })();
    await running;
    running = null;
  };

  await once();
  await new Promise<void>((resolve) => {
    const stop = () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A run under way finishes first: the output is then the new one, not a journal to complete.
      void Promise.resolve(running).then(() => resolve());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener('abort', stop, { once: true });
  });
  return 0;
}
