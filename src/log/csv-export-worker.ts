/**
 * Worker thread of the CSV export (worker-export.ts starts it): reads the filter's pages on its own read-only
 * connection and formats them, so a million-row export neither blocks the server's event loop nor waits for
 * it. Sends one string per page; stops producing while `window` pages are unacknowledged (back-pressure).
 * Runs one export at a time, then waits for the next.
 */
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../db/schema';
import { csvPage } from './csv-export';
import { logPages } from './export-pages';
import type { CsvJob, CsvWorkerMessage, CsvWorkerRequest } from './worker-export';

let credits = 0;
let wake: (() => void) | null = null;

async function run(port: NonNullable<typeof parentPort>, job: CsvJob): Promise<void> {
  const client = new Database(job.file, { readonly: true, fileMustExist: true });
  const names = new Map(job.appNames);
  credits = job.window;
  try {
    for await (const rows of logPages(drizzle({ client, schema }), job.query)) {
      while (credits === 0) await new Promise<void>((r) => (wake = r));
      wake = null;
      credits -= 1;
      port.postMessage({ chunk: csvPage(rows, names) } satisfies CsvWorkerMessage);
    }
    port.postMessage({ done: true } satisfies CsvWorkerMessage);
  } finally {
    client.close();
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (m: CsvWorkerRequest) => {
    if ('more' in m) {
      // The parent's consumer took a page.
      credits += 1;
      wake?.();
      return;
    }
    run(port, m.job).catch((err: unknown) => {
      port.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies CsvWorkerMessage);
    });
  });
}
