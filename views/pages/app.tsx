/**
 * An application, laid out like Entra's enterprise-app provisioning blade: Current status, Admin Credentials
 * and Settings, Provisioning Status On/Off, Users and groups, and a link to its provisioning logs.
 */
import { hasRole } from '../../src/auth/roles';
import type { cycleSummary } from '../../src/engine/cycle/cycles-repo';
import type { EscrowView } from '../../src/engine/escrow';
import type { Actor } from '../../src/kernel/actor';
import type { AppStatus } from '../../src/operate/status';
import type { AppFacts } from '../../src/reports/app-facts';
import { Layout } from '../layout';
import { GroupSettings, type GroupSettingsValues } from '../partials/app-group-settings';
import { AppSettings, type SettingsValues } from '../partials/app-settings';
import type { PickerValues } from '../partials/assignment-picker';
import { type AssignmentRow, Assignments, type AssignmentWindow } from '../partials/assignments';
import { CyclesTable } from '../partials/cycles-table';
import { EscrowTable } from '../partials/escrow-table';
import { Csrf, type FieldErrors } from '../partials/field';
import { Badge } from '../partials/format';
import { OperateActions } from '../partials/operate-actions';
import { StatusCard } from '../partials/status-card';
import type { TestResult } from '../partials/test-connection';
import type { TestMailOutcome } from '../partials/test-mail';

export interface AppPageProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  app: {
    id: string;
    name: string;
    template: string;
    jobId: string;
    provisioningEnabled: boolean;
    hasSecretToken: boolean;
  };
  status: AppStatus;
  /** Statistics to date, steady state, next scheduled cycle (issue 8). */
  facts?: AppFacts | undefined;
  cycles: ReturnType<typeof cycleSummary>[];
  escrows: EscrowView[];
  settings: SettingsValues;
  assignments: AssignmentRow[];
  /** The search and window the assignments list shows (50 at a time). */
  assignmentWindow?: AssignmentWindow | undefined;
  roles: { displayName: string; isDefaultAccess: boolean }[];
  notice?: string | undefined;
  settingsErrors?: FieldErrors | undefined;
  assignErrors?: FieldErrors | undefined;
  assignValues?: PickerValues | undefined;
  toggleError?: string | undefined;
  testResult?: TestResult | undefined;
  /** False when no SMTP relay is configured (the settings warn that no mail will leave). */
  mailConfigured?: boolean | undefined;
  testMailResult?: TestMailOutcome | undefined;
  /** Group provisioning options (issue 4); the section is left out when absent. */
  groupSettings?: GroupSettingsValues | undefined;
  groupSettingsErrors?: FieldErrors | undefined;
}

function ProvisioningToggle(props: AppPageProps) {
  const on = props.app.provisioningEnabled;
  if (!hasRole(props.actor.role, 'admin')) {
    return (
      <p class="toggle-readonly">
        Provisioning Status: <strong>{on ? 'On' : 'Off'}</strong>
      </p>
    );
  }
  return (
    <form method="post" action={`/apps/${props.app.id}/provisioning`} class="toggle">
      <Csrf token={props.csrfToken} />
      <fieldset class="toggle-set">
        <legend>Provisioning Status</legend>
        <span class="segmented">
          <button type="submit" name="status" value="on" aria-pressed={on ? 'true' : 'false'}>
            On
          </button>
          <button type="submit" name="status" value="off" aria-pressed={on ? 'false' : 'true'}>
            Off
          </button>
        </span>
      </fieldset>
      {props.toggleError ? (
        <span class="field-error" role="alert">
          {props.toggleError}
        </span>
      ) : null}
    </form>
  );
}

/** The page. */
export function AppPage(props: AppPageProps) {
  const { app } = props;
  const logs = `/logs?appId=${encodeURIComponent(app.id)}`;
  return (
    <Layout title={app.name} actor={props.actor} csrfToken={props.csrfToken} active="overview">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/">Overview</a> <span aria-hidden="true">/</span> <span>{app.name}</span>
      </nav>
      <div class="page-head">
        <div>
          <h1>{app.name}</h1>
          <p class="muted small">
            {app.template === 'mindtickle' ? 'MindTickle' : 'Generic SCIM 2.0 app'} · Job ID <code>{app.jobId}</code>
          </p>
        </div>
        <div class="head-actions">
          <Badge code={props.status.state} />
          <ProvisioningToggle {...props} />
        </div>
      </div>
      <nav class="subnav" aria-label="Sections">
        <a href="#current-status">Current status</a>
        <a href="#provisioning">Provisioning</a>
        <a href={`/apps/${app.id}/mappings/user`}>Attribute mappings</a>
        <a href="#escrows">Escrow</a>
        <a href="#users">Users and groups</a>
        <a href={logs}>View provisioning logs</a>
        {hasRole(props.actor.role, 'admin') ? <a href={`/apps/${app.id}/properties`}>Properties</a> : null}
      </nav>
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <OperateActions
        actor={props.actor}
        csrfToken={props.csrfToken}
        appId={app.id}
        provisioningEnabled={app.provisioningEnabled}
        configured={props.status.state !== 'not_configured'}
        running={props.status.currentCycle !== null}
      />
      <div class="two-col" id="current-status">
        <StatusCard
          app={app}
          status={props.status}
          variant="app"
          facts={props.facts}
          canRun={hasRole(props.actor.role, 'operator')}
          canAdmin={hasRole(props.actor.role, 'admin')}
          csrfToken={props.csrfToken}
        />
        <CyclesTable appId={app.id} cycles={props.cycles} />
      </div>
      <EscrowTable
        appId={app.id}
        rows={props.escrows}
        canRetry={hasRole(props.actor.role, 'operator')}
        csrfToken={props.csrfToken}
      />
      <section class="card" id="provisioning">
        <h2>Provisioning</h2>
        <AppSettings
          appId={app.id}
          hasSecretToken={app.hasSecretToken}
          values={props.settings}
          editable={hasRole(props.actor.role, 'admin')}
          canTest={hasRole(props.actor.role, 'operator')}
          csrfToken={props.csrfToken}
          errors={props.settingsErrors}
          testResult={props.testResult}
          mailConfigured={props.mailConfigured}
          testMailResult={props.testMailResult}
        />
      </section>
      <section class="card" id="users">
        <h2>Users and groups</h2>
        <Assignments
          appId={app.id}
          appName={app.name}
          rows={props.assignments}
          window={props.assignmentWindow}
          roles={props.roles}
          editable={hasRole(props.actor.role, 'admin')}
          csrfToken={props.csrfToken}
          errors={props.assignErrors}
          values={props.assignValues}
        />
      </section>
      {props.groupSettings ? (
        <section class="card" id="groups">
          <h2>Groups</h2>
          <GroupSettings
            appId={app.id}
            values={props.groupSettings}
            editable={hasRole(props.actor.role, 'admin')}
            csrfToken={props.csrfToken}
            errors={props.groupSettingsErrors}
          />
        </section>
      ) : null}
      <p>
        <a class="btn" href={logs}>
          View provisioning logs
        </a>
      </p>
    </Layout>
  );
}
