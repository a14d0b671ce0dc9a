/** Overview: one live status card per application, then one card per directory source (issue 14). */

import { hasRole } from '../../src/auth/roles';
import type { Actor } from '../../src/kernel/actor';
import type { AppStatus } from '../../src/operate/status';
import type { Activity24h } from '../../src/reports/app-summary';
import type { SourceActivity } from '../../src/reports/source-activity';
import { Layout } from '../layout';
import { SourceCard } from '../partials/source-card';
import { StatusCard } from '../partials/status-card';

export interface OverviewProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  /** Already ordered: quarantined and failing apps first. */
  apps: { app: { id: string; name: string }; status: AppStatus; activity?: Activity24h | undefined }[];
  /** Directory sources in name order; the section is left out when there are none. */
  sources?: SourceActivity[] | undefined;
  /** A fixed sentence after an action that lands here (deleting an application). */
  notice?: string | undefined;
}

/** The page. */
export function OverviewPage(props: OverviewProps) {
  const admin = hasRole(props.actor.role, 'admin');
  return (
    <Layout title="Overview" actor={props.actor} csrfToken={props.csrfToken} active="overview">
      <div class="page-head">
        <h1>Applications</h1>
        <div class="head-actions">
          <a class="btn" href={'/logs?status=failure&range=7d'}>
            Failed users, last 7 days
          </a>
          {admin ? (
            <a class="btn btn-primary" href="/apps/new">
              New application
            </a>
          ) : null}
        </div>
      </div>
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {/* The stack spaces the sources section from the application cards above it. */}
      <div class="stack">
        {props.apps.length === 0 ? (
          <section class="card empty">
            <p>No applications yet.</p>
            <p class="muted">
              {admin
                ? 'Add a SCIM application (for example MindTickle) to start provisioning users from the directory.'
                : 'An administrator has to add an application first.'}
            </p>
          </section>
        ) : (
          <div class="card-grid">
            {props.apps.map((a) => (
              <StatusCard
                app={a.app}
                status={a.status}
                activity={a.activity}
                variant="overview"
                canRun={hasRole(props.actor.role, 'operator')}
                csrfToken={props.csrfToken}
              />
            ))}
          </div>
        )}
        {props.sources && props.sources.length > 0 ? (
          <section class="overview-sources" aria-labelledby="sources-heading">
            <div class="page-head">
              <h2 id="sources-heading">Directory sources</h2>
              {admin ? (
                <div class="head-actions">
                  <a class="btn" href="/settings/sources">
                    Manage sources
                  </a>
                </div>
              ) : null}
            </div>
            <div class="card-grid">
              {props.sources.map((s) => (
                <SourceCard source={s} />
              ))}
            </div>
          </section>
        ) : null}
      </div>
    </Layout>
  );
}
