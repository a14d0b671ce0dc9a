/**
 * Directory → Attributes: the custom user attributes an admin declares (issue 14), with how many users hold a
 * value, a "Declare attribute" form and Remove (refused while a user still has a value).
 */

import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { DirectoryTabs } from '../partials/directory-tabs';
import { ErrorSummary } from '../partials/error-summary';
import { Csrf, control, Field, type FieldErrors, FormError } from '../partials/field';
import { Time } from '../partials/format';
import { Name } from '../partials/safe-text';

export interface CustomAttributeRow {
  name: string;
  description: string | null;
  createdAt: number | string;
  users: number;
}

export interface DeclareFormValues {
  name: string;
  description: string;
  errors?: FieldErrors | undefined;
}

export interface DirectoryAttributesPageProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  attributes: CustomAttributeRow[];
  notice?: string | undefined;
  /** Why a Remove was refused (e.g. the attribute is still in use). */
  removeError?: string | undefined;
  form?: DeclareFormValues | undefined;
}

const LABELS: Record<string, string> = { name: 'Name', description: 'Description' };

function AttributeTable(props: DirectoryAttributesPageProps) {
  const admin = props.actor.role === 'admin';
  if (props.attributes.length === 0) return <p class="empty muted">No custom attribute is declared yet.</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Description</th>
            <th scope="col">Users with a value</th>
            <th scope="col">Declared</th>
            {admin ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.attributes.map((a) => (
            <tr>
              <td class="mono">
                <Name value={a.name} />
              </td>
              <td>{a.description ? <Name value={a.description} /> : <span class="muted">—</span>}</td>
              <td>{a.users}</td>
              <td>
                <Time at={a.createdAt} />
              </td>
              {admin ? (
                <td>
                  <form method="post" action={`/directory/attributes/${encodeURIComponent(a.name)}/remove`}>
                    <Csrf token={props.csrfToken} />
                    <button
                      type="submit"
                      class="btn btn-small btn-danger"
                      aria-label={`Remove ${a.name}`}
                      data-confirm={`Remove the custom attribute ${a.name}?`}
                    >
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
  );
}

function DeclareForm(props: { csrfToken: string | null | undefined; form: DeclareFormValues }) {
  const { errors } = props.form;
  return (
    <section class="card narrow" aria-labelledby="declare-h">
      <h2 id="declare-h">Declare attribute</h2>
      <form method="post" action="/directory/attributes" class="stack" novalidate>
        <Csrf token={props.csrfToken} />
        <ErrorSummary errors={errors} heading="The attribute was not declared." labels={LABELS} />
        <FormError errors={errors} />
        <Field
          label="Name"
          name="name"
          errors={errors}
          hint="Starts with a letter, then letters, digits or _ (64 at most), e.g. costCenter. Not a built-in name."
        >
          <input type="text" required maxlength={64} value={props.form.name} {...control('name', errors, true)} />
        </Field>
        <Field label="Description" name="description" errors={errors} hint="Optional: what the value means.">
          <input type="text" maxlength={200} value={props.form.description} {...control('description', errors, true)} />
        </Field>
        <button type="submit" class="btn btn-primary">
          Declare attribute
        </button>
      </form>
    </section>
  );
}

/** The page. */
export function DirectoryAttributesPage(props: DirectoryAttributesPageProps) {
  return (
    <Layout title="Custom attributes" actor={props.actor} csrfToken={props.csrfToken} active="directory">
      <div class="page-head">
        <h1>Custom attributes</h1>
      </div>
      <DirectoryTabs current="attributes" />
      <p class="muted">
        A custom attribute is a user attribute your organisation needs beyond the built-in ones, such as a cost center
        or a badge number. Once declared, users can carry a value for it (user form, API, CSV), and it can be used under
        its name in attribute mappings, expressions (<span class="mono">[costCenter]</span>) and scoping filters, like a
        built-in attribute.
      </p>
      {props.notice ? (
        <div class="alert alert-ok" role="status">
          {props.notice}
        </div>
      ) : null}
      {props.removeError ? (
        <div class="alert alert-error" role="alert">
          {props.removeError}
        </div>
      ) : null}
      <section class="card" aria-labelledby="declared-h">
        <h2 id="declared-h">Declared attributes</h2>
        <AttributeTable {...props} />
      </section>
      {props.actor.role === 'admin' ? (
        <DeclareForm csrfToken={props.csrfToken} form={props.form ?? { name: '', description: '' }} />
      ) : null}
    </Layout>
  );
}
