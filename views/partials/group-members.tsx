/** A group's direct members, with remove buttons and the add form for admins. */
import { FormErrors } from './error-summary';
import { Csrf, control, Field, type FieldErrors } from './field';
import { displaySafe, Name } from './safe-text';

export interface MemberRow {
  id: string;
  type: 'user' | 'group';
  name: string;
  displayName: string | null;
  deleted: boolean;
}

export interface GroupMembersProps {
  groupId: string;
  groupName: string;
  members: MemberRow[];
  offset: number;
  nextOffset: number | null;
  editable: boolean;
  csrfToken: string | null | undefined;
  errors?: FieldErrors | undefined;
  value?: string | undefined;
}

function memberLink(m: MemberRow) {
  if (m.type === 'group')
    return (
      <a href={`/directory/groups/${encodeURIComponent(m.id)}`}>
        <Name value={m.name} />
      </a>
    );
  return (
    <span class="mono">
      <Name value={m.name} />
    </span>
  );
}

/** The section body. */
export function GroupMembers(props: GroupMembersProps) {
  const base = `/directory/groups/${encodeURIComponent(props.groupId)}`;
  return (
    <>
      {props.members.length === 0 ? (
        <p class="muted">This group has no members.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Type</th>
                <th scope="col">Display name</th>
                {props.editable ? (
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {props.members.map((m) => (
                <tr class={m.deleted ? 'row-deleted' : undefined}>
                  <td>
                    {memberLink(m)}
                    {m.deleted ? <span class="badge badge-bad">Soft-deleted</span> : null}
                  </td>
                  <td>{m.type === 'group' ? 'Group (nested)' : 'User'}</td>
                  <td>
                    <Name value={m.displayName} />
                  </td>
                  {props.editable ? (
                    <td class="row-actions">
                      <form
                        method="post"
                        action={`${base}/members/${encodeURIComponent(m.id)}/remove`}
                        data-confirm={`Remove ${displaySafe(m.name)} from ${displaySafe(props.groupName)}?`}
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
      {props.offset > 0 || props.nextOffset !== null ? (
        <p class="pager">
          {props.offset > 0 ? (
            <a class="btn" rel="prev" href={`${base}?offset=${Math.max(0, props.offset - 100)}`}>
              ← Previous
            </a>
          ) : null}
          {props.nextOffset !== null ? (
            <a class="btn" rel="next" href={`${base}?offset=${props.nextOffset}`}>
              Next page →
            </a>
          ) : null}
        </p>
      ) : null}
      {props.editable ? (
        <form method="post" action={`${base}/members`} class="inline-form" id="add-member-form">
          <Csrf token={props.csrfToken} />
          <FormErrors
            errors={props.errors}
            heading="The member was not added."
            labels={{ member: 'User (UPN) or group name' }}
          />
          <Field
            label="User (UPN) or group name"
            name="member"
            errors={props.errors}
            hint="Type the start of a name, UPN or email to pick from the directory."
          >
            <input
              type="text"
              {...control('member', props.errors, true)}
              value={props.value ?? ''}
              required
              autocomplete="off"
              list="member-options"
              hx-get="/directory/member-options"
              hx-trigger="input changed delay:250ms"
              hx-include="this"
              hx-target="#member-options"
              hx-swap="innerHTML"
            />
            <datalist id="member-options" />
          </Field>
          <button type="submit" class="btn btn-primary">
            Add member
          </button>
        </form>
      ) : null}
    </>
  );
}
