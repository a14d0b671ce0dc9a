/**
 * What the groups and memberships CSV imports share: reading every row without holding the event loop, the
 * per-line outcomes both the preview and the import report, and the dry run. Their preview is the import's
 * own write step run in a transaction that is rolled back, so it shows exactly what the commit would do,
 * including a nesting loop formed only by two rows of the same file, which a read-only check would miss.
 */
import type { Db } from '../../db/client';
import type { ImportResult } from './csv-import';
import type { PreviewLine, PreviewOutcome } from './csv-preview';
import { type CsvRow, csvRows, tickBudget } from './csv-read';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Every row of the file after its checked header; slices of parsing and row copying yield between them. */
export async function readAllRows(
  text: string,
  columns: { required: readonly string[]; allowed: readonly string[] },
): Promise<CsvRow[]> {
  const budget = tickBudget();
  const rows: CsvRow[] = [];
  for await (const row of csvRows(text, columns)) {
    rows.push(row);
    await budget.yieldIfDue();
  }
  return rows;
}

/** Thrown to end a dry run's transaction; never leaves dryRun. */
class RolledBack extends Error {}

/** Run a write step and roll it back: the database is as before, the step's return value is kept. */
export function dryRun<T>(db: Db, step: (tx: Tx) => T): T {
  let out: { value: T } | undefined;
  try {
    db.transaction((tx) => {
      out = { value: step(tx) };
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  return (out as { value: T }).value;
}

/** Counts per outcome over all lines. */
export function countOutcomes(lines: readonly PreviewLine[]): Record<PreviewOutcome, number> {
  const counts: Record<PreviewOutcome, number> = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const l of lines) counts[l.outcome]++;
  return counts;
}

/** The preview as the page shows it: counts over the whole file, the first `limit` lines listed. */
export function previewOf(lines: readonly PreviewLine[], limit: number) {
  const listed = lines.slice(0, limit);
  return { lines: listed, counts: countOutcomes(lines), listed: listed.length };
}

/** The import's answer (the API's shape): counts and every line in error. */
export function resultOf(lines: readonly PreviewLine[]): ImportResult {
  const c = countOutcomes(lines);
  const errors = lines.filter((l) => l.outcome === 'error').map((l) => ({ line: l.line, message: l.detail }));
  return { created: c.create, updated: c.update, unchanged: c.unchanged, errors };
}
