/**
 * "Preview impact" of a mapping draft: a dry run of a full cycle planned with the draft's mappings and scoping
 * filters in place of the published ones. The plan is stored like any other, labelled as a draft preview; the
 * published configuration and the job are untouched.
 */

import { columnsOf } from '../apps/mapping-draft-diff';
import { getDraft } from '../apps/mapping-drafts';
import type { EngineDeps } from '../engine/context';
import type { Actor } from '../kernel/actor';
import { ConflictError } from '../kernel/errors';
import type { BackgroundJobs } from './background-jobs';
import { startDryRun } from './dry-run/run';

export const DRAFT_PREVIEW_LABEL = 'Preview of the unpublished mapping draft';

/** Start planning a full cycle against the draft (in the background, like any dry run); returns the plan's id. */
export function previewDraft(
  deps: EngineDeps,
  jobs: BackgroundJobs,
  actor: Actor,
  appId: string,
): { dryRunId: string } {
  const state = getDraft(deps.db, appId);
  if (!state.hasDraft) throw new ConflictError('no_draft', 'There is no unpublished draft of the mappings to preview.');
  const draft = columnsOf(state.draft);
  const { plan } = startDryRun(deps, jobs, actor, appId, 'full', {
    app: (a) => ({ ...a, ...draft }),
    label: DRAFT_PREVIEW_LABEL,
  });
  return { dryRunId: plan.id };
}
