/** The page shell: nav, the CSRF header for htmx, assets from /static (served from node_modules). */

import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Actor } from '../src/kernel/actor';
import { settingsHome } from './partials/settings-nav';

export interface LayoutProps {
  title: string;
  actor: Actor | null;
  csrfToken?: string | null | undefined;
  active?: 'overview' | 'apps' | 'logs' | 'directory' | 'audit' | 'reports' | 'alerts' | 'settings';
  /** A "skip to" link, the page's first focusable element, for pages whose content sits below long controls. */
  skipTo?: { href: string; label: string } | undefined;
  children?: Child;
}

const NAV: { key: LayoutProps['active']; href: string; label: string }[] = [
  { key: 'overview', href: '/', label: 'Overview' },
  { key: 'logs', href: '/logs', label: 'Provisioning logs' },
  { key: 'directory', href: '/directory/users', label: 'Directory' },
  { key: 'reports', href: '/reports', label: 'Reports' },
  { key: 'alerts', href: '/alerts', label: 'Alerts' },
  { key: 'audit', href: '/audit', label: 'Audit log' },
];

/** Full HTML page. htmx 4 does not inherit attributes implicitly, hence `hx-headers:inherited`. */
export function Layout(props: LayoutProps) {
  const headers = props.csrfToken ? JSON.stringify({ 'X-CSRF-Token': props.csrfToken }) : undefined;
  const settings = props.actor ? settingsHome(props.actor.role) : null;
  const nav = settings ? [...NAV, { key: 'settings' as const, href: settings, label: 'Settings' }] : NAV;
  const who = props.actor ? `${props.actor.name} (${props.actor.role})` : '';
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
          <title>{`${props.title} · Provisio`}</title>
          <link rel="stylesheet" href="/static/app.css" />
          <script src="/static/htmx.min.js" defer></script>
          <script src="/static/app.js" defer></script>
          {/* charts.js loads chart.js only on pages that have a [data-chart] canvas. */}
          <script src="/static/charts.js" defer></script>
        </head>
        <body hx-headers:inherited={headers}>
          {props.skipTo ? (
            <a class="skip-link" href={props.skipTo.href}>
              {props.skipTo.label}
            </a>
          ) : null}
          <header class="topbar">
            <a class="brand" href="/">
              Provisio
            </a>
            {props.actor && (
              <nav aria-label="Main">
                {nav.map((n) => (
                  <a href={n.href} aria-current={props.active === n.key ? 'page' : undefined}>
                    {n.label}
                  </a>
                ))}
              </nav>
            )}
            {props.actor && (
              <div class="who">
                {/* A long name is cut with an ellipsis on narrow screens; the title keeps it whole. */}
                {props.actor.type === 'account' ? (
                  <a href="/account" class="who-name" title={`${who} · My account: password and sessions`}>
                    {who}
                  </a>
                ) : (
                  <span class="who-name" title={who}>
                    {who}
                  </span>
                )}
                {props.actor.type === 'account' && (
                  <form method="post" action="/logout">
                    <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />
                    <button type="submit" class="link">
                      Sign out
                    </button>
                  </form>
                )}
              </div>
            )}
          </header>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}
