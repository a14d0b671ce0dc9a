/** Directory groups with active search: typing re-fetches only the results block. */
import type { Actor } from '../../src/auth/roles';
import { Layout } from '../layout';
import { DirectoryTabs } from '../partials/directory-tabs';
import { type GroupRow, GroupTable } from '../partials/group-table';

/** The page. */
export function DirectoryGroupsPage(props: {
  actor: Actor;
  csrfToken: string | null | undefined;
  groups: GroupRow[];
  q: string;
  nextCursor: string | null;
}) {
  return (
    <Layout title="Directory groups" actor={props.actor} csrfToken={props.csrfToken} active="directory">
      <div class="page-head">
        <h1>Directory groups</h1>
      </div>
      <DirectoryTabs current="groups" />
      <form method="get" action="/directory/groups" class="search card" aria-label="Search groups">
        <label for="q">Search</label>
        <input
          id="q"
          type="search"
          name="q"
          value={props.q}
          placeholder="Start of a group name or mail nickname"
          autocomplete="off"
          hx-get="/directory/groups"
          hx-trigger="input changed delay:300ms, search"
          hx-include="closest form"
          hx-target="#group-results"
          hx-swap="outerHTML"
          hx-push-url="true"
        />
        <button type="submit" class="btn">
          Search
        </button>
      </form>
      <section class="card">
        <GroupTable groups={props.groups} q={props.q} nextCursor={props.nextCursor} />
      </section>
    </Layout>
  );
}
