/**
 * One drift report of an application (the list is drift-list.tsx): its findings (orphan, missing, drifted per
 * attribute), filterable by kind and status, with the action each kind allows.
 * The report only reads the target; each action is a separate, explicit post.
 */
import { hasRole } from '../../src/auth/roles';
import type { driftItemView, driftReportView } from '../../src/operate/drift/store';
import { Layout } from '../layout';
import { Csrf } from '../partials/field';
import { Badge, queryString, Time } from '../partials/format';
import { JobProgressPanel, PartialNotice } from '../partials/job-progress';
import { type OperateBase as Base, OperateCrumbs } from '../partials/operate-crumbs';
import { Name } from '../partials/safe-text';

type ReportView = ReturnType<typeof driftReportView>;
type FindingView = ReturnType<typeof driftItemView>;

const KIND_TEXT: Record<string, string> = {
  orphan: 'In the target, not linked to a directory object',
  missing: 'Linked, but gone from the target',
  drifted: 'Target values differ from what Provisio last sent',
};

const ACTIONS: Record<string, { action: string; label: string; confirm: string }[]> = {
  orphan: [
    { action: 'adopt', label: 'Adopt', confirm: 'Link this target user to the matching directory user and update it?' },
  ],
  missing: [{ action: 'recreate', label: 'Re-create', confirm: 'Create this user in the target again?' }],
  drifted: [{ action: 'repush', label: 'Re-push', confirm: 'Send the directory values back to the target?' }],
};

function FindingActions(props: Base & { reportId: string; f: FindingView; actionable: boolean }) {
  const { f } = props;
  // Only a finished report's findings are acted on: a partial one may have missed what changes them.
  if (f.status !== 'open' || !props.actionable || !hasRole(props.actor.role, 'operator')) return null;
  const base = `/apps/${encodeURIComponent(props.app.id)}/drift/${encodeURIComponent(props.reportId)}/${f.seq}`;
  const actions = (ACTIONS[f.kind] ?? []).filter((a) => a.action !== 'adopt' || f.matchSourceId);
  return (
    <div class="actions">
      {[...actions, { action: 'ignore', label: 'Ignore', confirm: '' }].map((a) => (
        <form method="post" action={`${base}/${a.action}`} {...(a.confirm ? { 'data-confirm': a.confirm } : {})}>
          <Csrf token={props.csrfToken} />
          <button type="submit" class="btn">
            {a.label}
          </button>
        </form>
      ))}
    </div>
  );
}

/** One report with its findings. */
export function DriftReportPage(
  props: Base & {
    report: ReportView;
    findings: FindingView[];
    total: number;
    filter: { kind?: string | undefined; status?: string | undefined; limit: number; offset: number };
  },
) {
  const { report } = props;
  const base = `/apps/${encodeURIComponent(props.app.id)}/drift/${encodeURIComponent(report.id)}`;
  const { filter } = props;
  const page = (offset: number) => `${base}${queryString({ kind: filter.kind, status: filter.status, offset })}`;
  const running = report.status === 'running';
  return (
    <Layout title={`Drift · ${props.app.name}`} actor={props.actor} csrfToken={props.csrfToken} active="overview">
      <OperateCrumbs app={props.app} last="Report" list={{ path: 'drift', label: 'Drift' }} />
      <h1>Drift report</h1>
      <p class="muted small">
        <Time at={report.createdAt} /> by {report.createdBy}
        {report.status === 'done' ? (
          <>
            {' '}
            · {report.counts.targetUsers} users in the target, {report.counts.linked} linked ·{' '}
            {report.counts.targetGroups ?? 0} groups, {report.counts.linkedGroups ?? 0} linked
          </>
        ) : null}
      </p>
      {props.notice ? <p class="alert alert-ok">{props.notice}</p> : null}
      {running ? (
        <JobProgressPanel
          pollUrl={`${base}/progress`}
          pageUrl={base}
          verb="Reading the target"
          done={report.progress.done}
          total={report.progress.total}
          unit="objects"
          about
          what="drift report"
          cancelUrl={hasRole(props.actor.role, 'operator') ? `${base}/cancel` : null}
          csrfToken={props.csrfToken}
        />
      ) : (
        <PartialNotice
          status={report.status}
          error={report.error}
          done={report.progress.done}
          total={report.progress.total}
          unit="target objects read (about)"
        />
      )}
      {running ? (
        <p class="muted">The findings are shown here when the target has been read: this page reloads itself then.</p>
      ) : (
        <>
          <dl class="counts">
            {(['orphan', 'missing', 'drifted', 'ignored'] as const).map((k) => (
              <div class={(report.counts[k] ?? 0) > 0 ? `count count-${k} nonzero` : `count count-${k}`}>
                <dt>{k}</dt>
                <dd>{report.counts[k] ?? 0}</dd>
              </div>
            ))}
          </dl>
          <form method="get" action={base} class="filters">
            <label for="df-kind">Kind</label>
            <select id="df-kind" name="kind">
              <option value="">All</option>
              {['orphan', 'missing', 'drifted'].map((k) => (
                <option value={k} selected={props.filter.kind === k}>
                  {k}
                </option>
              ))}
            </select>
            <label for="df-status">Status</label>
            <select id="df-status" name="status">
              <option value="">All</option>
              {['open', 'ignored', 'resolved'].map((k) => (
                <option value={k} selected={props.filter.status === k}>
                  {k}
                </option>
              ))}
            </select>
            <button type="submit" class="btn">
              Filter
            </button>
          </form>
          {props.total === 0 && !running && report.status === 'done' ? (
            <p class="muted">No findings: the target agrees with Provisio.</p>
          ) : (
            <p class="muted small">
              {props.total} {props.total === 1 ? 'finding' : 'findings'}
              {report.status === 'done' ? '' : ' so far'}
            </p>
          )}
          <table class="table drift-findings">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Object</th>
                <th>Details</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {props.findings.map((f) => (
                <tr>
                  <td>
                    <Badge code={f.kind} />
                    <div class="muted small">{KIND_TEXT[f.kind]}</div>
                  </td>
                  <td>
                    <span class="muted small">{f.objectType === 'group' ? 'Group' : 'User'}</span>{' '}
                    <Name value={f.displayName} />
                    {f.targetId ? <div class="muted small">target {f.targetId}</div> : null}
                    {f.sourceId ? <div class="muted small">source {f.sourceId}</div> : null}
                  </td>
                  <td>
                    {f.kind === 'orphan'
                      ? f.matchSourceId
                        ? `Matches directory ${f.objectType} ${f.matchSourceId}`
                        : `No in-scope directory ${f.objectType} matches`
                      : null}
                    {f.attributes.length > 0 ? (
                      <ul class="changes">
                        {f.attributes.map((a) => (
                          <li>
                            <code>{a.attribute}</code>: sent <span class="old">{a.exported ?? '(none)'}</span>, target
                            has <span class="new">{a.target ?? '(none)'}</span>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td>
                    <Badge code={f.status} />
                    {f.note ? <div class="muted small">{f.note}</div> : null}
                  </td>
                  <td>
                    <FindingActions {...props} reportId={report.id} f={f} actionable={report.status === 'done'} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Pages">
            {filter.offset > 0 ? <a href={page(Math.max(0, filter.offset - filter.limit))}>Previous</a> : null}{' '}
            {filter.offset + filter.limit < props.total ? <a href={page(filter.offset + filter.limit)}>Next</a> : null}
          </nav>
        </>
      )}
    </Layout>
  );
}
