/**
 * Alert rules: create, change, delete (each audited in the same transaction) and read. Channels are sealed as
 * a whole; the readable view without secrets is stored beside them so listing never opens the box.
 */
import crypto from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { alertRules } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { SecretBox } from '../auth/secret-box';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { getStream, sinkConfigOf } from '../streams/streams';
import { type Channel, type ConditionKind, channelView, ruleInputSchema, rulePatchSchema } from './rule-input';

export interface RuleDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
}

/** A rule as the API returns it. */
export interface RuleView {
  id: string;
  name: string;
  condition: { kind: ConditionKind; threshold?: number; windowMinutes?: number; measure?: 'count' | 'percent' };
  appIds: string[] | null;
  severity: 'info' | 'warning' | 'critical';
  muteUntil: string | null;
  channels: Record<string, unknown>[];
  createdAt: string;
  updatedAt: string;
}

/** A rule with its channels opened, for the evaluator and the sender only. */
export interface OpenRule extends RuleView {
  channelsOpen: Channel[];
  muteUntilMs: number | null;
}

type Row = typeof alertRules.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

function viewOf(r: Row): RuleView {
  return {
    id: r.id,
    name: r.name,
    condition: {
      kind: r.kind as ConditionKind,
      ...(r.threshold !== null ? { threshold: r.threshold } : {}),
      ...(r.windowMinutes !== null ? { windowMinutes: r.windowMinutes } : {}),
      ...(r.measure !== null ? { measure: r.measure } : {}),
    },
    appIds: r.appIds ? (JSON.parse(r.appIds) as string[]) : null,
    severity: r.severity,
    muteUntil: r.muteUntil === null ? null : iso(r.muteUntil),
    channels: JSON.parse(r.channelsView) as Record<string, unknown>[],
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

function rowOf(db: Pick<Db, 'select'>, id: string): Row {
  const r = db.select().from(alertRules).where(eq(alertRules.id, id)).get();
  if (!r) throw new NotFoundError('Alert rule', id);
  return r;
}

/** A syslog channel names an existing log stream whose sink is syslog. */
function assertSyslogStreams(db: Db, channels: Channel[]): void {
  channels.forEach((ch, i) => {
    if (ch.type !== 'syslog') return;
    const path = `channels.${i}.streamId`;
    let ok = false;
    try {
      ok = sinkConfigOf(getStream(db, ch.streamId)).type === 'syslog';
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    if (!ok)
      throw new ValidationError('The syslog channel needs a log stream with a syslog sink', [
        { path, message: 'not a syslog log stream' },
      ]);
  });
}

const sealChannels = (secrets: SecretBox, channels: Channel[]) => ({
  channels: secrets.seal(JSON.stringify(channels)),
  channelsView: JSON.stringify(channels.map(channelView)),
});

export function listRules(db: Db): RuleView[] {
  return db.select().from(alertRules).orderBy(desc(alertRules.createdAt)).all().map(viewOf);
}

export function getRule(db: Db, id: string): RuleView {
  return viewOf(rowOf(db, id));
}

/** Every rule with its channels opened. */
export function openRules(deps: Pick<RuleDeps, 'db' | 'secrets'>, id?: string): OpenRule[] {
  const rows = id ? [rowOf(deps.db, id)] : deps.db.select().from(alertRules).all();
  return rows.map((r) => ({
    ...viewOf(r),
    channelsOpen: JSON.parse(deps.secrets.open(r.channels)) as Channel[],
    muteUntilMs: r.muteUntil,
  }));
}

export function createRule(deps: RuleDeps, actor: Actor, input: unknown): RuleView {
  const v = parseOrThrow(ruleInputSchema, input, 'alert rule');
  assertSyslogStreams(deps.db, v.channels);
  const now = deps.clock.now();
  const row: Row = {
    id: crypto.randomUUID(),
    name: v.name,
    kind: v.condition.kind,
    threshold: v.condition.threshold ?? null,
    windowMinutes: v.condition.windowMinutes ?? null,
    measure: v.condition.measure ?? null,
    appIds: v.appIds?.length ? JSON.stringify(v.appIds) : null,
    severity: v.severity,
    muteUntil: v.muteUntil ?? null,
    ...sealChannels(deps.secrets, v.channels),
    createdAt: now,
    updatedAt: now,
  };
  deps.db.transaction((tx) => {
    tx.insert(alertRules).values(row).run();
    writeAudit(
      tx,
      actor,
      { activity: 'alert_rule.create', targetType: 'alert_rule', targetId: row.id, after: viewOf(row) },
      now,
    );
  });
  return viewOf(row);
}

export function updateRule(deps: RuleDeps, actor: Actor, id: string, input: unknown): RuleView {
  const v = parseOrThrow(rulePatchSchema, input, 'alert rule');
  if (v.channels) assertSyslogStreams(deps.db, v.channels);
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const before = rowOf(tx, id);
    const set: Partial<Row> = { updatedAt: now };
    if (v.name !== undefined) set.name = v.name;
    if (v.condition) {
      set.kind = v.condition.kind;
      set.threshold = v.condition.threshold ?? null;
      set.windowMinutes = v.condition.windowMinutes ?? null;
      set.measure = v.condition.measure ?? null;
    }
    if (v.appIds !== undefined) set.appIds = v.appIds?.length ? JSON.stringify(v.appIds) : null;
    if (v.severity !== undefined) set.severity = v.severity;
    if (v.muteUntil !== undefined) set.muteUntil = v.muteUntil;
    if (v.channels) Object.assign(set, sealChannels(deps.secrets, v.channels));
    tx.update(alertRules).set(set).where(eq(alertRules.id, id)).run();
    const after = viewOf({ ...before, ...set });
    writeAudit(
      tx,
      actor,
      { activity: 'alert_rule.update', targetType: 'alert_rule', targetId: id, before: viewOf(before), after },
      now,
    );
    return after;
  });
}

/** Deletes the rule; its alerts and their deliveries stay in the history (they carry the rule's name). */
export function deleteRule(deps: RuleDeps, actor: Actor, id: string): void {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const before = rowOf(tx, id);
    tx.delete(alertRules).where(eq(alertRules.id, id)).run();
    writeAudit(
      tx,
      actor,
      { activity: 'alert_rule.delete', targetType: 'alert_rule', targetId: id, before: viewOf(before) },
      now,
    );
  });
}
