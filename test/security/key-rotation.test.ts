/** `secrets rotate-key` through the real CLI: every secret re-encrypted in one go, the old key retired. */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { applications, auditLog } from '../../db/schema';
import { createApplication, getApplication, secretTokenOf } from '../../src/apps/applications';
import { createSecretBox, resolveSecretKey } from '../../src/auth/secret-box';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { getSmtpSettings, saveSmtpSettings } from '../../src/notify/smtp-settings';

const run = promisify(execFile);
const CLI = path.resolve('src/cli.ts');

function cli(env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', CLI, 'secrets', 'rotate-key'], {
    env: { PATH: process.env.PATH ?? '', ...env },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** A database file with two app tokens and an SMTP password sealed with `key`. */
function seed(dir: string, key: Buffer) {
  const file = path.join(dir, 'provisio.db');
  const db = openDb(file);
  const secrets = createSecretBox(key);
  const deps = { db, clock: systemClock, secrets };
  const apps = ['one', 'two'].map(
    (n) =>
      createApplication(deps, CLI_ACTOR, {
        name: n,
        template: 'scim',
        tenantUrl: 'https://scim.example/scim',
        secretToken: `token-${n}`,
      }).id,
  );
  saveSmtpSettings(deps, CLI_ACTOR, {
    host: 'mail.example',
    port: 587,
    security: 'starttls',
    password: 'smtp-pw',
    from: 'a@b.example',
  });
  db.$client.close();
  return { file, apps };
}

function readBack(file: string, key: Buffer, apps: string[]) {
  const db = openDb(file);
  const secrets = createSecretBox(key);
  try {
    const tokens = apps.map((id) => secretTokenOf({ secrets }, getApplication(db, id)));
    const smtp = getSmtpSettings(db);
    const audit = db.select().from(auditLog).where(eq(auditLog.activity, 'secrets.rotate_key')).all();
    return { tokens, smtpPassword: smtp?.passwordEnc ? secrets.open(smtp.passwordEnc) : null, audit };
  } finally {
    db.$client.close();
  }
}

describe('secrets rotate-key', () => {
  it('with a key file: re-encrypts every secret, replaces the key file (0600) and retires the old key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-rotate-'));
    const oldKey = resolveSecretKey(undefined, dir);
    const { file, apps } = seed(dir, oldKey);
    const res = await cli({ PROVISIO_DB: file });
    expect(res.stderr).toBe('');
    expect(res.stdout).toMatch(/Re-encrypted 3 secret\(s\)/);
    const newKey = resolveSecretKey(undefined, dir);
    expect(newKey.equals(oldKey)).toBe(false);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, 'secret.key.new'))).toBe(false);
    const after = readBack(file, newKey, apps);
    expect(after.tokens).toEqual(['token-one', 'token-two']);
    expect(after.smtpPassword).toBe('smtp-pw');
    expect(after.audit).toHaveLength(1);
    expect(after.audit[0]?.after).toBe('{"reencrypted":3}');
    expect(() => readBack(file, oldKey, apps)).toThrow(/could not be decrypted/);
  });

  it('with PROVISIO_SECRET_KEY: needs PROVISIO_NEW_SECRET_KEY, then the new key opens everything', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-rotate-'));
    const oldKey = crypto.randomBytes(32);
    const newKey = crypto.randomBytes(32);
    const { file, apps } = seed(dir, oldKey);
    const missing = await cli({ PROVISIO_DB: file, PROVISIO_SECRET_KEY: oldKey.toString('base64') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/PROVISIO_NEW_SECRET_KEY/);
    const res = await cli({
      PROVISIO_DB: file,
      PROVISIO_SECRET_KEY: oldKey.toString('base64'),
      PROVISIO_NEW_SECRET_KEY: newKey.toString('base64url'),
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/set PROVISIO_SECRET_KEY to the value of PROVISIO_NEW_SECRET_KEY/);
    expect(res.stdout).not.toContain(newKey.toString('base64'));
    expect(readBack(file, newKey, apps).tokens).toEqual(['token-one', 'token-two']);
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
  });

  it('changes nothing when one secret does not open with the current key (one transaction)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-rotate-'));
    const oldKey = resolveSecretKey(undefined, dir);
    const { file, apps } = seed(dir, oldKey);
    const db = openDb(file);
    const foreign = createSecretBox(crypto.randomBytes(32)).seal('x');
    db.update(applications)
      .set({ secretTokenEnc: foreign })
      .where(eq(applications.id, apps[1] ?? ''))
      .run();
    db.$client.close();
    const res = await cli({ PROVISIO_DB: file });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /applications\.secret_token_enc row \d+ does not open with the current key; nothing was changed/,
    );
    expect(resolveSecretKey(undefined, dir).equals(oldKey)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'secret.key.new'))).toBe(false);
    const check = openDb(file);
    const first = getApplication(check, apps[0] ?? '');
    check.$client.close();
    expect(createSecretBox(oldKey).open(first.secretTokenEnc ?? '')).toBe('token-one');
  });
});
