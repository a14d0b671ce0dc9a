/**
 * Rule evaluation: for every rule and subject, compare what holds now with the firing alerts. A condition
 * that starts holding opens one alert (firing) and queues its messages; one that stops holding resolves it
 * and queues the resolution. Evaluating again changes nothing, so evaluation can run each minute and after
 * every cycle. A muted rule opens no alert (one already firing still resolves).
 */
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { alerts, applications, sources } from '../../db/schema';
import type { SecretBox } from '../auth/secret-box';
import type { Clock } from '../kernel/clock';
import { findings, isSourceCondition, type Subject } from './conditions';
import { enqueue } from './outbox';
import { type AlertMessage, alertMail, webhookBody } from './payloads';
import { type OpenRule, openRules } from './rules';

export interface EvaluateDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  /** Base of links in messages (PROVISIO_PUBLIC_URL or the listening address). */
  publicUrl: string;
}

type AlertRow = typeof alerts.$inferSelect;

function subjectsOf(db: Db, rule: OpenRule): Subject[] {
  const all: Subject[] = isSourceCondition(rule.condition.kind)
    ? db
        .select({ id: sources.id, name: sources.name })
        .from(sources)
        .where(eq(sources.type, 'ldap'))
        .all()
        .map((s) => ({ id: `source:${s.id}`, name: s.name }))
    : db
        .select({
          id: applications.id,
          name: applications.name,
          provisioningEnabled: applications.provisioningEnabled,
          createdAt: applications.createdAt,
          tokenExpiresAt: applications.tokenExpiresAt,
        })
        .from(applications)
        .all();
  return rule.appIds ? all.filter((s) => rule.appIds?.includes(s.id)) : all;
}

/** The message of an alert, for every channel format. */
export function messageOf(a: AlertRow, appName: string, publicUrl: string): AlertMessage {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    alert: { id: a.id, ruleId: a.ruleId, state: a.state, firedAt: iso(a.firedAt) ?? '', resolvedAt: iso(a.resolvedAt) },
    rule: { name: a.ruleName, severity: a.severity },
    app: { id: a.appId, name: appName },
    summary: a.summary,
    logsUrl: `${publicUrl.replace(/\/+$/, '')}/logs?${a.logsQuery}`,
  };
}

function queueMessages(tx: Pick<Db, 'insert'>, deps: EvaluateDeps, rule: OpenRule, a: AlertRow, appName: string) {
  const m = messageOf(a, appName, deps.publicUrl);
  for (const channel of rule.channelsOpen) {
    const body =
      channel.type === 'email'
        ? alertMail(m)
        : channel.type === 'syslog'
          ? JSON.stringify(m)
          : webhookBody(channel.format, m);
    enqueue(
      tx,
      deps.secrets,
      { subjectType: 'alert', subjectId: a.id, event: a.state, channel, body },
      deps.clock.now(),
    );
  }
}

/** Evaluate every rule (or those of one application, after its cycle); returns what changed. */
export function evaluateRules(deps: EvaluateDeps, onlyAppId?: string): { fired: string[]; resolved: string[] } {
  const now = deps.clock.now();
  const fired: string[] = [];
  const resolved: string[] = [];
  for (const rule of openRules(deps)) {
    const subjects = subjectsOf(deps.db, rule).filter((s) => !onlyAppId || s.id === onlyAppId);
    const holding = findings(deps.db, rule.condition, subjects, now);
    const muted = rule.muteUntilMs !== null && rule.muteUntilMs > now;
    deps.db.transaction((tx) => {
      const open = tx
        .select()
        .from(alerts)
        .where(and(eq(alerts.ruleId, rule.id), eq(alerts.state, 'firing')))
        .all();
      const firing = new Map(open.map((a) => [a.appId, a]));
      for (const s of subjects) {
        const f = holding.get(s.id);
        const current = firing.get(s.id);
        if (f && !current && !muted) {
          const row: AlertRow = {
            id: crypto.randomUUID(),
            ruleId: rule.id,
            ruleName: rule.name,
            severity: rule.severity,
            appId: s.id,
            state: 'firing',
            firedAt: now,
            resolvedAt: null,
            summary: f.summary,
            logsQuery: new URLSearchParams(f.logs).toString(),
          };
          tx.insert(alerts).values(row).run();
          queueMessages(tx, deps, rule, row, s.name);
          fired.push(row.id);
        } else if (!f && current) {
          const row: AlertRow = { ...current, state: 'resolved', resolvedAt: now };
          tx.update(alerts).set({ state: 'resolved', resolvedAt: now }).where(eq(alerts.id, current.id)).run();
          queueMessages(tx, deps, rule, row, s.name);
          resolved.push(row.id);
        }
      }
      // A subject gone from the rule (application deleted, or no longer chosen) resolves its alert too.
      const ids = new Set(subjects.map((s) => s.id));
      for (const a of onlyAppId ? [] : open.filter((o) => !ids.has(o.appId))) {
        tx.update(alerts).set({ state: 'resolved', resolvedAt: now }).where(eq(alerts.id, a.id)).run();
        queueMessages(tx, deps, rule, { ...a, state: 'resolved', resolvedAt: now }, a.appId);
        resolved.push(a.id);
      }
    });
  }
  return { fired, resolved };
}
