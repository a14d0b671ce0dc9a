/** One provisioning-log entry as a full page (the same details the logs page loads with htmx). */
import type { Actor } from '../../src/auth/roles';
import type { LogRow } from '../../src/log/query';
import { Layout } from '../layout';
import { LogDetails } from '../partials/log-details';

/** The page. */
export function LogEntryPage(props: {
  actor: Actor;
  csrfToken: string | null | undefined;
  row: LogRow;
  appName: string | undefined;
}) {
  return (
    <Layout title="Provisioning log entry" actor={props.actor} csrfToken={props.csrfToken} active="logs">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/logs">Provisioning logs</a> <span aria-hidden="true">/</span> <span>Entry</span>
      </nav>
      <section class="card">
        <LogDetails row={props.row} appName={props.appName} />
      </section>
    </Layout>
  );
}
