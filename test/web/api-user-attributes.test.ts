/**
 * Entra's commonly mapped user attributes through the API and the CSV import (issue 14): written, validated
 * (manager must be another existing user; formats for language, country code and hire date) and returned.
 */
import { describe, expect, it } from 'vitest';
import { webHarness } from '../support/web';

type User = Record<string, unknown> & { id: string };

async function setup() {
  const h = webHarness();
  const json = async <T>(res: Response) => (await res.json()) as T;
  const create = (body: Record<string, unknown>) => h.call('POST', '/api/v1/directory/users', { body });
  return { ...h, json, create };
}

describe('directory user attributes', () => {
  it('writes and returns every new attribute, and clears one with ""', async () => {
    const h = await setup();
    const boss = await h.json<User>(await h.create({ userPrincipalName: 'boss@contoso.example' }));
    const attrs = {
      manager: boss.id,
      mobile: '+1 555 0100',
      telephoneNumber: '+1 555 0101',
      facsimileTelephoneNumber: '+1 555 0102',
      streetAddress: '1 Main St',
      city: 'Springfield',
      state: 'IL',
      postalCode: '62701',
      country: 'US',
      preferredLanguage: 'en-US',
      companyName: 'Contoso',
      officeLocation: 'B7',
      employeeType: 'Contractor',
      employeeHireDate: '2024-03-01T09:00:00Z',
      usageLocation: 'US',
      extensionAttribute1: 'one',
      extensionAttribute15: 'fifteen',
    };
    const res = await h.create({ userPrincipalName: 'ada@contoso.example', ...attrs });
    expect(res.status).toBe(201);
    const ada = await h.json<User>(res);
    expect(ada).toMatchObject(attrs);
    expect(await h.json<User>(await h.call('GET', `/api/v1/directory/users/${ada.id}`))).toMatchObject(attrs);
    const patched = await h.call('PATCH', `/api/v1/directory/users/${ada.id}`, { body: { mobile: '', city: 'Paris' } });
    expect(await h.json<User>(patched)).toMatchObject({ mobile: null, city: 'Paris', manager: boss.id });
  });

  it('refuses an unknown manager, the user as its own manager, and badly formatted codes, naming the field', async () => {
    const h = await setup();
    const unknown = await h.create({ userPrincipalName: 'a@contoso.example', manager: 'no-such-user' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { details: [{ path: 'manager' }] } });
    const ada = await h.json<User>(await h.create({ userPrincipalName: 'ada@contoso.example' }));
    const self = await h.call('PATCH', `/api/v1/directory/users/${ada.id}`, { body: { manager: ada.id } });
    expect(self.status).toBe(400);
    expect(JSON.stringify(await self.json())).toContain('own manager');
    for (const [field, value] of [
      ['usageLocation', 'USA'],
      ['preferredLanguage', 'english please'],
      ['employeeHireDate', 'March 1st'],
      ['extensionAttribute3', 'bad\u0000'],
    ] as const) {
      const bad = await h.call('PATCH', `/api/v1/directory/users/${ada.id}`, { body: { [field]: value } });
      expect(bad.status, field).toBe(400);
      expect(JSON.stringify(await bad.json()), field).toContain(field);
    }
  });

  it('imports the attributes by CSV and refuses the file when a manager is unknown or the user itself', async () => {
    const h = await setup();
    const boss = await h.json<User>(await h.create({ userPrincipalName: 'boss@contoso.example' }));
    const csv = (rows: string[]) =>
      h.call('POST', '/api/v1/directory/import/users', { body: rows.join('\n'), type: 'text/csv' });
    const ok = await csv([
      'userPrincipalName,manager,city,extensionAttribute2',
      `ada@contoso.example,${boss.id},Springfield,x2`,
    ]);
    expect(ok.status).toBe(200);
    const list = await h.json<{ items: User[] }>(await h.call('GET', '/api/v1/directory/users?q=ada'));
    expect(list.items[0]).toMatchObject({ manager: boss.id, city: 'Springfield', extensionAttribute2: 'x2' });
    const bad = await csv([
      'userPrincipalName,manager',
      'bob@contoso.example,nobody',
      `boss@contoso.example,${boss.id}`,
    ]);
    expect(bad.status).toBe(400);
    const text = JSON.stringify(await bad.json());
    expect(text).toContain('line 2');
    expect(text).toContain('no directory user has id nobody');
    expect(text).toContain('line 3');
    expect(text).toContain('own manager');
  });

  it('clears the manager of the reports when the manager is hard-deleted', async () => {
    const h = await setup();
    const boss = await h.json<User>(await h.create({ userPrincipalName: 'boss@contoso.example' }));
    const ada = await h.json<User>(await h.create({ userPrincipalName: 'ada@contoso.example', manager: boss.id }));
    expect((await h.call('DELETE', `/api/v1/directory/users/${boss.id}?hard=true`)).status).toBe(204);
    expect(await h.json<User>(await h.call('GET', `/api/v1/directory/users/${ada.id}`))).toMatchObject({
      manager: null,
    });
    expect(h.scheduler.calls.nudges).toContainEqual({ objectType: 'user', objectId: ada.id, kind: 'update' });
  });
});
