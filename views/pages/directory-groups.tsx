/** Directory groups with active search: typing re-fetches only the results block. */
import type { Actor } from '../../src/kernel/actor';
import { DirectorySearchPage } from '../partials/directory-search';
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
    <DirectorySearchPage
      actor={props.actor}
      csrfToken={props.csrfToken}
      kind="groups"
      title="Directory groups"
      label="Search groups"
      placeholder="Start of a group name or mail nickname"
      q={props.q}
      action={
        props.actor.role === 'admin' ? (
          <a class="btn btn-primary" href="/directory/groups/new">
            New group
          </a>
        ) : undefined
      }
      resultsId="group-results"
    >
      <GroupTable groups={props.groups} q={props.q} nextCursor={props.nextCursor} />
    </DirectorySearchPage>
  );
}
