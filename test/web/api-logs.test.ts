import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { writeRequests } from '../../src/log/requests';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';
import { webHarness } from '../support/web';

const SECRET = 'sk_live_ZZZ0123456789secret';

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
    source: { id: `src-${i}`, displayName: `User ${i}`, type: 'user' },
    target: { id: `tgt-${i}`, displayName: `user${i}@x.example` },
    sourceSystem: 'Provisio directory',
    targetSystem: 'App',
    error: null,
    steps: [],
    modifiedProperties: [{ displayName: 'title', oldValue: null, newValue: `T${i}` }],
    ...patch,
  };
}

function seed(db: ReturnType<typeof webHarness>['db']) {
  for (let i = 1; i <= 12; i++) writeLog(db, entry(i));
  writeRequests(
    db,
    'change-0005',
    [
      {
        method: 'POST',
        path: '/Users',
        status: 401,
        durationMs: 20,
        attempt: 1,
        waitedMs: 0,
        requestBody: `{"userName":"u5","password":"x"}`,
        responseBody: `{"detail":"bad token Bearer ${SECRET}"}`,
      },
    ],
    [SECRET],
  );
}

type Graph = { value: { id: string }[]; '@odata.nextLink'?: string };

describe('Graph-style GET /api/v1/auditLogs/provisioning', () => {
  it('filters, orders and follows @odata.nextLink', async () => {
    const { db, call } = webHarness();
    seed(db);
    const filter = encodeURIComponent(
      "provisioningAction eq 'CREATE' and contains(sourceIdentity/displayName, 'user 1')",
    );
    const first = (await (
      await call('GET', `/api/v1/auditLogs/provisioning?$filter=${filter}&$top=2`)
    ).json()) as Graph;
    expect(first.value.map((v) => v.id)).toEqual(['change-0011', 'change-0010']);
    // Relative without PROVISIO_PUBLIC_URL (issue 12: never built from the Host header).
    const next = new URL(first['@odata.nextLink'] ?? '', 'http://base.invalid');
    expect(next.pathname).toBe('/api/v1/auditLogs/provisioning');
    expect(next.searchParams.get('$filter')).toContain("provisioningAction eq 'CREATE'");
    const second = (await (await call('GET', `${next.pathname}${next.search}`)).json()) as Graph;
    expect(second.value.map((v) => v.id)).toEqual(['change-0001']);
    expect(second['@odata.nextLink']).toBeUndefined();
  });

  it('answers 400 with the position of a syntax error, and 401 without a token', async () => {
    const { call } = webHarness();
    const res = await call('GET', `/api/v1/auditLogs/provisioning?$filter=${encodeURIComponent("jobId eq 'x' or")}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain('position 16');
    expect((await call('GET', '/api/v1/auditLogs/provisioning', { token: null })).status).toBe(401);
  });
});

describe('provisioning-log API additions', () => {
  it('returns the count with the first page, and the redacted requests with an entry', async () => {
    const { db, call } = webHarness();
    seed(db);
    const list = (await (await call('GET', '/api/v1/provisioning-logs?status=failure')).json()) as {
      total: { count: number; capped: boolean };
    };
    expect(list.total).toEqual({ count: 2, capped: false });
    const res = await call('GET', '/api/v1/provisioning-logs/change-0005');
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    const one = JSON.parse(text) as { requests: { method: string; status: number; responseBody: string }[] };
    expect(one.requests).toEqual([expect.objectContaining({ method: 'POST', status: 401 })]);
    expect(one.requests[0]?.responseBody).toContain('Bearer [redacted]');
  });

  it('exports CSV, the Entra bundle and NDJSON of the filter, audited, with no token inside', async () => {
    const { db, call, tokens } = webHarness();
    seed(db);
    const csv = await call('GET', '/api/v1/provisioning-logs/export.csv?cycleId=cycle-odd');
    const csvText = await csv.text();
    expect((parse(csvText, { columns: true }) as unknown[]).length).toBe(6);
    const zip = await call('GET', '/api/v1/provisioning-logs/export.zip?cycleId=cycle-odd');
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.headers.get('content-disposition')).toMatch(/filename="provisioning-logs-.*\.zip"/);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const events = parse(Buffer.from(files['ProvisioningLogs.csv'] ?? []).toString(), { columns: true }) as unknown[];
    expect(events).toHaveLength(6);
    const nd = await call('GET', '/api/v1/provisioning-logs/export.ndjson?status=failure');
    const ndText = await nd.text();
    expect(ndText.trimEnd().split('\n')).toHaveLength(2);
    for (const body of [csvText, ndText, Buffer.from(files['ProvisioningLogs.csv'] ?? []).toString()]) {
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain(tokens.admin);
      expect(body).not.toMatch(/Bearer\s+[A-Za-z0-9]/);
    }
    const audits = db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.activity === 'logs.export');
    expect(audits.map((a) => (JSON.parse(a.after ?? '{}') as { format: string }).format)).toEqual([
      'csv',
      'zip',
      'ndjson',
    ]);
  });
});
