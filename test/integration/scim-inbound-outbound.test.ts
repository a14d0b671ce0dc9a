/**
 * Provisio's own outbound engine pointed at the SCIM inbound endpoint of another Provisio (a running test
 * server): cycles create, update, disable and delete users and provision a group with members, and the receiving
 * directory ends in the same state, with inbound log rows for each change.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { groupMembers, groups, provisioningLog, users } from '../../db/schema';
import { createGroup } from '../../src/directory/groups';
import { addMembers, removeMember } from '../../src/directory/memberships';
import { sourceOf } from '../../src/directory/source-owner';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { scimHarness } from '../support/scim-inbound';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function pair() {
  const inbound = scimHarness('Upstream Provisio');
  const server = serve({ fetch: inbound.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const outbound: EngineHarness = await engineHarness({
    tenantUrl: `http://127.0.0.1:${port}/scim/v2`,
    secretToken: inbound.token,
  });
  close = async () => {
    await outbound.close();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return { inbound, outbound };
}

describe('outbound engine → SCIM inbound endpoint', () => {
  it('creates, updates, disables and deletes users and fills a group; the directory follows with inbound log rows', async () => {
    const { inbound, outbound } = await pair();
    const dir = { db: outbound.db, clock: systemClock, onChange: () => {} };
    const ada = outbound.addUser({
      userPrincipalName: 'ada@example.com',
      mail: 'ada@example.com',
      mailNickname: 'ada',
      givenName: 'Ada',
      surname: 'Lovelace',
      displayName: 'Ada Lovelace',
      jobTitle: 'Analyst',
      department: 'Engines',
    });
    const bob = outbound.addUser({ userPrincipalName: 'bob@example.com', mailNickname: 'bob', displayName: 'Bob' });
    const team = createGroup(dir, CLI_ACTOR, { displayName: 'Engine team' });
    addMembers(dir, CLI_ACTOR, team.id, { memberIds: [ada.id, bob.id] });
    outbound.assign(team.id, 'User');

    const first = await outbound.cycle();
    const failed = outbound.logs(first).filter((r) => r.status === 'failure');
    expect(failed.map((r) => r.errorReason)).toEqual([]);

    const byUpn = (upn: string) => inbound.db.select().from(users).where(eq(users.userPrincipalName, upn)).get();
    const inAda = byUpn('ada@example.com');
    expect(inAda).toMatchObject({
      mail: 'ada@example.com',
      givenName: 'Ada',
      surname: 'Lovelace',
      displayName: 'Ada Lovelace',
      jobTitle: 'Analyst',
      department: 'Engines',
      accountEnabled: true,
    });
    const inBob = byUpn('bob@example.com');
    expect(inBob).toBeDefined();
    expect(sourceOf(inbound.db, 'user', String(inAda?.id))?.name).toBe('Upstream Provisio');
    const inTeam = inbound.db.select().from(groups).where(eq(groups.displayName, 'Engine team')).get();
    const members = () =>
      inbound.db
        .select({ id: groupMembers.memberId })
        .from(groupMembers)
        .where(eq(groupMembers.groupId, String(inTeam?.id)))
        .all()
        .map((m) => m.id)
        .sort();
    expect(members()).toEqual([inAda?.id, inBob?.id].sort());

    // Update, then take Bob out of the group, then disable Ada.
    outbound.update(ada.id, { surname: 'King', jobTitle: 'Countess' });
    removeMember(dir, CLI_ACTOR, team.id, bob.id);
    await outbound.cycle();
    expect(byUpn('ada@example.com')).toMatchObject({ surname: 'King', jobTitle: 'Countess' });
    expect(members()).toEqual([inAda?.id]);

    outbound.update(ada.id, { accountEnabled: false });
    await outbound.cycle();
    expect(byUpn('ada@example.com')?.accountEnabled).toBe(false);

    // A hard delete upstream is a DELETE here, which is a soft delete in the receiving directory.
    outbound.remove(ada.id, true);
    await outbound.cycle();
    expect(byUpn('ada@example.com')?.deletedAt).not.toBeNull();

    const actions = (objectId: string | undefined) =>
      inbound.db
        .select({ a: provisioningLog.provisioningAction })
        .from(provisioningLog)
        .where(
          and(eq(provisioningLog.targetId, String(objectId)), eq(provisioningLog.sourceSystem, 'Upstream Provisio')),
        )
        .all()
        .map((r) => r.a);
    expect(actions(inAda?.id)).toEqual(['create', 'update', 'disable', 'delete']);
    expect(actions(inTeam?.id)).toEqual(expect.arrayContaining(['create', 'update']));
    const rows = inbound.db.select().from(provisioningLog).all();
    expect(rows.every((r) => r.targetSystem === 'Provisio directory' && r.status === 'success')).toBe(true);
  });
});
