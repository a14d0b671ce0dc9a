/** Directory users with active search: typing re-fetches only the results block. */
import type { Actor } from '../../src/auth/roles';
import type { DirectoryUser } from '../../src/directory/users';
import { Layout } from '../layout';
import { DirectoryTabs } from '../partials/directory-tabs';
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
    <Layout title="Directory users" actor={props.actor} csrfToken={props.csrfToken} active="directory">
      <div class="page-head">
        <h1>Directory users</h1>
      </div>
      <DirectoryTabs current="users" />
      <form method="get" action="/directory/users" class="search card" aria-label="Search the directory">
        <label for="q">Search</label>
        <input
          id="q"
          type="search"
          name="q"
          value={props.q}
          placeholder="Start of a UPN, name or email"
          autocomplete="off"
          hx-get="/directory/users"
          hx-trigger="input changed delay:300ms, search"
          hx-include="closest form"
          hx-target="#user-results"
          hx-swap="outerHTML"
          hx-push-url="true"
        />
        <button type="submit" class="btn">
          Search
        </button>
      </form>
      <section class="card">
        <UserTable users={props.users} q={props.q} nextCursor={props.nextCursor} />
      </section>
    </Layout>
  );
}
