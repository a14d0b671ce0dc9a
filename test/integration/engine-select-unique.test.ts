/**
 * SelectUniqueValue end to end (issue 12, entra.md §6.2): on create the engine asks the loopback SCIM target
 * for each candidate in order and sends the first one nobody holds; when all are taken the user fails with
 * SelectUniqueValueExhausted and nothing is created.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getApplication } from '../../src/apps/applications';
import { mappingsOf, setMappings } from '../../src/apps/mappings';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { scimFetch } from '../support/scim-server';

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
  const mappings = mappingsOf(getApplication(h.db, h.app.id), 'user').map((m) =>
    m.target === 'externalId'
      ? {
          target: 'externalId',
          type: 'expression' as const,
          expression: 'SelectUniqueValue([mailNickname], Join("", [mailNickname], "2"), Join("", [mailNickname], "3"))',
          apply: 'create' as const,
        }
      : m,
  );
  setMappings(h.appsDeps, CLI_ACTOR, h.app.id, 'user', mappings);
});
afterEach(async () => {
  await h.close();
});

/** A user someone else created in the target, holding `externalId`. */
async function taken(userName: string, externalId: string) {
  const res = await scimFetch(h.scim, 'POST', '/Users', {
    body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, externalId, active: true },
  });
  expect(res.status).toBe(201);
}

const stepsOf = (row: { steps: string } | undefined) =>
  JSON.parse(row?.steps ?? '[]') as { provisioningStepType: string; status: string; description: string }[];

describe('SelectUniqueValue', () => {
  it('queries each candidate on the wire and creates the user with the first free one', async () => {
    await taken('other@contoso.example', 'sam');
    h.scim.requests.length = 0;
    const sam = h.addUser({ userPrincipalName: 'sam@contoso.example', givenName: 'Sam', mailNickname: 'sam' });
    const cycle = await h.cycle();

    const queries = h.scim.requests
      .filter((r) => r.method === 'GET' && r.query.filter?.startsWith('externalId'))
      .map((r) => r.query.filter);
    expect(queries).toEqual(['externalId eq "sam"', 'externalId eq "sam2"']);
    const posts = h.scim.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ userName: 'sam@contoso.example', externalId: 'sam2' });

    const row = h.logs(cycle).find((r) => r.sourceId === sam.id);
    expect(row).toMatchObject({ provisioningAction: 'create', status: 'success' });
    expect(stepsOf(row).map((s) => s.description)).toContain(
      "SelectUniqueValue chose 'sam2' for externalId: no User in Test App holds it",
    );
    // The link's baseline holds the value sent, so a later update does not re-send (or re-pick) it.
    expect(h.link(sam.id)?.exported.externalId).toBe('sam2');
    h.scim.requests.length = 0;
    h.update(sam.id, { jobTitle: 'Engineer' });
    await h.cycle();
    const patches = h.scim.requests.filter((r) => r.method === 'PATCH');
    expect(JSON.stringify(patches.map((p) => p.body))).not.toContain('externalId');
  });

  it('fails the user with SelectUniqueValueExhausted when every candidate is taken, creating nothing', async () => {
    for (const v of ['sam', 'sam2', 'sam3']) await taken(`${v}.other@contoso.example`, v);
    h.scim.requests.length = 0;
    const sam = h.addUser({ userPrincipalName: 'sam@contoso.example', mailNickname: 'sam' });
    const cycle = await h.cycle();

    expect(h.scim.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    const row = h.logs(cycle).find((r) => r.sourceId === sam.id);
    expect(row).toMatchObject({
      provisioningAction: 'create',
      status: 'failure',
      errorCode: 'SelectUniqueValueExhausted',
    });
    expect(row?.errorReason).toBe(
      "SelectUniqueValue found no free value for externalId: Test App already holds every candidate ('sam', 'sam2', 'sam3')",
    );
    expect(h.link(sam.id)).toBeNull();
  });
});
