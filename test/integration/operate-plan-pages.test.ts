/** A whole plan read in keyset pages (apply and the CSV download): every item once, in seq order, filters kept. */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { dryRunPlans } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { guardCell } from '../../src/kernel/csv-cell';
import { PLAN_CSV_COLUMNS, planCsvChunks } from '../../src/operate/dry-run/csv';
import type { PlanAction, PlanItem } from '../../src/operate/dry-run/plan';
import { allPlanItems, insertItems, itemChanges, planItemPages } from '../../src/operate/dry-run/store';
import { freshDb } from '../support/db';

const N = 450;

/** A stored plan of 450 items: every 7th a skip, every 11th failed, the rest spread over the actions. */
function storedPlan() {
  const { db, clock, secrets } = freshDb();
  const app = createApplication({ db, clock, secrets }, CLI_ACTOR, { name: 'HR', template: 'scim' });
  const planId = 'plan-1';
  db.insert(dryRunPlans)
    .values({
      id: planId,
      appId: app.id,
      mode: 'full',
      status: 'ready',
      createdAt: clock.now(),
      createdBy: 'test',
      journalHead: 0,
      counts: '{}',
    })
    .run();
  const acts: PlanAction[] = ['create', 'update', 'disable', 'delete'];
  const items: PlanItem[] = Array.from({ length: N }, (_, i) => {
    const action: PlanAction = i % 7 === 0 ? 'skip' : i % 11 === 0 ? 'failed' : (acts[i % 4] as PlanAction);
    const changes = Array.from({ length: i % 3 }, (_, k) => ({
      attribute: `attr${k}`,
      oldValue: k === 0 ? null : `old, "quoted" ${i}`,
      newValue: `new ${i}`,
    }));
    // A display name a spreadsheet would run as a formula, and one with a comma.
    const displayName = i === 200 ? '=HYPERLINK("http://evil")' : i === 201 ? 'Doe, Jane' : `User ${i}`;
    return {
      sourceId: `src-${String(i).padStart(4, '0')}`,
      displayName,
      action,
      targetId: null,
      reason: null,
      changes,
      guarded: false,
    };
  });
  db.transaction((tx) => insertItems(tx, planId, items));
  return { db, planId, items };
}

async function text(chunks: AsyncIterable<string>): Promise<{ text: string; chunks: number }> {
  let all = '';
  let n = 0;
  for await (const c of chunks) {
    all += c;
    n += 1;
  }
  return { text: all, chunks: n };
}

describe('plan items in pages', () => {
  it('walks every item once, in seq order, with and without filters', () => {
    const { db, planId } = storedPlan();
    const pages = [...planItemPages(db, planId, {}, 7)];
    expect(pages).toHaveLength(Math.ceil(N / 7));
    expect(pages.every((p) => p.length > 0 && p.length <= 7)).toBe(true);
    expect(pages.flat().map((i) => i.seq)).toEqual(Array.from({ length: N }, (_, i) => i));

    const executable = [...planItemPages(db, planId, { executable: true }, 7)].flat();
    expect(executable.map((i) => i.seq)).toEqual(
      allPlanItems(db, planId)
        .filter((i) => i.action !== 'skip' && i.action !== 'failed')
        .map((i) => i.seq),
    );
    expect(executable.length).toBeGreaterThan(300);
    const updates = [...planItemPages(db, planId, { action: 'update', q: 'User 1' }, 5)].flat();
    expect(updates.map((i) => i.seq)).toEqual(
      allPlanItems(db, planId, { action: 'update', q: 'User 1' }).map((i) => i.seq),
    );
    expect(updates.length).toBeGreaterThan(5);
  });

  it('streams the CSV a page at a time: every row once, in order, as one page would, formulas guarded', async () => {
    const { db, planId, items } = storedPlan();
    const paged = await text(planCsvChunks(db, planId, {}, 7));
    const whole = await text(planCsvChunks(db, planId, {}, 10_000));
    expect(paged.chunks).toBe(1 + Math.ceil(N / 7));
    expect(paged.text).toBe(whole.text);

    // The rows the in-memory export (csv-stringify over guarded cells) produced for the same items.
    const expected: string[][] = [];
    for (const i of allPlanItems(db, planId)) {
      const base = [i.sourceId, i.displayName ?? '', i.action, '', ''];
      const changes = itemChanges(i);
      if (changes.length === 0) expected.push([...base, '', '', '', '']);
      for (const c of changes) expected.push([...base, c.attribute, c.oldValue ?? '', c.newValue ?? '', '']);
    }
    expect(paged.text).toBe(stringify([[...PLAN_CSV_COLUMNS], ...expected.map((r) => r.map(guardCell))]));

    const rows = parse(paged.text) as string[][];
    expect(rows[0]).toEqual([...PLAN_CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + items.reduce((n, i) => n + Math.max(1, i.changes.length), 0));
    const firstRowOf = [...new Set(rows.slice(1).map((r) => r[0]))];
    expect(firstRowOf).toEqual(items.map((i) => i.sourceId));
    expect(rows.find((r) => r[0] === 'src-0200')?.[1]).toBe(guardCell('=HYPERLINK("http://evil")'));
    expect(rows.find((r) => r[0] === 'src-0201')?.[1]).toBe('Doe, Jane');
  });
});
