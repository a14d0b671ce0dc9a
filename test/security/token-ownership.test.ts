/**
 * Issue 12: an API token kept working after the admin account that created it was disabled. Decision
 * (README "API tokens", src/auth/api-tokens.ts): tokens die with their creator account; re-enabling the
 * account does not revive them; tokens from the command line and PROVISIO_ADMIN_TOKEN belong to the instance.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, auditLog } from '../../db/schema';
import { createAccount } from '../../src/auth/accounts';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { PASSWORD, securityHarness, shownOnce } from './harness';

const ENV_TOKEN = 'env-admin-token-0123456789abcdef';

async function withSecondAdmin() {
  const h = await securityHarness({ adminToken: ENV_TOKEN });
  const email = 'second.admin@example.test';
  const { account } = await createAccount(h.db, h.clock, CLI_ACTOR, { email, role: 'admin', password: PASSWORD });
  const second = await h.signIn(email);
  const made = await h.post('/settings/tokens', { name: 'nightly sync', role: 'admin', expires: 'never' }, second);
  const token = shownOnce(await made.text()) ?? '';
  expect(token).toMatch(/^pvs_/);
  const admin = await h.signIn('admin');
  const works = async (t: string) => (await h.api('GET', '/api/v1/applications', t)).status;
  return { h, email, id: account.id, token, admin, works };
}

describe('API tokens die with the account that created them', () => {
  it('refuses a disabled creator’s token with 401, and re-enabling the account does not revive it', async () => {
    const { h, email, id, token, admin, works } = await withSecondAdmin();
    expect(await works(token)).toBe(200);
    expect((await h.post(`/settings/accounts/${id}/disable`, {}, admin)).status).toBe(303);
    const refused = await h.api('GET', '/api/v1/applications', token);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    expect((await h.post(`/settings/accounts/${id}/enable`, {}, admin)).status).toBe(303);
    expect(await works(token)).toBe(401);
    // Instance tokens are untouched.
    expect(await works(h.tokens.admin)).toBe(200);
    expect(await works(ENV_TOKEN)).toBe(200);
    const revoked = h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.activity, 'token.revoke'), eq(auditLog.actorName, h.emails.admin)))
      .all();
    expect(revoked.map((r) => r.after)).toEqual(['{"reason":"creator_disabled"}']);
    const page = await (await h.get('/settings/tokens', admin)).text();
    const row = /<tr>(?:(?!<\/tr>).)*nightly sync(?:(?!<\/tr>).)*<\/tr>/s.exec(page)?.[0] ?? '';
    expect(row).toContain(email);
    expect(row).toContain('Revoked');
    expect(page).toContain('Instance');
  });

  it('refuses tokens of a creator disabled before this rule (no revocation yet) or deleted, and lists them so', async () => {
    const { h, id, token, admin, works } = await withSecondAdmin();
    h.db.update(accounts).set({ disabled: true }).where(eq(accounts.id, id)).run();
    expect(await works(token)).toBe(401);
    expect(await (await h.get('/settings/tokens', admin)).text()).toContain('Creator disabled');
    h.db.delete(accounts).where(eq(accounts.id, id)).run();
    expect(await works(token)).toBe(401);
    expect(await (await h.get('/settings/tokens', admin)).text()).toContain('Creator deleted');
  });

  it('gives a token made with an account’s token to that account (no laundering into an instance token)', async () => {
    const { h, id, token, admin, works } = await withSecondAdmin();
    const viaApi = await h.app.request('/settings/tokens', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'child', role: 'viewer', expires: '30' }),
    });
    const child = shownOnce(await viaApi.text()) ?? '';
    expect(child).toMatch(/^pvs_/);
    expect(await works(child)).toBe(200);
    expect((await h.post(`/settings/accounts/${id}/disable`, {}, admin)).status).toBe(303);
    expect(await works(child)).toBe(401);
  });
});
