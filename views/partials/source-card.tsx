/**
 * One directory source on the overview (issue 14): what it owns, what it changed in the directory in the last
 * 24 hours, its newest change, and a link to its inbound log rows (the log filter selects them by `source:<id>`).
 */
import type { SourceActivity } from '../../src/reports/source-activity';
import { Time } from './format';

const TYPE_LABEL: Record<string, string> = { scim: 'SCIM 2.0 inbound', ldap: 'LDAP / Active Directory' };

/** The card. */
export function SourceCard(props: { source: SourceActivity }) {
  const s = props.source;
  const logs = `/logs?appId=${encodeURIComponent(s.logKey)}&range=24h`;
  return (
    <section class="card source-card" id={`source-${s.id}`}>
      <header class="card-head">
        <h2>{s.name}</h2>
        <span class="badge badge-neutral">{TYPE_LABEL[s.type] ?? s.type}</span>
      </header>
      <p class="stats">
        <span>
          Owns <strong class="source-users">{s.users}</strong> {s.users === 1 ? 'user' : 'users'} and{' '}
          <strong class="source-groups">{s.groups}</strong> {s.groups === 1 ? 'group' : 'groups'}
        </span>
      </p>
      <p class="muted">Directory changes, last 24 h</p>
      <p class="card-figures">
        <span>
          Created <strong class="source-created">{s.created}</strong>
        </span>
        <span>
          Updated <strong class="source-updated">{s.updated}</strong>
        </span>
        <span>
          Disabled <strong class="source-disabled">{s.disabled}</strong>
        </span>
        <span>
          Deleted <strong class="source-deleted">{s.deleted}</strong>
        </span>
        <span>
          Failed{' '}
          {s.failed > 0 ? (
            <a class="failed-link source-failed" href={`${logs}&status=failure`}>
              {s.failed}
            </a>
          ) : (
            <strong class="source-failed">0</strong>
          )}
        </span>
      </p>
      <p class="muted">
        Last change: <Time at={s.lastChangeAt} />
      </p>
      <p>
        <a class="source-logs-link" href={logs}>
          Inbound log, last 24 hours
        </a>
      </p>
    </section>
  );
}
