/**
 * The draft banner's actions on the Attribute mappings page (issue 15 item 7): Preview impact (a dry run of
 * the draft, shown on the plan page), Publish (one new initial cycle) and Discard. Admin only, like editing
 * the mappings; a refusal (stale draft, app without credentials) comes back on the page, in the banner.
 */
import type { Context, Hono } from 'hono';
import { discardDraft, publishDraft } from '../../apps/mapping-drafts';
import type { ObjectType } from '../../apps/mappings';
import { AppError } from '../../kernel/errors';
import { previewDraft } from '../../operate/draft-preview';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { statusFor } from '../errors';
import { appsDeps } from '../request';
import { renderMappings } from './pages-mappings-render';

type Ctx = Context<AppEnv>;

/** The tab the admin came from (a hidden field), users by default. */
async function typeOf(c: Ctx): Promise<ObjectType> {
  const raw = (await c.req.parseBody()).type;
  return raw === 'group' ? 'group' : 'user';
}

/** Mount the draft actions. */
export function mountMappingDraftPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const apps = appsDeps(deps);
  const base = '/apps/:id/mappings/draft';
  const id = (c: Ctx) => c.req.param('id') ?? '';
  const back = (c: Ctx, type: ObjectType, notice: string) =>
    c.redirect(`/apps/${encodeURIComponent(id(c))}/mappings/${type}?notice=${notice}`, 303);

  /** Run `action`; an AppError other than "not found" is shown in the banner with its status. */
  async function attempt(c: Ctx, action: (type: ObjectType) => Promise<Response> | Response) {
    const type = await typeOf(c);
    try {
      return await action(type);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'not_found') throw err;
      return renderMappings(c, deps, id(c), type, 'mappings', { draft: { error: err.message } }, statusFor(err));
    }
  }

  app.post(`${base}/preview`, requireRole('admin'), (c) =>
    attempt(c, async () => {
      const { dryRunId } = previewDraft(deps.engine, deps.operateJobs, c.get('actor'), id(c));
      return c.redirect(`/apps/${encodeURIComponent(id(c))}/dry-runs/${encodeURIComponent(dryRunId)}`, 303);
    }),
  );
  app.post(`${base}/publish`, requireRole('admin'), (c) =>
    attempt(c, (type) => {
      publishDraft(apps, c.get('actor'), id(c));
      return back(c, type, 'published');
    }),
  );
  app.post(`${base}/discard`, requireRole('admin'), (c) =>
    attempt(c, (type) => {
      discardDraft(apps, c.get('actor'), id(c));
      return back(c, type, 'discarded');
    }),
  );
}
