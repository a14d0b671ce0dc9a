/**
 * Every page under Settings: the main nav's "Settings" marked current, the settings sub-nav with this page
 * marked, then an h1, so no settings page can leave one of them out.
 */
import type { Child } from 'hono/jsx';
import type { Actor } from '../src/kernel/actor';
import { Layout } from './layout';
import { type SettingsKey, SettingsNav } from './partials/settings-nav';

export function SettingsLayout(props: {
  title: string;
  actor: Actor;
  csrfToken?: string | null | undefined;
  active: SettingsKey;
  /** The h1's content when it is more than the title (a badge, a name). */
  heading?: Child;
  /** Shown between the sub-nav and the h1, e.g. a breadcrumb on a detail page. */
  crumbs?: Child;
  children?: Child;
}) {
  return (
    <Layout title={props.title} actor={props.actor} csrfToken={props.csrfToken} active="settings">
      <SettingsNav active={props.active} role={props.actor.role} />
      {props.crumbs}
      <h1>{props.heading ?? props.title}</h1>
      {props.children}
    </Layout>
  );
}
