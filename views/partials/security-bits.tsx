/** Small pieces of the account, session and token pages: a shown-once secret and a settings sub-nav. */

/** A secret shown exactly once (new password or API token), ready to copy. */
export function ShownOnce(props: { label: string; value: string; note: string }) {
  return (
    <div class="alert alert-ok shown-once" role="status">
      <p>
        <strong>{props.label}</strong> — {props.note}
      </p>
      <p>
        <code class="secret-value">{props.value}</code>
      </p>
    </div>
  );
}

const TABS = [
  { key: 'accounts', href: '/settings/accounts', label: 'Accounts' },
  { key: 'tokens', href: '/settings/tokens', label: 'API tokens' },
  { key: 'logs', href: '/settings/logs', label: 'Log retention' },
  { key: 'notifications', href: '/settings/notifications', label: 'Notifications' },
  { key: 'sources', href: '/settings/sources', label: 'Sources' },
  { key: 'streams', href: '/settings/log-streams', label: 'Log streams' },
  { key: 'alerts', href: '/settings/alerts', label: 'Alerts' },
] as const;

/** Links between the admin settings pages. */
export function SettingsNav(props: { active: (typeof TABS)[number]['key'] }) {
  return (
    <nav class="settings-nav" aria-label="Settings">
      {TABS.map((t) => (
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

/** A one-button form (POST with the CSRF field); `danger` styles destructive actions. */
export function ActionButton(props: { action: string; csrf: string; label: string; danger?: boolean; name?: string }) {
  return (
    <form method="post" action={props.action} class="inline-action">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <button type="submit" class={props.danger ? 'btn btn-small btn-danger' : 'btn btn-small'} aria-label={props.name}>
        {props.label}
      </button>
    </form>
  );
}
