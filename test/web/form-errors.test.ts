/**
 * Every refused form answers 4xx with an error summary at its top linking to the bad field, the field marked
 * (aria-invalid, aria-describedby to its message) and what was typed sent back (issue 15, "Everywhere").
 * One row per form; the setup makes what the form needs (an app, a group, a relay).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/apps/applications';
import { createGroup } from '../../src/directory/groups';
import { addMembers } from '../../src/directory/memberships';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let admin: Session;
let ids: { app: string; group: string; members: string[] };

beforeAll(async () => {
  h = await pagesHarness();
  admin = await h.signIn('admin');
  const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
    secretToken: 'a-secret-token-value',
  });
  const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
  const group = createGroup(dir, CLI_ACTOR, { displayName: 'Sales' });
  const members = Array.from({ length: 6 }, (_, i) =>
    createUser(dir, CLI_ACTOR, { userPrincipalName: `u${i}@contoso.test`, displayName: `User ${i}` }),
  );
  addMembers(dir, CLI_ACTOR, group.id, { memberIds: members.map((u) => u.id) });
  ids = { app: app.id, group: group.id, members: members.map((u) => u.id) };
}, 60_000);

/** A form post that may repeat a field (checkbox lists). */
async function postPairs(path: string, pairs: [string, string][]) {
  const body = new URLSearchParams([...pairs, ['_csrf', admin.csrf]]);
  return h.app.request(path, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie },
  });
}

interface Row {
  form: string;
  path: () => string;
  fields: () => Record<string, string> | [string, string][];
  /** The control the summary links to and that is marked. */
  field: string;
  /** What was typed and must come back (omitted for passwords, never sent back). */
  echo?: string;
  setup?: () => Promise<void>;
}

const settingsBody = (extra: Record<string, string>) => ({
  tenantUrl: 'https://t.example/scim',
  scope: 'assigned',
  schedule: '*/5 * * * *',
  maxConcurrency: '4',
  ...extra,
});

const ROWS: Row[] = [
  {
    form: 'app settings: a bad cron schedule',
    path: () => `/apps/${ids.app}/settings`,
    fields: () => settingsBody({ schedule: 'every 5 minutes' }),
    field: 'schedule',
    echo: 'every 5 minutes',
  },
  {
    form: 'app settings: an emptied schedule',
    path: () => `/apps/${ids.app}/settings`,
    fields: () => settingsBody({ schedule: '', notificationEmail: 'ops@contoso.test' }),
    field: 'schedule',
    echo: 'ops@contoso.test',
  },
  {
    form: 'new application',
    path: () => '/apps',
    fields: () => ({ name: 'Workday', template: 'scim', scope: 'assigned', notificationEmail: 'not-an-address' }),
    field: 'notificationEmail',
    echo: 'not-an-address',
  },
  {
    form: 'application rename',
    path: () => `/apps/${ids.app}/rename`,
    fields: () => ({ name: 'N'.repeat(201) }),
    field: 'name',
    echo: 'N'.repeat(201),
  },
  {
    form: 'application delete confirmation',
    path: () => `/apps/${ids.app}/delete`,
    fields: () => ({ confirmName: 'MindTickl' }),
    field: 'confirmName',
    echo: 'value="MindTickl"',
  },
  {
    form: 'app group settings',
    path: () => `/apps/${ids.app}/group-settings`,
    fields: () => ({ provisionGroups: 'on', groupMembersPerRequest: '5000' }),
    field: 'groupMembersPerRequest',
    echo: '5000',
  },
  {
    form: 'app test mail without script',
    path: () => `/apps/${ids.app}/test-mail`,
    fields: () => ({ notificationEmail: 'ops-at-contoso' }),
    field: 'notificationEmail',
    echo: 'ops-at-contoso',
    setup: async () => {
      await h.post('/settings/notifications', smtp(), admin);
    },
  },
  {
    form: 'on-demand group pick (more than five members)',
    path: () => `/apps/${ids.app}/on-demand/groups/${ids.group}`,
    fields: () => ids.members.map((id): [string, string] => ['memberIds', id]),
    field: 'memberIds',
  },
  {
    form: 'SMTP settings',
    path: () => '/settings/notifications',
    fields: () => smtp({ port: '99999' }),
    field: 'port',
    echo: '99999',
  },
  {
    form: 'SMTP test mail',
    path: () => '/settings/notifications/test',
    fields: () => ({ to: '' }),
    field: 'to',
    setup: async () => {
      await h.post('/settings/notifications', smtp(), admin);
    },
  },
  {
    form: 'log retention',
    path: () => '/settings/logs',
    fields: () => ({ retentionDays: 'never' }),
    field: 'retentionDays',
    echo: 'never',
  },
  {
    form: 'new account',
    path: () => '/settings/accounts',
    fields: () => ({ email: 'not-an-email', role: 'viewer' }),
    field: 'email',
    echo: 'not-an-email',
  },
  {
    form: 'new API token',
    path: () => '/settings/tokens',
    fields: () => ({ name: 'HR import job', role: 'viewer', expires: '7' }),
    field: 'expires',
    echo: 'HR import job',
  },
  {
    form: 'my password',
    path: () => '/account/password',
    fields: () => ({ current: 'correct horse battery staple', next: 'short', repeat: 'short' }),
    field: 'next',
  },
  {
    form: 'new SCIM source',
    path: () => '/settings/sources',
    fields: () => ({ type: 'scim', scimName: ' ' }),
    field: 'scimName',
  },
  {
    form: 'alert rule',
    path: () => '/settings/alerts',
    fields: () => ({
      name: 'Failures at night',
      kind: 'failures',
      threshold: '5',
      windowMinutes: '15',
      severity: 'warning',
      channelType: 'email',
      emailTo: 'not-an-address',
    }),
    field: 'emailTo',
    echo: 'not-an-address',
  },
  {
    form: 'report subscription',
    path: () => '/settings/alerts/reports',
    fields: () => ({ reportKey: 'statuses', range: '7d', appId: '', frequency: 'weekly', recipients: 'nobody' }),
    field: 'recipients',
    echo: 'nobody',
  },
  {
    form: 'log stream',
    path: () => '/settings/log-streams',
    fields: () => ({
      name: 'Splunk',
      log: 'provisioning',
      sinkType: 'syslog',
      host: 'siem.contoso.test',
      port: '99999',
    }),
    field: 'port',
    echo: 'siem.contoso.test',
  },
  {
    form: 'new directory user',
    path: () => '/directory/users',
    fields: () => ({ userPrincipalName: 'no-at-sign', displayName: 'Nora Null' }),
    field: 'userPrincipalName',
    echo: 'Nora Null',
  },
  {
    form: 'new directory group',
    path: () => '/directory/groups',
    fields: () => ({ displayName: '', description: 'Everyone in sales' }),
    field: 'displayName',
    echo: 'Everyone in sales',
  },
  {
    form: 'add a group member',
    path: () => `/directory/groups/${ids.group}/members`,
    fields: () => ({ member: 'nobody@contoso.test' }),
    field: 'member',
    echo: 'nobody@contoso.test',
  },
  {
    form: 'CSV import preview',
    path: () => '/directory/users/import/preview',
    fields: () => ({ csv: 'name;mail\nAnn;ann@contoso.test' }),
    field: 'csv',
    echo: 'name;mail',
  },
];

function smtp(extra: Record<string, string> = {}) {
  return { host: '127.0.0.1', port: '2525', security: 'none', user: '', from: 'provisio@contoso.test', ...extra };
}

/** The opening tag of the element with this id. */
function tagWithId(html: string, id: string): string {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) return '';
  return html.slice(html.lastIndexOf('<', at), html.indexOf('>', at) + 1);
}

describe('a refused form', () => {
  it.each(ROWS)('$form: 4xx, summary on top linking to the field, field marked, input kept', async (row) => {
    await row.setup?.();
    const fields = row.fields();
    const res = Array.isArray(fields) ? await postPairs(row.path(), fields) : await h.post(row.path(), fields, admin);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const html = await res.text();
    const summary = /<div class="alert alert-error error-summary" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    expect(summary, 'error summary').toContain(`href="#${row.field}"`);
    const tag = tagWithId(html, row.field);
    expect(tag, `the control #${row.field}`).toContain('aria-invalid="true"');
    expect(tag).toMatch(new RegExp(`aria-describedby="[^"]*${row.field}-error`));
    expect(html).toContain(`id="${row.field}-error"`);
    // The summary comes before the field it names.
    expect(html.indexOf('error-summary')).toBeLessThan(html.indexOf(tag));
    if (row.echo !== undefined) expect(html).toContain(row.echo);
  });
});
