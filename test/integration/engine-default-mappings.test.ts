/**
 * The generic SCIM template's default user mapping on the wire (entra.md §5.3, §7.2): a create carries
 * `name.formatted ← Join(" ", [givenName], [surname])`, and a surname change updates it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { person } from '../support/people';

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(async () => {
  await h.close();
});

const posted = (userName: string) =>
  h.scim.writes().find((r) => r.method === 'POST' && (r.body as { userName?: string }).userName === userName)?.body as
    | { name?: Record<string, string> }
    | undefined;

describe('default user mapping on the wire', () => {
  it('sends name.formatted on create, only the names there are, and none without names', async () => {
    h.addUser(person('ada', { surname: 'Lovelace' }));
    h.addUser(person('solo', { surname: null }));
    h.addUser({ userPrincipalName: 'nameless@contoso.example', displayName: 'Nameless' });
    await h.cycle();

    expect(posted('ada@contoso.example')?.name).toEqual({
      givenName: 'ada',
      familyName: 'Lovelace',
      formatted: 'ada Lovelace',
    });
    expect(posted('solo@contoso.example')?.name).toEqual({ givenName: 'solo', formatted: 'solo' });
    expect(posted('nameless@contoso.example')).toBeDefined();
    expect(posted('nameless@contoso.example')).not.toHaveProperty('name');
    const stored = h.scim.store.listUsers().find((u) => u.userName === 'ada@contoso.example') as {
      name?: { formatted?: string };
    };
    expect(stored.name?.formatted).toBe('ada Lovelace');
  });

  it("sends Entra's address, phone and preferredLanguage defaults in Entra's shape (issue 14)", async () => {
    h.addUser(
      person('ada', {
        preferredLanguage: 'en-GB',
        officeLocation: 'Building 7',
        streetAddress: '1 Analytical Way',
        city: 'London',
        state: 'Greater London',
        postalCode: 'W1 1AA',
        country: 'GB',
        telephoneNumber: '+44 20 7946 0000',
        mobile: '+44 7700 900000',
        facsimileTelephoneNumber: '+44 20 7946 0001',
      }),
    );
    await h.cycle();
    const body = posted('ada@contoso.example') as Record<string, unknown> | undefined;
    expect(body?.preferredLanguage).toBe('en-GB');
    expect(body?.addresses).toEqual([
      {
        type: 'work',
        primary: true,
        formatted: 'Building 7',
        streetAddress: '1 Analytical Way',
        locality: 'London',
        region: 'Greater London',
        postalCode: 'W1 1AA',
        country: 'GB',
      },
    ]);
    expect(body?.phoneNumbers).toEqual([
      { type: 'work', primary: true, value: '+44 20 7946 0000' },
      { type: 'mobile', value: '+44 7700 900000' },
      { type: 'fax', value: '+44 20 7946 0001' },
    ]);
  });

  it('replaces name.formatted with name.familyName when the surname changes', async () => {
    const ada = h.addUser(person('ada', { surname: 'Byron' }));
    await h.cycle();
    h.scim.clearRequests();
    h.update(ada.id, { surname: 'Lovelace' });
    await h.cycle();
    expect(h.scim.writes().map((r) => (r.body as { Operations: unknown[] }).Operations)).toEqual([
      [
        { op: 'replace', path: 'name.familyName', value: 'Lovelace' },
        { op: 'replace', path: 'name.formatted', value: 'ada Lovelace' },
      ],
    ]);
  });
});
