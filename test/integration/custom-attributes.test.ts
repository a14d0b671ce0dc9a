/**
 * Custom user attributes an admin declares (issue 14): declared and removed through the API (audited, a name
 * in use cannot be removed), written on users by the API, refused when undeclared, and usable by name in a
 * mapping, an expression and a scoping filter — the value reaches the SCIM target on the wire.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { getApplication } from '../../src/apps/applications';
import { mappingsOf, setMappings, setScoping } from '../../src/apps/mappings';
import { previewUsersCsv } from '../../src/directory/csv-preview';
import { declareCustomAttribute } from '../../src/directory/custom-attributes';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { webHarness } from '../support/web';

describe('custom attributes through the API', () => {
  it('declares, writes, shows, refuses unknown names and keeps a name in use', async () => {
    const h = webHarness();
    const bad = await h.call('POST', '/api/v1/directory/custom-attributes', { body: { name: 'department' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('built-in');
    const created = await h.call('POST', '/api/v1/directory/custom-attributes', {
      body: { name: 'costCenter', description: 'Finance cost center' },
    });
    expect(created.status).toBe(201);
    expect((await h.call('POST', '/api/v1/directory/custom-attributes', { body: { name: 'COSTCENTER' } })).status).toBe(
      409,
    );
    const viewer = await h.call('POST', '/api/v1/directory/custom-attributes', {
      token: h.tokens.viewer,
      body: { name: 'x1' },
    });
    expect(viewer.status).toBe(403);

    const user = await h.call('POST', '/api/v1/directory/users', {
      body: { userPrincipalName: 'ada@example.com', customAttributes: { costcenter: 'CC-42' } },
    });
    expect(user.status).toBe(201);
    const body = (await user.json()) as { id: string; customAttributes: Record<string, string> };
    // Stored under the declared spelling.
    expect(body.customAttributes).toEqual({ costCenter: 'CC-42' });
    const unknown = await h.call('PATCH', `/api/v1/directory/users/${body.id}`, {
      body: { customAttributes: { badgeColour: 'red' } },
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Unknown custom attribute badgeColour; declared: costCenter');

    const list = (await (await h.call('GET', '/api/v1/directory/custom-attributes')).json()) as {
      items: { name: string; users: number }[];
    };
    expect(list.items).toEqual([expect.objectContaining({ name: 'costCenter', users: 1 })]);
    const inUse = await h.call('DELETE', '/api/v1/directory/custom-attributes/costCenter');
    expect(inUse.status).toBe(409);
    expect(await inUse.text()).toContain('1 user(s) have a value for costCenter');

    const cleared = await h.call('PATCH', `/api/v1/directory/users/${body.id}`, {
      body: { customAttributes: { costCenter: null } },
    });
    expect(((await cleared.json()) as { customAttributes: object }).customAttributes).toEqual({});
    expect((await h.call('DELETE', '/api/v1/directory/custom-attributes/costCenter')).status).toBe(204);
    const audits = h.db
      .select()
      .from(auditLog)
      .all()
      .map((a) => a.activity);
    expect(audits).toEqual(
      expect.arrayContaining(['directory.custom_attribute.create', 'directory.custom_attribute.delete']),
    );
  });
});

describe('custom attributes in CSV imports', () => {
  it('are columns under their declared names: preview, import, update and clear', async () => {
    const h = webHarness();
    const csv = (rows: string) => h.call('POST', '/api/v1/directory/import/users', { body: rows, type: 'text/csv' });
    const refused = await csv('userPrincipalName,costCenter\nada@example.com,CC-1\n');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Unknown columns: costCenter');
    declareCustomAttribute({ db: h.db, clock: h.clock }, CLI_ACTOR, { name: 'costCenter' });
    expect(
      await (await csv('userPrincipalName,costCenter\nada@example.com,CC-1\nbob@example.com,\n')).json(),
    ).toMatchObject({
      created: 2,
    });
    const preview = await previewUsersCsv(
      h.db,
      'userPrincipalName,costCenter\nada@example.com,CC-2\nbob@example.com,\n',
    );
    expect(preview.lines.map((l) => [l.name, l.outcome, l.detail])).toEqual([
      ['ada@example.com', 'update', 'costCenter'],
      ['bob@example.com', 'unchanged', ''],
    ]);
    expect(
      await (await csv('userPrincipalName,costCenter\nada@example.com,CC-2\nbob@example.com,\n')).json(),
    ).toMatchObject({
      updated: 1,
      unchanged: 1,
    });
    const users = (await (await h.call('GET', '/api/v1/directory/users')).json()) as {
      items: { userPrincipalName: string; customAttributes: Record<string, string> }[];
    };
    expect(users.items.map((u) => [u.userPrincipalName, u.customAttributes])).toEqual([
      ['ada@example.com', { costCenter: 'CC-2' }],
      ['bob@example.com', {}],
    ]);
    expect(await (await csv('userPrincipalName,costCenter\nada@example.com,\n')).json()).toMatchObject({ updated: 1 });
  });
});

describe('custom attributes in mappings and scoping filters', () => {
  let e: EngineHarness;
  beforeEach(async () => {
    e = await engineHarness();
  });
  afterEach(async () => {
    await e.close();
  });
  const appsDeps = () => ({ db: e.db, clock: systemClock, secrets: e.secrets });

  it('maps and scopes on a declared attribute; the value goes over the wire', async () => {
    const undeclared = [
      ...mappingsOf(getApplication(e.db, e.app.id), 'user'),
      { target: 'nickName', type: 'direct', source: 'costCenter', apply: 'always' },
    ];
    expect(() => setMappings(appsDeps(), CLI_ACTOR, e.app.id, 'user', undeclared)).toThrow(
      /Unknown user source attribute "costCenter"/,
    );
    declareCustomAttribute({ db: e.db, clock: systemClock }, CLI_ACTOR, { name: 'costCenter' });
    setMappings(appsDeps(), CLI_ACTOR, e.app.id, 'user', [
      ...mappingsOf(getApplication(e.db, e.app.id), 'user'),
      { target: 'nickName', type: 'expression', expression: 'Join("-", "cc", [costCenter])', apply: 'always' },
    ]);
    setScoping(appsDeps(), CLI_ACTOR, e.app.id, 'user', [
      { name: 'Finance', clauses: [{ attribute: 'costcenter', operator: 'EQUALS', value: 'CC-42' }] },
    ]);
    e.addUser({ userPrincipalName: 'ada@contoso.example', customAttributes: { costCenter: 'CC-42' } });
    e.addUser({ userPrincipalName: 'bob@contoso.example', customAttributes: { costCenter: 'CC-7' } });
    await e.cycle();
    const stored = e.scim.store.listUsers() as { userName: string; nickName?: string }[];
    expect(stored.map((u) => [u.userName, u.nickName])).toEqual([['ada@contoso.example', 'cc-CC-42']]);
    const post = e.scim.requests.find((r) => r.method === 'POST' && r.path.endsWith('/Users'));
    expect(JSON.stringify(post?.body)).toContain('"nickName":"cc-CC-42"');
  });
});
