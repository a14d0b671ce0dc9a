/**
 * Settings → Alerts (admin): the rules (condition, scope, severity, mute, channels) with Test and Delete, a form
 * for a new rule with per-field errors, and the scheduled reports below.
 */
import { CONDITIONS } from '../../src/alerts/rule-input';
import type { RuleView } from '../../src/alerts/rules';
import type { Actor } from '../../src/kernel/actor';
import { type RuleForm, RuleFormCard } from '../partials/alert-rule-form';
import type { FieldErrors } from '../partials/field';
import { Time } from '../partials/format';
import { ReportSubscriptions, type ReportSubscriptionsProps } from '../partials/report-subscriptions';
import { ActionButton } from '../partials/security-bits';
import { SettingsLayout } from '../settings-layout';

export type { RuleForm };

export interface AlertRulesPageProps {
  actor: Actor;
  csrf: string;
  rules: RuleView[];
  apps: { id: string; name: string }[];
  syslogStreams: { id: string; name: string }[];
  now: number;
  notice?: { tone: 'ok' | 'error'; text: string } | undefined;
  form?: RuleForm | undefined;
  errors?: FieldErrors | undefined;
  reports: Omit<ReportSubscriptionsProps, 'csrf' | 'apps'>;
}

function conditionText(r: RuleView): string {
  const d = CONDITIONS[r.condition.kind];
  const t = r.condition.threshold ?? d.threshold;
  const w = r.condition.windowMinutes ?? d.windowMinutes;
  return `${d.label}${t === null ? '' : ` ${t} ${d.unit}`}${w === null ? '' : ` in ${w} min`}`;
}

function channelText(c: Record<string, unknown>): string {
  if (c.type === 'email') return `Email ${(c.to as string[]).join(', ')}`;
  if (c.type === 'syslog') return `Syslog (log stream ${String(c.streamId)})`;
  return `Webhook (${String(c.format)}) ${String(c.url)}${c.signed ? ', signed' : ''}`;
}

/** The page. */
export function AlertRulesPage(props: AlertRulesPageProps) {
  return (
    <SettingsLayout title="Alerts" actor={props.actor} csrfToken={props.csrf} active="alerts">
      <p>
        <a href="/alerts">Alert history</a>
      </p>
      {props.notice ? (
        <p class={props.notice.tone === 'ok' ? 'alert alert-ok' : 'alert alert-error'} role="status">
          {props.notice.text}
        </p>
      ) : null}
      <section class="card" aria-labelledby="rules-title">
        <h2 id="rules-title">Rules</h2>
        {props.rules.length === 0 ? (
          <p class="empty muted">No alert rules yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Condition</th>
                  <th scope="col">Applications</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Muted until</th>
                  <th scope="col">Channels</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.rules.map((r) => (
                  <tr>
                    <td>{r.name}</td>
                    <td>{conditionText(r)}</td>
                    <td>
                      {r.appIds
                        ? r.appIds.map((id) => props.apps.find((a) => a.id === id)?.name ?? id).join(', ')
                        : 'All'}
                    </td>
                    <td>{r.severity}</td>
                    <td>{r.muteUntil ? <Time at={r.muteUntil} /> : <span class="muted">—</span>}</td>
                    <td>{r.channels.map(channelText).join('; ')}</td>
                    <td>
                      <ActionButton
                        action={`/settings/alerts/${r.id}/test`}
                        csrf={props.csrf}
                        label="Send test"
                        name={`Send a test notification for ${r.name}`}
                      />
                      {r.muteUntil && Date.parse(r.muteUntil) > props.now ? (
                        <ActionButton
                          action={`/settings/alerts/${r.id}/unmute`}
                          csrf={props.csrf}
                          label="Unmute"
                          name={`Unmute ${r.name}`}
                        />
                      ) : (
                        <ActionButton
                          action={`/settings/alerts/${r.id}/mute`}
                          csrf={props.csrf}
                          label="Mute 24 h"
                          name={`Mute ${r.name} for 24 hours`}
                        />
                      )}
                      <ActionButton
                        action={`/settings/alerts/${r.id}/delete`}
                        csrf={props.csrf}
                        label="Delete"
                        danger
                        name={`Delete ${r.name}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <RuleFormCard
        csrf={props.csrf}
        apps={props.apps}
        syslogStreams={props.syslogStreams}
        form={props.form ?? {}}
        errors={props.errors}
      />
      <ReportSubscriptions {...props.reports} csrf={props.csrf} apps={props.apps} />
    </SettingsLayout>
  );
}
