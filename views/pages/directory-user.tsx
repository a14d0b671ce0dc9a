/**
 * One directory user: attributes (from the directory's attribute list), source, groups (direct and nested),
 * and per application the provisioning state. Admins edit, disable, soft-delete and restore local users;
 * a user owned by a source is read-only here.
 */
import { customValuesOf } from '../../src/directory/custom-attributes';
import type { UserGroup } from '../../src/directory/user-groups';
import { USER_ATTRIBUTES } from '../../src/directory/user-input';
import type { DirectoryUser } from '../../src/directory/users';
import type { Actor } from '../../src/kernel/actor';
import type { UserAppState } from '../../src/operate/user-provisioning';
import { Layout } from '../layout';
import { DirectoryTabs } from '../partials/directory-tabs';
import { Csrf } from '../partials/field';
import { Time } from '../partials/format';
import { displaySafe, Name } from '../partials/safe-text';
import { attributeLabel } from '../partials/user-form';
import { UserProvisioning } from '../partials/user-provisioning';

export interface UserSource {
  id?: string | null;
  name: string;
  anchor?: string | null;
}

export interface DirectoryUserPageProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  user: DirectoryUser;
  source: UserSource | null;
  groups: UserGroup[];
  apps: UserAppState[];
  notice?: string | undefined;
  /** The user the `manager` attribute names, shown by name with a link. */
  manager?: DirectoryUser | null;
  /** Whether the restore action is offered for a soft-deleted user. */
  canRestore: boolean;
  /** Names of the declared custom attributes; the block is shown only when there is one. */
  declared?: readonly string[] | undefined;
}

function Value(props: { v: unknown }) {
  const v = props.v;
  if (typeof v === 'boolean') return <>{v ? 'Yes' : 'No'}</>;
  if (v === null || v === undefined || v === '') return <span class="muted">—</span>;
  return <Name value={typeof v === 'string' ? v : JSON.stringify(v)} />;
}

function PostButton(props: { action: string; label: string; csrf: string | null | undefined; confirm?: string }) {
  return (
    <form method="post" action={props.action}>
      <Csrf token={props.csrf} />
      <button type="submit" class={props.confirm ? 'btn btn-danger' : 'btn'} data-confirm={props.confirm}>
        {props.label}
      </button>
    </form>
  );
}

function Actions(props: DirectoryUserPageProps) {
  const u = props.user;
  const base = `/directory/users/${encodeURIComponent(u.id)}`;
  if (u.deletedAt !== null) {
    return props.canRestore ? (
      <div class="actions">
        <PostButton action={`${base}/restore`} label="Restore user" csrf={props.csrfToken} />
      </div>
    ) : null;
  }
  return (
    <div class="actions">
      <a class="btn" href={`${base}/edit`}>
        Edit
      </a>
      <PostButton
        action={`${base}/${u.accountEnabled ? 'disable' : 'enable'}`}
        label={u.accountEnabled ? 'Disable' : 'Enable'}
        csrf={props.csrfToken}
      />
      <PostButton
        action={`${base}/delete`}
        label="Soft-delete user"
        csrf={props.csrfToken}
        confirm={`Soft-delete ${displaySafe(u.userPrincipalName)}? Provisioned accounts are disabled; the user can be restored.`}
      />
    </div>
  );
}

/** The user's values of the declared custom attributes, under the names mappings and expressions use. */
function CustomAttributes(props: { declared: readonly string[]; stored: string | null }) {
  if (props.declared.length === 0) return null;
  const values = customValuesOf(props.stored);
  return (
    <section class="card" id="custom-attributes" aria-labelledby="custom-attributes-h">
      <h2 id="custom-attributes-h">Custom attributes</h2>
      <dl class="kv">
        {props.declared.map((name) => (
          <>
            <dt>
              <Name value={name} />
            </dt>
            <dd>
              <Value v={values[name]} />
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
}

/** The page. */
export function DirectoryUserPage(props: DirectoryUserPageProps) {
  const u = props.user;
  const row = u as unknown as Record<string, unknown>;
  const editable = props.actor.role === 'admin' && props.source === null;
  // The directory has dozens of attributes; most users fill a few. Empty ones are listed apart, not as rows of dashes.
  const isEmpty = (v: unknown) => v === null || v === undefined || v === '';
  const filled = USER_ATTRIBUTES.filter((name) => !isEmpty(row[name]));
  const empty = USER_ATTRIBUTES.filter((name) => isEmpty(row[name]));
  return (
    <Layout
      title={`User ${displaySafe(u.userPrincipalName)}`}
      actor={props.actor}
      csrfToken={props.csrfToken}
      active="directory"
    >
      <div class="page-head">
        <h1>
          <Name value={u.displayName ?? u.userPrincipalName} />
        </h1>
        {u.accountEnabled ? null : <span class="badge badge-warn">Disabled</span>}
        {u.deletedAt !== null ? <span class="badge badge-bad">Soft-deleted</span> : null}
      </div>
      <DirectoryTabs current="users" />
      {props.notice ? (
        <div class="alert alert-ok" role="status">
          {props.notice}
        </div>
      ) : null}
      <section class="card" id="attributes">
        <h2>Attributes</h2>
        <dl class="kv">
          <dt>Object id</dt>
          <dd class="mono">{u.id}</dd>
          {filled.map((name) => (
            <>
              <dt>{attributeLabel(name)}</dt>
              <dd>
                {name === 'manager' && props.manager ? (
                  <a href={`/directory/users/${encodeURIComponent(props.manager.id)}`}>
                    <Name value={props.manager.displayName ?? props.manager.userPrincipalName} />
                  </a>
                ) : (
                  <Value v={row[name]} />
                )}
              </dd>
            </>
          ))}
          <dt>Source</dt>
          <dd>
            {props.source ? (
              <>
                <Name value={props.source.name} />
                {props.source.anchor ? (
                  <span class="muted">
                    {' '}
                    (anchor <Name value={props.source.anchor} />)
                  </span>
                ) : null}
              </>
            ) : (
              'Local directory'
            )}
          </dd>
          <dt>Created</dt>
          <dd>
            <Time at={u.createdAt} />
          </dd>
          <dt>Updated</dt>
          <dd>
            <Time at={u.updatedAt} />
          </dd>
        </dl>
        {empty.length > 0 ? (
          <details class="empty-attributes">
            <summary>Empty attributes ({empty.length})</summary>
            <p class="muted">{empty.map(attributeLabel).join(', ')}</p>
          </details>
        ) : null}
        {editable ? <Actions {...props} /> : null}
        {props.actor.role === 'admin' && props.source !== null ? (
          <p class="hint">This user is owned by its source and is changed there.</p>
        ) : null}
      </section>
      <CustomAttributes declared={props.declared ?? []} stored={u.customAttributes} />
      <section class="card" id="groups">
        <h2>Groups</h2>
        {props.groups.length === 0 ? (
          <p class="muted">Not a member of any group.</p>
        ) : (
          <ul class="plain-list">
            {props.groups.map((g) => (
              <li>
                <a href={`/directory/groups/${encodeURIComponent(g.id)}`}>
                  <Name value={g.displayName} />
                </a>{' '}
                <span class="muted">{g.direct ? '(direct)' : '(nested)'}</span>
                {g.deleted ? <span class="badge badge-bad">Soft-deleted</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" id="provisioning">
        <h2>Applications</h2>
        <UserProvisioning userId={u.id} apps={props.apps} />
      </section>
    </Layout>
  );
}
