/**
 * Escrow: a failed object is escrowed with its failure log row, the watermark still moves, and later
 * incremental cycles retry it once due (backoff growing per attempt); success clears it.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { escrows, jobs, provisioningLog } from '../../db/schema';
import { journalHead } from '../../src/directory/journal';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { retryEscrowNow } from '../../src/operate/job-control';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { person } from '../support/people';

let h: EngineHarness;
afterEach(async () => {
  await h.close();
});

const escrowOf = (sourceId: string) => h.db.select().from(escrows).where(eq(escrows.sourceId, sourceId)).get();
const appRow = () => h.db.select().from(jobs).where(eq(jobs.appId, h.app.id)).get();

describe('escrow', () => {
  it('escrows a failed create with its log row, moves the watermark, and retries it once due', async () => {
    h = await engineHarness({}, { escrowPolicy: { baseMs: 1000, maxMs: 10_000 } });
    const alice = h.addUser(person('alice'));
    const bob = h.addUser(person('bob'));
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 1 }); // not retryable: fails at once
    const before = Date.now();
    const first = await h.cycle();

    const failed = h.logs(first).find((r) => r.status === 'failure');
    const failedId = failed?.sourceId ?? '';
    const okId = failedId === alice.id ? bob.id : alice.id;
    const e = escrowOf(failedId);
    expect(e).toMatchObject({ kind: 'failure', action: 'create', attempts: 1, cycleId: first });
    expect(e?.errorCode).toBe(failed?.errorCode);
    expect(e?.nextAttempt).toBeGreaterThanOrEqual(before + 1000);
    expect(escrowOf(okId)).toBeUndefined();
    expect(appRow()?.watermark).toBe(journalHead(h.db));

    // Not due yet: an incremental cycle with no changes sends nothing.
    h.scim.clearRequests();
    const early = await h.cycle();
    expect(h.scim.requests).toEqual([]);
    expect(h.logs(early)).toEqual([]);

    // Fails again once due: the attempt count and the backoff grow.
    await new Promise((r) => setTimeout(r, 1050));
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 1 });
    const t2 = Date.now();
    await h.cycle();
    const again = escrowOf(failedId);
    expect(again?.attempts).toBe(2);
    expect(again?.nextAttempt).toBeGreaterThanOrEqual(t2 + 2000);
    expect(again?.firstAt).toBe(e?.firstAt);

    // "Retry now" makes it due; the next cycle creates the user and clears the escrow.
    retryEscrowNow(h.appsDeps, CLI_ACTOR, h.app.id, failedId);
    const third = await h.cycle();
    expect(h.logs(third)).toMatchObject([{ sourceId: failedId, provisioningAction: 'create', status: 'success' }]);
    expect(escrowOf(failedId)).toBeUndefined();
    expect(h.link(failedId)?.state).toBe('active');
  }, 15_000);

  it('writes the escrow and the failure row together: one escrow per failed object, none for successes', async () => {
    h = await engineHarness();
    const users = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => h.addUser(person(n)));
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 3 });
    const cycleId = await h.cycle();
    const failures = h.db
      .select()
      .from(provisioningLog)
      .where(eq(provisioningLog.status, 'failure'))
      .all()
      .map((r) => r.sourceId)
      .sort();
    expect(failures).toHaveLength(3);
    expect(
      h.db
        .select()
        .from(escrows)
        .all()
        .map((r) => r.sourceId)
        .sort(),
    ).toEqual(failures);
    expect(h.logs(cycleId)).toHaveLength(users.length);
  });
});
