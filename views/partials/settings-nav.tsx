/**
 * The settings sub-nav: one list of the pages under Settings, each with the least role that may open it, so
 * the main nav's "Settings" link, the sub-nav and the tests all read the same table.
 */
import { hasRole } from '../../src/auth/roles';
import type { Role } from '../../src/kernel/actor';

export const SETTINGS_TABS = [
  { key: 'accounts', href: '/settings/accounts', label: 'Accounts', role: 'admin' },
  { key: 'tokens', href: '/settings/tokens', label: 'API tokens', role: 'admin' },
  { key: 'logs', href: '/settings/logs', label: 'Log retention', role: 'admin' },
  { key: 'notifications', href: '/settings/notifications', label: 'Notifications', role: 'admin' },
  { key: 'sources', href: '/settings/sources', label: 'Sources', role: 'admin' },
  { key: 'streams', href: '/settings/log-streams', label: 'Log streams', role: 'viewer' },
  { key: 'alerts', href: '/settings/alerts', label: 'Alerts', role: 'admin' },
] as const satisfies readonly { key: string; href: string; label: string; role: Role }[];

export type SettingsKey = (typeof SETTINGS_TABS)[number]['key'];

/** The settings pages this role may open, in sub-nav order. */
export function settingsTabsFor(role: Role) {
  return SETTINGS_TABS.filter((t) => hasRole(role, t.role));
}

/** Where the main nav's "Settings" leads this role: its first settings page, or nowhere. */
export function settingsHome(role: Role): string | null {
  return settingsTabsFor(role)[0]?.href ?? null;
}

/** Links between the settings pages; the current one carries aria-current="page". */
export function SettingsNav(props: { active: SettingsKey; role: Role }) {
  return (
    <nav class="settings-nav" aria-label="Settings">
      {settingsTabsFor(props.role).map((t) => (
        <a
          href={t.href}
          aria-current={props.active === t.key ? 'page' : undefined}
          class={props.active === t.key ? 'is-current' : undefined}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}
