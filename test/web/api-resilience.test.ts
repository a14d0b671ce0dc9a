/** The REST API of job health: escrows (list, retry now), Allow deletes, Restart, status, new settings. */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobs } from '../../db/schema';
import { escrowObject } from '../../src/engine/escrow';
import { jwtWithExp } from '../support/jwt';
import { webHarness } from '../support/web';

async function setup() {
  const w = webHarness();
  const res = await w.call('POST', '/api/v1/applications', {
    body: { name: 'App', template: 'mindtickle', secretToken: jwtWithExp(w.clock.now() + 20 * 86_400_000 - 3_600_000) },
  });
  const app = (await res.json()) as { id: string; tokenExpiresAt: number | null; deleteThreshold: number };
  const escrow = (sourceId: string, kind: 'failure' | 'staged') =>
    escrowObject(
      w.db,
      {
        appId: app.id,
        sourceId,
        kind,
        action: kind === 'staged' ? 'delete' : 'update',
        sourceDisplayName: sourceId,
        errorCode: 'ServiceUnavailable',
        errorReason: 'down',
        cycleId: 'c1',
      },
      w.clock.now(),
    );
  return { ...w, app, escrow };
}

describe('escrows API', () => {
  it('lists an app’s escrows and retries one now (operator)', async () => {
    const { call, app, escrow, tokens, scheduler } = await setup();
    escrow('u1', 'failure');
    const list = await (await call('GET', `/api/v1/applications/${app.id}/escrows`, { token: tokens.viewer })).json();
    expect(list.items).toEqual([
      expect.objectContaining({
        sourceId: 'u1',
        kind: 'failure',
        action: 'update',
        attempts: 1,
        lastError: { code: 'ServiceUnavailable', reason: 'down' },
        nextAttempt: expect.any(String),
      }),
    ]);
    expect(
      (await call('POST', `/api/v1/applications/${app.id}/escrows/u1/retry`, { token: tokens.viewer })).status,
    ).toBe(403);
    const res = await call('POST', `/api/v1/applications/${app.id}/escrows/u1/retry`, { token: tokens.operator });
    expect(res.status).toBe(202);
    expect(scheduler.calls.runNow).toEqual([app.id]);
    expect(
      (await call('POST', `/api/v1/applications/${app.id}/escrows/zz/retry`, { token: tokens.operator })).status,
    ).toBe(404);
  });
});

describe('Allow deletes and Restart API', () => {
  it('allows deletes only as operator or admin and only when something is held', async () => {
    const { call, app, escrow, tokens, db } = await setup();
    expect((await call('POST', `/api/v1/applications/${app.id}/allow-deletes`)).status).toBe(400);
    escrow('u1', 'staged');
    escrow('u2', 'staged');
    expect((await call('POST', `/api/v1/applications/${app.id}/allow-deletes`, { token: tokens.viewer })).status).toBe(
      403,
    );
    const res = await call('POST', `/api/v1/applications/${app.id}/allow-deletes`);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ held: 2 });
    expect(db.select().from(jobs).where(eq(jobs.appId, app.id)).get()?.forceDeletes).toBe(true);
  });

  it('restarts: clears escrows and quarantine', async () => {
    const { call, app, escrow, db } = await setup();
    escrow('u1', 'failure');
    db.update(jobs).set({ quarantineReason: 'TooManyDeletes' }).where(eq(jobs.appId, app.id)).run();
    const res = await call('POST', `/api/v1/applications/${app.id}/restart`);
    expect(await res.json()).toEqual({ escrowsCleared: 1, linksForgotten: 0, cancelledCycleId: null });
    const status = await (await call('GET', `/api/v1/applications/${app.id}/status`)).json();
    expect(status).toMatchObject({ quarantine: null, escrows: { failures: 0, staged: 0 } });
  });
});

describe('status and settings', () => {
  it('reports quarantine, escrows and the Secret Token expiry (never the token)', async () => {
    const w0 = await setup();
    const { call, app, escrow, db } = w0;
    escrow('u1', 'failure');
    db.update(jobs)
      .set({
        quarantineReason: 'EncounteredQuarantineException',
        quarantineDetail: 'x',
        quarantineSince: 1,
        quarantineNextAttempt: 2,
      })
      .where(eq(jobs.appId, app.id))
      .run();
    const status = await (await call('GET', `/api/v1/applications/${app.id}/status`)).json();
    expect(status.quarantine).toMatchObject({ reason: 'EncounteredQuarantineException', detail: 'x', seriesCount: 0 });
    expect(status.escrows).toEqual({ failures: 1, staged: 0 });
    expect(status.secretToken).toMatchObject({ daysLeft: 20, expired: false });
    expect(app.tokenExpiresAt).toBe(Math.floor((w0.clock.now() + 20 * 86_400_000 - 3_600_000) / 1000) * 1000);
    expect(JSON.stringify(app)).not.toContain('eyJ');
  });

  it('validates and saves the resilience settings with Entra defaults', async () => {
    const { call, app } = await setup();
    expect(app).toMatchObject({ deleteThreshold: 500 });
    const bad = await call('PATCH', `/api/v1/applications/${app.id}`, {
      body: { deleteThresholdPercent: 150, quarantineBackoffHours: 'soon' },
    });
    expect(bad.status).toBe(400);
    const ok = await call('PATCH', `/api/v1/applications/${app.id}`, {
      body: {
        requestsPerSecond: 2.5,
        skipOutOfScopeDeletions: true,
        actionDelete: false,
        quarantineBackoffHours: '6,12,24',
      },
    });
    expect(await ok.json()).toMatchObject({
      requestsPerSecond: 2.5,
      skipOutOfScopeDeletions: true,
      actionDelete: false,
    });
  });
});
