/**
 * What the groups and memberships CSV imports share. Both run in two phases that never hold the event loop
 * for long: every line is checked against the directory without writing (the preview is exactly this phase),
 * then the lines to write are written in short transactions, one tick's budget each, with a yield between.
 * A better-sqlite3 transaction cannot span an await, and one transaction for 20,000 membership rows held the
 * loop for ~28 s on the build machine, so all-or-nothing comes from checking every line before any write,
 * as the users import does (csv-import.ts).
 */
import type { Db } from '../../db/client';
import type { ImportResult } from './csv-import';
import type { PreviewLine, PreviewOutcome } from './csv-preview';
import { type CsvRow, csvRows, type TickBudget, tickBudget } from './csv-read';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Every row of the file after its checked header; parsing and row copying yield between slices. */
export async function readAllRows(
  text: string,
  columns: { required: readonly string[]; allowed: readonly string[] },
  budget: TickBudget,
): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of csvRows(text, columns)) {
    rows.push(row);
    await budget.yieldIfDue();
  }
  return rows;
}

/** Check every row in order (the check may keep state across rows), yielding when the tick's budget is spent. */
export async function checkRows<T>(rows: readonly CsvRow[], check: (row: CsvRow) => T, budget: TickBudget) {
  const out: T[] = [];
  for (const row of rows) {
    out.push(check(row));
    await budget.yieldIfDue();
  }
  return out;
}

/**
 * Write items in transactions of one tick's budget each; `afterChunk` runs after each commit (to nudge the
 * scheduler early). A crash leaves a prefix written; the writes are upserts and adds, so re-sending completes it.
 */
export async function writeInChunks<T>(
  db: Db,
  items: readonly T[],
  write: (tx: Tx, item: T) => void,
  afterChunk: () => void,
  budget: TickBudget = tickBudget(),
): Promise<void> {
  let next = 0;
  while (next < items.length) {
    db.transaction((tx) => {
      do write(tx, items[next++] as T);
      while (next < items.length && !budget.due());
    });
    afterChunk();
    await budget.yieldIfDue();
  }
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
