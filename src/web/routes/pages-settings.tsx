/** Admin settings pages: provisioning log retention (how long rows are kept, what is kept now). */
import type { Context, Hono } from 'hono';
import { LogRetentionSettings } from '../../../views/partials/log-retention';
import { SettingsLayout } from '../../../views/settings-layout';
import { ValidationError } from '../../kernel/errors';
import { getRetention, logStorageStats, parseRetention, updateRetention } from '../../log/retention';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';

type Opts = { saved?: boolean; refused?: { errors: Record<string, string>; value: string } };

function page(c: Context<AppEnv>, deps: WebDeps, opts: Opts, status: 200 | 400 = 200) {
  const csrf = c.get('session')?.csrfToken ?? '';
  return c.html(
    <SettingsLayout title="Log retention" actor={c.get('actor')} csrfToken={csrf} active="logs">
      <LogRetentionSettings
        days={getRetention(deps.db)}
        stats={logStorageStats(deps.db)}
        csrfToken={csrf}
        saved={opts.saved}
        refused={opts.refused}
      />
    </SettingsLayout>,
    status,
  );
}

/** Mount /settings/logs (admin only; the change is audited with its before and after values). */
export function mountSettingsPages(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/settings/logs', requireRole('admin'), (c) => page(c, deps, { saved: c.req.query('saved') === '1' }));

  app.post('/settings/logs', requireRole('admin'), async (c) => {
    const body = await c.req.parseBody();
    let days: ReturnType<typeof parseRetention>;
    try {
      days = parseRetention(body.retentionDays);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const value = typeof body.retentionDays === 'string' ? body.retentionDays : '';
      return page(c, deps, { refused: { errors: { retentionDays: err.message }, value } }, 400);
    }
    updateRetention(deps, c.get('actor'), days);
    return c.redirect('/settings/logs?saved=1', 303);
  });
}
