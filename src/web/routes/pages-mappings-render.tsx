/**
 * Rendering of the Attribute mappings page (Application → Provisioning → Mappings): the whole page, or one
 * section for htmx with the pending-cycle notice and the draft banner out of band. What is shown is the
 * draft when there is one (issue 15 item 7): the editors edit what will be published.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CycleNotice, HeadPreview, MappingsPage } from '../../../views/pages/mappings';
import { DraftBanner, type DraftBannerProps } from '../../../views/partials/mapping-draft-banner';
import { MappingsSection, type MappingsSectionProps } from '../../../views/partials/mapping-table';
import { ScopingSection, type ScopingSectionProps } from '../../../views/partials/scoping-editor';
import { scopableAttributes, scopingDraftOf } from '../../../views/partials/scoping-form';
import { type DraftState, getDraft } from '../../apps/mapping-drafts';
import { mappingsOf, type ObjectType, scopingOf, usesDefaultMappings } from '../../apps/mappings';
import { hasRole } from '../../auth/roles';
import { customAttributeNames } from '../../directory/custom-attributes';
import type { AppEnv, WebDeps } from '../env';
import { isHtmx } from '../htmx';

type Ctx = Context<AppEnv>;
export type Overrides = {
  mappings?: Partial<MappingsSectionProps>;
  scoping?: Partial<ScopingSectionProps>;
  draft?: Partial<DraftBannerProps>;
  notice?: string | undefined;
};

/** What the page says after a draft action redirected back to it. */
export const DRAFT_NOTICES: Readonly<Record<string, string>> = {
  published: 'Draft published. A new initial cycle starts now: every assigned user and group is evaluated again.',
  discarded: 'Draft discarded. The published mappings and scoping filters are unchanged.',
};

/** Edits go to the draft while provisioning is On (a save would start a new initial cycle) or a draft exists. */
export const drafting = (s: DraftState): boolean => s.hasDraft || s.published.provisioningEnabled;

/** Declared custom attributes (issue 14): source attributes of users only. */
export function customOf(deps: WebDeps, type: ObjectType): string[] {
  return type === 'user' ? customAttributeNames(deps.db) : [];
}

function bannerProps(c: Ctx, s: DraftState, type: ObjectType, editable: boolean): DraftBannerProps {
  const { hasDraft, stale, changes, changeCount, updatedAt, updatedBy } = s;
  const csrfToken = c.get('session')?.csrfToken;
  const common = { hasDraft, stale, changes, changeCount, updatedAt, updatedBy, editable, csrfToken };
  return { appId: s.published.id, type, drafting: drafting(s), ...common };
}

/** Render one section (htmx) or the whole page, from the draft when there is one. */
export function renderMappings(
  c: Ctx,
  deps: WebDeps,
  appId: string,
  type: ObjectType,
  which: 'mappings' | 'scoping',
  o: Overrides,
  status: ContentfulStatusCode = 200,
) {
  const state = getDraft(deps.db, appId);
  const app = state.draft;
  const editable = hasRole(c.get('actor').role, 'admin');
  const scoping = scopingOf(app, type);
  const mappings: MappingsSectionProps = {
    appId,
    type,
    mappings: mappingsOf(app, type),
    defaults: usesDefaultMappings(app, type),
    editable,
    ...o.mappings,
  };
  const scopingProps: ScopingSectionProps = {
    appId,
    type,
    filters: scoping,
    attributes: scopableAttributes(type, customOf(deps, type)),
    editable,
    draft: scopingDraftOf(scoping),
    ...o.scoping,
  };
  const draft = { ...bannerProps(c, state, type, editable), ...o.draft };
  // Right after a publish the page's notice already says the initial cycle starts.
  const notice = !app.initialCycleDone && app.provisioningEnabled && o.notice !== DRAFT_NOTICES.published;
  if (isHtmx(c)) {
    const section = which === 'mappings' ? <MappingsSection {...mappings} /> : <ScopingSection {...scopingProps} />;
    return c.html(
      <>
        {section}
        <CycleNotice show={notice} oob />
        <DraftBanner {...draft} oob />
        <HeadPreview appId={appId} hasDraft={state.hasDraft} oob />
      </>,
      status,
    );
  }
  const session = { actor: c.get('actor'), csrfToken: c.get('session')?.csrfToken };
  const page = { app: { id: app.id, name: app.name }, type, cycleNotice: notice, mappings, scoping: scopingProps };
  return c.html(<MappingsPage {...session} {...page} draft={draft} notice={o.notice} />, status);
}
