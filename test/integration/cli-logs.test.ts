import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { auditLog } from '../../db/schema';
import { exportLogsCli } from '../../src/cli-logs';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';

const run = promisify(execFile);
const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
let dir: string;
let dbFile: string;
let db: Db;

function entry(i: number): LogEntry {
  return {
    id: `chg-${i}`,
    appId: 'app-1',
    activityDateTime: T0 + i * 1000,
    jobId: 'job',
    cycleId: 'cy',
    provisioningAction: 'create',
    status: i % 3 === 0 ? 'failure' : 'success',
    durationMs: 5,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `s${i}`, displayName: i === 3 ? '=cmd|calc' : `user${i}@contoso.example`, type: 'user' },
    target: { id: `t${i}`, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'App',
    error:
      i % 3 === 0 ? { errorCode: 'Timeout', errorCategory: 'failure', reason: 'slow', recommendedAction: null } : null,
    steps: [],
    modifiedProperties: [],
  };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-cli-'));
  dbFile = path.join(dir, 'p.db');
  db = openDb(dbFile);
  for (let i = 1; i <= 30; i++) writeLog(db, entry(i));
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('provisio logs export', () => {
  it('streams the filtered rows as guarded CSV and audits the export', async () => {
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (b: Buffer) => parts.push(b));
    const bytes = await exportLogsCli(db, { now: () => T0 }, { filters: { status: 'failure' } }, out);
    const rows = parse(Buffer.concat(parts).toString(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(10);
    expect(bytes).toBe(Buffer.concat(parts).byteLength);
    expect(rows.every((r) => r.status === 'failure' && r.errorCode === 'Timeout')).toBe(true);
    expect(rows.find((r) => r.sourceId === 's3')?.sourceDisplayName).toBe("'=cmd|calc");
    const audit = db.select().from(auditLog).all();
    expect(audit.at(-1)).toMatchObject({ activity: 'logs.export' });
  });

  it('writes NDJSON to a file and refuses to overwrite it', async () => {
    const file = path.join(dir, 'out.ndjson');
    await exportLogsCli(
      db,
      { now: () => T0 },
      { format: 'ndjson', out: file, filters: { q: 'user7' } },
      process.stdout,
    );
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('user7@contoso.example');
    await expect(
      exportLogsCli(db, { now: () => T0 }, { format: 'ndjson', out: file, filters: {} }, process.stdout),
    ).rejects.toThrow(/EEXIST/);
  });

  it('exits 2 with a message for a bad filter, from the real command line', async () => {
    const env = { ...process.env, PROVISIO_DB: dbFile, PROVISIO_DATA_DIR: dir };
    const err = await run('node', ['--import', 'tsx', 'src/cli.ts', 'logs', 'export', '--from', 'yesterday'], {
      env,
    }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(/from.*ISO date/);
    const ok = await run('node', ['--import', 'tsx', 'src/cli.ts', 'logs', 'export', '--status', 'failure'], { env });
    expect(ok.stdout.trim().split('\n')).toHaveLength(11);
  });
});
