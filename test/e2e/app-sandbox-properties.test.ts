/**
 * Issue 15 items 1 and 8 in Chromium: "Use the built-in sandbox" fills the New application form in place (the
 * name typed stays), Test Connection of the filled values reaches the sandbox, Create saves them; then the
 * Properties page renames the app, refuses a mistyped confirmation in the browser, and deletes it.
 * Screenshots: test/e2e/artifacts/new-app-sandbox*.png, app-properties*.png.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApplication, listApplications } from '../../src/apps/applications';
import { a11yCheck } from './a11y';
import { ADMIN, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('New application from the sandbox, rename and delete, in Chromium', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e({ users: 1, failing: 0, latencyMs: 5, sandbox: true });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('fills the form from the sandbox, tests and creates the app', async () => {
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

    await page.goto(`${base}/apps/new`);
    expect(await page.content()).not.toContain(e.sandboxStore?.token());
    await page.fill('#name', 'Sandbox HR');
    await page.selectOption('#template', 'scim');
    await page.click('text=Use the built-in sandbox');
    await page.waitForFunction(
      (url) => (document.querySelector('#tenantUrl') as HTMLInputElement | null)?.value === url,
      `${base}/sandbox/scim/v2`,
    );
    // Swapped in place: same page, the typed name kept, the token in the password field.
    expect(page.url()).toBe(`${base}/apps/new`);
    expect(await page.inputValue('#name')).toBe('Sandbox HR');
    expect(await page.inputValue('#secretToken')).toBe(e.sandboxStore?.token());
    expect(await page.isChecked('#allowHttp')).toBe(true);
    await e.shot('new-app-sandbox');

    await page.click('button[form="test-connection-form"]');
    await page.waitForSelector('#test-result .test-ok');
    await e.shot('new-app-sandbox-tested');
    const report = await a11yCheck(page);
    expect(report.unlabelled).toEqual([]);
    expect(report.lowContrast).toEqual([]);

    await Promise.all([page.waitForURL(/\/apps\/[0-9a-f-]+\?notice=created/), page.click('text=Create')]);
    const app = listApplications(e.db).find((a) => a.name === 'Sandbox HR');
    expect(app?.tenantUrl).toBe(`${base}/sandbox/scim/v2`);
    expect(app?.template).toBe('scim');
    expect(e.errors).toEqual([]);
  });

  it('renames the app and deletes it after the name is typed', async () => {
    const { page, base } = e;
    const app = listApplications(e.db).find((a) => a.name === 'Sandbox HR');
    if (!app) throw new Error('app not created');
    await page.goto(`${base}/apps/${app.id}`);
    await Promise.all([
      page.waitForURL(`${base}/apps/${app.id}/properties`),
      page.click('nav.subnav >> text=Properties'),
    ]);
    const report = await a11yCheck(page);
    expect(report.unlabelled).toEqual([]);
    expect(report.h1).toBe(1);
    expect(report.headingSkips).toEqual([]);
    expect(report.lowContrast).toEqual([]);
    await e.shot('app-properties');

    await page.fill('#name', 'Sandbox HR [eu] (test)');
    await Promise.all([page.waitForURL(/notice=renamed/), page.click('text=Save name')]);
    expect(getApplication(e.db, app.id).name).toBe('Sandbox HR [eu] (test)');
    expect(await page.textContent('h1 + .alert')).toContain('Name saved.');

    // A near miss: the browser refuses it (the pattern), nothing is posted.
    await page.fill('#confirmName', 'Sandbox HR [eu]');
    await page.click('button:has-text("Delete application")');
    expect(await page.evaluate(() => (document.querySelector('#confirmName') as HTMLInputElement).validity.valid)).toBe(
      false,
    );
    expect(page.url()).toContain('/properties');
    await e.shot('app-properties-mistyped');
    expect(getApplication(e.db, app.id).name).toBe('Sandbox HR [eu] (test)');

    await page.fill('#confirmName', 'Sandbox HR [eu] (test)');
    await Promise.all([
      page.waitForURL(`${base}/?notice=app_deleted`),
      page.click('button:has-text("Delete application")'),
    ]);
    expect(await page.textContent('.alert-ok')).toContain('Application deleted.');
    expect(listApplications(e.db).some((a) => a.id === app.id)).toBe(false);
    await e.shot('app-properties-deleted-overview');
    expect(e.errors).toEqual([]);
  });
});
