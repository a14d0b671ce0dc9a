/**
 * Issue 17: a stream picks up exactly where it stopped after Provisio restarts, loses nothing while its sink is
 * down, streams the audit log too, talks TLS to a syslog receiver trusted through caFile, and shows on /metrics.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAudit } from '../../src/audit/audit-log';
import { SYSTEM_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { createMetrics } from '../../src/metrics';
import { StreamRunner } from '../../src/streams/runner';
import { streamLags } from '../../src/streams/stream-view';
import { createStream, getStream } from '../../src/streams/streams';
import { freshDb } from '../support/db';
import { silentLogger } from '../support/engine-harness';
import { seedLogRows } from '../support/stream-rows';
import { selfSignedCert } from '../support/tls-proxy';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** An NDJSON receiver that can be switched off (503) and records every changeId it accepts. */
async function receiver() {
  const got: string[] = [];
  let up = true;
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      if (!up) return res.writeHead(503).end('maintenance');
      for (const l of body.trimEnd().split('\n')) got.push(JSON.parse(l).changeId);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => srv.close(r)));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/ingest`,
    got,
    set: (v: boolean) => {
      up = v;
    },
  };
}

const runnerOf = (
  base: ReturnType<typeof freshDb>,
  extra: Partial<ConstructorParameters<typeof StreamRunner>[0]> = {},
) => {
  const r = new StreamRunner({
    db: base.db,
    clock: systemClock,
    logger: silentLogger,
    secrets: base.secrets,
    pageSize: 100,
    ...extra,
  });
  closers.push(() => r.stop());
  return r;
};

describe('log stream resume', () => {
  it('continues from the stored cursor after a restart and across a sink outage, nothing lost or repeated', async () => {
    const base = freshDb();
    const rx = await receiver();
    seedLogRows(base.db, 300);
    const { id } = createStream(base, SYSTEM_ACTOR, {
      name: 'w',
      log: 'provisioning',
      sink: { type: 'webhook', url: rx.url },
    });
    await runnerOf(base).runOnce(id);
    expect(rx.got).toHaveLength(300);

    // "Restart": a new runner over the same database; more rows came meanwhile; the sink is down for a while.
    seedLogRows(base.db, 200, { start: 300 });
    rx.set(false);
    const second = runnerOf(base);
    await second.runOnce(id);
    await second.runOnce(id);
    expect(getStream(base.db, id)).toMatchObject({
      cursor: 300,
      lastError: 'webhook refused the batch: HTTP 503: maintenance',
    });
    rx.set(true);
    await second.runOnce(id);
    expect(getStream(base.db, id).cursor).toBe(500);
    expect(rx.got).toEqual(Array.from({ length: 500 }, (_, i) => `chg-${String(i).padStart(7, '0')}`));
  });

  it('streams the audit log with its own shape, filtered by result', async () => {
    const base = freshDb();
    const rx = await receiver();
    for (let i = 0; i < 5; i++)
      writeAudit(
        base.db,
        SYSTEM_ACTOR,
        { activity: `Thing ${i}`, result: i % 2 ? 'failure' : 'success', after: { password: 'p' } },
        Date.UTC(2026, 11, 1),
      );
    const { id } = createStream(base, SYSTEM_ACTOR, {
      name: 'a',
      log: 'audit',
      sink: { type: 'webhook', url: rx.url },
      filter: { statuses: ['failure'] },
    });
    await runnerOf(base).runOnce(id);
    // The stream's own creation is an audit row too (a success, so filtered out here).
    expect(rx.got).toEqual(['audit-2', 'audit-4']);
    expect(getStream(base.db, id).cursor).toBe(6);
  });

  it('speaks TLS to a syslog receiver trusted through caFile, and refuses one it cannot verify', async () => {
    const cert = selfSignedCert();
    closers.push(() => fs.rmSync(cert.dir, { recursive: true, force: true }));
    let received = '';
    const srv = tls.createServer({ key: cert.key, cert: cert.cert }, (s) => s.on('data', (d) => (received += d)));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => srv.close(r)));
    const port = (srv.address() as AddressInfo).port;
    const base = freshDb();
    seedLogRows(base.db, 3);
    const trusted = createStream(base, SYSTEM_ACTOR, {
      name: 't',
      log: 'provisioning',
      sink: { type: 'syslog', host: '127.0.0.1', port, tls: true, caFile: cert.certFile },
    });
    const untrusted = createStream(base, SYSTEM_ACTOR, {
      name: 'u',
      log: 'provisioning',
      sink: { type: 'syslog', host: '127.0.0.1', port, tls: true },
    });
    const runner = runnerOf(base);
    await runner.runOnce(trusted.id);
    await runner.runOnce(untrusted.id);
    await expect.poll(() => received.split('provisio@32473').length - 1).toBe(3);
    expect(received).toMatch(/^\d+ <131>1 /);
    expect(getStream(base.db, untrusted.id).cursor).toBe(0);
    expect(getStream(base.db, untrusted.id).lastError).toMatch(/self-signed certificate/);
  });

  it('shows delivered rows and lag per stream on /metrics', async () => {
    const base = freshDb();
    const rx = await receiver();
    seedLogRows(base.db, 120);
    const metrics = createMetrics();
    metrics.watchStreams(() => streamLags(base.db, systemClock));
    const { id } = createStream(base, SYSTEM_ACTOR, {
      name: 'm',
      log: 'provisioning',
      sink: { type: 'webhook', url: rx.url },
    });
    let text = await metrics.registry.metrics();
    expect(text).toContain(`provisio_log_stream_lag_rows{stream_id="${id}"} 120`);
    await runnerOf(base, { onDelivered: (s, n) => metrics.streamDelivered(s, n) }).runOnce(id);
    text = await metrics.registry.metrics();
    expect(text).toContain(`provisio_log_stream_delivered_total{stream_id="${id}"} 120`);
    expect(text).toContain(`provisio_log_stream_lag_rows{stream_id="${id}"} 0`);
  });
});
