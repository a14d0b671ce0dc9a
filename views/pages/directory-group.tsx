/** One directory group: its attributes, direct members (paged), the groups it belongs to and its app assignments. */

import type { DirectoryGroup } from '../../src/directory/groups';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { DirectoryTabs } from '../partials/directory-tabs';
import { Csrf } from '../partials/field';
import { GroupMembers, type GroupMembersProps } from '../partials/group-members';
import { displaySafe, Name } from '../partials/safe-text';

export interface DirectoryGroupPageProps extends Omit<GroupMembersProps, 'groupId' | 'groupName' | 'editable'> {
  actor: Actor;
  group: DirectoryGroup;
  memberOf: { id: string; displayName: string }[];
  apps: { appId: string; appName: string; role: string }[];
  notice?: string | undefined;
  /** The source that owns the group (it is read-only here), or null for a local group. */
  source?: { id: string; name: string } | null;
}

/** The page. */
export function DirectoryGroupPage(props: DirectoryGroupPageProps) {
  const g = props.group;
  const editable = props.actor.role === 'admin' && !props.source;
  const base = `/directory/groups/${encodeURIComponent(g.id)}`;
  return (
    <Layout
      title={`Group ${displaySafe(g.displayName)}`}
      actor={props.actor}
      csrfToken={props.csrfToken}
      active="directory"
    >
      <div class="page-head">
        <h1>
          <Name value={g.displayName} />
        </h1>
        {g.deletedAt !== null ? <span class="badge badge-bad">Soft-deleted</span> : null}
      </div>
      <DirectoryTabs current="groups" />
      {props.notice ? (
        <div class="alert alert-ok" role="status">
          {props.notice}
        </div>
      ) : null}
      <section class="card">
        <dl class="kv">
          <dt>Object id</dt>
          <dd class="mono">{g.id}</dd>
          <dt>Mail nickname</dt>
          <dd>
            <Name value={g.mailNickname} />
          </dd>
          <dt>Description</dt>
          <dd>
            <Name value={g.description} />
          </dd>
          <dt>Source</dt>
          <dd>{props.source ? <Name value={props.source.name} /> : 'Local directory'}</dd>
          <dt>Member of</dt>
          <dd>
            {props.memberOf.length === 0
              ? '—'
              : props.memberOf.map((p, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a href={`/directory/groups/${encodeURIComponent(p.id)}`}>
                      <Name value={p.displayName} />
                    </a>
                  </>
                ))}
          </dd>
          <dt>Assigned to</dt>
          <dd>
            {props.apps.length === 0
              ? '—'
              : props.apps.map((a, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a href={`/apps/${encodeURIComponent(a.appId)}`}>{a.appName}</a> ({a.role})
                  </>
                ))}
          </dd>
        </dl>
        {editable && g.deletedAt === null ? (
          <p class="actions">
            <a class="btn" href={`${base}/edit`}>
              Edit or rename
            </a>
          </p>
        ) : null}
        {editable ? (
          <form
            method="post"
            action={`${base}/${g.deletedAt === null ? 'delete' : 'restore'}`}
            data-confirm={
              g.deletedAt === null
                ? `Soft-delete ${displaySafe(g.displayName)}? It is deleted in the apps it is provisioned to, and stops granting access.`
                : undefined
            }
          >
            <Csrf token={props.csrfToken} />
            <button type="submit" class={g.deletedAt === null ? 'btn btn-danger' : 'btn'}>
              {g.deletedAt === null ? 'Soft-delete group' : 'Restore group'}
            </button>
          </form>
        ) : null}
      </section>
      <section class="card" id="members">
        <h2>Direct members</h2>
        <GroupMembers {...props} groupId={g.id} groupName={g.displayName} editable={editable} />
      </section>
    </Layout>
  );
}
