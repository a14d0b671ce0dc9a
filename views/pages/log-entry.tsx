/** One provisioning-log entry as a full page (the same details the logs page loads with htmx). */
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { LogDetails, type LogDetailsProps } from '../partials/log-details';

/** The page. */
export function LogEntryPage(props: { actor: Actor; csrfToken: string | null | undefined; details: LogDetailsProps }) {
  return (
    <Layout title="Provisioning log entry" actor={props.actor} csrfToken={props.csrfToken} active="logs">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/logs">Provisioning logs</a> <span aria-hidden="true">/</span> <span>Entry</span>
      </nav>
      <section class="card">
        <LogDetails {...props.details} />
      </section>
    </Layout>
  );
}
