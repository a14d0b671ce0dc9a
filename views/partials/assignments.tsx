/** Users and groups assigned to an application, with the add form and remove buttons for admins. */
import { Csrf, control, Field, type FieldErrors, FormError } from './field';
import { Time } from './format';
import { displaySafe, Name } from './safe-text';

export interface AssignmentRow {
  principalId: string;
  /** Absent for rows built before groups existed: a user. */
  principalType?: 'user' | 'group';
  userPrincipalName: string;
  displayName: string | null;
  role: string;
  isDefaultAccess: boolean;
  createdAt: number;
}

export interface AssignmentWindow {
  q: string;
  offset: number;
  pageSize: number;
  total: number;
}

export interface AssignmentsProps {
  appId: string;
  appName: string;
  rows: AssignmentRow[];
  window?: AssignmentWindow | undefined;
  roles: { displayName: string; isDefaultAccess: boolean }[];
  editable: boolean;
  csrfToken: string | null | undefined;
  errors?: FieldErrors | undefined;
  values?: { upn: string; role: string } | undefined;
}

function AddForm(props: AssignmentsProps) {
  const { errors } = props;
  return (
    <form method="post" action={`/apps/${props.appId}/assignments`} class="inline-form" id="assign-form">
      <Csrf token={props.csrfToken} />
      <FormError errors={errors} />
      <Field label="User (UPN or email) or group name" name="upn" errors={errors}>
        <input type="text" {...control('upn', errors)} value={props.values?.upn ?? ''} required autocomplete="off" />
      </Field>
      <Field label="Role" name="role" errors={errors}>
        <select {...control('role', errors)}>
          {props.roles.map((r) => (
            <option value={r.displayName} selected={(props.values?.role ?? 'User') === r.displayName}>
              {r.isDefaultAccess ? `${r.displayName} (not provisioned)` : r.displayName}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" class="btn btn-primary">
        Assign
      </button>
    </form>
  );
}

function windowHref(appId: string, q: string, offset: number): string {
  const params = new URLSearchParams();
  if (q) params.set('aq', q);
  if (offset > 0) params.set('aoffset', String(offset));
  const query = params.toString();
  return `/apps/${encodeURIComponent(appId)}${query ? `?${query}` : ''}#users`;
}

/** Search box, "1–50 of 420" and previous/next links over the assignments. */
function WindowNav(props: { appId: string; window: AssignmentWindow; shown: number }) {
  const w = props.window;
  const from = w.total === 0 ? 0 : w.offset + 1;
  return (
    <div class="assignment-window">
      <form method="get" action={`/apps/${props.appId}#users`} class="inline-form">
        <label for="assignment-search">Find an assigned user or group</label>
        <input id="assignment-search" type="search" name="aq" value={w.q} maxlength={200} />
        <button type="submit" class="btn">
          Search
        </button>
      </form>
      <p class="muted small">
        {w.total === 0 ? 'No assignment matches.' : `${from}–${w.offset + props.shown} of ${w.total}`}{' '}
        {w.offset > 0 ? <a href={windowHref(props.appId, w.q, Math.max(0, w.offset - w.pageSize))}>Previous</a> : null}{' '}
        {w.offset + props.shown < w.total ? (
          <a href={windowHref(props.appId, w.q, w.offset + w.pageSize)}>Next {w.pageSize}</a>
        ) : null}
      </p>
    </div>
  );
}

/** The section body. */
export function Assignments(props: AssignmentsProps) {
  const searching = Boolean(props.window?.q) || (props.window?.offset ?? 0) > 0;
  return (
    <>
      {props.window && (props.window.total > props.window.pageSize || searching) ? (
        <WindowNav appId={props.appId} window={props.window} shown={props.rows.length} />
      ) : null}
      {props.rows.length === 0 && searching ? null : props.rows.length === 0 ? (
        <p class="muted">
          Nobody is assigned yet. With the scope "Sync only assigned users and groups", nobody is provisioned.
        </p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">User or group</th>
                <th scope="col">Role</th>
                <th scope="col">Assigned</th>
                {props.editable ? (
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>
                    {r.principalType === 'group' ? (
                      <>
                        <a href={`/directory/groups/${encodeURIComponent(r.principalId)}`}>
                          <Name value={r.userPrincipalName} />
                        </a>
                        <div class="muted small">Group: its members are in scope</div>
                      </>
                    ) : (
                      <>
                        <div>
                          <Name value={r.displayName ?? r.userPrincipalName} />
                        </div>
                        <div class="muted small">
                          <Name value={r.userPrincipalName} />
                        </div>
                      </>
                    )}
                  </td>
                  <td>
                    {r.role}
                    {r.isDefaultAccess ? <span class="muted small"> (not provisioned)</span> : null}
                  </td>
                  <td>
                    <Time at={r.createdAt} />
                  </td>
                  {props.editable ? (
                    <td class="row-actions">
                      <form
                        method="post"
                        action={`/apps/${props.appId}/assignments/${encodeURIComponent(r.principalId)}/remove`}
                        data-confirm={
                          r.principalType === 'group'
                            ? `Remove group ${displaySafe(r.userPrincipalName)} from ${props.appName}? The group is deleted in the app, and members with no other assignment are disabled, on the next cycle.`
                            : `Remove ${displaySafe(r.userPrincipalName)} from ${props.appName}? The account is disabled in the app on the next cycle.`
                        }
                      >
                        <Csrf token={props.csrfToken} />
                        <button type="submit" class="btn btn-danger btn-small">
                          Remove
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.editable ? <AddForm {...props} /> : null}
    </>
  );
}
