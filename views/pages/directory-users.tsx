/** Directory users with active search: typing re-fetches only the results block. */

import type { DirectoryUser } from '../../src/directory/users';
import type { Actor } from '../../src/kernel/actor';
import { DirectorySearchPage } from '../partials/directory-search';
import { UserTable } from '../partials/user-table';

/** The page. */
export function DirectoryUsersPage(props: {
  actor: Actor;
  csrfToken: string | null | undefined;
  users: DirectoryUser[];
  q: string;
  nextCursor: string | null;
}) {
  return (
    <DirectorySearchPage
      actor={props.actor}
      csrfToken={props.csrfToken}
      kind="users"
      title="Directory users"
      label="Search the directory"
      placeholder="Start of a UPN, name or email"
      q={props.q}
      action={
        props.actor.role === 'admin' ? (
          <div class="head-actions">
            <a class="btn" href="/directory/users/import">
              Import CSV
            </a>
            <a class="btn btn-primary" href="/directory/users/new">
              New user
            </a>
          </div>
        ) : undefined
      }
      resultsId="user-results"
    >
      <UserTable users={props.users} q={props.q} nextCursor={props.nextCursor} />
    </DirectorySearchPage>
  );
}
