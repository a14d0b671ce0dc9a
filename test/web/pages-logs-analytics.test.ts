import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { writeRequests } from '../../src/log/requests';
import { getRetention } from '../../src/log/retention';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

const NOW = Date.now();
const SECRET = 'sk_live_page0123456789secret';
let h: PagesHarness;
let viewer: Session;
let appId: string;

function entry(id: string, over: Partial<LogEntry> = {}): LogEntry {
  return {
    id,
    appId,
    activityDateTime: NOW - 60_000,
    jobId: 'scim.job',
    cycleId: 'cycle-a',
    provisioningAction: 'create',
    status: 'success',
    durationMs: 120,
    initiatedBy: { type: 'user', name: 'ops@example.test' },
    source: { id: `src-${id}`, displayName: `User ${id}`, type: 'user' },
    target: { id: `tgt-${id}`, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'MindTickle',
    error: null,
    steps: [],
    modifiedProperties: [{ displayName: 'title', oldValue: 'Clerk', newValue: 'Chief Wizard' }],
    ...over,
  };
}

const rowCount = (html: string) => html.match(/<tr class="log-row"/g)?.length ?? 0;

beforeEach(async () => {
  h = await pagesHarness();
  appId = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
  }).id;
  writeLog(h.db, entry('alice', { durationMs: 900 }));
  writeLog(
    h.db,
    entry('carol', {
      status: 'failure',
      provisioningAction: 'update',
      durationMs: 40,
      error: {
        errorCode: 'MindTickleEntryConflict',
        errorCategory: 'nonServiceFailure',
        reason: 'HTTP 409',
        recommendedAction: null,
      },
      modifiedProperties: [{ displayName: 'secretAnswer', oldValue: '[Redact]', newValue: '[Redact]' }],
    }),
  );
  writeRequests(
    h.db,
    'carol',
    [
      {
        method: 'GET',
        path: '/Users?filter=userName%20eq%20%22carol%22',
        status: 200,
        durationMs: 9,
        attempt: 1,
        waitedMs: 0,
        responseBody: '{"totalResults":0}',
      },
      {
        method: 'POST',
        path: '/Users',
        status: 409,
        durationMs: 30,
        attempt: 2,
        waitedMs: 1500,
        requestBody: '{"userName":"carol"}',
        responseBody: `{"detail":"conflict","auth":"Bearer ${SECRET}"}`,
      },
    ],
    [SECRET],
  );
  viewer = await h.signIn('viewer');
});

async function page(query: string, s = viewer) {
  const res = await h.get(`/logs${query}`, s);
  expect(res.status).toBe(200);
  return res.text();
}

describe('log analytics pages', () => {
  it('searches free text, filters error code and more, shows the count and keeps everything in the URL', async () => {
    const wizard = await page('?q=%22chief+wizard%22');
    expect(rowCount(wizard)).toBe(1);
    expect(wizard).toContain('1 event');
    expect(wizard).toContain('name="q" value="&quot;chief wizard&quot;"');
    expect(wizard).toContain('href="/api/v1/provisioning-logs/export.zip?q=%22chief+wizard%22"');
    expect(rowCount(await page('?errorCode=MindTickleEntryConflict'))).toBe(1);
    expect(rowCount(await page('?targetSystem=mindtickle&changeId=alice'))).toBe(1);
    expect(rowCount(await page('?jobId=scim.job'))).toBe(2);
    const sorted = await page('?sort=duration-asc');
    expect(sorted.indexOf('src-carol')).toBeLessThan(sorted.indexOf('src-alice'));
    expect(await page('?q=%22unbalanced')).not.toContain('alert-error');
  });

  it('remembers the chosen columns per account', async () => {
    const res = await h.post('/logs/columns', { columns: 'errorCode', back: '/logs?status=failure' }, viewer);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/logs?status=failure');
    const html = await page('');
    expect(html).toContain('<th scope="col">Error code</th>');
    expect(html).not.toContain('<th scope="col">Source System</th>');
    expect(html).toContain('<code>MindTickleEntryConflict</code>');
    const other = await page('', await h.signIn('admin'));
    expect(other).toContain('<th scope="col">Source System</th>');
    expect((await h.post('/logs/columns', { columns: 'status' }, viewer, { csrf: false })).status).toBe(403);
  });

  it('shows troubleshooting from the known-codes table, redacted values and the SCIM requests', async () => {
    const html = await (await h.get('/logs/carol', viewer, { 'hx-request': 'true' })).text();
    expect(html).toContain('Conflict — An object with the same unique value already exists.');
    expect(html).toContain('Fix the duplicate value');
    expect(html).toContain('<span class="redacted">[Redact]</span>');
    expect(html).toContain('Requests (2)');
    expect(html).toContain('<code class="method">POST</code> <code class="path">/Users</code>');
    expect(html).toContain('HTTP 409');
    expect(html).toMatch(/<dt>Waited before sending<\/dt><dd>1\.5 s<\/dd>/);
    expect(html).toContain('Bearer [redacted]');
    expect(html).not.toContain(SECRET);
    expect(html).toContain('href="/logs?identity=src-carol"');
    const full = await (await h.get('/logs/carol', viewer)).text();
    expect(cspViolations(full)).toEqual([]);
  });

  it('lets an admin change retention (audited) and shows what is kept; others may not', async () => {
    expect((await h.get('/settings/logs', viewer)).status).toBe(403);
    const admin = await h.signIn('admin');
    const html = await (await h.get('/settings/logs', admin)).text();
    expect(html).toContain('data-rows="2"');
    expect(html).toContain('value="180"');
    expect(cspViolations(html)).toEqual([]);
    expect((await h.post('/settings/logs', { retentionDays: 'never' }, admin)).status).toBe(400);
    const saved = await h.post('/settings/logs', { retentionDays: 'forever' }, admin);
    expect(saved.status).toBe(303);
    expect(getRetention(h.db)).toBeNull();
    const audit = h.db
      .select()
      .from(auditLog)
      .all()
      .find((a) => a.activity === 'logs.retention.update');
    expect(audit?.before).toBe('{"retentionDays":180}');
    expect(audit?.after).toBe('{"retentionDays":"forever"}');
    expect((await h.post('/settings/logs', { retentionDays: '30' }, viewer)).status).toBe(403);
  });
});
