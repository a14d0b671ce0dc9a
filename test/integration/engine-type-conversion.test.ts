/**
 * Mapped values go on the wire in their target attribute's SCIM type (issue 12), against a sandbox without
 * Entra leniency: a string where RFC 7643 says boolean is a 400 there, as on strict targets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getApplication } from '../../src/apps/applications';
import { mappingsOf, setMappings } from '../../src/apps/mappings';
import { CLI_ACTOR } from '../../src/kernel/actor';
import type { AttributeMapping } from '../../src/mapping/types';
import { type EngineHarness, engineHarness } from '../support/engine-harness';

let h: EngineHarness;
afterEach(async () => {
  await h.close();
});

const ENTRA_ACTIVE = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';
const ACME = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';

function withMapping(target: string, change: Partial<AttributeMapping>) {
  const current = mappingsOf(getApplication(h.db, h.app.id), 'user').filter((m) => m.target !== target);
  const mapping = { target, type: 'expression', apply: 'always', ...change };
  setMappings(h.appsDeps, CLI_ACTOR, h.app.id, 'user', [...current, mapping]);
}

const posts = () => h.scim.requests.filter((r) => r.method === 'POST' && r.path === '/Users');

describe("values converted to the target attribute's type", () => {
  it("sends Entra's Switch() active mapping as a JSON boolean, and a strict target creates the user", async () => {
    h = await engineHarness({}, { strict: true });
    withMapping('active', { expression: ENTRA_ACTIVE });
    const ada = h.addUser({ userPrincipalName: 'ada@contoso.example', displayName: 'Ada' });
    const cycleId = await h.cycle();

    const [post] = posts();
    expect((post?.body as { active?: unknown } | undefined)?.active).toBe(true);
    expect(h.logs(cycleId)[0]).toMatchObject({ provisioningAction: 'create', status: 'success' });
    expect(h.scim.store.listUsers()).toMatchObject([{ userName: 'ada@contoso.example', active: true }]);
    expect(h.link(ada.id)?.exported.active).toBe(true);

    // Nothing changed: the boolean baseline equals the converted value, so no PATCH follows.
    h.scim.clearRequests();
    h.update(ada.id, { displayName: 'Ada L' });
    await h.cycle();
    expect(h.scim.writes().map((r) => r.body)).toEqual([
      {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'displayName', value: 'Ada L' }],
      },
    ]);
  });

  it('converts by the types the target serves at /Schemas (an Integer extension attribute)', async () => {
    h = await engineHarness({}, { strict: true });
    const schema = {
      id: ACME,
      name: 'Acme',
      attributes: [{ name: 'badgeNumber', type: 'integer', multiValued: false }],
    };
    h.scim.faults.add({
      method: 'GET',
      path: '/Schemas',
      status: 200,
      contentType: 'application/scim+json',
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: [schema] },
    });
    withMapping(`${ACME}:badgeNumber`, { type: 'direct', source: 'employeeId' });
    h.addUser({ userPrincipalName: 'bo@contoso.example', employeeId: '0042' });
    await h.cycle();

    expect(h.scim.requests[0]).toMatchObject({ method: 'GET', path: '/Schemas' });
    const body = posts()[0]?.body as Record<string, Record<string, unknown>>;
    expect(body[ACME]?.badgeNumber).toBe(42);
    // The core schema still applies where /Schemas says nothing else.
    expect(body.active).toBe(true);
  });

  it('fails the user with AttributeValueTypeMismatch naming the attribute when a value cannot be converted', async () => {
    h = await engineHarness({}, { strict: true });
    withMapping('active', { expression: 'Switch([department], "maybe", "Sales", "True")' });
    h.addUser({ userPrincipalName: 'cy@contoso.example', department: 'Research' });
    const cycleId = await h.cycle();

    expect(posts()).toHaveLength(0);
    const [row] = h.logs(cycleId);
    expect(row).toMatchObject({ status: 'failure', errorCode: 'AttributeValueTypeMismatch' });
    expect(row?.errorReason).toContain(`'active'`);
    expect(row?.errorReason).toContain('expects a Boolean (True or False) but the mapping gave "maybe"');
  });
});
