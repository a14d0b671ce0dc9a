/**
 * Runs the CSV export's reads and formatting in a worker thread (csv-export-worker.ts) when the database is
 * a file the worker can open too. On the shared connection a page is one synchronous step of the server's
 * event loop (issue 16: /healthz waited behind it); in the worker the main thread only forwards strings.
 * Back-pressure: the worker may be at most WINDOW pages ahead of the consumer, so memory stays bounded.
 * A worker that finished an export waits, unreferenced, for the next one: starting one (loading the modules)
 * takes longer than a small export.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { LogQuery } from './query';

/** Parent → worker: an export to run, or one more page may be sent. */
export type CsvWorkerRequest = { job: CsvJob } | { more: true };
export interface CsvJob {
  file: string;
  query: LogQuery;
  appNames: [string, string][];
  window: number;
}

/** Worker → parent: a page's CSV text, the end, or a failure's message. */
export type CsvWorkerMessage = { chunk: string } | { done: true } | { error: string };

const WINDOW = 2;
const WORKER_URL = new URL(`./csv-export-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** The file a worker can open read-only, or null for in-memory and temporary databases. */
export function workerFileOf(client: Database.Database): string | null {
  return client.memory || client.name === '' ? null : client.name;
}

/**
 * A new worker. Run from TypeScript sources (node --import tsx, vitest), Node 20 does not apply tsx's loader
 * to a worker's entry file, so a bootstrap registers tsx in the worker first and then imports it.
 */
function startWorker(): Worker {
  if (!WORKER_URL.pathname.endsWith('.ts')) return new Worker(WORKER_URL);
  // tsx's ESM entry (its CJS one cannot register the ESM loader); vitest's import.meta has no resolve.
  const tsx =
    typeof import.meta.resolve === 'function'
      ? import.meta.resolve('tsx/esm/api')
      : pathToFileURL(
          createRequire(import.meta.url)
            .resolve('tsx/esm/api')
            .replace(/\.cjs$/, '.mjs'),
        ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true });
}

// One idle worker kept for the next export (more exports at once start more; extra ones end after use).
let idle: Worker | null = null;

/** Every page of the filter as CSV text (no header), formatted in a worker thread. */
export async function* csvPagesInWorker(
  file: string,
  query: LogQuery,
  appNames: Map<string, string>,
): AsyncGenerator<string> {
  const worker = idle ?? startWorker();
  idle = null;
  worker.ref();
  const queue: CsvWorkerMessage[] = [];
  let wake: (() => void) | null = null;
  const push = (m: CsvWorkerMessage) => {
    queue.push(m);
    wake?.();
  };
  const onExit = (code: number) => push({ error: `the export worker stopped (exit code ${code})` });
  const onError = (err: Error) => push({ error: err.message });
  worker.on('message', push);
  worker.on('error', onError);
  worker.on('exit', onExit);
  let ended = false;
  let failure: Error | null = null;
  try {
    worker.postMessage({ job: { file, query, appNames: [...appNames], window: WINDOW } } satisfies CsvWorkerRequest);
    for (;;) {
      const m = queue.shift() ?? (await new Promise<void>((r) => (wake = r)).then(() => queue.shift()));
      wake = null;
      if (!m) continue;
      if ('error' in m) {
        failure = new Error(`Log export failed: ${m.error}`);
        break;
      }
      if ('done' in m) {
        ended = true;
        break;
      }
      yield m.chunk;
      // The consumer has taken the page: the worker may read one more.
      worker.postMessage({ more: true } satisfies CsvWorkerRequest);
    }
  } finally {
    worker.off('message', push);
    worker.off('error', onError);
    worker.off('exit', onExit);
    // A finished worker waits for the next export; one stopped mid-export (client gone) or failed goes.
    if (ended && !failure && !idle) {
      worker.unref();
      idle = worker;
    } else await worker.terminate();
  }
  if (failure) throw failure;
}
