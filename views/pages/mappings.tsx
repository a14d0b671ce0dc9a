/**
 * Application → Provisioning → Mappings, laid out like Entra's "Attribute Mapping" blade: the mappings of
 * one object type (users or groups), its scoping filters, and an expression builder.
 */

import type { ObjectType } from '../../src/apps/mappings';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { ExpressionTesterCard } from '../partials/expression-tester';
import { DraftBanner, type DraftBannerProps } from '../partials/mapping-draft-banner';
import { MappingsSection, type MappingsSectionProps } from '../partials/mapping-table';
import { ScopingSection, type ScopingSectionProps } from '../partials/scoping-editor';

export interface MappingsPageProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  app: { id: string; name: string };
  type: ObjectType;
  cycleNotice: boolean;
  mappings: MappingsSectionProps;
  scoping: ScopingSectionProps;
  draft: DraftBannerProps;
  /** After publish or discard. */
  notice?: string | undefined;
}

export const CYCLE_NOTICE_ID = 'cycle-notice';

/**
 * Mapping and scoping changes mark the job for a new initial cycle (as Entra does); say so while it is
 * pending. With `oob` it rides along a section's htmx response and replaces the page's copy.
 */
export function CycleNotice(props: { show: boolean; oob?: boolean }) {
  return (
    <div id={CYCLE_NOTICE_ID} hx-swap-oob={props.oob ? 'true' : undefined}>
      {props.show ? (
        <p class="alert alert-warn" role="status">
          A new initial cycle will run: the next cycle re-evaluates every user and group against the published mappings
          and scoping filters.
        </p>
      ) : null}
    </div>
  );
}

/**
 * Issue 6: a dry run of a full cycle shows what the saved mappings and filters would change. A draft has its
 * own Preview impact in its banner, so this one steps aside while there is a draft (out of band after an edit).
 */
export function HeadPreview(props: { appId: string; hasDraft: boolean; oob?: boolean }) {
  return (
    <span id="head-preview" hx-swap-oob={props.oob ? 'true' : undefined}>
      {props.hasDraft ? null : (
        <a class="btn" href={`/apps/${encodeURIComponent(props.appId)}/dry-runs?preview=1`}>
          Preview impact
        </a>
      )}
    </span>
  );
}

const TABS: [ObjectType, string][] = [
  ['user', 'Users'],
  ['group', 'Groups'],
];

/** The page. */
export function MappingsPage(props: MappingsPageProps) {
  const { app, type } = props;
  const appHref = `/apps/${encodeURIComponent(app.id)}`;
  return (
    <Layout
      title={`Attribute mappings · ${app.name}`}
      actor={props.actor}
      csrfToken={props.csrfToken}
      active="overview"
    >
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/">Overview</a> <span aria-hidden="true">/</span> <a href={appHref}>{app.name}</a>{' '}
        <span aria-hidden="true">/</span> <span>Attribute mappings</span>
      </nav>
      <div class="page-head">
        <div>
          <h1>Attribute mappings</h1>
          <p class="muted small">
            Provision Microsoft Entra ID {type === 'user' ? 'Users' : 'Groups'} to {app.name}
          </p>
        </div>
        <span class="head-actions">
          <HeadPreview appId={app.id} hasDraft={props.draft.hasDraft} />
          <a class="btn" href={`${appHref}#provisioning`}>
            Back to provisioning
          </a>
        </span>
      </div>
      <nav class="subnav" aria-label="Object types">
        {TABS.map(([t, label]) => (
          <a href={`${appHref}/mappings/${t}`} aria-current={t === type ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <DraftBanner {...props.draft} />
      <CycleNotice show={props.cycleNotice} />
      <MappingsSection {...props.mappings} />
      <ScopingSection {...props.scoping} />
      <ExpressionTesterCard appId={app.id} withUser={type === 'user'} />
    </Layout>
  );
}
