/**
 * Alert history for the API and the page: newest first, keyset-paged on (firedAt, id), each alert with every
 * delivery attempt of its messages.
 */
import { and, desc, eq, inArray, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { alertAttempts, alertDeliveries, alerts } from '../../db/schema';
import { ValidationError } from '../kernel/errors';

export interface AlertItem {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  appId: string;
  state: 'firing' | 'resolved';
  firedAt: string;
  resolvedAt: string | null;
  summary: string;
  logsQuery: string;
  deliveries: { channel: string; event: string; at: string; status: 'sent' | 'failed'; error: string | null }[];
  /** Messages still waiting for their next attempt. */
  pending: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^\d+$/.test(at))
    throw new ValidationError('Bad cursor', [{ path: 'cursor', message: 'invalid' }]);
  return { at: Number(at), id };
}

export function listAlerts(
  db: Db,
  q: { state?: 'firing' | 'resolved' | undefined; cursor?: string | undefined; limit?: number },
): { items: AlertItem[]; nextCursor: string | null } {
  const limit = q.limit ?? 50;
  const c = q.cursor ? decodeCursor(q.cursor) : null;
  const rows = db
    .select()
    .from(alerts)
    .where(
      and(
        q.state ? eq(alerts.state, q.state) : undefined,
        c ? or(lt(alerts.firedAt, c.at), and(eq(alerts.firedAt, c.at), lt(alerts.id, c.id))) : undefined,
      ),
    )
    .orderBy(desc(alerts.firedAt), desc(alerts.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const deliveries = ids.length
    ? db.select().from(alertDeliveries).where(inArray(alertDeliveries.subjectId, ids)).all()
    : [];
  const attempts = deliveries.length
    ? db
        .select()
        .from(alertAttempts)
        .where(
          inArray(
            alertAttempts.deliveryId,
            deliveries.map((d) => d.id),
          ),
        )
        .orderBy(alertAttempts.id)
        .all()
    : [];
  const byId = new Map(deliveries.map((d) => [d.id, d]));
  const items = page.map((r) => {
    const mine = deliveries.filter((d) => d.subjectId === r.id);
    return {
      id: r.id,
      ruleId: r.ruleId,
      ruleName: r.ruleName,
      severity: r.severity,
      appId: r.appId,
      state: r.state,
      firedAt: iso(r.firedAt),
      resolvedAt: r.resolvedAt === null ? null : iso(r.resolvedAt),
      summary: r.summary,
      logsQuery: r.logsQuery,
      deliveries: attempts
        .filter((a) => byId.get(a.deliveryId)?.subjectId === r.id)
        .map((a) => {
          const d = byId.get(a.deliveryId);
          return { channel: d?.channel ?? '', event: d?.event ?? '', at: iso(a.at), status: a.status, error: a.error };
        }),
      pending: mine.filter((d) => d.status === 'pending').length,
    };
  });
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last ? Buffer.from(`${last.firedAt}|${last.id}`, 'utf8').toString('base64url') : null;
  return { items, nextCursor };
}
