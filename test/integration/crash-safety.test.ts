/**
 * SIGKILL at random points of an initial cycle of 2,000 users against a slow target, then a restart that
 * runs to the end: the target must hold each user exactly once with the right attributes, every directory
 * user must be linked to its own target user, and every object written to the target must be accounted for
 * by a log row naming it (the adopt-on-retry row when the kill fell between the write and its transaction).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { connectorObjects, provisioningLog, users } from '../../db/schema';
import { createApplication, setProvisioning } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createSecretBox } from '../../src/auth/secret-box';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { people } from '../support/people';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';

const USERS = 2000;
const KILLS = 4;
let dir: string;
let scim: ScimServerHandle;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-crash-'));
  scim = await startScimServer({ latencyMs: 3 });
});
afterAll(async () => {
  await scim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Run the child; resolves with its exit once it ends or is killed `killAfterMs` after it started the cycle. */
function runChild(args: string[], killAfterMs: number | null): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-child.ts', ...args], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let timer: NodeJS.Timeout | null = null;
    child.stdout?.on('data', (d: Buffer) => {
      if (killAfterMs !== null && timer === null && d.toString().includes('started')) {
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

describe('crash safety', () => {
  it('converges after SIGKILLs mid-cycle: each user once in the target, each write accounted for', async () => {
    const file = path.join(dir, 'provisio.db');
    const key = crypto.randomBytes(32);
    const db = openDb(file);
    const deps = { db, clock: systemClock, secrets: createSecretBox(key) };
    const app = createApplication(deps, CLI_ACTOR, {
      name: 'Slow App',
      template: 'scim',
      tenantUrl: scim.baseUrl,
      secretToken: scim.token,
      allowHttp: true,
      maxConcurrency: 8,
    });
    setProvisioning(deps, CLI_ACTOR, app.id, true);
    const dirDeps = { db, clock: systemClock, onChange: () => {} };
    for (const p of people('c', USERS)) {
      const u = createUser(dirDeps, CLI_ACTOR, p);
      assignPrincipal(dirDeps, CLI_ACTOR, app.id, { principalId: u.id, role: 'User' });
    }
    db.$client.close();
    const args = [file, key.toString('base64'), app.id];

    let kills = 0;
    for (let i = 0; i < KILLS; i++) {
      const r = await runChild(args, 300 + Math.floor(Math.random() * 1500));
      if (r.killed) kills++;
    }
    expect(kills).toBeGreaterThan(0);
    expect(scim.store.countUsers()).toBeGreaterThan(0); // the kills fell mid-cycle, after writes
    const final = await runChild(args, null);
    expect(final).toEqual({ killed: false, code: 0 });

    const posts0 = () => scim.requests.filter((r) => r.method === 'POST' && r.fault === null);
    const check = openDb(file);
    try {
      const target = scim.store.listUsers() as { id: string; userName: string; displayName?: string; title?: string }[];
      const names = target.map((u) => u.userName);
      expect(new Set(names).size).toBe(names.length); // no duplicates
      expect(names.sort()).toEqual(
        people('c', USERS)
          .map((p) => p.userPrincipalName.toLowerCase())
          .sort(),
      );
      expect(target.every((u) => u.title === 'Engineer' && u.displayName?.endsWith(' Example'))).toBe(true);

      const links = check.select().from(connectorObjects).where(eq(connectorObjects.appId, app.id)).all();
      const byUpn = new Map(
        check
          .select()
          .from(users)
          .all()
          .map((u) => [u.id, u.userPrincipalName.toLowerCase()]),
      );
      const targetByName = new Map(target.map((u) => [u.userName, u.id]));
      expect(links).toHaveLength(USERS);
      for (const l of links) expect(l.targetId).toBe(targetByName.get(byUpn.get(l.sourceId) ?? ''));

      // Every object the target holds was written by us; each has a log row naming it.
      const logged = new Set(
        check
          .select({ targetId: provisioningLog.targetId })
          .from(provisioningLog)
          .where(eq(provisioningLog.appId, app.id))
          .all()
          .map((r) => r.targetId),
      );
      const unlogged = target.filter((u) => !logged.has(u.id));
      // Kills fell between a create and its transaction: the restart matched and adopted those users.
      const adopted = check
        .select({ steps: provisioningLog.steps })
        .from(provisioningLog)
        .all()
        .filter((r) => r.steps.includes('linked without changes'));
      expect(adopted.length).toBeGreaterThan(0);
      expect(unlogged).toEqual([]);
      // One create per user: a retried user is matched, never created twice.
      expect(posts0().length).toBe(USERS);
    } finally {
      check.$client.close();
    }
  }, 180_000);
});
