/** The shell of a directory list page: heading, Users/Groups tabs, and a search box that re-fetches results. */
import type { Child } from 'hono/jsx';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { DirectoryTabs } from './directory-tabs';

export interface DirectorySearchProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  kind: 'users' | 'groups';
  title: string;
  /** aria-label of the search form. */
  label: string;
  placeholder: string;
  q: string;
  /** id of the results block the list partial renders; typing swaps only that block. */
  resultsId: string;
  /** A button beside the heading ("New user" for admins). */
  action?: Child;
  children?: Child;
}

/** The page around a results table (UserTable or GroupTable). */
export function DirectorySearchPage(props: DirectorySearchProps) {
  const path = `/directory/${props.kind}`;
  return (
    <Layout title={props.title} actor={props.actor} csrfToken={props.csrfToken} active="directory">
      <div class="page-head">
        <h1>{props.title}</h1>
        {props.action ?? null}
      </div>
      <DirectoryTabs current={props.kind} />
      <form method="get" action={path} class="search card" aria-label={props.label}>
        <label for="q">Search</label>
        <input
          id="q"
          type="search"
          name="q"
          value={props.q}
          placeholder={props.placeholder}
          autocomplete="off"
          hx-get={path}
          hx-trigger="input changed delay:300ms, search"
          hx-include="closest form"
          hx-target={`#${props.resultsId}`}
          hx-swap="outerHTML"
          hx-push-url="true"
        />
        <button type="submit" class="btn">
          Search
        </button>
      </form>
      <section class="card">{props.children}</section>
    </Layout>
  );
}
