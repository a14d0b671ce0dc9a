/** The pure rules behind escrow, quarantine, the deletion guard and Secret Token health. */
import { describe, expect, it } from 'vitest';
import { daysUntil, describeExpiry, dueExpiryWarnings, jwtExpiry } from '../../src/apps/jwt-expiry';
import { escrowBackoffMs } from '../../src/engine/escrow';
import { backoffScheduleMs, nextAttemptAt, proportionTripped } from '../../src/engine/quarantine';
import { gateAction, guardTrips } from '../../src/engine/sync/action-gates';
import { jwtWithExp } from '../support/jwt';

const H = 3_600_000;
const DAY = 24 * H;

describe('quarantine rules', () => {
  it("follows Entra's 6 h / 12 h / 24 h / daily schedule by default", () => {
    const s = backoffScheduleMs('6,12,24');
    expect([1, 2, 3, 4, 9].map((n) => nextAttemptAt(0, n, s) / H)).toEqual([6, 12, 24, 24, 24]);
    expect(backoffScheduleMs('0.5, 2')).toEqual([0.5 * H, 2 * H]);
    expect(backoffScheduleMs('nonsense')).toEqual([6 * H, 12 * H, 24 * H]);
  });

  it("evaluates the failure proportion only from the minimum (Entra's examples)", () => {
    expect(proportionTripped(4000, 4000, 5000, 40)).toBe(false);
    expect(proportionTripped(45_000, 45_000, 5000, 40)).toBe(true);
    expect(proportionTripped(30_000, 35_000, 5000, 40)).toBe(true);
    expect(proportionTripped(20_000, 120_000, 5000, 40)).toBe(false);
    expect(proportionTripped(2000, 5000, 2000, 40)).toBe(false); // exactly 40 % is not over it
  });

  it('grows the escrow backoff per attempt up to the cap', () => {
    const p = { baseMs: 60_000, maxMs: DAY };
    expect([1, 2, 3, 4].map((a) => escrowBackoffMs(a, p) / 60_000)).toEqual([1, 2, 4, 8]);
    expect(escrowBackoffMs(40, p)).toBe(DAY);
  });
});

describe('deletion guard and target object actions', () => {
  const app = {
    actionUpdate: true,
    actionDelete: true,
    skipOutOfScopeDeletions: false,
    preventDeletes: true,
    deleteThreshold: 500,
    deleteThresholdPercent: null,
  };
  it('holds disables and deletes unless deletes were allowed or the guard is off', () => {
    expect(gateAction(app, { action: 'disable' }, false)).toEqual({ kind: 'hold' });
    expect(gateAction(app, { action: 'delete' }, true)).toEqual({ kind: 'go' });
    expect(gateAction({ ...app, preventDeletes: false }, { action: 'delete' }, false)).toEqual({ kind: 'go' });
    expect(gateAction(app, { action: 'match' }, false)).toEqual({ kind: 'go' });
  });
  it('skips with a reason when an option forbids the action', () => {
    expect(gateAction({ ...app, actionDelete: false }, { action: 'delete' }, true)).toMatchObject({ kind: 'skip' });
    expect(gateAction({ ...app, skipOutOfScopeDeletions: true }, { action: 'disable' }, false)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('Skip out-of-scope deletions'),
    });
    // Skip out-of-scope deletions leaves hard deletes alone.
    expect(gateAction({ ...app, skipOutOfScopeDeletions: true }, { action: 'delete' }, false)).toEqual({
      kind: 'hold',
    });
    const update = { action: 'update' as const, ops: [{ op: 'replace' as const, path: 'title', value: 'x' }] };
    expect(gateAction({ ...app, actionUpdate: false }, update, false)).toMatchObject({ kind: 'skip' });
  });
  it('trips over the count threshold or the optional percentage', () => {
    expect(guardTrips(app, 500, 1000)).toBe(false);
    expect(guardTrips(app, 501, 1000)).toBe(true);
    expect(guardTrips({ ...app, deleteThresholdPercent: 30 }, 301, 1000)).toBe(true);
    expect(guardTrips({ ...app, deleteThresholdPercent: 30 }, 300, 1000)).toBe(false);
  });
});

describe('Secret Token expiry', () => {
  it('reads exp from a JWT and nothing from other tokens', () => {
    const exp = Date.UTC(2027, 0, 1);
    expect(jwtExpiry(jwtWithExp(exp))).toBe(exp);
    expect(jwtExpiry('plain-secret-token')).toBeNull();
    expect(jwtExpiry('a.b.c')).toBeNull();
    expect(jwtExpiry(`x.${Buffer.from('{"sub":"n"}').toString('base64url')}.y`)).toBeNull();
  });
  it('describes the expiry and schedules the 14-day and 1-day warnings once each', () => {
    const now = Date.UTC(2026, 10, 28);
    expect(describeExpiry(now + 10 * DAY, now)).toBe('expires in 10 days');
    expect(describeExpiry(now - DAY, now)).toBe('expired on 2026-11-27');
    expect(daysUntil(now + 9.5 * DAY, now)).toBe(10);
    expect(dueExpiryWarnings(now + 20 * DAY, now, null)).toEqual([]);
    expect(dueExpiryWarnings(now + 10 * DAY, now, null)).toEqual(['14d']);
    expect(dueExpiryWarnings(now + 10 * DAY, now, '14d')).toEqual([]);
    expect(dueExpiryWarnings(now + 12 * H, now, '14d')).toEqual(['1d']);
    expect(dueExpiryWarnings(now + 12 * H, now, '14d,1d')).toEqual([]);
    expect(dueExpiryWarnings(now - H, now, null)).toEqual([]);
  });
});
