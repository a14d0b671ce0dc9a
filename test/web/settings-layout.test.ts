/**
 * Every page under Settings has the same frame (issue 15, "Everywhere"): the main nav's "Settings" current,
 * the settings sub-nav with exactly one current item, this page's, and an h1. The table is checked against
 * the app's routes, so a new settings page that is not listed here fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_TABS } from '../../views/partials/settings-nav';
import { type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let admin: Session;
let sourceId = '';

beforeAll(async () => {
  h = await pagesHarness();
  admin = await h.signIn('admin');
  const res = await h.post(
    '/settings/sources',
    {
      type: 'ldap',
      name: 'Corp LDAP',
      url: 'ldap://127.0.0.1:1',
      bindDn: 'cn=admin,dc=example,dc=org',
      bindPassword: 'secret',
      baseDn: 'dc=example,dc=org',
      flavor: 'openldap',
    },
    admin,
  );
  sourceId = (res.headers.get('location') ?? '').split('/')[3]?.split('?')[0] ?? '';
}, 60_000);
afterAll(async () => {
  await h?.deps.sourceRunner.stop?.();
});

/** Route pattern → the sub-nav item it belongs to and the path to open. */
const PAGES: { route: string; tab: (typeof SETTINGS_TABS)[number]['key']; path: () => string }[] = [
  { route: '/settings/accounts', tab: 'accounts', path: () => '/settings/accounts' },
  { route: '/settings/tokens', tab: 'tokens', path: () => '/settings/tokens' },
  { route: '/settings/logs', tab: 'logs', path: () => '/settings/logs' },
  { route: '/settings/notifications', tab: 'notifications', path: () => '/settings/notifications' },
  { route: '/settings/sources', tab: 'sources', path: () => '/settings/sources' },
  { route: '/settings/sources/:id', tab: 'sources', path: () => `/settings/sources/${sourceId}` },
  { route: '/settings/log-streams', tab: 'streams', path: () => '/settings/log-streams' },
  { route: '/settings/alerts', tab: 'alerts', path: () => '/settings/alerts' },
];
/** GET routes under /settings that answer htmx fragments, not pages. */
const FRAGMENTS = ['/settings/sources/:id/status'];

function currentLinks(nav: string): string[] {
  return [...nav.matchAll(/<a href="([^"]+)"[^>]*aria-current="page"/g)].map((m) => m[1] ?? '');
}

describe('settings pages', () => {
  it('lists every GET page under /settings', () => {
    const routes = new Set(
      h.app.routes
        .filter((r) => r.method === 'GET' && r.path.startsWith('/settings'))
        .map((r) => r.path)
        .filter((p) => !FRAGMENTS.includes(p)),
    );
    expect([...routes].sort()).toEqual(PAGES.map((p) => p.route).sort());
  });

  it.each(PAGES)('$route: Settings current in the main nav, its own sub-nav item current, an h1', async (page) => {
    const res = await h.get(page.path(), admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    const main = /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    expect(currentLinks(main)).toHaveLength(1);
    expect(main).toMatch(/aria-current="page"[^>]*>Settings<\/a>/);
    const sub = /<nav class="settings-nav" aria-label="Settings">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    const tab = SETTINGS_TABS.find((t) => t.key === page.tab);
    expect(currentLinks(sub)).toEqual([tab?.href]);
    expect(sub.match(/<a /g)).toHaveLength(SETTINGS_TABS.length);
    expect(html).toMatch(/<h1>[^<]*\S/);
    // Sub-nav before the h1, both before the page's content.
    expect(html.indexOf('settings-nav')).toBeLessThan(html.indexOf('<h1>'));
  });

  it('shows a viewer only the settings pages a viewer may open, and Settings leads there', async () => {
    const viewer = await h.signIn('viewer');
    const html = await (await h.get('/settings/log-streams', viewer)).text();
    const sub = /<nav class="settings-nav" aria-label="Settings">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    expect([...sub.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/settings/log-streams']);
    expect(html).toMatch(/<a href="\/settings\/log-streams" aria-current="page">Settings<\/a>/);
    const overview = await (await h.get('/', viewer)).text();
    const main = /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec(overview)?.[1] ?? '';
    expect(main).toContain('<a href="/settings/log-streams">Settings</a>');
    expect(currentLinks(main)).toEqual(['/']);
  });
});
