/**
 * Job health on the pages: quarantine (reason, since, next attempt) on the app page and the overview, Allow
 * deletes / Restart (admin, audited), Test Connection lifting a quarantine, the escrow queue with "retry
 * now" (operator), throttling of the last cycle, the Secret Token's expiry, and the new settings.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { applications, auditLog, cycles, escrows, jobs } from '../../db/schema';
import { createApplication, getApplication } from '../../src/apps/applications';
import { escrowObject } from '../../src/engine/escrow';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { jwtWithExp } from '../support/jwt';
import { startScimServer } from '../support/scim-server';
import { cspViolations, type PagesHarness, pagesHarness } from './pages-harness';

const DAY = 86_400_000;
let h: PagesHarness;
beforeEach(async () => {
  h = await pagesHarness();
});

function newApp(extra: Record<string, unknown> = {}) {
  return createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
    secretToken: 'token-1234567890',
    ...extra,
  });
}

function quarantine(appId: string, reason: string, detail: string) {
  h.db.update(applications).set({ provisioningEnabled: true }).where(eq(applications.id, appId)).run();
  h.db
    .update(jobs)
    .set({
      initialCycleDone: true,
      quarantineReason: reason,
      quarantineDetail: detail,
      quarantineSince: Date.UTC(2026, 10, 28, 8, 0, 0),
      quarantineNextAttempt: Date.UTC(2026, 10, 28, 14, 0, 0),
      quarantineSeriesCount: 1,
    })
    .where(eq(jobs.appId, appId))
    .run();
}

function escrow(appId: string, sourceId: string, kind: 'failure' | 'staged') {
  escrowObject(
    h.db,
    {
      appId,
      sourceId,
      kind,
      action: kind === 'staged' ? 'disable' : 'create',
      sourceDisplayName: `User ${sourceId}`,
      errorCode: kind === 'staged' ? 'TooManyDeletes' : 'InternalServerError',
      errorReason: 'The target failed',
      cycleId: 'c1',
    },
    Date.now(),
  );
}

const audit = (activity: string) => h.db.select().from(auditLog).where(eq(auditLog.activity, activity)).all();

describe('quarantine on the pages', () => {
  it('shows the reason, since and next attempt on the app page and the overview', async () => {
    const app = newApp();
    quarantine(
      app.id,
      'EncounteredQuarantineException',
      'the target rejected the secret token (HTTP 401 on GET /Users)',
    );
    const s = await h.signIn('viewer');
    for (const path of [`/apps/${app.id}`, '/']) {
      const html = await (await h.get(path, s)).text();
      expect(html).toContain('Provisioning has been quarantined');
      expect(html).toContain('EncounteredQuarantineException');
      expect(html).toContain('Why: the target rejected the secret token (HTTP 401 on GET /Users).');
      expect(html).toContain('2026-11-28 08:00:00 UTC');
      expect(html).toContain('2026-11-28 14:00:00 UTC');
      expect(html).toContain('data-state="quarantine"');
      expect(html).not.toContain('Allow deletes');
      expect(cspViolations(html)).toEqual([]);
    }
  });

  it('lets an operator allow deletes (audited), which starts a cycle; viewers may not', async () => {
    const app = newApp();
    quarantine(app.id, 'TooManyDeletes', 'this cycle would disable or delete 600 users');
    escrow(app.id, 'u1', 'staged');
    const viewer = await h.signIn('viewer');
    expect(await (await h.get(`/apps/${app.id}`, viewer)).text()).not.toContain('/allow-deletes"');
    expect((await h.post(`/apps/${app.id}/allow-deletes`, {}, viewer)).status).toBe(403);
    const operator = await h.signIn('operator');
    const page = await (await h.get(`/apps/${app.id}`, operator)).text();
    expect(page).toContain('Allow deletes');
    expect(page).not.toContain('/restart"');
    const res = await h.post(`/apps/${app.id}/allow-deletes`, {}, operator);
    expect(res.status).toBe(303);
    expect(getApplication(h.db, app.id)).toMatchObject({ forceDeletes: true, quarantineReason: null });
    expect(audit('provisioning.allow_deletes')).toHaveLength(1);
    expect(audit('quarantine.clear').map((r) => r.actorName)).toEqual([h.emails.operator]);
    expect(h.scheduler.calls.runNow.map((r) => r.appId)).toEqual([app.id]);
  });

  it('restarts provisioning: escrows and quarantine cleared, next cycle initial, audited', async () => {
    const app = newApp();
    quarantine(app.id, 'EncounteredEscrowProportionThreshold', '60 of 100 objects failed');
    escrow(app.id, 'u1', 'failure');
    const res = await h.post(`/apps/${app.id}/restart`, {}, await h.signIn('admin'));
    expect(res.status).toBe(303);
    expect(getApplication(h.db, app.id)).toMatchObject({ quarantineReason: null, initialCycleDone: false });
    expect(h.db.select().from(escrows).all()).toEqual([]);
    expect(audit('provisioning.restart')).toHaveLength(1);
    expect(h.scheduler.calls.refresh).toContain(app.id);
  });

  it('lifts the quarantine when Test Connection succeeds (audited), not when it fails', async () => {
    const scim = await startScimServer();
    try {
      const app = newApp({ template: 'scim', tenantUrl: scim.baseUrl, allowHttp: true, secretToken: 'wrong-token' });
      quarantine(app.id, 'EncounteredQuarantineException', 'the target rejected the secret token');
      const s = await h.signIn('operator');
      expect(
        (await h.post(`/apps/${app.id}/test-connection`, {}, s, { headers: { 'hx-request': 'true' } })).status,
      ).toBe(422);
      expect(getApplication(h.db, app.id).quarantineReason).toBe('EncounteredQuarantineException');
      h.db
        .update(applications)
        .set({ secretTokenEnc: h.secrets.seal(scim.token) })
        .where(eq(applications.id, app.id))
        .run();
      expect(
        (await h.post(`/apps/${app.id}/test-connection`, {}, s, { headers: { 'hx-request': 'true' } })).status,
      ).toBe(200);
      expect(getApplication(h.db, app.id).quarantineReason).toBeNull();
      expect(audit('quarantine.clear').map((r) => [r.actorName, r.after])).toEqual([
        [h.emails.operator, JSON.stringify({ why: 'Test Connection succeeded' })],
      ]);
    } finally {
      await scim.close();
    }
  });
});

describe('escrow, throttling and token health on the pages', () => {
  it('lists the escrow queue; operators retry one now (audited)', async () => {
    const app = newApp();
    escrow(app.id, 'u1', 'failure');
    escrow(app.id, 'u2', 'staged');
    const viewerHtml = await (await h.get(`/apps/${app.id}`, await h.signIn('viewer'))).text();
    expect(viewerHtml).toContain('User u1');
    expect(viewerHtml).toContain('disable (held)');
    expect(viewerHtml).not.toContain('Retry now');
    const op = await h.signIn('operator');
    expect(await (await h.get(`/apps/${app.id}`, op)).text()).toContain('Retry now');
    const before = Date.now();
    const res = await h.post(`/apps/${app.id}/escrows/u1/retry`, {}, op);
    expect(res.status).toBe(303);
    const row = h.db
      .select()
      .from(escrows)
      .where(and(eq(escrows.appId, app.id), eq(escrows.sourceId, 'u1')))
      .get();
    expect(row?.nextAttempt).toBeLessThanOrEqual(Date.now());
    expect(row?.nextAttempt).toBeGreaterThanOrEqual(before);
    expect(audit('escrow.retry')).toHaveLength(1);
    expect((await h.post(`/apps/${app.id}/escrows/nobody/retry`, {}, op)).status).toBe(404);
  });

  it("shows the last cycle's throttle count and time waited", async () => {
    const app = newApp();
    h.db
      .insert(cycles)
      .values({
        id: 'c1',
        appId: app.id,
        jobId: app.jobId,
        type: 'initial',
        status: 'succeeded',
        initiatedBy: 'test',
        startedAt: Date.now() - 5000,
        endedAt: Date.now(),
        requests: 120,
        retries: 9,
        throttled: 3,
        waitedMs: 2500,
      })
      .run();
    const html = await (await h.get(`/apps/${app.id}`, await h.signIn('viewer'))).text();
    expect(html).toContain('120 SCIM requests (9 retries)');
    expect(html).toMatch(/throttled <strong class="throttled">3<\/strong> times/);
    expect(html).toContain('waited <span class="waited">2.5 s</span>');
  });

  it('says when a JWT Secret Token expires, on the app page and the overview', async () => {
    const app = newApp({ secretToken: jwtWithExp(Date.now() + 10 * DAY - 3_600_000) });
    const s = await h.signIn('viewer');
    for (const path of [`/apps/${app.id}`, '/']) {
      const html = await (await h.get(path, s)).text();
      expect(html).toContain('Secret Token expires in 10 days');
      expect(html).toContain('data-days-left="10"');
    }
  });

  it('saves the resilience settings from the form', async () => {
    const app = newApp();
    const res = await h.post(
      `/apps/${app.id}/settings`,
      {
        tenantUrl: 'https://admin.mindtickle.com/scim',
        scope: 'assigned',
        schedule: '*/5 * * * *',
        maxConcurrency: '4',
        requestsPerSecond: '5',
        preventDeletes: 'on',
        deleteThreshold: '50',
        deleteThresholdPercent: '',
        actionCreate: 'on',
        actionUpdate: 'on',
        sendFailureEmail: 'on',
        quarantineMinFailures: '10',
        quarantineFailurePercent: '40',
        quarantineBackoffHours: '1,2',
      },
      await h.signIn('admin'),
    );
    expect(res.status).toBe(303);
    expect(getApplication(h.db, app.id)).toMatchObject({
      requestsPerSecond: 5,
      deleteThreshold: 50,
      deleteThresholdPercent: null,
      actionDelete: false,
      skipOutOfScopeDeletions: false,
      sendFailureEmail: true,
      quarantineMinFailures: 10,
      quarantineBackoffHours: '1,2',
    });
  });
});
