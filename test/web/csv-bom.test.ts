/**
 * Every CSV download starts with a UTF-8 BOM so Excel reads "García" as UTF-8 (issue 15 item 15); `?bom=0`
 * leaves it out. Bytes are read raw: Response.text() would silently drop a BOM.
 */
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { untilEnded } from '../support/poll';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';
import { webHarness } from '../support/web';

const BOM = [0xef, 0xbb, 0xbf];
let w: ReturnType<typeof webHarness>;
let scim: ScimServerHandle;
let appId: string;
let planId: string;

beforeAll(async () => {
  w = webHarness();
  scim = await startScimServer();
  const app = createApplication({ db: w.db, clock: w.clock, secrets: w.secrets }, CLI_ACTOR, {
    name: 'García Nómina',
    template: 'scim',
    tenantUrl: scim.baseUrl,
    secretToken: scim.token,
    allowHttp: true,
  });
  appId = app.id;
  const dir = { db: w.db, clock: w.clock, onChange: () => {} };
  const u = createUser(dir, CLI_ACTOR, { userPrincipalName: 'jose@contoso.example', displayName: 'José García' });
  assignPrincipal(dir, CLI_ACTOR, appId, { principalId: u.id, role: 'User' });
  const plan = await w.call('POST', `/api/v1/applications/${appId}/dry-runs`, { body: { mode: 'full' } });
  planId = ((await plan.json()) as { id: string }).id;
  // The plan is built in the background: its CSV is complete once it has ended.
  await untilEnded(w.call, `/api/v1/applications/${appId}/dry-runs/${planId}`);
});
afterAll(async () => {
  await scim.close();
});

async function bytesOf(path: string): Promise<Uint8Array> {
  const res = await w.call('GET', path, { token: w.tokens.viewer });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type'), path).toBe('text/csv; charset=utf-8');
  return new Uint8Array(await res.arrayBuffer());
}

const withQuery = (path: string, q: string) => `${path}${path.includes('?') ? '&' : '?'}${q}`;

describe('CSV downloads', () => {
  const paths = () => [
    '/api/v1/provisioning-logs/export.csv',
    `/api/v1/applications/${appId}/dry-runs/${planId}/items.csv`,
    `/apps/${appId}/dry-runs/${planId}/export.csv`,
    '/reports/export/apps?range=7d',
    '/audit/export',
  ];

  it('start with a UTF-8 BOM, once', async () => {
    for (const path of paths()) {
      const bytes = await bytesOf(path);
      expect([...bytes.slice(0, 3)], path).toEqual(BOM);
      expect([...bytes.slice(3, 6)], path).not.toEqual(BOM);
    }
  });

  it('leave it out with ?bom=0, and are otherwise the same bytes', async () => {
    for (const path of paths()) {
      const plain = await bytesOf(withQuery(path, 'bom=0'));
      expect([...plain.slice(0, 3)], path).not.toEqual(BOM);
      if (path.startsWith('/audit')) continue; // the log export above added audit rows in between
      expect(Buffer.from(plain).equals(Buffer.from((await bytesOf(path)).slice(3))), path).toBe(true);
    }
  });

  it('carry non-ASCII names as UTF-8 after the BOM', async () => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await bytesOf('/audit/export'));
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('García Nómina');
    const plan = new TextDecoder().decode(await bytesOf(`/apps/${appId}/dry-runs/${planId}/export.csv`));
    expect(plan).toContain('José García');
  });

  it('the log export audits its filter without the bom switch', async () => {
    await bytesOf('/api/v1/provisioning-logs/export.csv?status=failure&bom=0');
    const exports = w.db
      .select()
      .from(auditLog)
      .all()
      .filter((r) => r.activity === 'logs.export');
    expect(exports.at(-1)?.after).toContain('"status":"failure"');
    expect(exports.at(-1)?.after).not.toContain('bom');
  });

  it('the log bundle (zip) starts each of its CSVs with the BOM, and ?bom=0 leaves it out', async () => {
    for (const [query, bom] of [
      ['', true],
      ['?bom=0', false],
    ] as const) {
      const res = await w.call('GET', `/api/v1/provisioning-logs/export.zip${query}`, { token: w.tokens.viewer });
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
      expect(Object.keys(files)).toHaveLength(3);
      for (const [name, bytes] of Object.entries(files)) {
        expect([...bytes.slice(0, 3)], name).toEqual(bom ? BOM : [...Buffer.from('cha')]);
      }
    }
  });

  it('the streamed log export stays a stream with the BOM as its first chunk', async () => {
    const res = await w.call('GET', '/api/v1/provisioning-logs/export.csv', { token: w.tokens.viewer });
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect([...(first?.value ?? []).slice(0, 3)]).toEqual(BOM);
    await reader?.cancel();
  });
});
