/** Admin settings pages: provisioning log retention (how long rows are kept, what is kept now). */
import type { Context, Hono } from 'hono';
import { Layout } from '../../../views/layout';
import { LogRetentionSettings } from '../../../views/partials/log-retention';
import { ValidationError } from '../../kernel/errors';
import { getRetention, logStorageStats, parseRetention, updateRetention } from '../../log/retention';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';

function page(c: Context<AppEnv>, deps: WebDeps, opts: { saved?: boolean; error?: string }, status: 200 | 400 = 200) {
  const csrf = c.get('session')?.csrfToken ?? '';
  return c.html(
    <Layout title="Log retention" actor={c.get('actor')} csrfToken={csrf} active="logs">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/logs">Provisioning logs</a> <span aria-hidden="true">/</span> <span>Retention</span>
      </nav>
      <LogRetentionSettings
        days={getRetention(deps.db)}
        stats={logStorageStats(deps.db)}
        csrfToken={csrf}
        saved={opts.saved}
        error={opts.error}
      />
    </Layout>,
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
      if (err instanceof ValidationError) return page(c, deps, { error: err.message }, 400);
      throw err;
    }
    updateRetention(deps, c.get('actor'), days);
    return c.redirect('/settings/logs?saved=1', 303);
  });
}
