/** Directory groups list (the active-search target); paging links keep the search text. */
import type { DirectoryGroup } from '../../src/directory/groups';
import { queryString } from './format';
import { Name } from './safe-text';

export type GroupRow = DirectoryGroup & { memberCount: number };

/** The results block that htmx swaps while the user types. */
export function GroupTable(props: { groups: GroupRow[]; q: string; nextCursor: string | null }) {
  return (
    <div id="group-results">
      {props.groups.length === 0 ? (
        <p class="empty muted">{props.q ? 'No group matches this search.' : 'The directory has no groups.'}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Display name</th>
                <th scope="col">Mail nickname</th>
                <th scope="col">Direct members</th>
                <th scope="col">Deleted</th>
              </tr>
            </thead>
            <tbody>
              {props.groups.map((g) => (
                <tr class={g.deletedAt !== null ? 'row-deleted' : undefined}>
                  <td>
                    <a href={`/directory/groups/${encodeURIComponent(g.id)}`}>
                      <Name value={g.displayName} />
                    </a>
                  </td>
                  <td class="mono">
                    <Name value={g.mailNickname} />
                  </td>
                  <td>{g.memberCount}</td>
                  <td>
                    {g.deletedAt !== null ? (
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
          <a class="btn" rel="next" href={`/directory/groups${queryString({ q: props.q, cursor: props.nextCursor })}`}>
            Next page →
          </a>
        </p>
      ) : null}
    </div>
  );
}
