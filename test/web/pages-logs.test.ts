import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let s: Session;
let appId: string;
const NOW = Date.now();
const EVIL = '<script>alert(1)</script>';

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
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `src-${id}`, displayName: `User ${id}`, type: 'user' },
    target: { id: `tgt-${id}`, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'MindTickle',
    error: null,
    steps: [
      {
        name: 'EntryImport',
        provisioningStepType: 'import',
        status: 'success',
        description: `Retrieved User '${id}' from Provisio directory`,
        details: { UPN: `${id}@contoso.test` },
      },
      {
        name: 'EntryExport',
        provisioningStepType: 'export',
        status: 'success',
        description: `User '${id}' was created in MindTickle`,
        details: {},
      },
    ],
    modifiedProperties: [{ displayName: 'userName', oldValue: null, newValue: `${id}@contoso.test` }],
    ...over,
  };
}

beforeEach(async () => {
  h = await pagesHarness();
  appId = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
  }).id;
  writeLog(h.db, entry('alice'));
  writeLog(
    h.db,
    entry('evil', {
      activityDateTime: NOW - 30_000,
      provisioningAction: 'update',
      status: 'failure',
      cycleId: 'cycle-b',
      source: { id: 'src-evil', displayName: EVIL, type: 'user' },
      error: {
        errorCode: 'SystemForCrossDomainIdentityManagementBadResponse',
        errorCategory: 'nonServiceFailure',
        reason: 'The app answered 400 invalidValue',
        recommendedAction: 'Fix the department value',
      },
      steps: [
        {
          name: 'EntryExportFailed',
          provisioningStepType: 'export',
          status: 'failure',
          description: `Failed to update User '${EVIL}'`,
          details: { HttpStatus: '400' },
        },
      ],
      modifiedProperties: [{ displayName: 'title', oldValue: 'Engineer', newValue: `Boss ${EVIL}` }],
    }),
  );
  writeLog(
    h.db,
    entry('bob', { activityDateTime: NOW - 3 * 24 * 3600e3, status: 'skipped', provisioningAction: 'other' }),
  );
  s = await h.signIn('viewer');
});

async function page(query: string) {
  const res = await h.get(`/logs${query}`, s);
  expect(res.status).toBe(200);
  return res.text();
}

function rowCount(html: string): number {
  return html.match(/<tr class="log-row"/g)?.length ?? 0;
}

describe('provisioning logs list', () => {
  it("shows Entra's columns, newest first, with escaped identities", async () => {
    const html = await page('');
    for (const col of ['Date', 'Identity', 'Action', 'Source System', 'Target System', 'Status'])
      expect(html).toContain(`<th scope="col">${col}</th>`);
    expect(rowCount(html)).toBe(3);
    expect(html.indexOf('src-evil')).toBeLessThan(html.indexOf('src-alice'));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain(EVIL);
    expect(html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z"/);
    expect(cspViolations(html)).toEqual([]);
  });

  it('filters by status, identity, action, cycle and application', async () => {
    const failures = await page('?status=failure');
    expect(rowCount(failures)).toBe(1);
    expect(failures).toContain('src-evil');
    expect(failures).toContain('<option value="failure" selected="">Failure</option>');

    const alice = await page('?identity=alice');
    expect(rowCount(alice)).toBe(1);
    expect(alice).toContain('src-alice');
    expect(alice).toContain('name="identity" value="alice"');

    expect(rowCount(await page('?identity=src-bob'))).toBe(1);
    expect(rowCount(await page('?action=other'))).toBe(1);
    expect(rowCount(await page('?cycleId=cycle-a'))).toBe(2);
    expect(rowCount(await page(`?appId=${appId}`))).toBe(3);
    expect(rowCount(await page('?appId=other-app'))).toBe(0);
  });

  it('applies date presets and a custom interval read in the viewer time zone', async () => {
    expect(rowCount(await page('?range=24h'))).toBe(2);
    expect(rowCount(await page('?range=7d'))).toBe(3);
    const local = (ms: number, tz: number) => new Date(ms - tz * 60_000).toISOString().slice(0, 16);
    // A viewer at UTC+02:00 (getTimezoneOffset() = -120) types local wall times.
    const from = local(NOW - 4 * 24 * 3600e3, -120);
    const to = local(NOW - 2 * 24 * 3600e3, -120);
    const html = await page(`?range=custom&from=${from}&to=${to}&tz=-120`);
    expect(rowCount(html)).toBe(1);
    expect(html).toContain('src-bob');
    expect(html).toContain(`name="from" value="${from}"`);
  });

  it('reports a bad filter instead of failing (400, like the audit page)', async () => {
    const res = await h.get('/logs?status=bogus', s);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="alert alert-error"');
    expect(rowCount(html)).toBe(0);
  });

  it('pages with a cursor that keeps the filters, and links the CSV export with the same filters', async () => {
    for (let i = 0; i < 55; i++)
      writeLog(h.db, entry(`bulk${String(i).padStart(2, '0')}`, { activityDateTime: NOW - 1000 - i }));
    const first = await page('?status=success&identity=bulk');
    expect(rowCount(first)).toBe(50);
    const next = /href="(\/logs\?[^"]+)" rel="next"/.exec(first)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const params = new URLSearchParams(next.split('?')[1]);
    expect(params.get('status')).toBe('success');
    expect(params.get('identity')).toBe('bulk');
    expect(params.get('cursor')).toBeTruthy();
    const second = await page(next.slice('/logs'.length));
    expect(rowCount(second)).toBe(5);
    expect(second).not.toContain('rel="next"');
    expect(first).toContain('href="/api/v1/provisioning-logs/export.csv?status=success&amp;identity=bulk"');
  });
});

describe('log entry details', () => {
  it('answers the details partial to htmx: steps, troubleshooting and modified properties', async () => {
    const res = await h.get('/logs/evil', s, { 'hx-request': 'true' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('EntryExportFailed');
    expect(html).toContain('Failed to update User &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;');
    expect(html).toMatch(/<dt>HttpStatus<\/dt><dd>400<\/dd>/);
    expect(html).toContain('Troubleshooting &amp; Recommendations');
    expect(html).toContain('SystemForCrossDomainIdentityManagementBadResponse');
    expect(html).toContain('Fix the department value');
    expect(html).toMatch(
      /<code>title<\/code><\/td><td class="value">Engineer<\/td><td class="value">Boss &lt;script&gt;/,
    );
    expect(html).not.toContain(EVIL);
    expect(html).toContain('href="/logs?identity=src-evil"');
    expect(html).toContain(`href="/logs?appId=${appId}&amp;cycleId=cycle-b"`);
    expect(html).toContain('Provisio provisioning service');
  });

  it('has no troubleshooting tab for a success, and shows a full page without htmx', async () => {
    const partial = await (await h.get('/logs/alice', s, { 'hx-request': 'true' })).text();
    expect(partial).not.toContain('Troubleshooting');
    expect(partial).toContain('EntryImport');
    expect(partial).toMatch(/<dt>UPN<\/dt><dd>alice@contoso.test<\/dd>/);
    expect(partial).toMatch(
      /<code>userName<\/code><\/td><td class="value"><\/td><td class="value">alice@contoso.test<\/td>/,
    );

    const full = await h.get('/logs/alice', s);
    const html = await full.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('EntryImport');
    expect(cspViolations(html)).toEqual([]);
    expect((await h.get('/logs/nope', s)).status).toBe(404);
  });

  it('links each row to its details for htmx and without JS', async () => {
    const html = await page('');
    expect(html).toContain('href="/logs/alice" hx-get="/logs/alice" hx-target="#log-detail"');
    expect(html).toContain('id="log-detail"');
  });
});
