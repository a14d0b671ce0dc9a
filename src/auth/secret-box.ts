/**
 * Encrypts secrets at rest (AES-256-GCM). The envelope is `v1.<iv>.<tag>.<ciphertext>` in base64url,
 * so a later key rotation can recognise and re-encrypt old envelopes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../kernel/errors';

export interface SecretBox {
  seal(plain: string): string;
  open(envelope: string): string;
}

/** Build a SecretBox from a 32-byte key. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new AppError('secret_key_invalid', 'The secret key must be exactly 32 bytes');
  return {
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(envelope) {
      const [version, iv, tag, data] = envelope.split('.');
      if (version !== 'v1' || !iv || !tag || data === undefined) {
        throw new AppError('secret_unreadable', 'A stored secret has an unknown format');
      }
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch (cause) {
        // Wrong key (PROVISIO_SECRET_KEY changed) or tampering: say so, without echoing anything secret.
        throw new AppError('secret_unreadable', 'A stored secret could not be decrypted with the current key', {
          cause,
        });
      }
    },
  };
}

/**
 * The key comes from PROVISIO_SECRET_KEY when set; otherwise from `<dataDir>/secret.key`, generated once
 * with mode 0600 so a fresh install is encrypted without any setup.
 */
export function resolveSecretKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) {
    const key = Buffer.from(configured.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length !== 32) {
      throw new AppError('secret_key_invalid', 'PROVISIO_SECRET_KEY must decode to 32 bytes (openssl rand -base64 32)');
    }
    return key;
  }
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new AppError('secret_key_invalid', `${file} does not hold a 32-byte base64 key`);
    return key;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
