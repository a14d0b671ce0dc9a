/**
 * Adaptive pacing on the status card and in GET status (issue 16 item 2): the current limit under its
 * ceiling, the learned rate or "not limited", and the time waited; nothing before any client of the app ran.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, cycles } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { createApiToken } from '../../src/auth/accounts';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { pagesHarness } from './pages-harness';

async function seeded() {
  const h = await pagesHarness();
  const a = createApplication({ db: h.db, clock: systemClock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'Remote',
    template: 'scim',
    tenantUrl: 'https://scim.example.test/scim/v2',
  });
  h.db.update(applications).set({ provisioningEnabled: true }).where(eq(applications.id, a.id)).run();
  return { h, a };
}

/** What a cycle's client would have reported: a window of answers, then a 429 with answers before it. */
function learn(h: Awaited<ReturnType<typeof pagesHarness>>, appId: string) {
  const pacing = h.deps.engine.pacing;
  if (!pacing) throw new Error('no pacing registry in the wiring');
  const session = pacing.session(appId, { maxConcurrency: 32, requestsPerSecond: null });
  for (let i = 0; i < 40; i += 1)
    session.record({ kind: 'answer', sentAt: 1000 + i * 10, rttMs: 50, inFlight: 4 }, 1050 + i * 10);
  session.record({ kind: 'throttled', sentAt: 1450, rttMs: 50, inFlight: 8 }, 1500);
  session.waited(2500);
  return pacing.view(appId);
}

describe('pacing on the status card', () => {
  it('shows no pacing line before any client of the app ran', async () => {
    const { h, a } = await seeded();
    const s = await h.signIn('viewer');
    const html = await (await h.get(`/apps/${a.id}`, s)).text();
    expect(html).not.toContain('class="pacing');
    const token = createApiToken(h.db, systemClock, CLI_ACTOR, { name: 'v', role: 'viewer' }).token;
    const res = await h.app.request(`/api/v1/applications/${a.id}/status`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await res.json()).pacing).toBeNull();
  });

  it('shows the limit, the learned rate and the time waited, in the page and the API', async () => {
    const { h, a } = await seeded();
    const view = learn(h, a.id);
    expect(view?.learnedRate).toBeGreaterThan(0);
    // A running cycle counts its client's waits live.
    h.db
      .insert(cycles)
      .values({
        id: 'c1',
        appId: a.id,
        jobId: a.jobId,
        type: 'initial',
        status: 'running',
        initiatedBy: 'system',
        startedAt: Date.now(),
        total: 10,
      })
      .run();
    const s = await h.signIn('viewer');
    const card = await (await h.get(`/apps/${a.id}/status-card?variant=overview`, s, { 'hx-request': 'true' })).text();
    const line = /<p class="pacing[^"]*">([\s\S]*?)<\/p>/.exec(card)?.[1]?.replace(/<[^>]+>/g, '') ?? '';
    expect(line).toContain(`Pacing: up to ${view?.limit} requests in flight (ceiling 32)`);
    expect(line).toMatch(/rate: \d+ req\/s, learned from the target(&#39;|')s 429s/);
    expect(line).toContain('waited 2.5 s this cycle');

    const token = createApiToken(h.db, systemClock, CLI_ACTOR, { name: 'v', role: 'viewer' }).token;
    const res = await h.app.request(`/api/v1/applications/${a.id}/status`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await res.json()).pacing).toEqual({
      limit: view?.limit,
      ceiling: 32,
      learnedRate: view?.learnedRate,
      rateCeiling: null,
      waitedMs: 2500,
    });
  });

  it('reads the last cycle waits from its row once it ended, and says "not limited" without 429s', async () => {
    const { h, a } = await seeded();
    h.deps.engine.pacing?.session(a.id, { maxConcurrency: 8, requestsPerSecond: null });
    const t = Date.now() - 10_000;
    h.db
      .insert(cycles)
      .values({
        id: 'c0',
        appId: a.id,
        jobId: a.jobId,
        type: 'initial',
        status: 'succeeded',
        initiatedBy: 'system',
        startedAt: t,
        endedAt: t + 5000,
        waitedMs: 61_000,
      })
      .run();
    const s = await h.signIn('viewer');
    const card = await (await h.get(`/apps/${a.id}/status-card?variant=app`, s, { 'hx-request': 'true' })).text();
    const line = /<p class="pacing[^"]*">([\s\S]*?)<\/p>/.exec(card)?.[1]?.replace(/<[^>]+>/g, '') ?? '';
    expect(line).toContain('up to 4 requests in flight (ceiling 8)');
    expect(line).toContain('rate: not limited');
    expect(line).toContain('waited 1 min 01 s in the last cycle');
  });
});
