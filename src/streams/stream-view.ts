/** What the API and the page show of a stream: settings without the secret, state, cursor, lag, delivery. */
import type { Db } from '../../db/client';
import type { Clock } from '../kernel/clock';
import { lagOf } from './read-rows';
import { filterOf, listStreams, type StreamRow, sinkConfigOf } from './streams';

/** `failing` while the last error is newer than the last delivery (the runner is backing off). */
export function streamState(row: StreamRow): 'active' | 'paused' | 'failing' {
  if (row.state === 'paused') return 'paused';
  return row.lastErrorAt !== null && row.lastErrorAt > (row.lastDeliveredAt ?? 0) ? 'failing' : 'active';
}

export function streamView(db: Db, clock: Clock, row: StreamRow, throughput = 0) {
  const filter = filterOf(row);
  return {
    id: row.id,
    name: row.name,
    log: row.log,
    sink: { ...sinkConfigOf(row), secretSet: row.sinkSecret !== null },
    filter,
    state: streamState(row),
    cursor: row.cursor,
    lag: lagOf(db, row.log, filter, row.cursor, clock.now()),
    delivered: row.delivered,
    throughput,
    lastDeliveredAt: row.lastDeliveredAt === null ? null : new Date(row.lastDeliveredAt).toISOString(),
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt === null ? null : new Date(row.lastErrorAt).toISOString(),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
export type StreamView = ReturnType<typeof streamView>;

/** Lag in rows per stream, for the /metrics gauge. */
export function streamLags(db: Db, clock: Clock): { streamId: string; lagRows: number }[] {
  return listStreams(db).map((row) => ({
    streamId: row.id,
    lagRows: lagOf(db, row.log, filterOf(row), row.cursor, clock.now()).rows,
  }));
}
