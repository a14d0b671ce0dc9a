/**
 * Issue 17: a real rsyslog receives every row of a 10,000-row log exactly once, in order, across a restart of
 * rsyslog in the middle of the stream (at-least-once delivery, de-duplicated by changeId here, at the receiver).
 * rsyslog is killed (SIGKILL), not stopped: without the syslog sink's replay window this loses rows in most runs.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { StreamRunner } from '../../src/streams/runner';
import { streamView } from '../../src/streams/stream-view';
import { createStream, getStream } from '../../src/streams/streams';
import { freshDb } from '../support/db';
import { silentLogger } from '../support/engine-harness';
import { createRsyslog, RSYSLOGD, type Rsyslog } from '../support/rsyslog';
import { seedLogRows } from '../support/stream-rows';

const ROWS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const changeIdOf = (line: string) => /\[provisio@32473 changeId="([^"]+)" status="[a-z]+"\]/.exec(line)?.[1];

describe.skipIf(!fs.existsSync(RSYSLOGD))('log stream to rsyslog', () => {
  let rsyslog: Rsyslog | null = null;
  let runner: StreamRunner | null = null;
  afterEach(async () => {
    await runner?.stop();
    await rsyslog?.cleanup();
  });

  it('delivers 10,000 rows exactly once in order across an rsyslog restart mid-stream', async () => {
    const { db, secrets } = freshDb();
    // The cycle writes its rows over time (250 every 25 ms), as the engine does, while the stream runs.
    let written = 0;
    const writer = setInterval(() => {
      if (written >= ROWS) return clearInterval(writer);
      seedLogRows(db, 250, { start: written });
      written += 250;
    }, 25);
    rsyslog = await createRsyslog();
    await rsyslog.start();
    const { id } = createStream({ db, clock: systemClock, secrets }, SYSTEM_ACTOR, {
      name: 'rsyslog',
      log: 'provisioning',
      sink: { type: 'syslog', host: '127.0.0.1', port: rsyslog.port },
    });
    // Small pages so the restart lands mid-stream.
    runner = new StreamRunner({
      db,
      clock: systemClock,
      logger: silentLogger,
      secrets,
      pageSize: 200,
      pollMs: 20,
      backoffMs: { min: 50, max: 200 },
    });
    runner.start();
    const r = rsyslog;
    await until('a first part of the rows', () => getStream(db, id).cursor >= 3_000);
    const stopping = r.stop('SIGKILL');
    expect(written).toBeLessThan(ROWS);
    await stopping;
    // rsyslog is down: the runner fails, backs off and records why.
    await until('a recorded sink error', () => getStream(db, id).lastError !== null, 5_000);
    expect(getStream(db, id).lastError).toMatch(/syslog 127\.0\.0\.1:\d+: /);
    await sleep(300);
    await r.start();
    await until('the cursor at the head', () => getStream(db, id).cursor === ROWS);
    await until('every row in the file', () => new Set(r.lines().map(changeIdOf)).size >= ROWS, 15_000);

    const ids = r.lines().map(changeIdOf);
    expect(ids.every(Boolean)).toBe(true);
    const firsts: string[] = [];
    const seen = new Set<string>();
    for (const cid of ids as string[])
      if (!seen.has(cid)) {
        seen.add(cid);
        firsts.push(cid);
      }
    expect(firsts).toHaveLength(ROWS);
    // In order: the first sighting of each row comes after the first sighting of every earlier row.
    expect(firsts).toEqual([...firsts].sort());
    const view = streamView(db, systemClock, getStream(db, id));
    expect(view.lag.rows).toBe(0);
    expect(view.delivered).toBeGreaterThanOrEqual(ROWS);

    // The message itself: RFC 5424 header, APP-NAME provisio, MSGID the log, MSG the row's Graph JSON.
    const line = r.lines()[0] as string;
    expect(line).toMatch(/^<13[0-9]>1 2026-12-01T00:00:00\.000Z \S+ provisio - provisioning \[provisio@32473 /);
    const json = JSON.parse(line.slice(line.indexOf('] {') + 2));
    expect(json).toMatchObject({
      changeId: 'chg-0000000',
      provisioningAction: 'create',
      provisioningStatusInfo: { status: 'failure' },
    });
    expect(json.sourceIdentity.displayName).toBe('Ünïcode User 0 "quoted" ]');
  }, 90_000);
});
