/**
 * The Current status figures (issue 15): "Users in scope" counts members of assigned groups (nested,
 * once each, Default Access excluded), "Groups in scope" leaves a Default Access group out, and an empty
 * incremental cycle after the initial one keeps the initial summary as `lastInitialCycle`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGroup } from '../../src/directory/groups';
import { addMembers } from '../../src/directory/memberships';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { appStatus } from '../../src/operate/status';
import { appFacts } from '../../src/reports/app-facts';
import { type EngineHarness, engineHarness } from '../support/engine-harness';

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

const dir = () => ({ db: h.db, clock: systemClock, onChange: () => {} });
const user = (name: string, role: string | null = null, extra: Record<string, unknown> = {}) =>
  h.addUser({ userPrincipalName: `${name}@contoso.example`, displayName: name, ...extra }, role);
const group = (displayName: string, memberIds: string[]) => {
  const g = createGroup(dir(), CLI_ACTOR, { displayName });
  if (memberIds.length > 0) addMembers(dir(), CLI_ACTOR, g.id, { memberIds });
  return g;
};
const status = () => appStatus(h.db, h.app.id, Date.now());

describe('status: what is in scope', () => {
  it('counts users through nested assigned groups once each, and leaves Default Access out', async () => {
    h = await engineHarness();
    const alice = user('alice', 'User'); // direct, and again through the nested group
    user('bob', 'Default Access'); // direct Default Access grants nothing
    const carol = user('carol');
    const dave = user('dave');
    const erin = user('erin');
    const frank = user('frank'); // only through the Default Access group
    const off = user('off', null, { accountEnabled: false }); // disabled: out of scope, as the engine decides
    const nested = group('Nested', [erin.id, alice.id, off.id]);
    const sales = group('Sales', [carol.id, dave.id, nested.id]);
    const remote = group('Remote Workers', [frank.id]);
    h.assign(sales.id, 'User');
    h.assign(remote.id, 'Default Access');

    expect(status().statistics.inScope).toEqual({ users: 4, groups: 1 });
    // Counts are kept until the directory journal moves: a new member and a disabled user are seen at once.
    const late = user('late');
    addMembers(dir(), CLI_ACTOR, nested.id, { memberIds: [late.id] });
    expect(status().statistics.inScope.users).toBe(5);
    h.update(late.id, { accountEnabled: false });
    expect(status().statistics.inScope.users).toBe(4);
    const facts = appFacts(h.db, h.app, Date.now());
    expect([facts.usersInScope, facts.groupsInScope]).toEqual([4, 1]);

    // The engine agrees: the initial cycle creates exactly the users counted, and the one group.
    await h.cycle();
    const target = h.scim.store.listUsers().map((u) => u.userName);
    expect(target.sort()).toEqual(['alice', 'carol', 'dave', 'erin'].map((n) => `${n}@contoso.example`));
    expect(h.scim.store.listGroups().map((g) => g.displayName)).toEqual(['Sales']);
  });

  it('counts every active user and group for scope "all", and no groups when groups are not provisioned', async () => {
    h = await engineHarness({ scope: 'all' });
    const a = user('a');
    user('b');
    user('c', null, { accountEnabled: false });
    group('G', [a.id]);
    expect(status().statistics.inScope).toEqual({ users: 2, groups: 1 });
    h.setApp({ provisionGroups: false });
    expect(status().statistics.inScope).toEqual({ users: 2, groups: 0 });
  });
});

describe('status: the last initial cycle', () => {
  it('stays beside an empty incremental cycle that follows it', async () => {
    h = await engineHarness();
    user('alice', 'User');
    user('bob', 'User');
    const initialId = await h.cycle();
    const after = status();
    expect(after.lastCycle?.id).toBe(initialId);
    expect(after.lastInitialCycle?.id).toBe(initialId);

    const emptyId = await h.cycle();
    const s = status();
    expect(s.lastCycle).toMatchObject({ id: emptyId, type: 'incremental', total: 0, processed: 0 });
    expect(s.lastInitialCycle).toMatchObject({ id: initialId, type: 'initial', processed: 2 });
    expect(s.lastInitialCycle?.counts.created).toBe(2);
    expect(s.statistics).toMatchObject({ usersProvisioned: 2, inScope: { users: 2, groups: 0 } });
  });

  it('is null before any initial cycle finished', async () => {
    h = await engineHarness();
    expect(status()).toMatchObject({ lastCycle: null, lastInitialCycle: null });
  });
});
