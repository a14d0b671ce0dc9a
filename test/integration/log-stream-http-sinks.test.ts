/**
 * Issue 17: the Splunk HEC, OpenSearch `_bulk` and NDJSON webhook sinks against loopback servers that check the
 * protocol, including a `_bulk` answer with failed items: those are re-sent, and the cursor never passes a row
 * the index does not hold.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { StreamRunner } from '../../src/streams/runner';
import { createStream, getStream } from '../../src/streams/streams';
import { freshDb } from '../support/db';
import { silentLogger } from '../support/engine-harness';
import { seedLogRows } from '../support/stream-rows';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
const servers: http.Server[] = [];
const runners: StreamRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: Handler): Promise<string> {
  const srv = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  servers.push(srv);
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
}

function setup(rows: number, sink: Record<string, unknown>) {
  const { db, secrets } = freshDb();
  seedLogRows(db, rows);
  const { id } = createStream({ db, clock: systemClock, secrets }, SYSTEM_ACTOR, {
    name: 's',
    log: 'provisioning',
    sink,
  });
  const runner = new StreamRunner({
    db,
    clock: systemClock,
    logger: silentLogger,
    secrets,
    pageSize: 100,
    backoffMs: { min: 10, max: 50 },
  });
  runners.push(runner);
  return { db, id, runner };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('HEC sink', () => {
  it('posts batches of event envelopes with the Splunk token to /services/collector/event', async () => {
    const events: Record<string, unknown>[] = [];
    const url = await serve((req, body, res) => {
      if (req.method !== 'POST' || req.url !== '/services/collector/event')
        return json(res, 404, { text: 'Incorrect index', code: 404 });
      if (req.headers.authorization !== 'Splunk hec-token-1') return json(res, 401, { text: 'Invalid token', code: 4 });
      // HEC batches are event objects one after another; each needs `event`, `time` is epoch seconds.
      for (const line of body.split('\n')) {
        const e = JSON.parse(line);
        if (e.event === undefined || typeof e.time !== 'number')
          return json(res, 400, { text: 'Event field is required', code: 12 });
        events.push(e);
      }
      json(res, 200, { text: 'Success', code: 0 });
    });
    const { db, id, runner } = setup(250, { type: 'hec', url, token: 'hec-token-1' });
    await runner.runOnce(id);
    expect(events).toHaveLength(250);
    expect(events[0]).toMatchObject({
      time: Date.UTC(2026, 11, 1) / 1000,
      source: 'provisio',
      sourcetype: 'provisio:provisioning',
      event: { changeId: 'chg-0000000' },
    });
    expect(getStream(db, id)).toMatchObject({ cursor: 250, delivered: 250, lastError: null });
  });

  it('keeps the cursor and records the error when HEC refuses; the token is not in it', async () => {
    const url = await serve((_req, _body, res) => json(res, 403, { text: 'Invalid token', code: 4 }));
    const { db, id, runner } = setup(10, { type: 'hec', url, token: 'secret-hec-token' });
    await runner.runOnce(id);
    const s = getStream(db, id);
    expect(s.cursor).toBe(0);
    expect(s.lastError).toMatch(/HEC refused the batch: HTTP 403/);
    expect(s.lastError).not.toContain('secret-hec-token');
    expect(s.sinkSecret).not.toContain('secret-hec-token');
  });
});

describe('_bulk sink', () => {
  it('indexes Graph-shaped documents with @timestamp, re-sending failed items until the batch is held', async () => {
    const indexed = new Map<string, Record<string, unknown>>();
    let calls = 0;
    const url = await serve((req, body, res) => {
      calls++;
      expect(req.url).toBe('/_bulk');
      expect(req.headers['content-type']).toBe('application/x-ndjson');
      expect(req.headers.authorization).toBe(`Basic ${Buffer.from('elastic:pw-1').toString('base64')}`);
      expect(body.endsWith('\n')).toBe(true);
      const lines = body.trimEnd().split('\n');
      const items = [];
      for (let i = 0; i < lines.length; i += 2) {
        const action = JSON.parse(lines[i] as string).index;
        const doc = JSON.parse(lines[i + 1] as string);
        // Every third item of a first send is refused as a busy shard would (429), like a partial failure.
        if (calls === 1 && (i / 2) % 3 === 1) {
          items.push({
            index: {
              _index: action._index,
              _id: action._id,
              status: 429,
              error: { type: 'es_rejected_execution_exception', reason: 'queue full' },
            },
          });
          continue;
        }
        indexed.set(action._id, doc);
        items.push({ index: { _index: action._index, _id: action._id, status: 201, result: 'created' } });
      }
      json(res, 200, { took: 1, errors: items.some((x) => x.index.status >= 300), items });
    });
    const { db, id, runner } = setup(100, {
      type: 'bulk',
      url,
      index: 'provisio-logs',
      username: 'elastic',
      password: 'pw-1',
    });
    await runner.runOnce(id);
    expect(calls).toBe(2);
    expect(indexed.size).toBe(100);
    expect(indexed.get('chg-0000005')).toMatchObject({
      '@timestamp': '2026-12-01T00:00:00.005Z',
      changeId: 'chg-0000005',
      provisioningAction: 'create',
    });
    expect(getStream(db, id)).toMatchObject({ cursor: 100, delivered: 100 });
  });

  it('advances only past the fully indexed prefix when an item keeps failing', async () => {
    const indexed = new Set<string>();
    const url = await serve((_req, body, res) => {
      const lines = body.trimEnd().split('\n');
      const items = [];
      for (let i = 0; i < lines.length; i += 2) {
        const action = JSON.parse(lines[i] as string).index;
        if (action._id === 'chg-0000040') {
          items.push({
            index: { _id: action._id, status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad field' } },
          });
          continue;
        }
        indexed.add(action._id);
        items.push({ index: { _id: action._id, status: 200 } });
      }
      json(res, 200, { errors: true, items });
    });
    const { db, id, runner } = setup(100, { type: 'bulk', url, index: 'logs' });
    await runner.runOnce(id);
    const s = getStream(db, id);
    expect(s.cursor).toBe(40); // rows 1..40 (chg-0..39) are held; chg-40 is the 41st row
    expect(s.delivered).toBe(40);
    expect(indexed.has('chg-0000041')).toBe(true); // sent, but the cursor does not pass chg-40: re-sent later
    await runner.runOnce(id);
    expect(getStream(db, id).cursor).toBe(40);
    expect(getStream(db, id).lastError).toMatch(
      /_bulk did not index the first row: 400 mapper_parsing_exception bad field/,
    );
  });
});

describe('webhook sink', () => {
  it('posts NDJSON signed with X-Provisio-Signature over "<t>.<raw body>"', async () => {
    const got: string[] = [];
    const url = await serve((req, body, res) => {
      const sig = String(req.headers['x-provisio-signature']);
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig);
      const want = m && crypto.createHmac('sha256', 'whsec').update(`${m[1]}.${body}`).digest('hex');
      if (!m || want !== m[2] || Math.abs(Date.now() / 1000 - Number(m[1])) > 300) {
        res.writeHead(401).end();
        return;
      }
      got.push(...body.trimEnd().split('\n'));
      res.writeHead(204).end();
    });
    const { db, id, runner } = setup(150, { type: 'webhook', url, secret: 'whsec' });
    await runner.runOnce(id);
    expect(got).toHaveLength(150);
    expect(JSON.parse(got[0] as string)).toMatchObject({ log: 'provisioning', changeId: 'chg-0000000' });
    expect(getStream(db, id).cursor).toBe(150);
  });
});
