/**
 * One user through Entra's steps: import → scope → match → action → export. SCIM calls happen first;
 * the result is then written (link + log row + counters) atomically in a group commit, which every path
 * awaits: `processUser` returns only once its outcome is durable.
 */
import type { ScimExchange } from '../../scim/client';
import type { CycleContext, HeldAction } from '../context';
import { type ObjectIo, recordingIo } from '../exchanges';
import { withIntents } from '../intents/intent-client';
import { gateAction } from './action-gates';
import { optionSkip, skippedOutcome } from './action-result';
import { decide, loadSubject } from './evaluate';
import { type ActionInput, executeAction } from './export-action';
import { toLogError } from './log-error';
import { journalReportsOnLink } from './manager-ref';
import { type Outcome, recordOutcome } from './record-outcome';
import { exportStep, processingStep } from './steps';

/** Process one user; never throws (a failure becomes a failure log row with the exchanges made). */
export async function processUser(ctx: CycleContext, sourceId: string, changeKind: string | null): Promise<void> {
  const io = recordingIo(ctx.client);
  await processOne(ctx, sourceId, changeKind, io);
  watchAuth(ctx, io.exchanges.all);
}

/**
 * A 401 or 403 on any request means the target rejects us: quarantine at once and take no more work, rather
 * than fail every remaining object against a target that will refuse them all.
 */
export function watchAuth(ctx: CycleContext, exchanges: readonly ScimExchange[]): void {
  const denied = exchanges.find((x) => x.status === 401 || x.status === 403);
  if (!denied || ctx.halt) return;
  ctx.halt = {
    reason: 'EncounteredQuarantineException',
    detail: `the target rejected the secret token (HTTP ${denied.status} on ${denied.method} ${denied.path.split('?')[0]})`,
  };
}

/** Record an exception that escaped the action as a failure of the object. */
async function recordFailure(
  ctx: CycleContext,
  input: Pick<ActionInput, 'base' | 'steps' | 'name' | 'sourceId' | 'intents'>,
  err: unknown,
  startedAt: number,
  exchanges: readonly ScimExchange[],
) {
  const error = toLogError(err);
  input.steps.push(exportStep('failure', `Failed to process User '${input.name}': ${error.reason}`));
  ctx.deps.logger.warn(
    { appId: ctx.app.id, cycleId: ctx.cycleId, sourceId: input.sourceId, code: error.errorCode },
    'user failed',
  );
  const outcome: Outcome = {
    ...input.base,
    action: 'other',
    status: 'failure',
    counter: 'failed',
    steps: input.steps,
    modified: [],
    error,
    log: true,
  };
  await recordOutcome(ctx, outcome, startedAt, exchanges, input.intents);
}

/** Carry out an action and record it; used directly, or later for a held disable/delete. */
async function act(ctx: CycleContext, input: ActionInput, startedAt: number) {
  try {
    const outcome = await executeAction(ctx, input);
    const hadLink = input.link !== null;
    await recordOutcome(
      ctx,
      journalReportsOnLink(ctx.deps.db, ctx.app.id, input.sourceId, hadLink, outcome),
      startedAt,
      input.exchanges.all,
      input.intents,
    );
  } catch (err) {
    await recordFailure(ctx, input, err, startedAt, input.exchanges.all);
  }
}

/** A disable/delete waiting for the deletion guard: executed or staged once the cycle's count is known. */
function hold(ctx: CycleContext, input: ActionInput, action: 'disable' | 'delete'): HeldAction {
  return {
    sourceId: input.sourceId,
    // Its own recorder: the log row of the held action shows the exchanges of its execution.
    async execute() {
      const io = recordingIo(ctx.client);
      const run = {
        ...input,
        ...withIntents(ctx, io, { objectType: 'user', sourceId: input.sourceId, name: input.name }),
      };
      await act(ctx, run, ctx.deps.clock.now());
      watchAuth(ctx, run.exchanges.all);
    },
    async stage(reason) {
      input.steps.push(processingStep('skipped', `Held (stagedDelete): ${reason}`));
      const outcome: Outcome = {
        ...input.base,
        action: 'stagedDelete',
        status: 'skipped',
        counter: 'staged',
        steps: input.steps,
        modified: [],
        error: {
          errorCode: 'TooManyDeletes',
          errorCategory: 'nonServiceFailure',
          reason: `The ${action} was held: ${reason}`,
          recommendedAction:
            'If the deletions are intended, an administrator presses Allow deletes on the application page; otherwise fix the assignments or scoping and restart provisioning',
        },
        log: true,
        heldAction: action,
      };
      await recordOutcome(ctx, outcome, ctx.deps.clock.now());
    },
  };
}

async function processOne(ctx: CycleContext, sourceId: string, changeKind: string | null, plain: ObjectIo) {
  const exchanges = plain.exchanges.all;
  const startedAt = ctx.deps.clock.now();
  const subject = loadSubject(ctx, sourceId, changeKind);
  const { link, name, base, steps } = subject;
  const io = withIntents(ctx, plain, { objectType: 'user', sourceId, name });
  try {
    const { plan, source, desired } = decide(ctx, subject);
    if (plan.action === 'skip') {
      steps.push(processingStep('skipped', plan.reason));
      const outcome = skippedOutcome(base, steps, { log: ctx.type !== 'incremental' });
      await recordOutcome(ctx, outcome, startedAt, exchanges);
      return;
    }
    const input: ActionInput = { plan, link, source, desired, sourceId, name, base, steps, ...io };
    const gate = gateAction(ctx.app, plan, ctx.allowDeletes);
    if (gate.kind === 'skip') return await recordOutcome(ctx, optionSkip(input, gate.reason), startedAt, exchanges);
    if (gate.kind === 'hold' && (plan.action === 'disable' || plan.action === 'delete')) {
      ctx.held.push(hold(ctx, input, plan.action));
      return;
    }
    await act(ctx, input, startedAt);
  } catch (err) {
    await recordFailure(ctx, { base, steps, name, sourceId, intents: io.intents }, err, startedAt, exchanges);
  }
}
