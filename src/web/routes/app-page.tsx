/**
 * The application page as every action under /apps/:id renders it, and the redirect back to it. Shared by
 * pages-app (settings, provisioning, assignments, Test Connection), pages-app-health and pages-app-groups.
 */
import type { Context } from 'hono';
import { AppPage, type AppPageProps } from '../../../views/pages/app';
import { groupSettingsOf } from '../../../views/partials/app-group-settings';
import { type SettingsValues, settingsValuesOf } from '../../../views/partials/app-settings';
import { getApplication, publicApp } from '../../apps/applications';
import { countAssignments, listAssignments, listRoles } from '../../apps/assignments';
import { cycleSummary, recentCycles } from '../../engine/cycle/cycles-repo';
import { escrowView, listEscrows } from '../../engine/escrow';
import { mailConfigured } from '../../notify/smtp-settings';
import { appStatus } from '../../operate/status';
import { appFacts } from '../../reports/app-facts';
import type { AppEnv, WebDeps } from '../env';

export type AppPageExtras = Partial<
  Pick<
    AppPageProps,
    | 'notice'
    | 'settingsErrors'
    | 'assignErrors'
    | 'assignValues'
    | 'toggleError'
    | 'testResult'
    | 'testMailResult'
    | 'groupSettings'
    | 'groupSettingsErrors'
  >
> & {
  settings?: SettingsValues;
};

const ASSIGNMENT_PAGE = 50;

/** The whole application page, with what an action needs to show (a notice, form errors, a test result). */
export function appPage(c: Context<AppEnv>, deps: WebDeps, id: string, extras: AppPageExtras = {}) {
  const app = getApplication(deps.db, id);
  const aq = c.req.query('aq')?.slice(0, 200) || undefined;
  const aoffset = Math.max(0, Math.min(1_000_000, Number.parseInt(c.req.query('aoffset') ?? '0', 10) || 0));
  const pub = publicApp(app);
  const { settings, ...rest } = extras;
  return (
    <AppPage
      {...rest}
      actor={c.get('actor')}
      csrfToken={c.get('session')?.csrfToken}
      app={{
        id,
        name: app.name,
        template: app.template,
        jobId: app.jobId,
        provisioningEnabled: app.provisioningEnabled,
        hasSecretToken: pub.hasSecretToken,
      }}
      status={appStatus(deps.db, id, deps.clock.now(), deps.engine.pacing?.view(id) ?? null)}
      facts={appFacts(deps.db, app, deps.clock.now())}
      cycles={recentCycles(deps.db, id, 10).map(cycleSummary)}
      escrows={listEscrows(deps.db, id, 200).map(escrowView)}
      settings={settings ?? settingsValuesOf(app)}
      assignments={listAssignments(deps.db, id, { q: aq, limit: ASSIGNMENT_PAGE, offset: aoffset })}
      assignmentWindow={{
        q: aq ?? '',
        offset: aoffset,
        pageSize: ASSIGNMENT_PAGE,
        total: countAssignments(deps.db, id, aq),
      }}
      roles={listRoles(deps.db, id)}
      groupSettings={extras.groupSettings ?? groupSettingsOf(app)}
      mailConfigured={mailConfigured(deps.db, deps.smtpEnv)}
    />
  );
}

/** Back to the application page after a plain-form action (POST/redirect/GET), with a notice key and anchor. */
export function backToApp(c: Context<AppEnv>, id: string, notice: string, hash = ''): Response {
  return c.redirect(`/apps/${encodeURIComponent(id)}?notice=${notice}${hash}`, 303);
}
