/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that crosses
 * `wal_autocheckpoint` pages, on the writing connection: with a log batch per commit that was about a third of
 * the writer's time (bench/log-insert.ts, issue 16), and it ran on the thread that also answers HTTP. A worker
 * thread with its own connection checkpoints PASSIVE every few hundred milliseconds instead; the writer's own
 * automatic checkpoint stays as a fallback at FALLBACK_PAGES, reached only when the worker lags or is gone.
 * Measured (docs/PERFORMANCE.md): 1.31× the log inserts when a core is free for it, the same when a search
 * loop already keeps both cores busy; the event loop stops paying for checkpoints either way.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from './client';

/** SQLite's default wal_autocheckpoint (pages), restored when the checkpointer stops or fails. */
const SQLITE_DEFAULT_PAGES = 1000;
/** The writer checkpoints itself only past this many WAL pages (64 MiB at 4 KiB pages). */
export const FALLBACK_PAGES = 16_384;
/** A WAL file left larger than this after a restart is truncated to it (bytes). */
const WAL_SIZE_LIMIT = 64 * 2 ** 20;

/** What the last checkpoint found: frames in the WAL, frames copied, whether a writer held it back. */
export interface CheckpointStats {
  walFrames: number;
  checkpointed: number;
  busy: boolean;
  ms: number;
  runs: number;
}

export interface Checkpointer {
  stats(): CheckpointStats;
  stop(): Promise<void>;
}

/**
 * Start the checkpointer for `file` (the file `db` was opened on). `:memory:` databases have no WAL: null.
 * `onError` hears of a failed worker; the writer's own automatic checkpoint is back at SQLite's default then.
 */
export function startCheckpointer(
  db: Db,
  file: string,
  opts: { intervalMs?: number; onError?: (err: Error) => void } = {},
): Checkpointer | null {
  if (file === ':memory:' || file === '') return null;
  const sqlite = db.$client;
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  const worker = new Worker(new URL('./checkpoint-worker.cjs', import.meta.url), {
    workerData: { file, intervalMs: opts.intervalMs ?? 250 },
  });
  // The worker never keeps the process alive: shutdown closes it, and an exit without shutdown needs no checkpoint.
  worker.unref();
  let last: CheckpointStats = { walFrames: 0, checkpointed: 0, busy: false, ms: 0, runs: 0 };
  const fallBack = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
  };
  worker.on('message', (m: Omit<CheckpointStats, 'runs'>) => {
    last = { ...m, runs: last.runs + 1 };
  });
  worker.on('error', (err) => {
    fallBack();
    // The worker throws plain Errors (checkpoint-worker.cjs); anything else that crosses is wrapped in one.
    opts.onError?.(err instanceof Error ? err : new Error(`WAL checkpoint worker failed: ${JSON.stringify(err)}`));
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stats: () => last,
    async stop() {
      fallBack();
      // Referenced again so the process waits for the worker's connection to close.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
