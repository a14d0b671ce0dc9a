/**
 * SelectUniqueValue on create (entra.md §6.2): each candidate the mapping's rules give, in order, is looked up
 * in the target (`GET /Users?filter=<attr> eq "<candidate>"`) until one is not held by anybody; that one is
 * sent. When every candidate is taken the user fails with `SelectUniqueValueExhausted` and is retried from
 * escrow, as Entra escrows it. Create only: the mapping rules (mapping/select-unique.ts) refuse it elsewhere.
 */
import type { MappedValues } from '../../mapping/apply';
import { uniqueChoices } from '../../mapping/select-unique';
import { eqFilter } from '../../scim/filter';
import type { CycleContext } from '../context';
import { type ActionInput, failure } from './action-result';
import type { Outcome } from './record-outcome';
import { matchingStep } from './steps';

export const NO_UNIQUE_VALUE = 'SelectUniqueValueExhausted';

/**
 * Replace each SelectUniqueValue value in `mapped` (the first candidate, as evaluated without a target) by
 * the first candidate the target does not hold. Returns a failure outcome to end the create, or null.
 */
export async function chooseUniqueValues(
  ctx: CycleContext,
  input: ActionInput,
  mapped: MappedValues,
): Promise<Outcome | null> {
  let choices: ReturnType<typeof uniqueChoices>;
  try {
    choices = uniqueChoices(ctx.mappings, input.source ?? {}, ctx.deps.mappingEnv);
  } catch (err) {
    return failure(ctx, input, 'create', err);
  }
  for (const choice of choices) {
    // No rule gave a value: the mapping's default (if any) goes as it is, there is nothing to choose.
    if (choice.candidates.length === 0) continue;
    const hidden = choice.redacted || mapped.redacted.has(choice.target);
    const shown = (v: string) => (hidden ? '[Redact]' : `'${v}'`);
    const taken: string[] = [];
    let chosen: string | undefined;
    for (const candidate of choice.candidates) {
      let holders: unknown[];
      try {
        holders = await input.client.findUsers(eqFilter(choice.target, candidate));
      } catch (err) {
        return failure(ctx, input, 'create', err);
      }
      if (holders.length === 0) {
        chosen = candidate;
        break;
      }
      taken.push(shown(candidate));
    }
    const tried = { 'SelectUniqueValue candidates taken': taken.join(', ') };
    if (chosen === undefined) {
      const reason = `SelectUniqueValue found no free value for ${choice.target}: ${ctx.targetSystem} already holds every candidate (${taken.join(', ')})`;
      input.steps.push(matchingStep('failure', reason, tried));
      const error = {
        errorCode: NO_UNIQUE_VALUE,
        errorCategory: 'nonServiceFailure' as const,
        reason,
        recommendedAction:
          'Add a rule to the SelectUniqueValue expression that gives a value the target does not hold, or free one in the target',
      };
      return failure(ctx, input, 'create', { code: NO_UNIQUE_VALUE, message: reason }, { error });
    }
    mapped.values[choice.target] = chosen;
    input.steps.push(
      matchingStep(
        'success',
        `SelectUniqueValue chose ${shown(chosen)} for ${choice.target}: no User in ${ctx.targetSystem} holds it`,
        tried,
      ),
    );
  }
  return null;
}
