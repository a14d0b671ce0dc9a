import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { BODY_LIMIT_BYTES, listRequests, writeRequests } from '../../src/log/requests';
import { writeLog } from '../../src/log/write';

const TOKEN = 'sk_live_0123456789abcdef';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl';

describe('writeRequests', () => {
  it('stores the exchanges of one event in order, in the caller transaction, without secrets, cut to 4 KiB', () => {
    const db = openDb(':memory:');
    const big = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], blob: 'é'.repeat(5000) });
    db.transaction((tx) => {
      writeLog(tx, {
        id: 'chg-1',
        appId: 'a',
        activityDateTime: 1,
        jobId: 'j',
        cycleId: 'c',
        provisioningAction: 'create',
        status: 'success',
        durationMs: 5,
        initiatedBy: { type: 'system', name: 'x' },
        source: { id: 's', displayName: null, type: 'user' },
        target: { id: null, displayName: null },
        sourceSystem: 'S',
        targetSystem: 'T',
        error: null,
        steps: [],
        modifiedProperties: [],
      });
      writeRequests(
        tx,
        'chg-1',
        [
          {
            method: 'get',
            path: '/Users?filter=userName%20eq%20%22a%22',
            status: 429,
            durationMs: 12.6,
            attempt: 1,
            waitedMs: 0,
            responseBody: `{"detail":"slow down Bearer ${TOKEN}"}`,
          },
          {
            method: 'GET',
            path: '/Users?filter=userName%20eq%20%22a%22',
            status: 200,
            durationMs: 8,
            attempt: 2,
            waitedMs: 1500,
            responseBody: '{"totalResults":0}',
          },
          {
            method: 'POST',
            path: '/Users',
            status: 201,
            durationMs: 30,
            attempt: 1,
            waitedMs: 0,
            requestBody: big,
            responseBody: `{"id":"t1","echo":"${JWT}","raw":"${TOKEN}"}`,
          },
          {
            method: 'PATCH',
            path: '/Users/t1',
            status: null,
            durationMs: 30_000,
            attempt: 1,
            waitedMs: 0,
            error: `scim_timeout token ${TOKEN}`,
          },
        ],
        [TOKEN],
      );
    });
    const rows = listRequests(db, 'chg-1');
    expect(rows.map((r) => [r.seq, r.method, r.status, r.attempts, r.waitedMs])).toEqual([
      [0, 'GET', 429, 1, 0],
      [1, 'GET', 200, 2, 1500],
      [2, 'POST', 201, 1, 0],
      [3, 'PATCH', null, 1, 0],
    ]);
    expect(rows[0]?.durationMs).toBe(13);
    const all = JSON.stringify(rows);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(JWT);
    expect(rows[0]?.responseBody).toContain('Bearer [redacted]');
    expect(rows[3]?.error).toBe('scim_timeout token [redacted]');
    const request = rows[2]?.requestBody ?? '';
    expect(Buffer.byteLength(request)).toBeLessThanOrEqual(BODY_LIMIT_BYTES);
    expect(request.endsWith('…')).toBe(true);
    expect(rows[1]?.requestBody).toBeNull();
    expect(listRequests(db, 'other')).toEqual([]);
  });

  it('writes nothing for an event without exchanges, and rolls back with the caller', () => {
    const db = openDb(':memory:');
    writeRequests(db, 'x', []);
    expect(() =>
      db.transaction((tx) => {
        writeRequests(tx, 'y', [
          { method: 'GET', path: '/Users', status: 200, durationMs: 1, attempt: 1, waitedMs: 0 },
        ]);
        throw new Error('engine failed after the exchange');
      }),
    ).toThrow('engine failed');
    expect(listRequests(db, 'y')).toEqual([]);
  });
});
