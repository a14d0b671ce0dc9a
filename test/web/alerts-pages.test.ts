/**
 * Alerts API and pages (issue 17): rules are admin configuration, audited, and never give back a secret or
 * a webhook URL's path; Test sends to a loopback receiver; the form answers field errors in place; the
 * history shows each delivery attempt; a weekly report subscription mails the page's CSV.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { evaluateRules } from '../../src/alerts/evaluate';
import { deliverDue } from '../../src/alerts/outbox';
import { queueDueReports } from '../../src/alerts/report-schedule';
import { createSubscription } from '../../src/alerts/report-subscriptions';
import { createApplication } from '../../src/apps/applications';
import { createApiToken } from '../../src/auth/api-tokens';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { smtpMailer } from '../../src/notify/mailer';
import { startSmtpServer } from '../support/smtp';
import { cspViolations, type PagesHarness, pagesHarness } from './pages-harness';

let h: PagesHarness;
let hook: { url: string; got: { headers: http.IncomingHttpHeaders; raw: string }[]; close(): Promise<void> };
const silent = { info() {}, warn() {}, error() {} };

beforeEach(async () => {
  h = await pagesHarness();
  const got: { headers: http.IncomingHttpHeaders; raw: string }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => {
      raw += d;
    });
    req.on('end', () => {
      got.push({ headers: req.headers, raw });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  hook = {
    url: `http://127.0.0.1:${port}/secret-path/T000/B000`,
    got,
    close: () => new Promise((r) => server.close(() => r())),
  };
});
afterEach(async () => {
  await hook.close();
});

const tokenFor = (role: 'admin' | 'viewer') => createApiToken(h.db, systemClock, CLI_ACTOR, { name: role, role }).token;
const api = (token: string, method: string, path: string, body?: unknown) =>
  h.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

const RULE = {
  name: 'Slack on failures',
  condition: { kind: 'failures', threshold: 5, windowMinutes: 10 },
  severity: 'critical',
  channels: [{ type: 'webhook', format: 'slack', secret: 'sixteen-chars-secret!' }],
};

describe('alert rules API', () => {
  it('is admin configuration with viewer reads, audited, and shows no secret or webhook path', async () => {
    const admin = tokenFor('admin');
    const viewer = tokenFor('viewer');
    const rule = { ...RULE, channels: [{ ...RULE.channels[0], url: hook.url }] };
    expect((await api(viewer, 'POST', '/api/v1/alert-rules', rule)).status).toBe(403);
    const created = await api(admin, 'POST', '/api/v1/alert-rules', rule);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const listed = await api(viewer, 'GET', '/api/v1/alert-rules');
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain('sixteen-chars-secret');
    expect(text).not.toContain('secret-path');
    expect(JSON.parse(text).items[0].channels).toEqual([
      { type: 'webhook', url: `${new URL(hook.url).origin}/…`, format: 'slack', signed: true },
    ]);

    const patched = await api(admin, 'PATCH', `/api/v1/alert-rules/${id}`, { severity: 'info' });
    expect(((await patched.json()) as { severity: string }).severity).toBe('info');
    const bad = await api(admin, 'PATCH', `/api/v1/alert-rules/${id}`, { condition: { kind: 'nope' } });
    expect(bad.status).toBe(400);

    const test = await api(admin, 'POST', `/api/v1/alert-rules/${id}/test`);
    expect(await test.json()).toEqual({
      results: [{ channel: `webhook (slack) ${new URL(hook.url).origin}`, status: 'sent', error: null }],
    });
    expect(hook.got).toHaveLength(1);
    expect(JSON.parse(hook.got[0]?.raw ?? '{}').text).toContain('Test notification');
    expect(hook.got[0]?.headers['x-provisio-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    expect((await api(admin, 'DELETE', `/api/v1/alert-rules/${id}`)).status).toBe(204);
    expect((await api(admin, 'GET', `/api/v1/alert-rules/${id}`)).status).toBe(404);
    const audits = h.db.select().from(auditLog).where(like(auditLog.activity, 'alert_rule.%')).all();
    expect(audits.map((a) => a.activity)).toEqual([
      'alert_rule.create',
      'alert_rule.update',
      'alert_rule.test',
      'alert_rule.delete',
    ]);
    expect(audits.map((a) => `${a.before}${a.after}`).join()).not.toContain('sixteen-chars-secret');
  });

  it('lists alerts by state with their delivery attempts, keyset-paged', async () => {
    const admin = tokenFor('admin');
    const app = createApplication({ db: h.db, clock: systemClock, secrets: h.secrets }, CLI_ACTOR, {
      name: 'Contoso HR',
      template: 'scim',
    });
    for (const name of ['A', 'B', 'C'])
      await api(admin, 'POST', '/api/v1/alert-rules', {
        name,
        condition: { kind: 'noSuccessfulCycle', threshold: 0 },
        appIds: [app.id],
        channels: [{ type: 'webhook', url: hook.url }],
      });
    // Provisioning off: the condition does not hold for it.
    h.db.$client
      .prepare('UPDATE applications SET provisioning_enabled = 1, created_at = ?')
      .run(Date.now() - 3_600_000);
    const deps = { db: h.db, clock: systemClock, secrets: h.secrets, publicUrl: 'https://p.example' };
    expect(evaluateRules(deps).fired).toHaveLength(3);
    await deliverDue({ ...deps, logger: silent, mailer: () => null });
    const first = (await (await api(admin, 'GET', '/api/v1/alerts?state=firing&limit=2')).json()) as {
      items: { appId: string; state: string; deliveries: { status: string }[] }[];
      nextCursor: string;
    };
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toMatchObject({ appId: app.id, state: 'firing', deliveries: [{ status: 'sent' }] });
    const rest = (await (
      await api(admin, 'GET', `/api/v1/alerts?state=firing&limit=2&cursor=${first.nextCursor}`)
    ).json()) as { items: unknown[]; nextCursor: string | null };
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    expect(((await (await api(admin, 'GET', '/api/v1/alerts?state=resolved')).json()) as { items: [] }).items).toEqual(
      [],
    );

    const s = await h.signIn('viewer');
    const page = await h.get('/alerts', s);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(cspViolations(html)).toEqual([]);
    expect(html).toContain('Firing');
    expect(html).toContain(`/logs?appId=${app.id}`);
    expect(html).toContain(`webhook (generic) ${new URL(hook.url).origin}`);
  });
});

describe('Settings → Alerts', () => {
  it('is admin-only, answers field errors in place, and creates a rule from the form', async () => {
    const viewer = await h.signIn('viewer');
    expect((await h.get('/settings/alerts', viewer)).status).toBe(403);
    const s = await h.signIn('admin');
    const bad = await h.post(
      '/settings/alerts',
      { name: '', kind: 'failures', channelType: 'webhook', url: 'not a url', secret: 'short' },
      s,
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="name-error"/);
    expect(html).toMatch(/id="url-error"/);
    expect(html).toMatch(/id="secret-error"/);
    expect(html).not.toContain('value="short"');
    const ok = await h.post(
      '/settings/alerts',
      {
        name: 'Quarantine mail',
        kind: 'quarantine',
        severity: 'critical',
        channelType: 'email',
        emailTo: 'a@contoso.example, b@contoso.example',
      },
      s,
    );
    expect(ok.status).toBe(303);
    const page = await (await h.get('/settings/alerts', s)).text();
    expect(cspViolations(page)).toEqual([]);
    expect(page).toContain('Quarantine mail');
    expect(page).toContain('Email a@contoso.example, b@contoso.example');
    const id = /action="\/settings\/alerts\/([0-9a-f-]{36})\/mute"/.exec(page)?.[1] ?? '';
    expect((await h.post(`/settings/alerts/${id}/mute`, {}, s)).status).toBe(303);
    const muted = await (await h.get('/settings/alerts', s)).text();
    expect(muted).toContain(`/settings/alerts/${id}/unmute`);
    expect((await h.post(`/settings/alerts/${id}/mute`, {}, viewer)).status).toBe(403);
  });

  it('sends a weekly report subscription with the page’s CSV attached', async () => {
    const smtp = await startSmtpServer();
    try {
      const app = createApplication({ db: h.db, clock: systemClock, secrets: h.secrets }, CLI_ACTOR, {
        name: 'HR',
        template: 'scim',
      });
      // Subscribed a week ago: due now.
      const weekAgo = { now: () => Date.now() - 7 * 86_400_000 - 60_000 };
      const sub = createSubscription({ db: h.db, clock: weekAgo }, CLI_ACTOR, {
        reportKey: 'statuses',
        range: '7d',
        appId: app.id,
        frequency: 'weekly',
        recipients: ['ops@contoso.example'],
      });
      const deps = { db: h.db, clock: systemClock, secrets: h.secrets, publicUrl: 'https://p.example' };
      expect(queueDueReports(deps)).toBe(1);
      expect(queueDueReports(deps)).toBe(0); // moved to next week
      await deliverDue({
        ...deps,
        logger: silent,
        mailer: () => smtpMailer({ url: smtp.url, from: 'provisio@contoso.example' }),
      });
      expect(smtp.received).toHaveLength(1);
      const raw = smtp.received[0]?.raw ?? '';
      const part =
        /Content-Disposition: attachment;\s*filename=([^\r\n]+)\r?\n(?:[^\r\n]+\r?\n)*?\r?\n([\s\S]*?)\r?\n--/.exec(
          raw,
        );
      expect(part?.[1]).toContain(`provisio-statuses-7d-`);
      const attached = Buffer.from((part?.[2] ?? '').replace(/\s+/g, ''), 'base64').toString('utf8');
      const s = await h.signIn('viewer');
      // Bytes, not text(): the decoder would drop the page's byte order mark.
      const res = await h.get(`/reports/export/statuses?range=7d&appId=${app.id}`, s);
      const pageCsv = Buffer.from(await res.arrayBuffer()).toString('utf8');
      expect(attached.length).toBeGreaterThan(50);
      expect(attached).toBe(pageCsv);
      expect(raw).toContain('Success rate');
      expect(raw).toContain('https://p.example/reports?');
      const listed = await api(tokenFor('viewer'), 'GET', '/api/v1/report-subscriptions');
      expect(((await listed.json()) as { items: unknown[] }).items).toMatchObject([
        { id: sub.id, lastDelivery: { status: 'sent', attempts: 1, error: null } },
      ]);
      const audits = h.db.select().from(auditLog).where(eq(auditLog.targetId, sub.id)).all();
      expect(audits.map((a) => [a.activity, a.result])).toEqual([
        ['report_subscription.create', 'success'],
        ['report_subscription.deliver', 'success'],
      ]);
    } finally {
      await smtp.close();
    }
  });
});
