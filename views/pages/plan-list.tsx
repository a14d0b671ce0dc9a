/** The dry runs of an application: the form that plans the next cycle or a full one, and the plans made so far. */
import { hasRole } from '../../src/auth/roles';
import type { planView } from '../../src/operate/dry-run/store';
import { Layout } from '../layout';
import { Csrf } from '../partials/field';
import { Badge, Time } from '../partials/format';
import { type OperateBase as Base, OperateCrumbs } from '../partials/operate-crumbs';

type PlanView = ReturnType<typeof planView>;

/** The list of plans and the form that makes one. */
export function PlansPage(props: Base & { plans: PlanView[]; mode: 'next' | 'full'; preview: boolean }) {
  const base = `/apps/${encodeURIComponent(props.app.id)}`;
  return (
    <Layout title={`Dry runs · ${props.app.name}`} actor={props.actor} csrfToken={props.csrfToken} active="overview">
      <OperateCrumbs app={props.app} last="Dry runs" />
      <h1>Dry runs</h1>
      {props.notice ? <p class="alert alert-ok">{props.notice}</p> : null}
      {props.preview ? (
        <p class="alert">Preview the impact of the saved mappings and scoping filters: plan a full cycle.</p>
      ) : null}
      <p class="muted">
        A dry run computes what a cycle would send, with no write to the target (matching queries only), and keeps the
        plan so it can be reviewed, exported, applied or discarded. It covers users; group changes are left to the next
        cycle.
      </p>
      {hasRole(props.actor.role, 'operator') ? (
        <form method="post" action={`${base}/dry-runs`} class="actions">
          <Csrf token={props.csrfToken} />
          <label for="plan-mode">Plan</label>
          <select id="plan-mode" name="mode">
            <option value="next" selected={props.mode === 'next'}>
              the next cycle (changes since the last one)
            </option>
            <option value="full" selected={props.mode === 'full'}>
              a full cycle (every user in scope or linked)
            </option>
          </select>
          <button type="submit" class="btn btn-primary">
            Run dry run
          </button>
        </form>
      ) : null}
      {props.plans.length === 0 ? (
        <p class="muted">No dry run yet.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Created</th>
              <th>By</th>
              <th>Of</th>
              <th>Status</th>
              <th>Create / update / disable / delete</th>
            </tr>
          </thead>
          <tbody>
            {props.plans.map((p) => (
              <tr>
                <td>
                  <a href={`${base}/dry-runs/${encodeURIComponent(p.id)}`}>
                    <Time at={p.createdAt} />
                  </a>
                </td>
                <td>{p.createdBy}</td>
                <td>{p.mode === 'full' ? 'Full cycle' : 'Next cycle'}</td>
                <td>
                  <Badge code={p.status} />
                </td>
                <td>
                  {p.counts.create} / {p.counts.update} / {p.counts.disable} / {p.counts.delete}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
