/** The "New group" and "Edit group" pages around the directory group form. */
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { DirectoryTabs } from '../partials/directory-tabs';
import type { FieldErrors } from '../partials/field';
import { GroupForm } from '../partials/group-form';

/** The page; `groupId` set means editing (renaming) that group. */
export function DirectoryGroupFormPage(props: {
  actor: Actor;
  csrfToken: string | null | undefined;
  groupId?: string | undefined;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
}) {
  const editing = props.groupId !== undefined;
  const title = editing ? 'Edit group' : 'New group';
  const action = editing ? `/directory/groups/${encodeURIComponent(props.groupId ?? '')}` : '/directory/groups';
  return (
    <Layout title={title} actor={props.actor} csrfToken={props.csrfToken} active="directory">
      <div class="page-head">
        <h1>{title}</h1>
      </div>
      <DirectoryTabs current="groups" />
      <section class="card">
        <GroupForm
          action={action}
          submit={editing ? 'Save' : 'Create group'}
          values={props.values}
          errors={props.errors}
          csrfToken={props.csrfToken}
        />
      </section>
    </Layout>
  );
}
