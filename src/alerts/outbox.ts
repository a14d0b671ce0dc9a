/**
 * The delivery outbox: messages decided by the evaluator (or a report schedule) are rows first, sent second.
 * Each attempt is recorded; a failed one is retried with growing backoff until it is sent or out of attempts
 * (then `failed`, and visible). A restart loses nothing: pending rows are picked up by the next pass.
 */
import crypto from 'node:crypto';
import { and, asc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { alertAttempts, alertDeliveries } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { SecretBox } from '../auth/secret-box';
import { SYSTEM_ACTOR } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import type { Mail, Mailer } from '../notify/mailer';
import { type Channel, channelLabel } from './rule-input';
import { sendToChannel } from './send';

export interface OutboxDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  logger: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
  mailer: () => Mailer | null;
  fetch?: typeof fetch;
  /** Backoff per attempt (ms); after the last, the delivery is `failed`. */
  backoffMs?: readonly number[];
}

/** 30 s doubling to 4 h: eleven attempts over about eight hours before a delivery counts as failed. */
export const DEFAULT_BACKOFF_MS = [30e3, 60e3, 120e3, 300e3, 600e3, 1800e3, 3600e3, 7200e3, 14400e3, 14400e3];

type Tx = Pick<Db, 'insert'>;

export interface Outgoing {
  subjectType: 'alert' | 'report';
  subjectId: string;
  event: 'firing' | 'resolved' | 'report';
  channel: Channel;
  /** Webhook: the raw body; email: the Mail without `to`. */
  body: string | Omit<Mail, 'to'>;
}

/** Queue one message (inside the caller's transaction). */
export function enqueue(tx: Tx, secrets: SecretBox, out: Outgoing, now: number): void {
  tx.insert(alertDeliveries)
    .values({
      id: crypto.randomUUID(),
      subjectType: out.subjectType,
      subjectId: out.subjectId,
      event: out.event,
      channel: channelLabel(out.channel),
      target: secrets.seal(JSON.stringify(out.channel)),
      body: typeof out.body === 'string' ? out.body : JSON.stringify(out.body),
      status: 'pending',
      nextAttempt: now,
      createdAt: now,
    })
    .run();
}

/** Send every due delivery once; returns how many were attempted. */
export async function deliverDue(deps: OutboxDeps): Promise<number> {
  const backoff = deps.backoffMs ?? DEFAULT_BACKOFF_MS;
  const due = deps.db
    .select()
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.status, 'pending'), lte(alertDeliveries.nextAttempt, deps.clock.now())))
    .orderBy(asc(alertDeliveries.nextAttempt))
    .limit(100)
    .all();
  for (const d of due) {
    const channel = JSON.parse(deps.secrets.open(d.target)) as Channel;
    const error = await sendToChannel(deps, channel, d.body);
    const at = deps.clock.now();
    const attempts = d.attempts + 1;
    const status = error === null ? 'sent' : attempts > backoff.length ? 'failed' : 'pending';
    deps.db.transaction((tx) => {
      tx.insert(alertAttempts)
        .values({ deliveryId: d.id, at, status: error === null ? 'sent' : 'failed', error })
        .run();
      tx.update(alertDeliveries)
        .set({ status, attempts, lastError: error, nextAttempt: at + (backoff[attempts - 1] ?? 0) })
        .where(eq(alertDeliveries.id, d.id))
        .run();
      // Report mails are audited per attempt; alert deliveries have their own history (alert_attempts).
      if (d.subjectType === 'report')
        writeAudit(
          tx,
          SYSTEM_ACTOR,
          {
            activity: 'report_subscription.deliver',
            targetType: 'report_subscription',
            targetId: d.subjectId,
            result: error === null ? 'success' : 'failure',
            after: { channel: d.channel, attempt: attempts, ...(error ? { error } : {}) },
          },
          at,
        );
    });
    if (error)
      deps.logger.warn({ delivery: d.id, channel: d.channel, attempt: attempts, error }, 'alert delivery failed');
  }
  return due.length;
}
