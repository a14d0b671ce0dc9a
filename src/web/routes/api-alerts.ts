/**
 * /api/v1/alert-rules, /api/v1/alerts and /api/v1/report-subscriptions (issue 17). Rules and subscriptions
 * are configuration (admin); reading them and the alert history is for every role. A rule's channel secrets
 * and webhook URLs never come back (URLs are cut to their origin).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { listAlerts } from '../../alerts/alert-query';
import { createSubscription, deleteSubscription, listSubscriptions } from '../../alerts/report-subscriptions';
import { testRule } from '../../alerts/rule-test';
import { createRule, deleteRule, getRule, listRules, updateRule } from '../../alerts/rules';
import { parseOrThrow } from '../../kernel/parse';
import { resolveMailer } from '../../notify/smtp-settings';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { readJson } from '../request';

const alertsQuery = z.object({
  state: z.enum(['firing', 'resolved']).optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** What sending needs: the runner's deps when it runs, else the same built from the web deps. */
export function alertSendDeps(deps: WebDeps) {
  if (deps.alerts) return deps.alerts.deps;
  const smtp = deps.smtpEnv ?? { url: undefined, from: '' };
  return {
    db: deps.db,
    clock: deps.clock,
    secrets: deps.secrets,
    publicUrl: deps.config.publicUrl ?? '',
    mailer: () => resolveMailer(deps.db, deps.secrets, smtp),
  };
}

/** Mount the alerts API. */
export function mountApiAlerts(app: Hono<AppEnv>, deps: WebDeps): void {
  const admin = requireRole('admin');
  const viewer = requireRole('viewer');
  const rules = '/api/v1/alert-rules';
  app.get(rules, viewer, (c) => c.json({ items: listRules(deps.db) }));
  app.post(rules, admin, async (c) => c.json(createRule(deps, c.get('actor'), await readJson(c)), 201));
  app.get(`${rules}/:id`, viewer, (c) => c.json(getRule(deps.db, c.req.param('id'))));
  app.patch(`${rules}/:id`, admin, async (c) =>
    c.json(updateRule(deps, c.get('actor'), c.req.param('id'), await readJson(c))),
  );
  app.delete(`${rules}/:id`, admin, (c) => {
    deleteRule(deps, c.get('actor'), c.req.param('id'));
    return c.body(null, 204);
  });
  app.post(`${rules}/:id/test`, admin, async (c) => {
    getRule(deps.db, c.req.param('id')); // 404 before any send
    return c.json({ results: await testRule(alertSendDeps(deps), c.get('actor'), c.req.param('id')) });
  });
  app.get('/api/v1/alerts', viewer, (c) => {
    const q = parseOrThrow(alertsQuery, c.req.query(), 'alerts query');
    const page = listAlerts(deps.db, q);
    return c.json({
      items: page.items.map((a) => ({
        id: a.id,
        ruleId: a.ruleId,
        ruleName: a.ruleName,
        severity: a.severity,
        appId: a.appId,
        state: a.state,
        firedAt: a.firedAt,
        resolvedAt: a.resolvedAt,
        summary: a.summary,
        deliveries: a.deliveries,
      })),
      nextCursor: page.nextCursor,
    });
  });
  const subs = '/api/v1/report-subscriptions';
  app.get(subs, viewer, (c) => c.json({ items: listSubscriptions(deps.db) }));
  app.post(subs, admin, async (c) => c.json(createSubscription(deps, c.get('actor'), await readJson(c)), 201));
  app.delete(`${subs}/:id`, admin, (c) => {
    deleteSubscription(deps, c.get('actor'), c.req.param('id'));
    return c.body(null, 204);
  });
}
