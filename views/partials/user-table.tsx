/** Directory users list (the active-search target); paging links keep the search text. */
import type { DirectoryUser } from '../../src/directory/users';
import { queryString } from './format';
import { Name } from './safe-text';

/** The results block that htmx swaps while the user types. */
export function UserTable(props: { users: DirectoryUser[]; q: string; nextCursor: string | null }) {
  return (
    <div id="user-results">
      {props.users.length === 0 ? (
        <p class="empty muted">{props.q ? 'No user matches this search.' : 'The directory is empty.'}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">User principal name</th>
                <th scope="col">Display name</th>
                <th scope="col">Department</th>
                <th scope="col">Enabled</th>
                <th scope="col">Deleted</th>
              </tr>
            </thead>
            <tbody>
              {props.users.map((u) => (
                <tr class={u.deletedAt !== null ? 'row-deleted' : undefined}>
                  <td class="mono">
                    <Name value={u.userPrincipalName} />
                  </td>
                  <td>
                    <a href={`/directory/users/${encodeURIComponent(u.id)}`}>
                      {u.displayName ? <Name value={u.displayName} /> : <span class="muted">(no display name)</span>}
                    </a>
                  </td>
                  <td>
                    <Name value={u.department} />
                  </td>
                  <td>
                    {u.accountEnabled ? (
                      <span class="badge badge-ok">Yes</span>
                    ) : (
                      <span class="badge badge-warn">No</span>
                    )}
                  </td>
                  <td>
                    {u.deletedAt !== null ? (
                      <span class="badge badge-bad">Soft-deleted</span>
                    ) : (
                      <span class="muted">No</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.nextCursor ? (
        <p class="pager">
          <a class="btn" rel="next" href={`/directory/users${queryString({ q: props.q, cursor: props.nextCursor })}`}>
            Next page →
          </a>
        </p>
      ) : null}
    </div>
  );
}
