/**
 * An application's Properties (admin), as Entra's enterprise-app Properties blade: rename it, or delete it
 * after typing its name. The name pattern lets the browser refuse a mismatch before the request; the server
 * checks again (operate/delete-app.ts).
 */
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { FormErrors } from '../partials/error-summary';
import { Csrf, control, Field, type FieldErrors } from '../partials/field';
import { exactPattern, TypedNameConfirm } from '../partials/typed-confirm';

export interface AppPropertiesProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  app: { id: string; name: string; provisioningEnabled: boolean };
  /** The Name field as typed, after a refused rename. */
  nameValue?: string | undefined;
  renameErrors?: FieldErrors | undefined;
  deleteErrors?: FieldErrors | undefined;
  /** The confirmation as typed, after a refused delete. */
  confirmValue?: string | undefined;
  notice?: string | undefined;
}

export { exactPattern };

/** The page. */
export function AppPropertiesPage(props: AppPropertiesProps) {
  const { app } = props;
  const base = `/apps/${encodeURIComponent(app.id)}`;
  return (
    <Layout title={`${app.name}: Properties`} actor={props.actor} csrfToken={props.csrfToken} active="overview">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/">Overview</a> <span aria-hidden="true">/</span> <a href={base}>{app.name}</a>{' '}
        <span aria-hidden="true">/</span> <span>Properties</span>
      </nav>
      <h1>Properties</h1>
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <section class="card narrow" aria-labelledby="rename-h">
        <h2 id="rename-h">Name</h2>
        <form method="post" action={`${base}/rename`} class="stack">
          <Csrf token={props.csrfToken} />
          <FormErrors errors={props.renameErrors} heading="The name was not saved." labels={{ name: 'Name' }} />
          <Field
            label="Name"
            name="name"
            errors={props.renameErrors}
            hint="Shown on the overview, in logs, reports and notification mails. Nothing is sent to the app."
          >
            <input
              type="text"
              {...control('name', props.renameErrors, true)}
              value={props.nameValue ?? app.name}
              required
              maxlength={200}
            />
          </Field>
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              Save name
            </button>
          </div>
        </form>
      </section>
      <section class="card narrow danger-zone" aria-labelledby="delete-h">
        <h2 id="delete-h">Delete application</h2>
        <p>Deleting {app.name}:</p>
        <ul>
          <li>
            {app.provisioningEnabled
              ? 'turns provisioning off first and stops a running cycle;'
              : 'stops a running cycle, if any (provisioning is already off);'}
          </li>
          <li>removes its settings, Secret Token, mappings, assignments, links, escrow and cycle history;</li>
          <li>keeps its provisioning log rows until log retention removes them;</li>
          <li>changes nothing in the app itself: its accounts stay as they are.</li>
        </ul>
        <form method="post" action={`${base}/delete`} class="stack">
          <Csrf token={props.csrfToken} />
          <TypedNameConfirm what="application" name={app.name} errors={props.deleteErrors} value={props.confirmValue} />
          <div class="actions">
            <button type="submit" class="btn btn-danger">
              Delete application
            </button>
            <a class="btn btn-quiet" href={base}>
              Cancel
            </a>
          </div>
        </form>
      </section>
    </Layout>
  );
}
