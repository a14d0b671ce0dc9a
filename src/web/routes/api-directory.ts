/** REST: /api/v1/directory — users, custom user attributes and CSV import (groups: api-groups.ts). */
import type { Hono } from 'hono';
import { importUsersCsv } from '../../directory/csv-import';
import {
  customValuesOf,
  declareCustomAttribute,
  listCustomAttributes,
  removeCustomAttribute,
} from '../../directory/custom-attributes';
import { withSource, withSources } from '../../directory/source-owner';
import { createUser, deleteUser, getUser, listUsers, restoreUser, updateUser } from '../../directory/users';
import { ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { directoryDeps, pageParams, readJson } from '../request';

/**
 * The body as text, decoded chunk by chunk: the whole-body `text()` decoded a 9 MB import in one tick (the
 * longest pause left in the import test); chunks arrive from the socket in separate ticks anyway.
 */
async function readTextInSteps(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!body) return '';
  const decoder = new TextDecoder();
  const parts: string[] = [];
  const reader = body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    parts.push(decoder.decode(r.value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** Mount the directory API. Reads: any role; writes change who gets provisioned, so admin only. */
export function mountApiDirectory(app: Hono<AppEnv>, deps: WebDeps): void {
  const d = directoryDeps(deps);
  const base = '/api/v1/directory';

  app.get(`${base}/users`, (c) => {
    const { limit, cursor } = pageParams(c);
    const page = listUsers(deps.db, { limit, cursor, q: c.req.query('q') });
    return c.json({ ...page, items: withSources(deps.db, 'user', page.items).map(shown) });
  });
  app.get(`${base}/users/:id`, (c) => c.json(shown(withSource(deps.db, 'user', getUser(deps.db, c.req.param('id'))))));
  app.post(`${base}/users`, requireRole('admin'), async (c) =>
    c.json(shown(createUser(d, c.get('actor'), await readJson(c))), 201),
  );
  app.patch(`${base}/users/:id`, requireRole('admin'), async (c) =>
    c.json(shown(withSource(deps.db, 'user', updateUser(d, c.get('actor'), c.req.param('id'), await readJson(c))))),
  );
  app.delete(`${base}/users/:id`, requireRole('admin'), (c) => {
    const hard = c.req.query('hard');
    if (hard !== undefined && hard !== 'true' && hard !== 'false') {
      throw new ValidationError('hard must be true or false', [{ path: 'hard', message: 'invalid' }]);
    }
    deleteUser(d, c.get('actor'), c.req.param('id'), hard === 'true');
    return c.body(null, 204);
  });
  // Undo a soft delete; the journal's restore entry re-enables the user in every app (entra.md §5.1).
  app.post(`${base}/users/:id/restore`, requireRole('admin'), (c) =>
    c.json(shown(restoreUser(d, c.get('actor'), c.req.param('id')))),
  );
  app.post(`${base}/import/users`, requireRole('admin'), async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('text/csv')) throw new ValidationError('Send the CSV with Content-Type: text/csv');
    return c.json(await importUsersCsv(d, c.get('actor'), await readTextInSteps(c.req.raw.body)));
  });

  // Custom user attributes (issue 14): declared by an admin, then usable in mappings and scoping filters.
  const custom = { db: deps.db, clock: deps.clock };
  app.get(`${base}/custom-attributes`, (c) => c.json({ items: listCustomAttributes(deps.db) }));
  app.post(`${base}/custom-attributes`, requireRole('admin'), async (c) =>
    c.json(declareCustomAttribute(custom, c.get('actor'), await readJson(c)), 201),
  );
  app.delete(`${base}/custom-attributes/:name`, requireRole('admin'), (c) => {
    removeCustomAttribute(custom, c.get('actor'), c.req.param('name'));
    return c.body(null, 204);
  });
}

/** A user as the API shows it: custom attribute values as an object, not the stored JSON. */
function shown<T extends { customAttributes: string | null }>(u: T) {
  return { ...u, customAttributes: customValuesOf(u.customAttributes) };
}
