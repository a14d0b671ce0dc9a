/**
 * A SCIM target in its own process and the bare SCIM client that measures its ceiling, shared by the benches
 * that compare Provisio with what a plain client gets from the same target in the same run (bench/pacing.ts,
 * bench/engine-cpu.ts). The target runs in a child so that its CPU is not counted as Provisio's.
 */
import { fork } from 'node:child_process';

export interface Target {
  tenantUrl: string;
  token: string;
  stats(): Promise<{ requests: number; throttled: number; users: number }>;
  /** With `watchChanges`: change number → wall-clock ms at which the target first received it. */
  seen(): Promise<Map<number, number>>;
  close(): void;
}

/**
 * Fork bench/pacing-target.ts with a latency (ms) and a rate limit (req/s, 0 = none); resolves once it listens.
 * `watchChanges` has it note when each "Bench change N" value arrives (bench/change-latency.ts).
 */
export async function startTarget(
  latencyMs: number,
  rate: number,
  opts: { watchChanges?: boolean } = {},
): Promise<Target> {
  const child = fork(
    new URL('./pacing-target.ts', import.meta.url),
    ['--latency-ms', String(latencyMs), '--rate', String(rate), ...(opts.watchChanges ? ['--watch-changes'] : [])],
    {
      execArgv: ['--import', 'tsx'],
    },
  );
  const first = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; token: string }));
    child.once('exit', (code) => reject(new Error(`target exited with ${code}`)));
  });
  return {
    tenantUrl: `http://127.0.0.1:${first.port}/scim/v2`,
    token: first.token,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { requests: number; throttled: number; users: number }));
        child.send('stats');
      }),
    seen: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(new Map((m as { seen: [number, number][] }).seen)));
        child.send('seen');
      }),
    close: () => child.kill(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The bare client: `c` workers, each user a GET by userName filter then a POST, as Provisio's initial cycle
 * sends. `pace` (req/s) spaces requests exactly at the target's limit, which a bare client knows and
 * Provisio has to learn; a 429 is waited out (Retry-After) and retried, so every user arrives.
 * Resolves to users/s.
 */
export async function bareClient(t: Target, users: number, c: number, pace = 0): Promise<number> {
  const headers = { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/scim+json' };
  let nextSlot = performance.now();
  const send = async (url: string, init: RequestInit): Promise<void> => {
    for (;;) {
      if (pace > 0) {
        const slot = Math.max(nextSlot, performance.now());
        nextSlot = slot + 1000 / pace;
        await sleep(slot - performance.now());
      }
      const res = await fetch(url, { ...init, headers });
      await res.arrayBuffer();
      if (res.status !== 429) return;
      await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
    }
  };
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < users; i = next++) {
      const userName = `bare${i}@bench.example`;
      await send(`${t.tenantUrl}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, { method: 'GET' });
      const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true };
      await send(`${t.tenantUrl}/Users`, { method: 'POST', body: JSON.stringify(body) });
    }
  };
  await Promise.all(Array.from({ length: c }, worker));
  return users / ((performance.now() - t0) / 1000);
}
