/** REST: attribute mappings, scoping filters, and the expression tester. */
import type { Hono } from 'hono';
import { z } from 'zod';
import { getApplication, publicApp } from '../../apps/applications';
import {
  mappingsOf,
  type ObjectType,
  scopingOf,
  setMappings,
  setScoping,
  usesDefaultMappings,
} from '../../apps/mappings';
import { getUser } from '../../directory/users';
import { ValidationError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/parse';
import { mappingEnvOf } from '../../mapping/env';
import { testExpression } from '../../mapping/expression-test';
import { userSource } from '../../mapping/source';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { appsDeps, readJson } from '../request';

const evaluateSchema = z
  .object({
    expression: z.string().max(10_000),
    userId: z.string().optional(),
    sample: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]))
      .optional(),
  })
  .strict()
  .refine((v) => !(v.userId && v.sample), { message: 'give either userId or sample, not both' });

function objectType(raw: string): ObjectType {
  if (raw === 'user' || raw === 'group') return raw;
  throw new ValidationError('The object type must be "user" or "group"', [{ path: 'type', message: 'unknown' }]);
}

/** Mount mapping and scoping routes under /api/v1/applications/{id} and the expression tester. */
export function mountApiMappings(app: Hono<AppEnv>, deps: WebDeps): void {
  const base = '/api/v1/applications/:id';
  const apps = appsDeps(deps);

  app.get(`${base}/mappings/:type`, (c) => {
    const type = objectType(c.req.param('type'));
    const target = getApplication(deps.db, c.req.param('id'));
    return c.json({ items: mappingsOf(target, type), defaults: usesDefaultMappings(target, type) });
  });
  app.put(`${base}/mappings/:type`, requireRole('admin'), async (c) => {
    const type = objectType(c.req.param('type'));
    const body = (await readJson(c)) as { items?: unknown } | null;
    // `{"items": null}` (or a JSON null body) restores the template defaults.
    const items = body === null ? null : body.items === undefined ? body : body.items;
    const updated = setMappings(apps, c.get('actor'), c.req.param('id'), type, items);
    return c.json({
      items: mappingsOf(updated, type),
      defaults: usesDefaultMappings(updated, type),
      application: publicApp(updated),
    });
  });
  app.get(`${base}/scoping/:type`, (c) => {
    const type = objectType(c.req.param('type'));
    return c.json({ items: scopingOf(getApplication(deps.db, c.req.param('id')), type) });
  });
  app.put(`${base}/scoping/:type`, requireRole('admin'), async (c) => {
    const type = objectType(c.req.param('type'));
    const body = (await readJson(c)) as { items?: unknown };
    const updated = setScoping(
      apps,
      c.get('actor'),
      c.req.param('id'),
      type,
      body.items === undefined ? body : body.items,
    );
    return c.json({ items: scopingOf(updated, type), application: publicApp(updated) });
  });

  app.post('/api/v1/expressions/evaluate', async (c) => {
    const input = parseOrThrow(evaluateSchema, await readJson(c), 'expression test');
    const source = input.userId
      ? userSource(getUser(deps.db, input.userId), { inScope: true, roles: [] })
      : (input.sample ?? {});
    const result = testExpression(input.expression, source, mappingEnvOf(deps.clock));
    return c.json(result, result.ok ? 200 : 400);
  });
}
