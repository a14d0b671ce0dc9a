import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';
import { webHarness } from '../support/web';

describe('API authentication and roles', () => {
  it.each(['/api/v1/applications', '/api/v1/directory/users', '/api/v1/provisioning-logs'])(
    '%s needs a token',
    async (path) => {
      const { call } = webHarness();
      const res = await call('GET', path, { token: null });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
      expect((await call('GET', path, { token: 'pvs_wrong' })).status).toBe(401);
    },
  );

  it('accepts PROVISIO_ADMIN_TOKEN and answers /healthz without auth', async () => {
    const { call } = webHarness();
    expect((await call('GET', '/api/v1/applications', { token: 'env-admin-token-0123456789abcdef' })).status).toBe(200);
    expect((await call('GET', '/healthz', { token: null })).status).toBe(200);
  });

  it('lets a viewer read but not change anything', async () => {
    const { call, tokens } = webHarness();
    const v = { token: tokens.viewer };
    expect((await call('GET', '/api/v1/applications', v)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/api/v1/applications', { name: 'X', template: 'scim' }],
      ['POST', '/api/v1/directory/users', { userPrincipalName: 'a@b.c' }],
    ] as const) {
      const res = await call(method, path, { ...v, body });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
  });

  it('lets an operator run a cycle but not change settings', async () => {
    const { call, tokens, scheduler } = webHarness();
    const created = await call('POST', '/api/v1/applications', {
      body: { name: 'App', template: 'scim', tenantUrl: 'https://scim.example.com/v2', secretToken: 's3cret-token' },
    });
    const app = (await created.json()) as { id: string; hasSecretToken: boolean; secretTokenEnc?: string };
    expect(app.hasSecretToken).toBe(true);
    expect(JSON.stringify(app)).not.toContain('s3cret');
    const run = await call('POST', `/api/v1/applications/${app.id}/cycles`, { token: tokens.operator });
    expect(run.status).toBe(202);
    expect(await run.json()).toEqual({ cycleId: 'cycle-1' });
    expect(scheduler.calls.runNow).toEqual([app.id]);
    expect(
      (await call('PATCH', `/api/v1/applications/${app.id}`, { token: tokens.operator, body: { scope: 'all' } }))
        .status,
    ).toBe(403);
  });
});

describe('API validation', () => {
  it.each<[string, string, unknown, number, string]>([
    ['POST', '/api/v1/directory/users', '{not json', 400, 'not valid JSON'],
    ['POST', '/api/v1/directory/users', { userPrincipalName: 'nope' }, 400, 'name@domain'],
    [
      'POST',
      '/api/v1/applications',
      { name: 'X', template: 'scim', tenantUrl: 'http://plain.example/scim' },
      400,
      'https',
    ],
    ['POST', '/api/v1/applications', { name: 'X', template: 'nope' }, 400, 'template'],
    ['POST', '/api/v1/applications', { name: 'X', template: 'scim', schedule: 'every minute' }, 400, 'cron'],
    ['GET', '/api/v1/provisioning-logs?status=weird', undefined, 400, 'status'],
    ['GET', '/api/v1/directory/users/does-not-exist', undefined, 404, 'was not found'],
    ['GET', '/api/v1/nothing-here', undefined, 404, 'No route'],
  ])('%s %s → %i', async (method, path, body, status, message) => {
    const { call } = webHarness();
    const res = await call(method, path, { body });
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { message: string } };
    expect(json.error.message).toContain(message);
  });

  it('refuses a duplicate user with 409 and keeps the first', async () => {
    const { call } = webHarness();
    expect((await call('POST', '/api/v1/directory/users', { body: { userPrincipalName: 'a@b.example' } })).status).toBe(
      201,
    );
    expect((await call('POST', '/api/v1/directory/users', { body: { userPrincipalName: 'A@b.example' } })).status).toBe(
      409,
    );
    const list = (await (await call('GET', '/api/v1/directory/users')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
  });

  it('imports CSV and nudges the scheduler', async () => {
    const { call, scheduler } = webHarness();
    const res = await call('POST', '/api/v1/directory/import/users', {
      body: 'userPrincipalName,displayName\na@x.example,A\nb@x.example,B\n',
      type: 'text/csv',
    });
    expect(await res.json()).toEqual({ created: 2, updated: 0, unchanged: 0, errors: [] });
    expect(scheduler.calls.nudges).toHaveLength(2);
  });
});

function entry(i: number, patch: Partial<LogEntry> = {}): LogEntry {
  return {
    id: `change-${String(i).padStart(4, '0')}`,
    appId: 'app-1',
    activityDateTime: Date.UTC(2026, 10, 28, 10, 0, i),
    jobId: 'job-1',
    cycleId: i % 2 ? 'cycle-odd' : 'cycle-even',
    provisioningAction: i % 3 === 0 ? 'update' : 'create',
    status: i % 5 === 0 ? 'failure' : 'success',
    durationMs: i,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `src-${i}`, displayName: i === 7 ? '=HYPERLINK("evil")' : `User ${i}`, type: 'user' },
    target: { id: `tgt-${i}`, displayName: `user${i}@x.example` },
    sourceSystem: 'Provisio directory',
    targetSystem: 'App',
    error:
      i % 5 === 0
        ? {
            errorCode: 'InternalServerError',
            errorCategory: 'failure',
            reason: 'boom, "quoted"',
            recommendedAction: null,
          }
        : null,
    steps: [],
    modifiedProperties: [{ displayName: 'title', oldValue: null, newValue: `T${i}` }],
    ...patch,
  };
}

describe('provisioning logs API', () => {
  it('filters, pages with a cursor, and exports the same rows as CSV', async () => {
    const { db, call } = webHarness();
    for (let i = 1; i <= 30; i++) writeLog(db, entry(i));
    const failures = (await (await call('GET', '/api/v1/provisioning-logs?status=failure&limit=4')).json()) as {
      items: { id: string; provisioningStatusInfo: { status: string } }[];
      nextCursor: string | null;
    };
    expect(failures.items.map((r) => r.id)).toEqual(['change-0030', 'change-0025', 'change-0020', 'change-0015']);
    const next = (await (
      await call('GET', `/api/v1/provisioning-logs?status=failure&limit=4&cursor=${failures.nextCursor}`)
    ).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };
    expect(next.items.map((r) => r.id)).toEqual(['change-0010', 'change-0005']);
    expect(next.nextCursor).toBeNull();

    const byIdentity = (await (await call('GET', '/api/v1/provisioning-logs?identity=USER%2012')).json()) as {
      items: { id: string }[];
    };
    expect(byIdentity.items.map((r) => r.id)).toEqual(['change-0012']);

    const res = await call('GET', '/api/v1/provisioning-logs/export.csv?action=update');
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="provisioning-logs-.*\.csv"/);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.changeId)).toEqual([
      'change-0030',
      'change-0027',
      'change-0024',
      'change-0021',
      'change-0018',
      'change-0015',
      'change-0012',
      'change-0009',
      'change-0006',
      'change-0003',
    ]);
    expect(rows.find((r) => r.changeId === 'change-0015')?.errorReason).toBe('boom, "quoted"');
    const all = parse(await (await call('GET', '/api/v1/provisioning-logs/export.csv')).text(), {
      columns: true,
    }) as Record<string, string>[];
    expect(all).toHaveLength(30);
    expect(all.find((r) => r.changeId === 'change-0007')?.sourceDisplayName).toBe(`'=HYPERLINK("evil")`);
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .filter((a) => a.activity === 'logs.export'),
    ).toHaveLength(2);
  });
});
