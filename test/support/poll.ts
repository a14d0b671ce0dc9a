/** Waiting for background work (dry runs, drift reports) in tests: read until a condition holds, or fail. */

/** Read every few milliseconds until `done(value)`; throws after `timeoutMs` with the last value read. */
export async function until<T>(
  read: () => T | Promise<T>,
  done: (v: T) => boolean,
  opts: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting; last read: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 10));
  }
}

/** GET an API resource until its status is no longer `running`; returns its JSON. */
export async function untilEnded(
  call: (method: string, path: string, opts?: { token?: string | null }) => Response | Promise<Response>,
  path: string,
  token?: string,
): Promise<{ status: string; [k: string]: unknown }> {
  return until(
    async () => (await call('GET', path, token ? { token } : {})).json() as Promise<{ status: string }>,
    (v) => v.status !== 'running',
  );
}
