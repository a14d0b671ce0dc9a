/**
 * "Send test mail" on an application's settings (operator): a test to the typed Notification Email, through
 * the relay in force, so an admin learns before a failure whether its mail would arrive. Audited (notify/
 * smtp-settings.ts sendTestMail) and limited per person (notify/test-mail-limit.ts); the answer shows next
 * to the field (htmx) or on the re-rendered page.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { settingsValuesOf } from '../../../views/partials/app-settings';
import { formText } from '../../../views/partials/field';
import { type TestMailOutcome, TestMailResult } from '../../../views/partials/test-mail';
import { getApplication } from '../../apps/applications';
import { sendTestMail } from '../../notify/smtp-settings';
import { TestMailLimitError, testMailLimiter } from '../../notify/test-mail-limit';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { pageOrPartial } from '../htmx';
import { appPage } from './app-page';

const address = z.string().email().max(320);

const NO_RELAY =
  'No SMTP server is configured, so the test mail cannot be sent. An admin sets one up in Settings → Notifications.';

/** Mount the route. The limiter lives as long as the app (one per createApp). */
export function mountAppTestMail(app: Hono<AppEnv>, deps: WebDeps): void {
  const limiter = testMailLimiter(deps.clock);

  const run = async (c: Context<AppEnv>, appId: string): Promise<[TestMailOutcome, ContentfulStatusCode]> => {
    const target = getApplication(deps.db, appId);
    const body = await c.req.parseBody();
    // The typed address (the admin's form sends notificationEmail, the operator's `to`); a plain post of the
    // admin's detached form carries neither, and then the saved address is tested.
    const to = formText(body.to ?? body.notificationEmail) || (target.notificationEmail ?? '');
    if (!to) return [{ ok: false, message: 'Type the Notification Email to send the test mail to.' }, 400];
    if (!address.safeParse(to).success) {
      return [{ ok: false, message: `"${to}" is not an email address; type one like ops@example.com.` }, 400];
    }
    const actor = c.get('actor');
    try {
      limiter.take(actor.id ?? actor.name);
    } catch (err) {
      if (err instanceof TestMailLimitError) return [{ ok: false, message: err.message }, 429];
      throw err;
    }
    const r = await sendTestMail(deps, actor, to, { id: target.id, name: target.name });
    if (r.status === 'no_mailer') return [{ ok: false, message: NO_RELAY }, 409];
    if (r.status === 'refused')
      return [{ ok: false, message: `The mail server refused the test mail: ${r.error}` }, 502];
    return [{ ok: true, to }, 200];
  };

  app.post('/apps/:id/test-mail', requireRole('operator'), async (c) => {
    const id = c.req.param('id');
    const [result, status] = await run(c, id);
    // Without script the whole page comes back: a bad address is marked on the field, with what was typed.
    const refused = status === 400 && !result.ok ? result.message : null;
    const body = await c.req.parseBody();
    const typed = formText(body.to ?? body.notificationEmail);
    const fullPage = () =>
      refused === null
        ? appPage(c, deps, id, { testMailResult: result })
        : appPage(c, deps, id, {
            testMailResult: result,
            settings: { ...settingsValuesOf(getApplication(deps.db, id)), notificationEmail: typed },
            settingsErrors: { notificationEmail: refused },
          });
    return pageOrPartial(c, fullPage, () => <TestMailResult result={result} />, status);
  });
}
