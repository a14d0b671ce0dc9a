/**
 * Users and groups assigned to an application: the picker on top for admins, then the list, searchable and
 * paged (50 a page), each row with its kind, name, UPN/email, role and a remove button for admins.
 */
import { Addresses, AssignmentPicker, KindTag, type PickerValues } from './assignment-picker';
import { Csrf, type FieldErrors } from './field';
import { Time } from './format';
import { displaySafe, Name } from './safe-text';

export interface AssignmentRow {
  principalId: string;
  /** Absent for rows built before groups existed: a user. */
  principalType?: 'user' | 'group';
  userPrincipalName: string;
  displayName: string | null;
  mail?: string | null;
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
  values?: PickerValues | undefined;
}

function windowHref(appId: string, q: string, offset: number): string {
  const params = new URLSearchParams();
  if (q) params.set('aq', q);
  if (offset > 0) params.set('aoffset', String(offset));
  const query = params.toString();
  return `/apps/${encodeURIComponent(appId)}${query ? `?${query}` : ''}#users`;
}

/** "1–50 of 420" with previous/next links (above the list, and again below a long one). */
function PageLinks(props: { appId: string; window: AssignmentWindow; shown: number }) {
  const w = props.window;
  const from = w.total === 0 ? 0 : w.offset + 1;
  return (
    <p class="muted small assignment-pages">
      {w.total === 0
        ? w.q
          ? `No assigned user or group matches "${w.q}".`
          : 'Nobody is assigned.'
        : `${from}–${w.offset + props.shown} of ${w.total}`}{' '}
      {w.offset > 0 ? (
        <a rel="prev" href={windowHref(props.appId, w.q, Math.max(0, w.offset - w.pageSize))}>
          ← Previous {w.pageSize}
        </a>
      ) : null}{' '}
      {w.offset + props.shown < w.total ? (
        <a rel="next" href={windowHref(props.appId, w.q, w.offset + w.pageSize)}>
          Next {Math.min(w.pageSize, w.total - w.offset - props.shown)} →
        </a>
      ) : null}
    </p>
  );
}

/** Search box at the top of the list, then the page links. */
function WindowNav(props: { appId: string; window: AssignmentWindow; shown: number }) {
  const w = props.window;
  return (
    <div class="assignment-window">
      <form method="get" action={`/apps/${props.appId}#users`} class="inline-form">
        <label for="assignment-search">Find an assigned user or group</label>
        <input id="assignment-search" type="search" name="aq" value={w.q} maxlength={200} />
        <button type="submit" class="btn">
          Search
        </button>
        {w.q ? <a href={windowHref(props.appId, '', 0)}>Show all</a> : null}
      </form>
      <PageLinks {...props} />
    </div>
  );
}

/**
 * What an assignment means for provisioning. Entra excludes principals with the Default Access role ("are
 * excluded from provisioning"), and a group's members are not provisioned through such a group either.
 */
function Effect(props: { row: AssignmentRow }) {
  const r = props.row;
  if (r.isDefaultAccess) {
    return (
      <span class="muted small">
        {r.principalType === 'group'
          ? 'Default Access: excluded from provisioning; members are not provisioned through this group'
          : 'Default Access: excluded from provisioning'}
      </span>
    );
  }
  return r.principalType === 'group' ? <span class="muted small">Its members are in scope</span> : null;
}

function RemoveForm(props: {
  appId: string;
  appName: string;
  row: AssignmentRow;
  csrfToken: string | null | undefined;
}) {
  const r = props.row;
  const name = displaySafe(r.userPrincipalName);
  return (
    <form
      method="post"
      action={`/apps/${props.appId}/assignments/${encodeURIComponent(r.principalId)}/remove`}
      data-confirm={
        r.principalType === 'group'
          ? `Remove group ${name} from ${props.appName}? The group is deleted in the app, and members with no other assignment are disabled, on the next cycle.`
          : `Remove ${name} from ${props.appName}? The account is disabled in the app on the next cycle.`
      }
    >
      <Csrf token={props.csrfToken} />
      <button type="submit" class="btn btn-danger btn-small" aria-label={`Remove ${name}`}>
        Remove
      </button>
    </form>
  );
}

function AssignmentTable(props: AssignmentsProps) {
  return (
    <div class="table-wrap">
      <table class="table assignment-table">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Name</th>
            <th scope="col">UPN / email</th>
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
          {props.rows.map((r) => {
            const group = r.principalType === 'group';
            const href = `/directory/${group ? 'groups' : 'users'}/${encodeURIComponent(r.principalId)}`;
            return (
              <tr>
                <td>
                  <KindTag kind={group ? 'group' : 'user'} />
                </td>
                <td>
                  <a href={href}>
                    <Name value={group ? r.userPrincipalName : (r.displayName ?? r.userPrincipalName)} />
                  </a>
                </td>
                <td class="assignment-addr">
                  {group ? null : <Addresses upn={r.userPrincipalName} mail={r.mail ?? null} />}
                </td>
                <td>
                  <div>{r.role}</div>
                  <Effect row={r} />
                </td>
                <td>
                  <Time at={r.createdAt} />
                </td>
                {props.editable ? (
                  <td class="row-actions">
                    <RemoveForm appId={props.appId} appName={props.appName} row={r} csrfToken={props.csrfToken} />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The section body: the picker (admins), then the assigned list with its search on top. */
export function Assignments(props: AssignmentsProps) {
  const w = props.window;
  const searching = Boolean(w?.q) || (w?.offset ?? 0) > 0;
  const empty = props.rows.length === 0 && !searching;
  return (
    <>
      {props.editable ? (
        <AssignmentPicker
          appId={props.appId}
          roles={props.roles}
          csrfToken={props.csrfToken}
          errors={props.errors}
          values={props.values}
        />
      ) : null}
      <h3 id="assigned-heading">Assigned{w && w.total > 0 && !w.q ? ` (${w.total})` : ''}</h3>
      {empty ? (
        <p class="muted">
          Nobody is assigned yet. With the scope "Sync only assigned users and groups", nobody is provisioned.
        </p>
      ) : (
        <>
          {w ? <WindowNav appId={props.appId} window={w} shown={props.rows.length} /> : null}
          {props.rows.length > 0 ? <AssignmentTable {...props} /> : null}
          {w && props.rows.length > 15 ? <PageLinks appId={props.appId} window={w} shown={props.rows.length} /> : null}
        </>
      )}
    </>
  );
}
