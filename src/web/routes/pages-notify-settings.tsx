/**
 * /settings/notifications (admin): SMTP settings for notification mail, and a test send. Saving is audited
 * with the password redacted; the test send reports the relay's answer in place.
 */
import type { Context, Hono } from 'hono';
import { fieldErrors, formText } from '../../../views/partials/field';
import { type SmtpFormValues, SmtpSettingsCard, smtpValuesOf } from '../../../views/partials/smtp-settings';
import { SettingsLayout } from '../../../views/settings-layout';
import { ValidationError } from '../../kernel/errors';
import { getSmtpSettings, saveSmtpSettings, sendTestMail } from '../../notify/smtp-settings';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';

const FIELDS = ['host', 'port', 'security', 'user', 'password', 'from'];

type Extras = Partial<Pick<Parameters<typeof SmtpSettingsCard>[0], 'errors' | 'notice' | 'test'>> & {
  values?: SmtpFormValues;
};

function page(c: Context<AppEnv>, deps: WebDeps, extras: Extras = {}, status: 200 | 400 | 502 = 200) {
  const csrf = c.get('session')?.csrfToken ?? '';
  const stored = getSmtpSettings(deps.db);
  return c.html(
    <SettingsLayout title="Notifications" actor={c.get('actor')} csrfToken={csrf} active="notifications">
      <SmtpSettingsCard
        values={extras.values ?? smtpValuesOf(stored)}
        hasPassword={Boolean(stored?.passwordEnc)}
        fromEnv={Boolean(deps.smtpEnv?.url)}
        csrfToken={csrf}
        errors={extras.errors}
        notice={extras.notice}
        test={extras.test}
      />
    </SettingsLayout>,
    status,
  );
}

/** Mount the notification settings pages. */
export function mountNotifySettingsPages(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/settings/notifications', requireRole('admin'), (c) =>
    page(c, deps, c.req.query('saved') === '1' ? { notice: { tone: 'ok', text: 'SMTP settings saved.' } } : {}),
  );

  app.post('/settings/notifications', requireRole('admin'), async (c) => {
    const body = await c.req.parseBody();
    const values = {
      host: formText(body.host),
      port: formText(body.port),
      security: formText(body.security),
      user: formText(body.user),
      from: formText(body.from),
    };
    try {
      saveSmtpSettings(deps, c.get('actor'), {
        ...values,
        port: Number(values.port),
        ...(typeof body.password === 'string' && body.password !== '' ? { password: body.password } : {}),
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return page(c, deps, { values, errors: fieldErrors(err.details, err.message, FIELDS) }, 400);
    }
    return c.redirect('/settings/notifications?saved=1', 303);
  });

  app.post('/settings/notifications/test', requireRole('admin'), async (c) => {
    const to = formText((await c.req.parseBody()).to);
    const r = await sendTestMail(deps, c.get('actor'), to);
    if (r.status === 'no_address')
      return page(c, deps, { test: { to, errors: { to: 'Enter an address to send the test mail to.' } } }, 400);
    if (r.status === 'no_mailer')
      return page(c, deps, { test: { to, errors: { '': 'Save the SMTP settings first.' } } }, 400);
    const notice =
      r.status === 'refused'
        ? { tone: 'error' as const, text: `The relay refused the test mail: ${r.error}` }
        : { tone: 'ok' as const, text: `Test mail sent to ${to}.` };
    return page(c, deps, { notice, test: { to } }, r.status === 'refused' ? 502 : 200);
  });
}
