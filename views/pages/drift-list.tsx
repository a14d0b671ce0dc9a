/** The drift reports of an application: "Check the target now" and the reports made so far. */
import { hasRole } from '../../src/auth/roles';
import type { driftReportView } from '../../src/operate/drift/store';
import { Layout } from '../layout';
import { Csrf } from '../partials/field';
import { Badge, Time } from '../partials/format';
import { type OperateBase as Base, OperateCrumbs } from '../partials/operate-crumbs';

type ReportView = ReturnType<typeof driftReportView>;

/** The list of reports. */
export function DriftReportsPage(props: Base & { reports: ReportView[] }) {
  const base = `/apps/${encodeURIComponent(props.app.id)}/drift`;
  return (
    <Layout title={`Drift · ${props.app.name}`} actor={props.actor} csrfToken={props.csrfToken} active="overview">
      <OperateCrumbs app={props.app} last="Drift" />
      <h1>Drift report</h1>
      <p class="muted">
        Reads every user and group in the target (page by page, in the background) and compares it with what Provisio
        linked and last sent. Nothing is changed in the target unless you choose an action on a finding.
      </p>
      {hasRole(props.actor.role, 'operator') ? (
        <form method="post" action={base} class="actions">
          <Csrf token={props.csrfToken} />
          <button type="submit" class="btn btn-primary">
            Check the target now
          </button>
        </form>
      ) : null}
      {props.reports.length === 0 ? (
        <p class="muted">No drift report yet.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Created</th>
              <th>By</th>
              <th>Status</th>
              <th>Target users</th>
              <th>Orphan</th>
              <th>Missing</th>
              <th>Drifted</th>
              <th>Ignored</th>
            </tr>
          </thead>
          <tbody>
            {props.reports.map((r) => (
              <tr>
                <td>
                  <a href={`${base}/${encodeURIComponent(r.id)}`}>
                    <Time at={r.createdAt} />
                  </a>
                </td>
                <td>{r.createdBy}</td>
                <td>
                  <Badge code={r.status} />
                </td>
                <td>{r.counts.targetUsers ?? ''}</td>
                <td>{r.counts.orphan}</td>
                <td>{r.counts.missing}</td>
                <td>{r.counts.drifted}</td>
                <td>{r.counts.ignored}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
