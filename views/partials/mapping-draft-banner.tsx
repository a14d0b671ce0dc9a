/**
 * The mapping draft banner (issue 15 item 7) above the mapping editors: what the unpublished draft changes,
 * and Preview impact, Publish (which starts the new initial cycle) and Discard. With provisioning On and no
 * draft it says that edits will be kept as a draft. With `oob` it rides along a section's htmx response.
 */
import type { PartChange } from '../../src/apps/mapping-draft-diff';
import { Csrf } from './field';
import { Time } from './format';

export const DRAFT_BANNER_ID = 'draft-banner';

export interface DraftBannerProps {
  appId: string;
  type: 'user' | 'group';
  /** Edits go to a draft (provisioning is On or a draft exists). */
  drafting: boolean;
  hasDraft: boolean;
  stale: boolean;
  changes: PartChange[];
  changeCount: number;
  updatedAt: number | null;
  updatedBy: string | null;
  editable: boolean;
  csrfToken: string | null | undefined;
  /** Why the last publish/discard/preview was refused. */
  error?: string | undefined;
  oob?: boolean;
}

const PART_LABELS = {
  userMappings: 'User mappings',
  groupMappings: 'Group mappings',
  userScoping: 'User scoping filters',
  groupScoping: 'Group scoping filters',
} as const;

function Change(props: { c: PartChange }) {
  const { c } = props;
  const rows = [
    c.added.length ? `added ${c.added.join(', ')}` : '',
    c.changed.length ? `changed ${c.changed.join(', ')}` : '',
    c.removed.length ? `removed ${c.removed.join(', ')}` : '',
  ].filter(Boolean);
  return (
    <li>
      <strong>{PART_LABELS[c.part]}</strong>: {rows.length ? rows.join('; ') : 'changed'}
    </li>
  );
}

export function DraftBanner(props: DraftBannerProps) {
  const base = `/apps/${encodeURIComponent(props.appId)}/mappings/draft`;
  const oob = props.oob ? 'true' : undefined;
  if (!props.hasDraft) {
    return (
      <div id={DRAFT_BANNER_ID} hx-swap-oob={oob}>
        {props.drafting && props.editable ? (
          <p class="muted small draft-note">
            Provisioning is On: your changes are kept as a draft. Nothing reaches the target, and no new cycle starts,
            until you publish the draft.
          </p>
        ) : null}
      </div>
    );
  }
  const n = props.changeCount;
  return (
    <div id={DRAFT_BANNER_ID} hx-swap-oob={oob}>
      <section class="alert alert-warn draft-banner" aria-labelledby="draft-heading">
        <h2 id="draft-heading" class="draft-title">
          Draft — not published: {n} {n === 1 ? 'change' : 'changes'}
        </h2>
        <ul class="draft-changes">
          {props.changes.map((c) => (
            <Change c={c} />
          ))}
        </ul>
        <p class="muted small">
          Last edited {props.updatedAt ? <Time at={props.updatedAt} /> : null} by {props.updatedBy ?? 'unknown'}. The
          published mappings stay in use until you publish.
        </p>
        {props.error ? (
          <p class="alert alert-error error-summary" role="alert" id="draft-error">
            {props.error}
          </p>
        ) : null}
        {props.stale ? (
          <p class="alert alert-error" role="alert">
            The published mappings or scoping filters changed after this draft was started (for example through the
            API), so it cannot be published. Discard it and make your changes again.
          </p>
        ) : null}
        {props.editable ? (
          <div class="actions">
            <form method="post" action={`${base}/preview`}>
              <Csrf token={props.csrfToken} />
              <button type="submit" class="btn">
                Preview impact
              </button>
            </form>
            <form
              method="post"
              action={`${base}/publish`}
              data-confirm="Publish the draft? This starts a new initial cycle: every assigned user and group is evaluated again with the new mappings and scoping filters."
            >
              <Csrf token={props.csrfToken} />
              <input type="hidden" name="type" value={props.type} />
              <button type="submit" class="btn btn-primary" disabled={props.stale}>
                Publish
              </button>
            </form>
            <form method="post" action={`${base}/discard`} data-confirm="Discard the draft? Its changes are lost.">
              <Csrf token={props.csrfToken} />
              <input type="hidden" name="type" value={props.type} />
              <button type="submit" class="btn">
                Discard draft
              </button>
            </form>
          </div>
        ) : null}
      </section>
    </div>
  );
}
