/**
 * POST /api/v1/directory/users/{id}/restore (issue 14): admin only, audited, journaled; the next cycle of every
 * app the user is assigned to re-enables the account with `replace active true` (entra.md §5.1), on the wire.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApplication, setProvisioning } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { startCycle } from '../../src/engine/cycle/run';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { wireEngine } from '../../src/wiring';
import { silentLogger } from '../support/engine-harness';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';
import { webHarness } from '../support/web';

let w: ReturnType<typeof webHarness>;
let targets: ScimServerHandle[];
let appIds: string[];

beforeEach(async () => {
  w = webHarness();
  targets = [await startScimServer(), await startScimServer()];
  appIds = targets.map((scim, i) => {
    const deps = { db: w.db, clock: w.clock, secrets: w.secrets };
    const app = createApplication(deps, CLI_ACTOR, {
      name: `Target ${i}`,
      template: 'scim',
      tenantUrl: scim.baseUrl,
      secretToken: scim.token,
      allowHttp: true,
    });
    setProvisioning(deps, CLI_ACTOR, app.id, true);
    return app.id;
  });
});
afterEach(async () => {
  for (const t of targets) await t.close();
});

async function cycleAll() {
  const { engine } = wireEngine({
    db: w.db,
    clock: w.clock,
    logger: silentLogger,
    secrets: w.secrets,
    timeoutMs: 3000,
  });
  for (const id of appIds) await startCycle(engine, id, { type: 'user', name: 'test' }).done;
}

describe('restore a soft-deleted user', () => {
  it('is refused to operators and viewers, restores for admins with an audit row, and re-enables in every app', async () => {
    const created = await w.call('POST', '/api/v1/directory/users', {
      body: { userPrincipalName: 'ada@contoso.example', displayName: 'Ada' },
    });
    const ada = (await created.json()) as { id: string };
    const dir = { db: w.db, clock: w.clock, onChange: () => {} };
    for (const appId of appIds) assignPrincipal(dir, CLI_ACTOR, appId, { principalId: ada.id, role: 'User' });
    await cycleAll();
    expect((await w.call('DELETE', `/api/v1/directory/users/${ada.id}`)).status).toBe(204);
    await cycleAll();
    for (const t of targets) {
      expect(t.store.listUsers().map((u) => (u as { active?: boolean }).active)).toEqual([false]);
      t.clearRequests();
    }

    const path = `/api/v1/directory/users/${ada.id}/restore`;
    expect((await w.call('POST', path, { token: w.tokens.viewer })).status).toBe(403);
    expect((await w.call('POST', path, { token: w.tokens.operator })).status).toBe(403);
    expect((await w.call('POST', '/api/v1/directory/users/nobody/restore')).status).toBe(404);
    const res = await w.call('POST', path);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: ada.id, deletedAt: null });
    expect(w.db.select().from(auditLog).where(eq(auditLog.activity, 'directory.user.restore')).all()).toHaveLength(1);
    expect(w.scheduler.calls.nudges).toContainEqual({ objectType: 'user', objectId: ada.id, kind: 'restore' });

    await cycleAll();
    for (const t of targets) {
      const patches = t.writes().filter((r) => r.method === 'PATCH');
      expect(patches.map((r) => (r.body as { Operations: unknown[] }).Operations)).toEqual([
        [{ op: 'replace', path: 'active', value: true }],
      ]);
      expect(t.store.listUsers().map((u) => (u as { active?: boolean }).active)).toEqual([true]);
    }
  });
});
