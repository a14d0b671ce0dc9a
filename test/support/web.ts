/** The real app (createApp) on a fresh database, with a recording scheduler port and API tokens per role. */
import { createApp } from '../../src/app';
import { createApiToken } from '../../src/auth/accounts';
import type { DirectoryChange } from '../../src/directory/journal';
import { CLI_ACTOR } from '../../src/kernel/actor';
import type { SchedulerPort } from '../../src/web/env';
import { wireEngine, wireWeb } from '../../src/wiring';
import { freshDb } from './db';
import { silentLogger } from './engine-harness';

/** A scheduler port that records what the web layer asked of it. */
export function recordingScheduler() {
  const calls: { runNow: string[]; refresh: string[]; nudges: DirectoryChange[] } = {
    runNow: [],
    refresh: [],
    nudges: [],
  };
  let running: string | null = null;
  const port: SchedulerPort & { calls: typeof calls; setRunning(id: string | null): void } = {
    calls,
    setRunning: (id) => {
      running = id;
    },
    runNow(appId) {
      if (running) throw Object.assign(new Error('running'), {});
      calls.runNow.push(appId);
      return `cycle-${calls.runNow.length}`;
    },
    refresh: (appId) => calls.refresh.push(appId),
    nudge: (c) => calls.nudges.push(...c),
    runningCycleId: () => running,
  };
  return port;
}

/** App + tokens for admin, operator and viewer. */
export function webHarness() {
  const base = freshDb();
  const scheduler = recordingScheduler();
  const { engine } = wireEngine({
    db: base.db,
    clock: base.clock,
    logger: silentLogger,
    secrets: base.secrets,
    timeoutMs: 3000,
  });
  const app = createApp(
    wireWeb(engine, scheduler, {
      secrets: base.secrets,
      config: { adminToken: 'env-admin-token-0123456789abcdef', sessionHours: 12, publicUrl: undefined },
    }),
  );
  const token = (role: 'admin' | 'operator' | 'viewer') =>
    createApiToken(base.db, base.clock, CLI_ACTOR, { name: role, role }).token;
  const tokens = { admin: token('admin'), operator: token('operator'), viewer: token('viewer') };
  const call = (method: string, path: string, opts: { token?: string | null; body?: unknown; type?: string } = {}) => {
    const headers: Record<string, string> = {};
    const t = opts.token === undefined ? tokens.admin : opts.token;
    if (t) headers.authorization = `Bearer ${t}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] = opts.type ?? 'application/json';
    }
    return app.request(path, { method, headers, body });
  };
  return { ...base, app, scheduler, tokens, call };
}
