/**
 * One provisioning-log entry with Entra's detail tabs: Steps, Troubleshooting & Recommendations (failures
 * and warnings only), Modified Properties, Summary, and Requests (the SCIM exchanges). The tabs are CSS-only
 * (radio inputs), no script.
 */
import type { KnownCode } from '../../src/log/known-codes';
import type { LogRow } from '../../src/log/query';
import type { LogRequestRow } from '../../src/log/requests';
import { rowModifiedProperties, rowSteps } from '../../src/log/row-json';
import type { ModifiedProperty, ProvisioningStep } from '../../src/log/types';
import { CopyId } from './copy-id';
import { actionLabel, Badge, formatDuration, queryString, Time } from './format';
import { LogRequests } from './log-requests';
import { LogTroubleshooting } from './log-troubleshooting';
import { Name } from './safe-text';

export interface LogDetailsProps {
  row: LogRow;
  appName: string | undefined;
  requests: LogRequestRow[];
  known: (KnownCode & { code: string }) | null;
}

// Redact() in a mapping writes this marker instead of the value; it is shown as a marker, not as data.
const REDACTED = /^\[Redact(ed)?\]$/;

function Value(props: { value: string | null }) {
  if (props.value === null) return <td class="value" />;
  if (REDACTED.test(props.value))
    return (
      <td class="value">
        <span class="redacted">[Redact]</span>
      </td>
    );
  return <td class="value">{props.value}</td>;
}

function Steps(props: { steps: ProvisioningStep[] }) {
  if (props.steps.length === 0) return <p class="muted">No steps were recorded.</p>;
  return (
    <ol class="steps">
      {props.steps.map((s) => (
        <li class={`step step-${s.status}`}>
          <div class="step-head">
            <strong>{s.name}</strong> <span class="muted small">{s.provisioningStepType}</span>{' '}
            <Badge code={s.status} />
          </div>
          <p>{s.description}</p>
          {s.details && Object.keys(s.details).length > 0 ? (
            <dl class="kv">
              {Object.entries(s.details).map(([k, v]) => (
                <>
                  <dt>{k}</dt>
                  <dd>{String(v)}</dd>
                </>
              ))}
            </dl>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function ModifiedProperties(props: { items: ModifiedProperty[] }) {
  if (props.items.length === 0) return <p class="muted">No properties were modified.</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Old value</th>
            <th scope="col">New value</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((p) => (
            <tr>
              <td>
                <code>{p.displayName}</code>
              </td>
              <Value value={p.oldValue} />
              <Value value={p.newValue} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Summary(props: { row: LogRow; appName: string | undefined }) {
  const r = props.row;
  return (
    <dl class="props">
      <dt>Change ID</dt>
      <dd>
        <CopyId value={r.id} label="change ID" />
      </dd>
      <dt>Date</dt>
      <dd>
        <Time at={r.activityDateTime} />
      </dd>
      <dt>Application</dt>
      <dd>{props.appName ?? r.appId}</dd>
      <dt>Job ID</dt>
      <dd>
        <CopyId value={r.jobId} label="job ID" />
      </dd>
      <dt>Cycle ID</dt>
      <dd>
        <CopyId value={r.cycleId} label="cycle ID" />
      </dd>
      <dt>Source identity</dt>
      <dd>
        <Name value={r.sourceDisplayName} /> · {r.sourceType} · <CopyId value={r.sourceId} label="source ID" />
      </dd>
      <dt>Source system</dt>
      <dd>{r.sourceSystem}</dd>
      <dt>Target identity</dt>
      <dd>
        <Name value={r.targetDisplayName} /> · {r.targetId ? <CopyId value={r.targetId} label="target ID" /> : '—'}
      </dd>
      <dt>Target system</dt>
      <dd>{r.targetSystem}</dd>
      <dt>Duration</dt>
      <dd>{formatDuration(r.durationMs)}</dd>
      <dt>Initiated by</dt>
      <dd>
        {r.initiatedByName} <span class="muted">({r.initiatedByType})</span>
      </dd>
    </dl>
  );
}

/** The details panel. */
export function LogDetails(props: LogDetailsProps) {
  const r = props.row;
  const failed = r.status === 'failure' || r.status === 'warning' || r.errorCode !== null;
  const tabs = [
    { key: 'steps', label: 'Steps', body: <Steps steps={rowSteps(r)} /> },
    ...(failed
      ? [
          {
            key: 'trouble',
            label: 'Troubleshooting & Recommendations',
            body: <LogTroubleshooting row={r} known={props.known} />,
          },
        ]
      : []),
    { key: 'props', label: 'Modified Properties', body: <ModifiedProperties items={rowModifiedProperties(r)} /> },
    { key: 'summary', label: 'Summary', body: <Summary row={r} appName={props.appName} /> },
    { key: 'requests', label: `Requests (${props.requests.length})`, body: <LogRequests requests={props.requests} /> },
  ];
  return (
    <article class="log-detail" data-log-id={r.id} aria-labelledby="log-detail-title">
      <header class="detail-head">
        {/* The flyout is labelled by this heading and focuses it on open (tabindex -1: not in the Tab order). */}
        <h2 id="log-detail-title" tabindex={-1}>
          {r.sourceDisplayName ?? r.sourceId}
        </h2>
        <p>
          <Badge code={r.status} /> {actionLabel(r.provisioningAction)} · <Time at={r.activityDateTime} />
        </p>
      </header>
      <div class="tabs">
        {tabs.map((t, i) => (
          <>
            <input type="radio" class="tab-radio" name="log-detail-tab" id={`tab-${t.key}`} checked={i === 0} />
            <label class="tab-label" for={`tab-${t.key}`}>
              {t.label}
            </label>
          </>
        ))}
        {tabs.map((t) => (
          <section class={`tab-panel panel-${t.key}`} aria-label={t.label}>
            <h3 class="panel-title">{t.label}</h3>
            {t.body}
          </section>
        ))}
      </div>
      <p class="detail-links">
        <a href={`/logs${queryString({ identity: r.sourceId })}`}>All events for this identity</a>
        <a href={`/logs${queryString({ appId: r.appId, cycleId: r.cycleId })}`}>This cycle</a>
        <a href={`/logs/${encodeURIComponent(r.id)}`}>Permalink</a>
      </p>
    </article>
  );
}
