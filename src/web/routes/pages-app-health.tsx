/**
 * Plain-form actions on a job's health, from the application page: Allow deletes and Restart provisioning
 * (admin), and "retry now" on an escrowed object (operator). Each calls one audited domain function, starts
 * or schedules the cycle that acts on it, and redirects back (POST/redirect/GET).
 */
import type { Context, Hono } from 'hono';
import { allowDeletes, restartProvisioning, retryEscrowNow } from '../../engine/job-control';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { initiator } from '../request';
import { runSoon } from './api-applications';

type Back = (c: Context<AppEnv>, id: string, notice: string, hash?: string) => Response;

/** Mount the health actions under /apps/:id. */
export function mountAppHealthPages(app: Hono<AppEnv>, deps: WebDeps, back: Back): void {
  app.post('/apps/:id/allow-deletes', requireRole('operator'), (c) => {
    const id = c.req.param('id');
    allowDeletes(deps, c.get('actor'), id);
    deps.scheduler.refresh(id);
    runSoon(deps, id, initiator(c));
    return back(c, id, 'deletes_allowed', '#current-status');
  });

  app.post('/apps/:id/restart', requireRole('admin'), (c) => {
    const id = c.req.param('id');
    restartProvisioning(deps, c.get('actor'), id);
    deps.scheduler.refresh(id);
    return back(c, id, 'restarted', '#current-status');
  });

  app.post('/apps/:id/escrows/:sourceId/retry', requireRole('operator'), (c) => {
    const id = c.req.param('id');
    retryEscrowNow(deps, c.get('actor'), id, c.req.param('sourceId'));
    runSoon(deps, id, initiator(c));
    return back(c, id, 'retry_queued', '#escrows');
  });
}
