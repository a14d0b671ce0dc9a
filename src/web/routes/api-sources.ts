/**
 * /api/v1/sources: directory sources. Configuration is admin (a source decides who may write the directory);
 * starting a sync is an operator action; status is a read. The SCIM inbound token is in the create/rotate
 * answer only; an LDAP bind password is never in any answer.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { parseOrThrow } from '../../kernel/parse';
import { ldapSourceView, testLdapSource } from '../../sources/ldap/ldap-admin';
import { createLdapSource, updateLdapSource } from '../../sources/ldap/ldap-source';
import { sourceSyncStatus } from '../../sources/ldap/sync-runs';
import { createSource, deleteSource, getSource, listSources, rotateSourceToken } from '../../sources/sources';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { readJson } from '../request';

const syncSchema = z
  .object({ type: z.enum(['incremental', 'full']).default('incremental'), allowDeletes: z.boolean().default(false) })
  .strict();

/** Mount the sources API. */
export function mountApiSources(app: Hono<AppEnv>, deps: WebDeps): void {
  const admin = requireRole('admin');
  const base = '/api/v1/sources';
  const ldapDeps = {
    db: deps.db,
    clock: deps.clock,
    secrets: deps.secrets,
    onSourceChanged: (id: string) => deps.sourceRunner.refresh(id),
  };
  app.get(base, admin, (c) => c.json({ items: listSources(deps.db) }));
  app.post(base, admin, async (c) => {
    const body = await readJson(c);
    if (isLdap(body)) return c.json(createLdapSource(ldapDeps, c.get('actor'), body), 201);
    const { source, token } = createSource(deps.db, deps.clock, c.get('actor'), body);
    return c.json({ ...source, token }, 201);
  });
  app.get(`${base}/:id`, admin, (c) => {
    const source = getSource(deps.db, c.req.param('id'));
    return c.json(source.type === 'ldap' ? ldapSourceView(deps.db, source.id) : source);
  });
  app.patch(`${base}/:id`, admin, async (c) =>
    c.json(
      ldapSourceView(deps.db, updateLdapSource(ldapDeps, c.get('actor'), c.req.param('id'), await readJson(c)).id),
    ),
  );
  app.post(`${base}/:id/token`, admin, (c) =>
    c.json(rotateSourceToken(deps.db, deps.clock, c.get('actor'), c.req.param('id'))),
  );
  app.delete(`${base}/:id`, admin, (c) => {
    const id = c.req.param('id');
    deleteSource(deps.db, deps.clock, c.get('actor'), id);
    deps.sourceRunner.refresh(id);
    return c.body(null, 204);
  });
  // Tests the saved settings, or typed ones sent in the body (before Save), as Entra's Test Connection does.
  // An operator action like the applications' Test Connection: it reads and changes nothing.
  app.post(`${base}/:id/test-connection`, requireRole('operator'), async (c) => {
    const body = c.req.header('content-length') === '0' || !c.req.header('content-type') ? {} : await readJson(c);
    return c.json(await testLdapSource(ldapDeps, c.get('actor'), c.req.param('id'), body));
  });
  app.post(`${base}/:id/syncs`, requireRole('operator'), async (c) => {
    const body = c.req.header('content-type') ? await readJson(c) : {};
    const input = parseOrThrow(syncSchema, body, 'sync');
    const r = deps.sourceRunner.syncNow(c.req.param('id'), input.type, c.get('actor'), input.allowDeletes);
    return c.json(r, 202);
  });
  app.get(`${base}/:id/status`, requireRole('viewer'), (c) => {
    const source = getSource(deps.db, c.req.param('id'));
    return c.json(sourceSyncStatus(deps.db, source.id));
  });
}

const isLdap = (body: unknown) =>
  typeof body === 'object' && body !== null && (body as Record<string, unknown>).type === 'ldap';
