/**
 * Directory input (issue 12): a large CSV import through the real web app must not stall other requests and
 * must stay all-or-nothing; header and character checks refuse hostile input with a 400.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { count } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, directoryChanges, users } from '../../db/schema';
import { journalHead } from '../../src/directory/journal';
import { webHarness } from '../support/web';

const HEADER = 'userPrincipalName,mail,mailNickname,displayName,givenName,surname,jobTitle,department,employeeId';
const row = (i: number) => `u${i}@bulk.example,u${i}@bulk.example,u${i},User ${i},User,${i},Engineer,R&D,E${i}`;
const csvOf = (n: number, last?: string) =>
  [HEADER, ...Array.from({ length: n }, (_, i) => row(i)), ...(last ? [last] : [])].join('\n');

let server: ServerType | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function listen(h: ReturnType<typeof webHarness>): Promise<string> {
  return new Promise((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
}

/**
 * POST the file from a child process, as a real client would: sending 9 MB from this process would put the
 * client's own work on the event loop being measured.
 */
async function uploadFromAnotherProcess(url: string, headers: Record<string, string>, file: string) {
  const script = `const fs = require('node:fs');
    fetch(process.argv[1], { method: 'POST', headers: JSON.parse(process.argv[2]), body: fs.readFileSync(process.argv[3]) })
      .then(async (r) => process.stdout.write(JSON.stringify({ status: r.status, result: await r.json() })));`;
  const child = spawn(process.execPath, [
    '-e',
    script,
    url,
    JSON.stringify({ ...headers, 'content-type': 'text/csv' }),
    file,
  ]);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  await once(child, 'exit');
  return JSON.parse(out) as { status: number; result: unknown };
}

const countOf = (h: ReturnType<typeof webHarness>, table: typeof users | typeof directoryChanges | typeof auditLog) =>
  h.db.select({ n: count() }).from(table).get()?.n ?? 0;

describe('CSV import of 100,000 users', () => {
  it('keeps /healthz answering while it runs, and writes every row with its journal entry', async () => {
    const h = webHarness();
    const base = await listen(h);
    const auth = { authorization: `Bearer ${h.tokens.admin}` };
    const body = csvOf(100_000);
    expect(body.length).toBeGreaterThan(8_500_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-import-'));
    const file = path.join(dir, 'users.csv');
    fs.writeFileSync(file, body);
    await (await fetch(`${base}/healthz`)).text(); // the first fetch in a process loads the HTTP client
    let done = false;
    const latencies: number[] = [];
    const poll = (async () => {
      while (!done) {
        const t = performance.now();
        const res = await fetch(`${base}/healthz`);
        await res.text();
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    // A directory write from another request while the import runs: it must survive, and the import must
    // update (not duplicate) a user that the other request created first.
    const concurrent = (async () => {
      await new Promise((r) => setTimeout(r, 300));
      return fetch(`${base}/api/v1/directory/users`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ userPrincipalName: 'u99999@BULK.example', jobTitle: 'Set by the API' }),
      });
    })();
    const started = performance.now();
    const { status, result } = await uploadFromAnotherProcess(`${base}/api/v1/directory/import/users`, auth, file);
    fs.rmSync(dir, { recursive: true, force: true });
    const elapsed = performance.now() - started;
    done = true;
    await poll;
    expect((await concurrent).status).toBe(201);
    expect(status).toBe(200);
    expect(result).toEqual({ created: 99_999, updated: 1, unchanged: 0, errors: [] });
    expect(countOf(h, users)).toBe(100_000);
    // One journal entry per created or updated user (+1 for the API's create), and every one nudged.
    expect(countOf(h, directoryChanges)).toBe(100_001);
    expect(h.scheduler.calls.nudges).toHaveLength(100_001);
    const max = Math.max(...latencies);
    console.info(
      `100k-row import: ${(elapsed / 1000).toFixed(1)} s, ${latencies.length} /healthz polls, max ${max.toFixed(0)} ms`,
    );
    expect(latencies.length).toBeGreaterThan(10);
    expect(max).toBeLessThan(500);
  }, 180_000);

  it('writes nothing when the last row is bad, and names the line', async () => {
    const h = webHarness();
    const before = { head: journalHead(h.db), audit: countOf(h, auditLog) };
    const res = await h.call('POST', '/api/v1/directory/import/users', {
      type: 'text/csv',
      body: csvOf(5_000, 'not-a-upn,,,,,,,,'),
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { message: string; details: { path: string; message: string }[] } };
    expect(json.error.message).toContain('Nothing was imported: 1 row has errors (line 5002)');
    expect(json.error.details).toEqual([{ path: 'line 5002', message: expect.stringContaining('name@domain') }]);
    expect(countOf(h, users)).toBe(0);
    expect(journalHead(h.db)).toBe(before.head);
    expect(countOf(h, auditLog)).toBe(before.audit);
    expect(h.scheduler.calls.nudges).toHaveLength(0);
  });
});

describe('CSV header checks', () => {
  it.each(['__proto__', 'constructor', 'toString'])('refuses a column named %s as unknown', async (name) => {
    const h = webHarness();
    const res = await h.call('POST', '/api/v1/directory/import/users', {
      type: 'text/csv',
      body: `userPrincipalName,${name}\na@x.example,1\n`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`Unknown columns: ${name}`);
    expect(countOf(h, users)).toBe(0);
  });

  it('refuses a column named twice', async () => {
    const h = webHarness();
    const res = await h.call('POST', '/api/v1/directory/import/users', {
      type: 'text/csv',
      body: 'userPrincipalName,displayName,displayName\na@x.example,A,B\n',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('twice');
  });
});
