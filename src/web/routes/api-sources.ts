/** /api/v1/sources: directory sources (admin). The inbound token is in the create/rotate answer only. */
import type { Hono } from 'hono';
import { createSource, deleteSource, getSource, listSources, rotateSourceToken } from '../../sources/sources';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { readJson } from '../request';

/** Mount the sources API; sources decide who may write the directory, so every route is admin. */
export function mountApiSources(app: Hono<AppEnv>, deps: WebDeps): void {
  const admin = requireRole('admin');
  const base = '/api/v1/sources';
  app.get(base, admin, (c) => c.json({ items: listSources(deps.db) }));
  app.post(base, admin, async (c) => {
    const { source, token } = createSource(deps.db, deps.clock, c.get('actor'), await readJson(c));
    return c.json({ ...source, token }, 201);
  });
  app.get(`${base}/:id`, admin, (c) => c.json(getSource(deps.db, c.req.param('id'))));
  app.post(`${base}/:id/token`, admin, (c) =>
    c.json(rotateSourceToken(deps.db, deps.clock, c.get('actor'), c.req.param('id'))),
  );
  app.delete(`${base}/:id`, admin, (c) => {
    deleteSource(deps.db, deps.clock, c.get('actor'), c.req.param('id'));
    return c.body(null, 204);
  });
}
