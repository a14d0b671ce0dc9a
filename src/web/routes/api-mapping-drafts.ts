/**
 * REST for mapping drafts (issue 15 item 7) under /api/v1/applications/{id}: read and replace the draft of
 * one object type's mappings or scoping filters (the same bodies as the published PUTs), preview its impact as
 * a dry run, publish it (one new initial cycle) or discard it. Reads: any role; everything else: admin (the
 * draft is the mapping settings' workbench, and the route table keeps dry runs by operators to their own path).
 */
import type { Context, Hono } from 'hono';
import { publicApp } from '../../apps/applications';
import { type DraftState, discardDraft, getDraft, publishDraft, putDraft } from '../../apps/mapping-drafts';
import { mappingsOf, type ObjectType, scopingOf, usesDefaultMappings } from '../../apps/mappings';
import { ValidationError } from '../../kernel/errors';
import { previewDraft } from '../../operate/draft-preview';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { appsDeps, readJson } from '../request';

function objectType(raw: string | undefined): ObjectType {
  if (raw === 'user' || raw === 'group') return raw;
  throw new ValidationError('The object type must be "user" or "group"', [{ path: 'type', message: 'unknown' }]);
}

/** What every draft answer carries besides the lists. */
function meta(s: DraftState) {
  return {
    hasDraft: s.hasDraft,
    stale: s.stale,
    changeCount: s.changeCount,
    changes: s.changes,
    updatedAt: s.updatedAt === null ? null : new Date(s.updatedAt).toISOString(),
    updatedBy: s.updatedBy,
  };
}

const mappingsView = (s: DraftState, type: ObjectType) => ({
  items: mappingsOf(s.draft, type),
  defaults: usesDefaultMappings(s.draft, type),
  ...meta(s),
});
const scopingView = (s: DraftState, type: ObjectType) => ({ items: scopingOf(s.draft, type), ...meta(s) });

/** `{items: [...]}`, a bare list, or null / `{items: null}` (template defaults), as today's PUT takes. */
async function itemsOf(c: Context<AppEnv>): Promise<unknown> {
  const body = (await readJson(c)) as { items?: unknown } | null;
  return body === null ? null : body.items === undefined ? body : body.items;
}

/** Mount the draft routes. */
export function mountApiMappingDrafts(app: Hono<AppEnv>, deps: WebDeps): void {
  const base = '/api/v1/applications/:id';
  const apps = appsDeps(deps);
  const id = (c: Context<AppEnv>) => c.req.param('id') ?? '';

  app.get(`${base}/mappings/:type/draft`, (c) => {
    const type = objectType(c.req.param('type'));
    return c.json(mappingsView(getDraft(deps.db, id(c)), type));
  });
  app.put(`${base}/mappings/:type/draft`, requireRole('admin'), async (c) => {
    const type = objectType(c.req.param('type'));
    const state = putDraft(apps, c.get('actor'), id(c), { kind: 'mappings', type }, await itemsOf(c));
    return c.json(mappingsView(state, type));
  });
  app.get(`${base}/scoping/:type/draft`, (c) => {
    const type = objectType(c.req.param('type'));
    return c.json(scopingView(getDraft(deps.db, id(c)), type));
  });
  app.put(`${base}/scoping/:type/draft`, requireRole('admin'), async (c) => {
    const type = objectType(c.req.param('type'));
    const body = await itemsOf(c);
    const state = putDraft(apps, c.get('actor'), id(c), { kind: 'scoping', type }, body);
    return c.json(scopingView(state, type));
  });

  // The plan is built in the background, like any dry run: 202, then GET the plan for progress and items.
  app.post(`${base}/mappings/draft/preview`, requireRole('admin'), (c) => {
    const started = previewDraft(deps.engine, deps.operateJobs, c.get('actor'), id(c));
    c.header('Location', `/api/v1/applications/${encodeURIComponent(id(c))}/dry-runs/${started.dryRunId}`);
    return c.json(started, 202);
  });
  app.post(`${base}/mappings/draft/publish`, requireRole('admin'), (c) =>
    c.json({ application: publicApp(publishDraft(apps, c.get('actor'), id(c))) }),
  );
  app.delete(`${base}/mappings/draft`, requireRole('admin'), (c) => {
    discardDraft(apps, c.get('actor'), id(c));
    return c.body(null, 204);
  });
}
