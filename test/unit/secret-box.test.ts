import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, resolveSecretKey } from '../../src/auth/secret-box';

describe('secret box', () => {
  it('round-trips and never stores the plain text', () => {
    const box = createSecretBox(crypto.randomBytes(32));
    const sealed = box.seal('eyJhbGciOi.secret');
    expect(sealed).not.toContain('secret');
    expect(box.open(sealed)).toBe('eyJhbGciOi.secret');
  });
  it('refuses another key and tampering', () => {
    const sealed = createSecretBox(crypto.randomBytes(32)).seal('x');
    expect(() => createSecretBox(crypto.randomBytes(32)).open(sealed)).toThrow(/could not be decrypted/);
    expect(() => createSecretBox(crypto.randomBytes(32)).open('v2.a.b.c')).toThrow(/unknown format/);
  });
  it('generates a key file once with mode 0600 and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-key-'));
    const k1 = resolveSecretKey(undefined, dir);
    const k2 = resolveSecretKey(undefined, dir);
    expect(k1.equals(k2)).toBe(true);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(() => resolveSecretKey('c2hvcnQ=c2hvcnQ=c2hvcnQ=c2hvcnQ=c2hvcnQ=c2hv', dir)).toThrow(/32 bytes/);
  });
});
