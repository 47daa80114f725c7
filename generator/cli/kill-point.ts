/**
 * A test hook, and nothing else: with `CDL_TEST_KILL_AT=n` in the environment, the process
 * sends itself SIGKILL (which nothing can catch or clean up after) just before its n-th change
 * to the file system while writing the output or recovering an interrupted run. A run that
 * makes fewer changes finishes normally. tests/cli/killed-runs.test.ts kills real runs at every
 * n, to prove that no point leaves a mix of old and new output. Unset, as always outside that
 * test, `beforeChange` only counts.
 */
const killAt = Number.parseInt(process.env.CDL_TEST_KILL_AT ?? '', 10);
let changes = 0;

/** Called by files.ts before each single change (mkdir, write, rename, remove). */
export function beforeChange(): void {
  changes += 1;
  if (changes !== killAt) return;
  process.kill(process.pid, 'SIGKILL');
  // The signal is delivered before kill(2) returns; should it not be, make no further change.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
