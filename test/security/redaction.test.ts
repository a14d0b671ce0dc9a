/** Secrets never reach the pino log, the audit log, API answers, exports or error messages. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { redactSecrets } from '../../src/audit/audit-log';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { createLogger } from '../../src/logger';
import { securityHarness } from './harness';

const SECRET = 'eyJhbGciOiJIUzI1NiJ9.super-secret-token-value';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('pino log redaction', () => {
  it('redacts credentials at the top level, nested, in headers and in the SMTP URL', async () => {
    const { lines, logger } = capture();
    logger.info({ token: SECRET, app: { secretToken: SECRET, name: 'kept' } }, 'a');
    logger.info({ req: { headers: { authorization: `Bearer ${SECRET}`, cookie: `provisio_session=${SECRET}` } } }, 'b');
    logger.info(
      { config: { smtpUrl: `smtp://u:${SECRET}@mail`, secretKey: SECRET }, input: { body: { password: SECRET } } },
      'c',
    );
    logger.info({ headers: { 'x-csrf-token': SECRET, 'set-cookie': SECRET } }, 'd');
    logger.info({ source: { bindPassword: SECRET } }, 'e');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(lines).toHaveLength(5);
    expect(out).not.toContain('super-secret');
    expect(out).toContain('[redacted]');
    expect(out).toContain('"name":"kept"');
  });
});

describe('audit redaction', () => {
  it('replaces every secret-looking field, however deep', () => {
    expect(
      redactSecrets({
        tenantUrl: 'https://x',
        secretToken: SECRET,
        smtp: { password: SECRET, list: [{ apiToken: SECRET }] },
      }),
    ).toEqual({
      tenantUrl: 'https://x',
      secretToken: '[redacted]',
      smtp: { password: '[redacted]', list: [{ apiToken: '[redacted]' }] },
    });
  });

  it('keeps the Secret Token out of audit rows, API answers and pages when an app is created and changed', async () => {
    const h = await securityHarness();
    const created = await h.api('POST', '/api/v1/applications', h.tokens.admin, {
      name: 'Secretive',
      template: 'scim',
      tenantUrl: 'https://scim.example/scim',
      secretToken: SECRET,
    });
    expect(created.status).toBe(201);
    const app = (await created.json()) as { id: string };
    await h.api('PATCH', `/api/v1/applications/${app.id}`, h.tokens.admin, { secretToken: `${SECRET}-2` });
    const answers = [
      await (await h.api('GET', `/api/v1/applications/${app.id}`, h.tokens.viewer)).text(),
      await (await h.api('GET', '/api/v1/applications', h.tokens.viewer)).text(),
      await (await h.get(`/apps/${app.id}`, await h.signIn('admin'))).text(),
      JSON.stringify(h.db.select().from(auditLog).all()),
    ];
    for (const text of answers) expect(text).not.toContain('super-secret');
  });
});

describe('error messages', () => {
  it('a failing Test Connection names the problem, never the token', async () => {
    const h = await securityHarness();
    const app = createApplication({ db: h.db, clock: h.clock, secrets: h.secrets }, CLI_ACTOR, {
      name: 'Down',
      template: 'scim',
      tenantUrl: 'https://127.0.0.1:9/scim',
      secretToken: SECRET,
    });
    const res = await h.api('POST', `/api/v1/applications/${app.id}/test-connection`, h.tokens.operator);
    const text = await res.text();
    expect(text.length).toBeGreaterThan(10);
    expect(text).not.toContain('super-secret');
  });
});
