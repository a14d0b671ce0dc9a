/**
 * SIGKILL at random points of an initial cycle of 1,000 users against a slow target (in this process; the
 * engine runs in a child), then a restart that runs to the end: the target must hold each user exactly once
 * with the right attributes, every directory user must be linked to its own target user, no intent may stay
 * pending, and every user the target created (each answered one POST with 201) must have exactly one create
 * row naming its id: a kill between the 201 and its transaction is recovered as the create it was (issue 16
 * item 4), never found again later as an adoption.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { connectorObjects, provisioningLog, scimIntents, users } from '../../db/schema';
import { createApplication, setProvisioning } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createSecretBox } from '../../src/auth/secret-box';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { people } from '../support/people';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';

const USERS = 1000;
const KILLS = 3;
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

/**
 * Run the child; resolves with its exit once it ends, or once it is killed: when the target has received
 * `killAtPosts` more creates than before it started, and a random few milliseconds later (so the kill falls
 * anywhere between two requests, or inside one). Counting the target's creates, not time, keeps the kills
 * mid-cycle however loaded the machine is.
 */
function runChild(args: string[], killAtPosts: number | null): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-child.ts', ...args], {
      cwd: process.cwd(),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const from = posts().length;
    let timer: NodeJS.Timeout | null = null;
    const poll =
      killAtPosts === null
        ? null
        : setInterval(() => {
            if (timer !== null || posts().length - from < killAtPosts) return;
            timer = setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 20));
          }, 2);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

const posts = () => scim.requests.filter((r) => r.method === 'POST');

describe('crash safety', () => {
  it('converges after SIGKILLs mid-cycle: no intent left pending, each 201 from the target has one create row naming its id', async () => {
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
    // One transaction for the setup (the use cases' own become savepoints): a commit per user was most of it.
    db.$client.transaction(() => {
      for (const p of people('c', USERS)) {
        const u = createUser(dirDeps, CLI_ACTOR, p);
        assignPrincipal(dirDeps, CLI_ACTOR, app.id, { principalId: u.id, role: 'User' });
      }
    })();
    db.$client.close();
    const args = [file, key.toString('base64'), app.id];

    let kills = 0;
    for (let i = 0; i < KILLS; i++) {
      const r = await runChild(args, 20 + Math.floor(Math.random() * (USERS / 5)));
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

      expect(check.select().from(scimIntents).all()).toEqual([]);
      const rows = check.select().from(provisioningLog).where(eq(provisioningLog.appId, app.id)).all();
      // Every user the target created has exactly one create row naming it.
      const creates = new Map<string, number>();
      for (const r of rows) {
        if (r.provisioningAction === 'create' && r.status === 'success' && r.targetId)
          creates.set(r.targetId, (creates.get(r.targetId) ?? 0) + 1);
      }
      expect(target.filter((u) => creates.get(u.id) !== 1)).toEqual([]);
      expect(creates.size).toBe(USERS);
      // Kills fell between creates and their transactions: those were recovered, none adopted later.
      const recovered = rows.filter((r) => r.steps.includes('Recovered after an interruption'));
      expect(recovered.some((r) => r.provisioningAction === 'create')).toBe(true);
      expect(rows.filter((r) => r.steps.includes('linked without changes'))).toEqual([]);
      // One create per user: a retried user is matched, never created twice.
      expect(posts0().length).toBe(USERS);
    } finally {
      check.$client.close();
    }
  }, 240_000);
});
