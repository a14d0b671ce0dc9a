/**
 * The overview and the live status card: GET / (one card per app, then one per directory source), the
 * self-polling status-card partial, and "Run cycle now" (operator), which answers the card for htmx and redirects plain form posts.
 */
import type { Context, Hono } from 'hono';
import { OverviewPage } from '../../../views/pages/overview';
import { StatusCard } from '../../../views/partials/status-card';
import { getApplication, listApplications } from '../../apps/applications';
import { hasRole } from '../../auth/roles';
import { AppError } from '../../kernel/errors';
import { runNow } from '../../operate/run-now';
import { type AppStatus, appStatus } from '../../operate/status';
import { appFacts } from '../../reports/app-facts';
import { type Activity24h, activity24h } from '../../reports/app-summary';
import { sourceActivity } from '../../reports/source-activity';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { statusFor } from '../errors';
import { isHtmx } from '../htmx';
import { initiator, lookupOwn } from '../request';

type Variant = 'overview' | 'app';

function variantOf(v: unknown): Variant {
  return v === 'app' ? 'app' : 'overview';
}

function card(
  c: Context<AppEnv>,
  deps: WebDeps,
  id: string,
  variant: Variant,
  notice?: { tone: 'ok' | 'error'; text: string },
  justFinished = false,
) {
  const app = getApplication(deps.db, id);
  const now = deps.clock.now();
  return (
    <StatusCard
      app={{ id: app.id, name: app.name }}
      status={appStatus(deps.db, id, now, deps.engine.pacing?.view(id) ?? null)}
      variant={variant}
      now={now}
      justFinished={justFinished}
      activity={variant === 'overview' ? activity24h(deps.db, now).get(id) : undefined}
      facts={variant === 'app' ? appFacts(deps.db, app, now) : undefined}
      canRun={hasRole(c.get('actor').role, 'operator')}
      canAdmin={variant === 'app' && hasRole(c.get('actor').role, 'admin')}
      csrfToken={c.get('session')?.csrfToken}
      notice={notice}
    />
  );
}

/** Quarantined apps first, then failing ones (failures in 24 h or failures in escrow), then the rest. */
function attention(a: { status: AppStatus; activity: Activity24h | undefined }): number {
  if (a.status.quarantine) return 2;
  return (a.activity?.failed ?? 0) > 0 || a.status.escrows.failures > 0 ? 1 : 0;
}

const NOTICES: Record<string, string> = {
  app_deleted: 'Application deleted. Its provisioning log rows stay until log retention removes them.',
};

/** Mount the overview routes. */
export function mountOverviewPages(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/', (c) => {
    const now = deps.clock.now();
    const activity = activity24h(deps.db, now);
    const apps = listApplications(deps.db)
      .map((a) => ({
        app: { id: a.id, name: a.name },
        status: appStatus(deps.db, a.id, now, deps.engine.pacing?.view(a.id) ?? null),
        activity: activity.get(a.id),
      }))
      .sort((x, y) => attention(y) - attention(x) || x.app.name.localeCompare(y.app.name));
    return c.html(
      <OverviewPage
        actor={c.get('actor')}
        csrfToken={c.get('session')?.csrfToken}
        apps={apps}
        sources={sourceActivity(deps.db, now)}
        notice={lookupOwn(NOTICES, c.req.query('notice'))}
      />,
    );
  });

  app.get('/apps/:id/status-card', (c) => {
    const id = c.req.param('id');
    if (!isHtmx(c)) return c.redirect(`/apps/${encodeURIComponent(id)}`, 303);
    c.header('Cache-Control', 'no-store');
    // The poll that sees the cycle end tells the page, so the recent-cycles table refreshes itself.
    const finished = c.req.query('was') === 'running' && appStatus(deps.db, id, deps.clock.now()).currentCycle === null;
    if (finished) c.header('HX-Trigger', 'cycle-finished');
    return c.html(card(c, deps, id, variantOf(c.req.query('variant')), undefined, finished));
  });

  app.post('/apps/:id/run', requireRole('operator'), async (c) => {
    const id = c.req.param('id');
    getApplication(deps.db, id);
    const body = await c.req.parseBody();
    const variant = variantOf(body.variant);
    try {
      runNow(deps, c.get('actor'), id, initiator(c));
    } catch (err) {
      if (!(err instanceof AppError) || !isHtmx(c)) throw err;
      return c.html(card(c, deps, id, variant, { tone: 'error', text: err.message }), statusFor(err));
    }
    if (!isHtmx(c)) return c.redirect(`/apps/${encodeURIComponent(id)}?notice=run_started`, 303);
    return c.html(card(c, deps, id, variant, { tone: 'ok', text: 'Cycle started.' }));
  });
}
