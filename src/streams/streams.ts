/**
 * Log stream configuration use cases (issue 17): create, change, pause, resume, rewind, delete. Each writes
 * its audit row in the same transaction as the change and calls the injected `onChanged` so the runner
 * re-reads the stream. A sink secret is sealed on the way in and never leaves again.
 */
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { logStreams } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { SecretBox } from '../auth/secret-box';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { ConflictError, NotFoundError, ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { cursorAt } from './read-rows';
import {
  createStreamSchema,
  patchStreamSchema,
  rewindSchema,
  type SinkConfig,
  type StreamFilter,
  splitSink,
} from './stream-input';

export type StreamRow = typeof logStreams.$inferSelect;

export interface StreamDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  onChanged?: (id: string) => void;
}

const AUDIT_TARGET = 'logStream';

export function getStream(db: Db, id: string): StreamRow {
  const row = db.select().from(logStreams).where(eq(logStreams.id, id)).get();
  if (!row) throw new NotFoundError('Log stream', id);
  return row;
}

export function listStreams(db: Db): StreamRow[] {
  return db.select().from(logStreams).orderBy(sql`lower(${logStreams.name})`).all();
}

export const sinkConfigOf = (row: StreamRow) => JSON.parse(row.sinkConfig) as SinkConfig;
export const filterOf = (row: StreamRow) => JSON.parse(row.filter) as StreamFilter;

/** What the audit log keeps of a stream: settings and filter, never the sealed secret. */
const auditShape = (row: StreamRow) => ({
  name: row.name,
  log: row.log,
  sink: sinkConfigOf(row),
  filter: filterOf(row),
  state: row.state,
  cursor: row.cursor,
});

function assertNameFree(db: Db, name: string, self?: string): void {
  const taken = db
    .select({ id: logStreams.id })
    .from(logStreams)
    .where(sql`lower(${logStreams.name}) = lower(${name})`)
    .get();
  if (taken && taken.id !== self) throw new ConflictError('stream_exists', `A log stream named ${name} already exists`);
}

/** Create a stream. It starts at the beginning of its log, so the backlog is delivered first. */
export function createStream(deps: StreamDeps, actor: Actor, body: unknown): { id: string } {
  const input = parseOrThrow(createStreamSchema, body, 'log stream');
  assertNameFree(deps.db, input.name);
  const { config, secret } = splitSink(input.sink);
  const now = deps.clock.now();
  const id = crypto.randomUUID();
  deps.db.transaction((tx) => {
    tx.insert(logStreams)
      .values({
        id,
        name: input.name,
        log: input.log,
        sinkType: input.sink.type,
        sinkConfig: JSON.stringify(config),
        sinkSecret: secret === null ? null : deps.secrets.seal(secret),
        filter: JSON.stringify(input.filter ?? {}),
        createdAt: now,
        updatedAt: now,
      })
      .run();
    writeAudit(
      tx,
      actor,
      {
        activity: 'Create log stream',
        targetType: AUDIT_TARGET,
        targetId: id,
        after: { name: input.name, log: input.log, sink: config, filter: input.filter ?? {} },
      },
      now,
    );
  });
  deps.onChanged?.(id);
  return { id };
}

function change(deps: StreamDeps, actor: Actor, id: string, activity: string, set: Partial<StreamRow>): StreamRow {
  const before = getStream(deps.db, id);
  const now = deps.clock.now();
  const after = deps.db.transaction((tx) => {
    const row = tx
      .update(logStreams)
      .set({ ...set, updatedAt: now })
      .where(eq(logStreams.id, id))
      .returning()
      .get();
    writeAudit(
      tx,
      actor,
      { activity, targetType: AUDIT_TARGET, targetId: id, before: auditShape(before), after: auditShape(row) },
      now,
    );
    return row;
  });
  deps.onChanged?.(id);
  return after;
}

/** Change name, sink or filter. A sink of the same type keeps its secret when none is sent. */
export function updateStream(deps: StreamDeps, actor: Actor, id: string, body: unknown): StreamRow {
  const input = parseOrThrow(patchStreamSchema, body, 'log stream');
  const current = getStream(deps.db, id);
  const set: Partial<StreamRow> = {};
  if (input.name !== undefined) {
    assertNameFree(deps.db, input.name, id);
    set.name = input.name;
  }
  if (input.filter !== undefined) set.filter = JSON.stringify(input.filter);
  if (input.sink !== undefined) {
    const { config, secret } = splitSink(input.sink);
    set.sinkType = input.sink.type;
    set.sinkConfig = JSON.stringify(config);
    const keep = secret === null && input.sink.type === current.sinkType;
    if (input.sink.type === 'hec' && secret === null && !(keep && current.sinkSecret))
      throw new ValidationError('Invalid log stream: sink.token Required', [
        { path: 'sink.token', message: 'Required' },
      ]);
    set.sinkSecret = keep ? current.sinkSecret : secret === null ? null : deps.secrets.seal(secret);
  }
  return change(deps, actor, id, 'Update log stream', set);
}

export const pauseStream = (deps: StreamDeps, actor: Actor, id: string) =>
  change(deps, actor, id, 'Pause log stream', { state: 'paused' });

export const resumeStream = (deps: StreamDeps, actor: Actor, id: string) =>
  change(deps, actor, id, 'Resume log stream', { state: 'active' });

/** Deliver again every row written at or after `from` (at-least-once: receivers see those rows twice). */
export function rewindStream(deps: StreamDeps, actor: Actor, id: string, body: unknown): StreamRow {
  const { from } = parseOrThrow(rewindSchema, body, 'rewind');
  const stream = getStream(deps.db, id);
  return change(deps, actor, id, 'Rewind log stream', { cursor: cursorAt(deps.db, stream.log, Date.parse(from)) });
}

export function deleteStream(deps: StreamDeps, actor: Actor, id: string): void {
  const before = getStream(deps.db, id);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.delete(logStreams).where(eq(logStreams.id, id)).run();
    writeAudit(
      tx,
      actor,
      { activity: 'Delete log stream', targetType: AUDIT_TARGET, targetId: id, before: auditShape(before) },
      now,
    );
  });
  deps.onChanged?.(id);
}

/**
 * Move the cursor after an acknowledgment, unless a rewind moved it meanwhile (then the runner reads from the
 * rewound position instead). Returns whether it moved.
 */
export function advanceCursor(db: Db, id: string, from: number, to: number, delivered: number, now: number): boolean {
  const r = db
    .update(logStreams)
    .set({
      cursor: to,
      delivered: sql`${logStreams.delivered} + ${delivered}`,
      ...(delivered > 0 ? { lastDeliveredAt: now } : {}),
    })
    .where(sql`${logStreams.id} = ${id} and ${logStreams.cursor} = ${from}`)
    .run();
  return r.changes === 1;
}

/** Record a sink failure for the page and the API (the message never holds a secret: sinks name hosts only). */
export function recordStreamError(db: Db, id: string, message: string, now: number): void {
  db.update(logStreams)
    .set({ lastError: message.slice(0, 500), lastErrorAt: now })
    .where(eq(logStreams.id, id))
    .run();
}
