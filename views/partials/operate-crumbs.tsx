/** What the dry-run and drift pages share: their props' base and the breadcrumb Overview / app / list / item. */
import type { Actor } from '../../src/kernel/actor';

export interface OperateBase {
  actor: Actor;
  csrfToken: string | null | undefined;
  app: { id: string; name: string };
  notice?: string | undefined;
}

/** Overview / <app> / [<list> /] <last>; `list` names the app's list page (dry runs, drift) when not on it. */
export function OperateCrumbs(props: {
  app: OperateBase['app'];
  last: string;
  list?: { path: string; label: string };
}) {
  const base = `/apps/${encodeURIComponent(props.app.id)}`;
  return (
    <nav class="crumbs" aria-label="Breadcrumb">
      <a href="/">Overview</a> <span aria-hidden="true">/</span> <a href={base}>{props.app.name}</a>{' '}
      <span aria-hidden="true">/</span>{' '}
      {props.list ? (
        <>
          <a href={`${base}/${props.list.path}`}>{props.list.label}</a> <span aria-hidden="true">/</span>{' '}
        </>
      ) : null}
      <span>{props.last}</span>
    </nav>
  );
}
