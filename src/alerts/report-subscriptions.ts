/**
 * Scheduled reports: an activity report (key, range, application) mailed daily, weekly or monthly to a list
 * of addresses. Create and delete are audited; each send is audited by the outbox.
 */
import crypto from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { reportSubscriptions } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { NotFoundError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { RANGES } from '../reports/range';
import { REPORT_KEYS } from '../reports/report-tables';

export const FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const subscriptionSchema = z
  .object({
    reportKey: z.enum(REPORT_KEYS),
    // Custom ranges are fixed dates: a schedule would resend the same figures, so only rolling ranges.
    range: z.enum(RANGES).exclude(['custom']).default('7d'),
    appId: z.string().trim().min(1).max(200).nullable().optional(),
    frequency: z.enum(FREQUENCIES),
    recipients: z.array(z.string().trim().email().max(320)).min(1).max(50),
  })
  .strict();

/** The next run after `from`: a day, a week, or a calendar month later (UTC). */
export function nextRun(frequency: Frequency, from: number): number {
  if (frequency === 'daily') return from + 86_400_000;
  if (frequency === 'weekly') return from + 7 * 86_400_000;
  // The same day next month, or its last day when shorter (31 January → 28 February, not 3 March).
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(Math.min(day, new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()));
  return d.getTime();
}

type Row = typeof reportSubscriptions.$inferSelect;

export interface SubscriptionView
  extends Omit<Row, 'recipients' | 'nextRunAt' | 'lastRunAt' | 'createdAt' | 'updatedAt'> {
  recipients: string[];
  nextRunAt: string;
  lastRunAt: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function viewOfSubscription(r: Row): SubscriptionView {
  return {
    id: r.id,
    reportKey: r.reportKey,
    range: r.range,
    appId: r.appId,
    frequency: r.frequency,
    recipients: JSON.parse(r.recipients) as string[],
    nextRunAt: iso(r.nextRunAt),
    lastRunAt: r.lastRunAt === null ? null : iso(r.lastRunAt),
  };
}

/** The latest mail of a subscription: sent, waiting for a retry, or failed for good, with its last error. */
export interface LastDelivery {
  at: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  error: string | null;
}

export function listSubscriptions(db: Db): (SubscriptionView & { lastDelivery: LastDelivery | null })[] {
  const latest = db.$client.prepare(
    `SELECT created_at AS at, status, attempts, last_error AS error FROM alert_deliveries
     WHERE subject_id = ? ORDER BY created_at DESC LIMIT 1`,
  );
  return db
    .select()
    .from(reportSubscriptions)
    .orderBy(desc(reportSubscriptions.createdAt))
    .all()
    .map((r) => {
      const d = latest.get(r.id) as (Omit<LastDelivery, 'at'> & { at: number }) | undefined;
      return { ...viewOfSubscription(r), lastDelivery: d ? { ...d, at: iso(d.at) } : null };
    });
}

export function createSubscription(deps: { db: Db; clock: Clock }, actor: Actor, input: unknown): SubscriptionView {
  const v = parseOrThrow(subscriptionSchema, input, 'report subscription');
  const now = deps.clock.now();
  const row: Row = {
    id: crypto.randomUUID(),
    reportKey: v.reportKey,
    range: v.range,
    appId: v.appId ?? null,
    frequency: v.frequency,
    recipients: JSON.stringify(v.recipients),
    nextRunAt: nextRun(v.frequency, now),
    lastRunAt: null,
    createdAt: now,
    updatedAt: now,
  };
  deps.db.transaction((tx) => {
    tx.insert(reportSubscriptions).values(row).run();
    writeAudit(
      tx,
      actor,
      {
        activity: 'report_subscription.create',
        targetType: 'report_subscription',
        targetId: row.id,
        after: viewOfSubscription(row),
      },
      now,
    );
  });
  return viewOfSubscription(row);
}

export function deleteSubscription(deps: { db: Db; clock: Clock }, actor: Actor, id: string): void {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const before = tx.select().from(reportSubscriptions).where(eq(reportSubscriptions.id, id)).get();
    if (!before) throw new NotFoundError('Report subscription', id);
    tx.delete(reportSubscriptions).where(eq(reportSubscriptions.id, id)).run();
    writeAudit(
      tx,
      actor,
      {
        activity: 'report_subscription.delete',
        targetType: 'report_subscription',
        targetId: id,
        before: viewOfSubscription(before),
      },
      now,
    );
  });
}
