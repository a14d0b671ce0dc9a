import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getApplication } from '../../src/apps/applications';
import { mappingsOf, setMappings, setScoping } from '../../src/apps/mappings';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { type EngineHarness, engineHarness } from '../support/engine-harness';

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(async () => {
  await h.close();
});

const appsDeps = () => ({ db: h.db, clock: systemClock, secrets: { seal: (s: string) => s, open: (s: string) => s } });

function person(n: string, department: string, extra: Record<string, unknown> = {}) {
  return { userPrincipalName: `${n}@contoso.example`, givenName: n, surname: `${n}son`, department, ...extra };
}

describe('custom mappings and scoping filters', () => {
  it('provisions exactly the Sales users with the mapped display name, and disables one who leaves Sales', async () => {
    const mappings = mappingsOf(getApplication(h.db, h.app.id), 'user').map((m) =>
      m.target === 'displayName'
        ? {
            ...m,
            type: 'expression' as const,
            expression: 'Join(" ", [givenName], ToUpper([surname]))',
            source: undefined,
          }
        : m,
    );
    setMappings(appsDeps(), CLI_ACTOR, h.app.id, 'user', mappings);
    setScoping(appsDeps(), CLI_ACTOR, h.app.id, 'user', [
      { name: 'Sales only', clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }] },
    ]);
    const sam = h.addUser(person('sam', 'Sales'));
    h.addUser(person('eve', 'Engineering'));
    h.addUser(person('nobody', '')); // null department: EQUALS is false
    const initial = await h.cycle();

    const stored = h.scim.store.listUsers() as { userName: string; displayName?: string }[];
    expect(stored.map((u) => [u.userName, u.displayName])).toEqual([['sam@contoso.example', 'sam SAMSON']]);
    const rows = h.logs(initial);
    const eve = rows.find((r) => r.sourceDisplayName === 'eve@contoso.example');
    expect(eve).toMatchObject({ provisioningAction: 'other', status: 'skipped' });
    const eveScoping = (
      JSON.parse(eve?.steps ?? '[]') as {
        provisioningStepType: string;
        description: string;
        details: Record<string, string>;
      }[]
    ).find((s) => s.provisioningStepType === 'scoping');
    expect(eveScoping?.description).toContain('Sales only: department EQUALS Sales is false');
    expect(JSON.parse(eveScoping?.details.ScopeEvaluationResult ?? '{}')).toEqual({
      'Sales only': { 'department EQUALS Sales': false },
    });

    h.scim.requests.length = 0;
    h.update(sam.id, { department: 'Marketing' });
    const moved = await h.cycle();
    expect(h.scim.requests.filter((r) => r.method !== 'GET').map((r) => r.body)).toEqual([
      {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      },
    ]);
    expect(h.logs(moved)[0]).toMatchObject({ provisioningAction: 'disable', status: 'success' });
  });

  it('marks the job for a new initial cycle when mappings change, and refuses invalid ones', async () => {
    h.addUser(person('sam', 'Sales'));
    await h.cycle();
    expect(getApplication(h.db, h.app.id).initialCycleDone).toBe(true);
    setScoping(appsDeps(), CLI_ACTOR, h.app.id, 'user', []);
    expect(getApplication(h.db, h.app.id).initialCycleDone).toBe(false);
    const bad = mappingsOf(getApplication(h.db, h.app.id), 'user').map((m) =>
      m.target === 'title' ? { ...m, type: 'expression' as const, expression: 'Switch([department], "x", "y")' } : m,
    );
    expect(() => setMappings(appsDeps(), CLI_ACTOR, h.app.id, 'user', bad)).toThrow(/Switch expects an even number/);
  });

  it('skips a user without any matching value as ImportSkipped', async () => {
    const mappings = mappingsOf(getApplication(h.db, h.app.id), 'user').map((m) =>
      m.target === 'externalId'
        ? { ...m, matchingPrecedence: 1 }
        : m.target === 'userName'
          ? { ...m, matchingPrecedence: undefined }
          : m,
    );
    setMappings(appsDeps(), CLI_ACTOR, h.app.id, 'user', mappings);
    h.addUser(person('nick', 'Sales')); // no mailNickname → externalId empty
    const id = await h.cycle();
    expect(h.logs(id)[0]).toMatchObject({ status: 'skipped', errorCode: 'ImportSkipped' });
    expect(h.scim.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });
  it('sends the real value of a Redact() mapping and logs it as [Redact]', async () => {
    const mappings = mappingsOf(getApplication(h.db, h.app.id), 'user').map((m) =>
      m.target === 'title'
        ? { ...m, type: 'expression' as const, expression: 'Redact([jobTitle])', source: undefined }
        : m,
    );
    setMappings(appsDeps(), CLI_ACTOR, h.app.id, 'user', mappings);
    h.addUser(person('rex', 'Sales', { jobTitle: 'Secret agent' }));
    const id = await h.cycle();
    const post = h.scim.requests.find((r) => r.method === 'POST');
    expect((post?.body as { title?: string } | undefined)?.title).toBe('Secret agent');
    const row = h.logs(id)[0];
    const props = JSON.parse(row?.modifiedProperties ?? '[]') as { displayName: string; newValue: string }[];
    expect(props.find((p) => p.displayName === 'title')?.newValue).toBe('[Redact]');
    expect(JSON.stringify(h.logs(id))).not.toContain('Secret agent');
  });
  it('adds a work email to a user who had none as a whole typed entry the target accepts', async () => {
    const noMail = h.addUser(person('nomail', 'Sales'));
    await h.cycle();
    h.scim.requests.length = 0;
    h.update(noMail.id, { mail: 'nomail@contoso.example' });
    const id = await h.cycle();
    const patch = h.scim.requests.find((r) => r.method === 'PATCH');
    expect((patch?.body as { Operations?: unknown[] } | undefined)?.Operations).toEqual([
      { op: 'add', path: 'emails', value: [{ type: 'work', value: 'nomail@contoso.example' }] },
    ]);
    expect(h.logs(id)[0]).toMatchObject({ provisioningAction: 'update', status: 'success' });
    const stored = h.scim.store.listUsers() as { emails?: { type: string; value: string }[] }[];
    expect(stored[0]?.emails).toEqual([expect.objectContaining({ type: 'work', value: 'nomail@contoso.example' })]);
  });
});
