/**
 * Issue 12, "Stalling the server": hostile expressions sent by a viewer to the expression tester, through the
 * real app on a loopback port, while /healthz is probed every few milliseconds. Before the caps, the quadratic
 * Replace held the event loop for seconds and the `$_` expansion answered 144 MB.
 */
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webHarness } from '../support/web';

let server: ServerType;
let base: string;
let viewer: string;

beforeAll(async () => {
  const h = webHarness();
  viewer = h.tokens.viewer;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

function evaluate(expression: string, sample: Record<string, string>) {
  return fetch(`${base}/api/v1/expressions/evaluate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${viewer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ expression, sample }),
  });
}

/**
 * Send the request and probe /healthz back to back until it has answered; the slowest probe is how long the
 * event loop was held. Client and server share this process, so a probe must always be in flight (no pause
 * between probes): a block that fell between two probes would otherwise delay nothing that is measured.
 */
async function whileProbing(send: () => Promise<Response>) {
  let done = false;
  const pending = send().then(async (res) => {
    const body = await res.text();
    done = true;
    return { status: res.status, body };
  });
  let slowest = 0;
  let probes = 0;
  while (!done) {
    const t0 = performance.now();
    const res = await fetch(`${base}/healthz`);
    await res.text();
    slowest = Math.max(slowest, performance.now() - t0);
    probes++;
  }
  return { ...(await pending), slowest, probes };
}

describe('the expression tester under hostile input', () => {
  it('answers 400 naming the limit to Replace("\\w*x") on 100,000 characters; /healthz stays responsive', async () => {
    const x = 'a'.repeat(100_000);
    const r = await whileProbing(() => evaluate('Replace([x], , "\\\\w*x", , "", , )', { x }));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).message).toMatch(/at most 50,000 characters, but got 100,000/);
    expect(r.slowest).toBeLessThan(250);
    const near = await whileProbing(() => evaluate('Replace([x], , "\\\\w*x", , "", , )', { x: x.slice(0, 5_000) }));
    expect(JSON.parse(near.body).message).toMatch(
      /Replace runs a regular expression over at most 1,000 characters, but the value has 5,000/,
    );
    expect(near.slowest).toBeLessThan(250);
  });

  it('answers 400 to $_ expansion (a 12 KB request returned 144 MB) with a small body', async () => {
    const expression = `Replace([x], , ".", , "${'$_'.repeat(3_000)}", , )`;
    const r = await whileProbing(() => evaluate(expression, { x: 'a'.repeat(6_000) }));
    expect(r.status).toBe(400);
    expect(r.body.length).toBeLessThan(1_000);
    expect(JSON.parse(r.body).message).toMatch(/Replace (runs a regular expression over at most|would return more)/);
    const within = await whileProbing(() => evaluate(expression, { x: 'a'.repeat(1_000) }));
    expect(JSON.parse(within.body).message).toBe(
      'Replace would return more than the 50,000-character limit at column 1',
    );
    expect(Math.max(r.slowest, within.slowest)).toBeLessThan(250);
  });

  it('keeps many guarded regex calls in one expression bounded', async () => {
    const call = 'Replace([x], , "\\\\w*x", , "", , )';
    const expression = `Join("", ${Array.from({ length: 200 }, () => call).join(', ')})`;
    const r = await whileProbing(() => evaluate(expression, { x: 'a'.repeat(1_000) }));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).message).toMatch(/more than the 10,000-character limit/);
    expect(r.slowest).toBeLessThan(250);
  });
});
