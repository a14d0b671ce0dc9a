/**
 * Benchmark row "SIGKILL ×3 during a 3,000-user initial cycle" (issue 16 item 4): the engine runs in a child
 * process (test/support/crash-child.ts) against the fault-free test SCIM server in this one; it is killed
 * three times at random points (placed by the target's count of creates), then runs to the end. Prints how
 * many users the target created, how many of them have exactly one create row naming their id, how many
 * were logged only as an adoption instead, how many creates were recovered after an interruption, and the
 * intents left pending. Usage: node --import tsx bench/crash-recovery.ts [users=3000] [kills=3]
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDb } from '../db/client';
import { provisioningLog, scimIntents } from '../db/schema';
import { createApplication, setProvisioning } from '../src/apps/applications';
import { assignPrincipal } from '../src/apps/assignments';
import { createSecretBox } from '../src/auth/secret-box';
import { createUser } from '../src/directory/users';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { people } from '../test/support/people';
import { startScimServer } from '../test/support/scim-server';

const users = Number(process.argv[2] ?? 3000);
const kills = Number(process.argv[3] ?? 3);
const scim = await startScimServer({ latencyMs: 3 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-crash-bench-'));
const file = path.join(dir, 'provisio.db');
const key = crypto.randomBytes(32);
const posts = () => scim.requests.filter((r) => r.method === 'POST').length;

function runChild(args: string[], killAtPosts: number | null): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-child.ts', ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const from = posts();
    let timer: NodeJS.Timeout | null = null;
    const poll = setInterval(() => {
      if (killAtPosts === null || timer !== null || posts() - from < killAtPosts) return;
      timer = setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 20));
    }, 2);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      resolve(signal === 'SIGKILL');
    });
  });
}

try {
  const db = openDb(file);
  const deps = { db, clock: systemClock, secrets: createSecretBox(key) };
  const app = createApplication(deps, CLI_ACTOR, {
    name: 'Crash bench',
    template: 'scim',
    tenantUrl: scim.baseUrl,
    secretToken: scim.token,
    allowHttp: true,
    maxConcurrency: 8,
  });
  setProvisioning(deps, CLI_ACTOR, app.id, true);
  const dirDeps = { db, clock: systemClock, onChange: () => {} };
  db.$client.transaction(() => {
    for (const p of people('k', users)) {
      const u = createUser(dirDeps, CLI_ACTOR, p);
      assignPrincipal(dirDeps, CLI_ACTOR, app.id, { principalId: u.id, role: 'User' });
    }
  })();
  db.$client.close();
  const args = [file, key.toString('base64'), app.id];
  const started = Date.now();
  let killed = 0;
  for (let i = 0; i < kills; i++) if (await runChild(args, 20 + Math.floor(Math.random() * (users / 5)))) killed++;
  await runChild(args, null);
  const seconds = (Date.now() - started) / 1000;

  const check = openDb(file);
  const rows = check.select().from(provisioningLog).where(eq(provisioningLog.appId, app.id)).all();
  const creates = new Map<string, number>();
  for (const r of rows) {
    if (r.provisioningAction === 'create' && r.status === 'success' && r.targetId)
      creates.set(r.targetId, (creates.get(r.targetId) ?? 0) + 1);
  }
  const target = scim.store.listUsers();
  const once = target.filter((u) => creates.get(u.id) === 1).length;
  const adopted = rows.filter((r) => r.steps.includes('linked without changes')).length;
  const recovered = rows.filter((r) => r.steps.includes('Recovered after an interruption'));
  const pending = check.select().from(scimIntents).all().length;
  check.$client.close();
  console.log(
    `SIGKILL x${killed} during a ${users}-user initial cycle (${seconds.toFixed(1)} s): the target created ${target.length} users; ` +
      `${once} have exactly one create row naming their id, ${target.length - once} do not; ${adopted} logged as adopted; ` +
      `${recovered.filter((r) => r.provisioningAction === 'create').length} creates recovered after an interruption ` +
      `(${recovered.length} recovery rows); ${pending} intents pending after the restart`,
  );
} finally {
  await scim.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
