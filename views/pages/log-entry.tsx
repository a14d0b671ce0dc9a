/**
 * One provisioning-log entry as a full page: what a row link opens without script, and the permalink. The
 * same details the logs page shows in its flyout; public/logs.js runs the copy buttons here too.
 */
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { CopyStatus } from '../partials/copy-id';
import { LogDetails, type LogDetailsProps } from '../partials/log-details';

/** The page. */
export function LogEntryPage(props: { actor: Actor; csrfToken: string | null | undefined; details: LogDetailsProps }) {
  return (
    <Layout title="Provisioning log entry" actor={props.actor} csrfToken={props.csrfToken} active="logs">
      <link rel="stylesheet" href="/static/logs.css" />
      <script src="/static/logs.js" defer></script>
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/logs">Provisioning logs</a> <span aria-hidden="true">/</span> <span>Entry</span>
      </nav>
      <section class="card">
        <LogDetails {...props.details} />
      </section>
      <CopyStatus />
    </Layout>
  );
}
