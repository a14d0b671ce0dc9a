/**
 * Issue 14's LDAP source pages in Chromium against a real slapd: an admin creates the source from Settings →
 * Sources, tests the connection (ok, then a wrong typed password), runs a full sync and watches the status
 * panel reach Idle with its counts (htmx polling), and sees the source's sync state on the list. Accessibility
 * check on both pages. Screenshots: test/e2e/artifacts/ldap-source-*.png and sources-list.png.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleLdif, type Slapd, slapdAvailable, startSlapd, userDn } from '../support/slapd';
import { a11yCheck } from './a11y';
import { ADMIN, ARTIFACTS, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM) || !slapdAvailable())('LDAP source pages in Chromium', () => {
  let e: E2e;
  let slapd: Slapd;

  beforeAll(async () => {
    slapd = await startSlapd({ ldif: peopleLdif({ users: 30, groups: 3, baseDn: 'dc=example,dc=org' }) });
    e = await startE2e({ users: 0, failing: 0, latencyMs: 0 });
  }, 60_000);
  afterAll(async () => {
    await e?.close();
    await slapd?.stop();
  });

  const check = async () => {
    const r = await a11yCheck(e.page);
    expect.soft(r.unlabelled).toEqual([]);
    expect.soft(r.h1).toBe(1);
    expect.soft(r.headingSkips).toEqual([]);
    expect.soft(r.lowContrast).toEqual([]);
  };

  it('creates, tests, syncs and lists an LDAP source', async () => {
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

    await page.goto(`${base}/settings/sources`);
    await page.fill('#name', 'Corp LDAP');
    await page.fill('#url', 'ldap//typo');
    await page.fill('#bindDn', slapd.adminDn);
    await page.fill('#bindPassword', slapd.adminPassword);
    await page.fill('#baseDn', slapd.baseDn);
    await page.click('form.ldap-new button[type=submit]');
    await page.waitForSelector('#url-error');
    await e.shot('ldap-source-new-error');
    await page.fill('#url', slapd.url);
    await page.fill('#bindPassword', slapd.adminPassword);
    await Promise.all([
      page.waitForURL(/\/settings\/sources\/[0-9a-f-]{36}/),
      page.click('form.ldap-new button[type=submit]'),
    ]);
    await check();

    await page.click('button[form="test-connection-form"]');
    await page.waitForSelector('#test-result .test-ok');
    await e.shot('ldap-source-test-ok');
    await page.fill('#bindPassword', 'wrong-password');
    await page.click('button[form="test-connection-form"]');
    await page.waitForSelector('#test-result .test-failed');
    expect(await page.textContent('#test-result')).toContain('invalid credentials');
    await e.shot('ldap-source-test-failed');

    await page.click('#sync-status button:text-is("Full sync")');
    await page.waitForURL(/notice=sync_started/);
    await page.waitForSelector('#sync-status header .sync-state:text("Idle")', { timeout: 20_000 });
    expect(await page.textContent('#sync-status .run-counts')).toContain('33 created');
    await e.shot('ldap-source-synced');
    await page.locator('#sync-status').screenshot({ path: `${ARTIFACTS}/ldap-source-status.png` });
    await page
      .locator('.ldap-settings fieldset')
      .first()
      .screenshot({ path: `${ARTIFACTS}/ldap-source-connection.png` });

    // A mass delete above the threshold is held; the admin lets it through after a confirm.
    await page.fill('#deletionThreshold', '1');
    await Promise.all([page.waitForURL(/notice=saved/), page.click('.ldap-settings button:text-is("Save")')]);
    const ldap = await slapd.client();
    for (const n of [28, 29, 30]) await ldap.del(userDn(n, slapd.baseDn));
    await Promise.all([page.waitForURL(/notice=sync_started/), page.click('#sync-status button:text-is("Full sync")')]);
    await page.waitForSelector('#sync-status header .sync-state:text("Deletes held")', { timeout: 20_000 });
    await page.locator('#sync-status').screenshot({ path: `${ARTIFACTS}/ldap-source-held.png` });
    page.once('dialog', (d) => void d.accept());
    await Promise.all([
      page.waitForURL(/notice=sync_started/),
      page.click('#sync-status button:text-is("Full sync, allow deletes")'),
    ]);
    await page.waitForSelector('#sync-status header .sync-state:text("Idle")', { timeout: 20_000 });
    expect(await page.textContent('#sync-status .run-counts')).toContain('3 deleted');

    await page.goto(`${base}/settings/sources`);
    expect(await page.textContent('table')).toContain('3 deleted');
    await check();
    await e.shot('sources-list');
    // The refused form (400) and the failed test (422) are answers the page shows, not errors.
    expect(e.errors.filter((m) => !/status of (400|422)/.test(m))).toEqual([]);
  }, 60_000);
});
