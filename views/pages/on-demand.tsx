/**
 * Provision on demand: search a directory user by name, UPN or email, provision now, and read the trace
 * (the same steps the log row holds). Operators provision; viewers may search and read.
 */
import { hasRole } from '../../src/auth/roles';
import type { Actor } from '../../src/kernel/actor';
import type { OnDemandResult } from '../../src/operate/on-demand';
import { Layout } from '../layout';
import { ErrorSummary } from '../partials/error-summary';
import { Csrf } from '../partials/field';
import { actionLabel, Badge, formatDuration } from '../partials/format';
import { Name } from '../partials/safe-text';
import { Trace } from '../partials/trace';

export interface OnDemandUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  mail: string | null;
  accountEnabled: boolean;
  deleted: boolean;
}

export interface OnDemandPageProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  app: { id: string; name: string };
  q: string;
  users: OnDemandUser[];
  groups: { id: string; displayName: string; memberCount: number }[];
  /** A group picked from the search: choose up to five of its members. */
  group?: { id: string; displayName: string; total: number; members: OnDemandUser[] } | undefined;
  /** One trace per object provisioned (a group's chosen members first, then the group). */
  results?: (OnDemandResult & { userLabel: string })[] | undefined;
  error?: string | undefined;
  /** The member ids ticked in a refused group pick, ticked again. */
  picked?: readonly string[] | undefined;
}

function GroupPicker(props: OnDemandPageProps & { group: NonNullable<OnDemandPageProps['group']> }) {
  const { group } = props;
  const errors = props.error ? { memberIds: props.error } : undefined;
  const action = `/apps/${encodeURIComponent(props.app.id)}/on-demand/groups/${encodeURIComponent(group.id)}`;
  return (
    <section class="card">
      <h2>
        Group <Name value={group.displayName} />
      </h2>
      <p class="muted small">
        Pick up to five of its {group.total} users. They are provisioned first, then the group with its members.
      </p>
      <form method="post" action={action}>
        <Csrf token={props.csrfToken} />
        <ErrorSummary errors={errors} heading="Nothing was provisioned." labels={{ memberIds: 'Members' }} />
        <fieldset class={errors ? 'has-error' : undefined}>
          <legend>Members</legend>
          {group.members.map((u, i) => (
            <label class="check">
              {/* The first box carries the id the summary links to; each box points at the message. */}
              <input
                type="checkbox"
                name="memberIds"
                id={i === 0 ? 'memberIds' : `memberIds-${i}`}
                value={u.id}
                checked={props.picked?.includes(u.id)}
                aria-invalid={errors ? 'true' : undefined}
                aria-describedby={errors ? 'memberIds-error' : undefined}
              />{' '}
              <Name value={u.displayName} /> (
              <Name value={u.userPrincipalName} />)
            </label>
          ))}
          {errors ? (
            <p class="field-error" id="memberIds-error">
              {props.error}
            </p>
          ) : null}
        </fieldset>
        {group.total > group.members.length ? (
          <p class="muted small">Showing the first {group.members.length} by UPN.</p>
        ) : null}
        {hasRole(props.actor.role, 'operator') ? (
          <button type="submit" class="btn btn-primary">
            Provision group
          </button>
        ) : null}
      </form>
    </section>
  );
}

function Result(props: { result: OnDemandResult & { userLabel: string } }) {
  const r = props.result;
  return (
    <section class="card on-demand-result">
      <header class="card-head">
        <h2>
          {actionLabel(r.provisioningAction)} · {r.userLabel}
        </h2>
        <Badge code={r.status} />
      </header>
      <p class="muted small">
        Took {formatDuration(r.durationMs)} · {r.requests.length} SCIM requests
        {r.changeId ? (
          <>
            {' · '}
            <a href={`/logs/${encodeURIComponent(r.changeId)}`}>Open the log entry</a>
          </>
        ) : null}
      </p>
      {r.error ? (
        <p class="alert alert-error">
          {r.error.errorCode}: {r.error.reason}
          {r.error.recommendedAction ? ` — ${r.error.recommendedAction}` : ''}
        </p>
      ) : null}
      <Trace steps={r.steps} />
      {r.modifiedProperties.length > 0 ? (
        <table class="table">
          <thead>
            <tr>
              <th>Attribute</th>
              <th>Old value</th>
              <th>New value</th>
            </tr>
          </thead>
          <tbody>
            {r.modifiedProperties.map((p) => (
              <tr>
                <td>{p.displayName}</td>
                <td>{p.oldValue ?? ''}</td>
                <td>{p.newValue ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** The page. */
export function OnDemandPage(props: OnDemandPageProps) {
  const { app } = props;
  const canRun = hasRole(props.actor.role, 'operator');
  const base = `/apps/${encodeURIComponent(app.id)}`;
  return (
    <Layout
      title={`Provision on demand · ${app.name}`}
      actor={props.actor}
      csrfToken={props.csrfToken}
      active="overview"
    >
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/">Overview</a> <span aria-hidden="true">/</span> <a href={base}>{app.name}</a>{' '}
        <span aria-hidden="true">/</span> <span>Provision on demand</span>
      </nav>
      <h1>Provision on demand</h1>
      <p class="muted">
        Provision one user now, whatever the schedule, and see each step: import, scope, match and the action with the
        attributes sent.
      </p>
      <form method="get" action={`${base}/on-demand`} class="search-form">
        <label for="od-q">User (name, UPN or email) or group name</label>
        <input id="od-q" type="search" name="q" value={props.q} maxlength={200} />
        <button type="submit" class="btn">
          Search
        </button>
      </form>
      {props.q && props.users.length === 0 && props.groups.length === 0 ? (
        <p class="muted">No directory user or group starts with “{props.q}”.</p>
      ) : null}
      {props.users.length > 0 ? (
        <table class="table on-demand-users">
          <thead>
            <tr>
              <th>Display name</th>
              <th>UPN</th>
              <th>Email</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td>
                  <Name value={u.displayName} />
                </td>
                <td>
                  <Name value={u.userPrincipalName} />
                </td>
                <td>{u.mail ?? ''}</td>
                <td>{u.deleted ? 'Soft-deleted' : u.accountEnabled ? 'Enabled' : 'Disabled'}</td>
                <td>
                  {canRun ? (
                    <form method="post" action={`${base}/on-demand`}>
                      <Csrf token={props.csrfToken} />
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="q" value={props.q} />
                      <button type="submit" class="btn btn-primary">
                        Provision
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {props.groups.length > 0 && !props.group ? (
        <table class="table on-demand-groups">
          <thead>
            <tr>
              <th>Group</th>
              <th>Direct members</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.groups.map((g) => (
              <tr>
                <td>
                  <Name value={g.displayName} />
                </td>
                <td>{g.memberCount}</td>
                <td>
                  <a class="btn" href={`${base}/on-demand/groups/${encodeURIComponent(g.id)}`}>
                    Choose members
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {props.error && !props.group ? (
        <p class="alert alert-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.group ? <GroupPicker {...props} group={props.group} /> : null}
      {(props.results ?? []).map((r) => (
        <Result result={r} />
      ))}
    </Layout>
  );
}
