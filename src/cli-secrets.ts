/**
 * `secrets rotate-key`: re-encrypt every stored secret with a new key, then retire the old one. Run it
 * with Provisio stopped (a running server keeps using the key it started with).
 *  - Key from PROVISIO_SECRET_KEY: the new key comes from PROVISIO_NEW_SECRET_KEY; afterwards the operator
 *    swaps the variables (the old value then opens nothing and can be destroyed).
 *  - Key file <dataDir>/secret.key: a new key (PROVISIO_NEW_SECRET_KEY or random) is first written to
 *    secret.key.new, the secrets are re-encrypted, then secret.key.new replaces secret.key. A run
 *    interrupted between the two is finished by the next run, which checks which key opens the secrets.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { keyOpensSecrets, rotateSecrets } from './auth/key-rotation';
import { createSecretBox, resolveSecretKey } from './auth/secret-box';
import type { Config } from './config';
import { CLI_ACTOR } from './kernel/actor';
import type { Clock } from './kernel/clock';
import { AppError } from './kernel/errors';

type Out = { write(text: string): unknown };

/** Run the rotation; returns the number of secrets re-encrypted. */
export function rotateKeyCli(
  config: Pick<Config, 'secretKey' | 'dataDir'>,
  db: Db,
  clock: Clock,
  env: Record<string, string | undefined>,
  out: Out,
): number {
  const newValue = env.PROVISIO_NEW_SECRET_KEY;
  if (config.secretKey) {
    if (!newValue) {
      throw new AppError(
        'new_key_missing',
        'PROVISIO_SECRET_KEY is set, so give the new key as PROVISIO_NEW_SECRET_KEY (openssl rand -base64 32)',
      );
    }
    const oldKey = resolveSecretKey(config.secretKey, config.dataDir);
    const newKey = resolveSecretKey(newValue, config.dataDir);
    if (oldKey.equals(newKey)) throw new AppError('new_key_same', 'The new key is the same as the current one');
    const n = rotateSecrets(db, clock, CLI_ACTOR, createSecretBox(oldKey), createSecretBox(newKey));
    out.write(
      `Re-encrypted ${n} secret(s) with the new key.\n` +
        'Now set PROVISIO_SECRET_KEY to the value of PROVISIO_NEW_SECRET_KEY, unset PROVISIO_NEW_SECRET_KEY and start\n' +
        'Provisio. The old key opens nothing any more: destroy it (keep it only alongside older database backups).\n',
    );
    return n;
  }
  const file = path.join(config.dataDir, 'secret.key');
  const pending = `${file}.new`;
  if (!fs.existsSync(file)) throw new AppError('no_key', `${file} does not exist: there is nothing to rotate`);
  const oldKey = resolveSecretKey(undefined, config.dataDir);
  if (fs.existsSync(pending)) {
    const half = Buffer.from(fs.readFileSync(pending, 'utf8').trim(), 'base64');
    const oldOpens = keyOpensSecrets(db, createSecretBox(oldKey));
    if (!oldOpens && half.length === 32 && keyOpensSecrets(db, createSecretBox(half))) {
      fs.renameSync(pending, file);
      out.write(
        `Finished an interrupted rotation: ${file} now holds the new key. Run the command again to rotate once more.\n`,
      );
      return 0;
    }
    if (!oldOpens) throw new AppError('secret_unreadable', `Neither ${file} nor ${pending} opens the stored secrets`);
    fs.unlinkSync(pending);
  }
  const newKey = newValue ? resolveSecretKey(newValue, config.dataDir) : crypto.randomBytes(32);
  if (oldKey.equals(newKey)) throw new AppError('new_key_same', 'The new key is the same as the current one');
  const fd = fs.openSync(pending, 'wx', 0o600);
  fs.writeSync(fd, `${newKey.toString('base64')}\n`);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  let n: number;
  try {
    n = rotateSecrets(db, clock, CLI_ACTOR, createSecretBox(oldKey), createSecretBox(newKey));
  } catch (err) {
    // The transaction rolled back: the old key is still the right one.
    fs.unlinkSync(pending);
    throw err;
  }
  fs.renameSync(pending, file);
  out.write(`Re-encrypted ${n} secret(s); ${file} now holds the new key and the old key is gone.\n`);
  return n;
}
