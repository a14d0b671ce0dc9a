/** The "New user" and "Edit user" pages around the directory user form. */
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { DirectoryTabs } from '../partials/directory-tabs';
import type { FieldErrors } from '../partials/field';
import { UserForm, type UserFormValues } from '../partials/user-form';

/** The page; `userId` set means editing that user. */
export function DirectoryUserFormPage(props: {
  actor: Actor;
  csrfToken: string | null | undefined;
  userId?: string | undefined;
  values: UserFormValues;
  errors?: FieldErrors | undefined;
  /** Names of the declared custom attributes, one text box each. */
  custom?: readonly string[] | undefined;
}) {
  const editing = props.userId !== undefined;
  const title = editing ? 'Edit user' : 'New user';
  const action = editing ? `/directory/users/${encodeURIComponent(props.userId ?? '')}` : '/directory/users';
  return (
    <Layout title={title} actor={props.actor} csrfToken={props.csrfToken} active="directory">
      <div class="page-head">
        <h1>{title}</h1>
      </div>
      <DirectoryTabs current="users" />
      <section class="card">
        <UserForm
          action={action}
          submit={editing ? 'Save' : 'Create user'}
          values={props.values}
          errors={props.errors}
          csrfToken={props.csrfToken}
          custom={props.custom}
        />
      </section>
    </Layout>
  );
}
