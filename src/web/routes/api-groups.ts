/** REST: /api/v1/directory/groups — groups, their members, and CSV import of groups and memberships. */
import type { Hono } from 'hono';
import { importGroupsCsv } from '../../directory/csv-import-groups';
import { importMembershipsCsv } from '../../directory/csv-import-memberships';
import { createGroup, deleteGroup, getGroup, listGroups, restoreGroup, updateGroup } from '../../directory/groups';
import { addMembers, listMembers, removeMember } from '../../directory/memberships';
import { withSource, withSources } from '../../directory/source-owner';
import { ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { directoryDeps, pageParams, readJson } from '../request';

function hardFlag(value: string | undefined): boolean {
  if (value !== undefined && value !== 'true' && value !== 'false') {
    throw new ValidationError('hard must be true or false', [{ path: 'hard', message: 'invalid' }]);
  }
  return value === 'true';
}

async function csvBody(c: { req: { header(name: string): string | undefined; text(): Promise<string> } }) {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('text/csv')) throw new ValidationError('Send the CSV with Content-Type: text/csv');
  return c.req.text();
}

/** Mount the groups API. Reads: any role; writes change who gets provisioned, so admin only. */
export function mountApiGroups(app: Hono<AppEnv>, deps: WebDeps): void {
  const d = directoryDeps(deps);
  const base = '/api/v1/directory/groups';

  app.get(base, (c) => {
    const { limit, cursor } = pageParams(c);
    const page = listGroups(deps.db, { limit, cursor, q: c.req.query('q') });
    return c.json({ ...page, items: withSources(deps.db, 'group', page.items) });
  });
  app.post(base, requireRole('admin'), async (c) => c.json(createGroup(d, c.get('actor'), await readJson(c)), 201));
  app.get(`${base}/:id`, (c) => c.json(withSource(deps.db, 'group', getGroup(deps.db, c.req.param('id')))));
  app.patch(`${base}/:id`, requireRole('admin'), async (c) =>
    c.json(updateGroup(d, c.get('actor'), c.req.param('id'), await readJson(c))),
  );
  app.delete(`${base}/:id`, requireRole('admin'), (c) => {
    deleteGroup(d, c.get('actor'), c.req.param('id'), hardFlag(c.req.query('hard')));
    return c.body(null, 204);
  });
  app.post(`${base}/:id/restore`, requireRole('admin'), (c) =>
    c.json(restoreGroup(d, c.get('actor'), c.req.param('id'))),
  );
  app.get(`${base}/:id/members`, (c) => {
    getGroup(deps.db, c.req.param('id'));
    const { limit } = pageParams(c);
    const offset = Number.parseInt(c.req.query('offset') ?? '0', 10);
    if (!Number.isInteger(offset) || offset < 0) {
      throw new ValidationError('offset must be a non-negative integer', [{ path: 'offset', message: 'invalid' }]);
    }
    return c.json(listMembers(deps.db, c.req.param('id'), { limit, offset }));
  });
  app.post(`${base}/:id/members`, requireRole('admin'), async (c) =>
    c.json(addMembers(d, c.get('actor'), c.req.param('id'), await readJson(c))),
  );
  app.delete(`${base}/:id/members/:memberId`, requireRole('admin'), (c) => {
    removeMember(d, c.get('actor'), c.req.param('id'), c.req.param('memberId'));
    return c.body(null, 204);
  });
  app.post('/api/v1/directory/import/groups', requireRole('admin'), async (c) =>
    c.json(await importGroupsCsv(d, c.get('actor'), await csvBody(c))),
  );
  app.post('/api/v1/directory/import/memberships', requireRole('admin'), async (c) =>
    c.json(await importMembershipsCsv(d, c.get('actor'), await csvBody(c))),
  );
}
