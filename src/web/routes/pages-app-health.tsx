/**
 * Plain-form actions on a job's health, from the application page: Allow deletes and Restart provisioning
 * (admin), and "retry now" on an escrowed object (operator). Each calls one audited domain function, starts
 * or schedules the cycle that acts on it, and redirects back (POST/redirect/GET).
 */
import type { Hono } from 'hono';
import { allowDeletes, retryEscrowNow } from '../../operate/job-control';
import { runSoon } from '../../operate/run-now';
import { restartJob } from '../../operate/stop-restart';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { initiator } from '../request';
import { backToApp } from './app-page';

/** Mount the health actions under /apps/:id. */
export function mountAppHealthPages(app: Hono<AppEnv>, deps: WebDeps): void {
  app.post('/apps/:id/allow-deletes', requireRole('operator'), (c) => {
    const id = c.req.param('id');
    allowDeletes(deps, c.get('actor'), id);
    runSoon(deps.scheduler, id, initiator(c));
    return backToApp(c, id, 'deletes_allowed', '#current-status');
  });

  app.post('/apps/:id/restart', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    const forgetLinks = (await c.req.parseBody()).forgetLinks === 'on';
    const appsDeps = { db: deps.db, clock: deps.clock, secrets: deps.secrets };
    // Stops a running cycle first; the scheduler then starts the initial cycle.
    await restartJob(appsDeps, deps.jobs, c.get('actor'), id, { forgetLinks });
    return backToApp(c, id, forgetLinks ? 'restarted_forgot' : 'restarted', '#current-status');
  });

  app.post('/apps/:id/escrows/:sourceId/retry', requireRole('operator'), (c) => {
    const id = c.req.param('id');
    retryEscrowNow(deps, c.get('actor'), id, c.req.param('sourceId'));
    runSoon(deps.scheduler, id, initiator(c));
    return backToApp(c, id, 'retry_queued', '#escrows');
  });
}
