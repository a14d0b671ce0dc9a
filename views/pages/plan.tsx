/**
 * One dry-run plan of an application (the list is plan-list.tsx): counts per action, a filter (action, name),
 * field-level old → new values, progress while it is planned, CSV export, Apply and Discard.
 */
import { hasRole } from '../../src/auth/roles';
import type { PlanChange } from '../../src/operate/dry-run/plan';
import type { planItemView, planView } from '../../src/operate/dry-run/store';
import { Layout } from '../layout';
import { Csrf } from '../partials/field';
import { Badge, queryString, Time } from '../partials/format';
import { JobProgressPanel, PartialNotice } from '../partials/job-progress';
import { type OperateBase as Base, OperateCrumbs } from '../partials/operate-crumbs';
import { Name } from '../partials/safe-text';

type PlanView = ReturnType<typeof planView>;
type ItemView = ReturnType<typeof planItemView>;

const ACTIONS = ['create', 'update', 'disable', 'delete', 'skip', 'failed'] as const;

function Counts(props: { counts: Record<string, number> }) {
  return (
    <dl class="counts">
      {ACTIONS.map((a) => (
        <div class={(props.counts[a] ?? 0) > 0 ? `count count-${a} nonzero` : `count count-${a}`}>
          <dt>{a}</dt>
          <dd>{props.counts[a] ?? 0}</dd>
        </div>
      ))}
    </dl>
  );
}

function Changes(props: { changes: PlanChange[] }) {
  if (props.changes.length === 0) return null;
  return (
    <ul class="changes">
      {props.changes.map((c) => (
        <li>
          <code>{c.attribute}</code>: <span class="old">{c.oldValue ?? '(none)'}</span> →{' '}
          <span class="new">{c.newValue ?? '(removed)'}</span>
        </li>
      ))}
    </ul>
  );
}

export interface PlanPageProps extends Base {
  plan: PlanView;
  /** Set when the plan previews something unpublished (a mapping draft), not the saved configuration. */
  label?: string | null | undefined;
  items: ItemView[];
  total: number;
  filter: { action?: string | undefined; q?: string | undefined; limit: number; offset: number };
}

/** One plan. */
export function PlanPage(props: PlanPageProps) {
  const { plan, filter } = props;
  const base = `/apps/${encodeURIComponent(props.app.id)}/dry-runs/${encodeURIComponent(plan.id)}`;
  // A draft preview is planned with mappings the target does not use yet: publishing the draft is how it applies.
  const canRun = hasRole(props.actor.role, 'operator') && plan.status === 'ready' && !props.label;
  const page = (offset: number) => `${base}${queryString({ action: filter.action, q: filter.q, offset })}`;
  return (
    <Layout title={`Dry run · ${props.app.name}`} actor={props.actor} csrfToken={props.csrfToken} active="overview">
      <OperateCrumbs app={props.app} last="Plan" list={{ path: 'dry-runs', label: 'Dry runs' }} />
      <div class="page-head">
        <h1>{props.label ?? (plan.mode === 'full' ? 'Plan of a full cycle' : 'Plan of the next cycle')}</h1>
        <Badge code={plan.status} />
      </div>
      <p class="muted small">
        {plan.status === 'running' ? 'Started' : 'Computed'} <Time at={plan.createdAt} /> by {plan.createdBy}
        {plan.appliedAt ? (
          <>
            {' · '}
            {plan.status === 'applied' ? 'applied' : 'closed'} <Time at={plan.appliedAt} /> by {plan.appliedBy}
          </>
        ) : null}
      </p>
      {props.notice ? <p class="alert alert-ok">{props.notice}</p> : null}
      {props.label ? (
        <p class="alert alert-warn">
          Draft preview: what a full cycle would send if the draft were published. The published mappings are still in
          use. <a href={`/apps/${encodeURIComponent(props.app.id)}/mappings/user`}>Back to the draft</a> to publish or
          discard it.
        </p>
      ) : null}
      {plan.status === 'running' ? (
        <JobProgressPanel
          pollUrl={`${base}/progress`}
          pageUrl={base}
          verb="Planning"
          done={plan.progress.done}
          total={plan.progress.total}
          unit="users"
          what="dry run"
          cancelUrl={hasRole(props.actor.role, 'operator') ? `${base}/cancel` : null}
          csrfToken={props.csrfToken}
        />
      ) : (
        <PartialNotice
          status={plan.status}
          error={plan.error}
          done={plan.progress.done}
          total={plan.progress.total}
          unit="users planned"
        />
      )}
      {plan.guardNote ? <p class="alert alert-error">Deletion guard: {plan.guardNote}</p> : null}
      {plan.applyResult ? (
        <p class="alert">
          Applied: {plan.applyResult.executed} executed, {plan.applyResult.stale} no longer valid (not sent),{' '}
          {plan.applyResult.failed} failed, {plan.applyResult.held} held by the deletion guard.
        </p>
      ) : null}
      {plan.status === 'running' ? (
        <p class="muted">The plan is shown here when planning has ended: this page reloads itself then.</p>
      ) : (
        <>
          <Counts counts={plan.counts} />
          {canRun ? (
            <div class="actions">
              <form
                method="post"
                action={`${base}/apply`}
                data-confirm="Apply this plan? Only actions that are still valid are sent."
              >
                <Csrf token={props.csrfToken} />
                <button type="submit" class="btn btn-primary">
                  Apply
                </button>
              </form>
              <form method="post" action={`${base}/discard`}>
                <Csrf token={props.csrfToken} />
                <button type="submit" class="btn">
                  Discard
                </button>
              </form>
            </div>
          ) : null}
          <form method="get" action={base} class="filters">
            <label for="pf-action">Action</label>
            <select id="pf-action" name="action">
              <option value="">All</option>
              {ACTIONS.map((a) => (
                <option value={a} selected={filter.action === a}>
                  {a}
                </option>
              ))}
            </select>
            <label for="pf-q">Name or id</label>
            <input id="pf-q" type="search" name="q" value={filter.q ?? ''} maxlength={200} />
            <button type="submit" class="btn">
              Filter
            </button>
            <a class="btn" href={`${base}/export.csv${queryString({ action: filter.action, q: filter.q })}`}>
              Download CSV
            </a>
          </form>
          <p class="muted small">
            {props.total} {props.total === 1 ? 'object' : 'objects'}
          </p>
          <table class="table plan-items">
            <thead>
              <tr>
                <th>User</th>
                <th>Action</th>
                <th>Changes (old → new)</th>
                <th>Why</th>
                {plan.status === 'applied' ? <th>Apply</th> : null}
              </tr>
            </thead>
            <tbody>
              {props.items.map((i) => (
                <tr>
                  <td>
                    <Name value={i.displayName ?? i.sourceId} />
                    {i.targetId ? <div class="muted small">target {i.targetId}</div> : null}
                  </td>
                  <td>
                    <Badge code={i.action} />
                  </td>
                  <td>
                    <Changes changes={i.changes} />
                  </td>
                  <td>{i.reason ?? ''}</td>
                  {plan.status === 'applied' ? (
                    <td>
                      {i.applyStatus ? <Badge code={i.applyStatus} /> : null}
                      {i.applyNote ? <div class="muted small">{i.applyNote}</div> : null}
                    </td>
                  ) : null}
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
