/**
 * The resilience settings of an application: request pacing, accidental-deletions prevention, deprovisioning
 * options (Target Object Actions, skip out-of-scope deletions), failure email and quarantine thresholds.
 * Entra's defaults are prefilled; empty optional numbers mean "none".
 */
import type { Application } from '../../src/apps/applications';
import { control, Field, type FieldErrors, formText } from './field';
import { NoMailWarning } from './test-mail';

export interface AdvancedValues {
  requestsPerSecond: string;
  preventDeletes: boolean;
  deleteThreshold: string;
  deleteThresholdPercent: string;
  skipOutOfScopeDeletions: boolean;
  actionCreate: boolean;
  actionUpdate: boolean;
  actionDelete: boolean;
  sendFailureEmail: boolean;
  quarantineMinFailures: string;
  quarantineFailurePercent: string;
  quarantineBackoffHours: string;
}

const CHECKS = [
  'preventDeletes',
  'skipOutOfScopeDeletions',
  'actionCreate',
  'actionUpdate',
  'actionDelete',
  'sendFailureEmail',
] as const;

/** Stored values as form values. */
export function advancedValuesOf(app: Application): AdvancedValues {
  const opt = (n: number | null) => (n === null ? '' : String(n));
  return {
    requestsPerSecond: opt(app.requestsPerSecond),
    preventDeletes: app.preventDeletes,
    deleteThreshold: String(app.deleteThreshold),
    deleteThresholdPercent: opt(app.deleteThresholdPercent),
    skipOutOfScopeDeletions: app.skipOutOfScopeDeletions,
    actionCreate: app.actionCreate,
    actionUpdate: app.actionUpdate,
    actionDelete: app.actionDelete,
    sendFailureEmail: app.sendFailureEmail,
    quarantineMinFailures: String(app.quarantineMinFailures),
    quarantineFailurePercent: String(app.quarantineFailurePercent),
    quarantineBackoffHours: app.quarantineBackoffHours,
  };
}

/** Submitted form values (an unticked checkbox is absent from the form). */
export function advancedValuesFrom(body: Record<string, unknown>): AdvancedValues {
  const checks = Object.fromEntries(CHECKS.map((k) => [k, body[k] === 'on'])) as Record<
    (typeof CHECKS)[number],
    boolean
  >;
  return {
    ...checks,
    requestsPerSecond: formText(body.requestsPerSecond),
    deleteThreshold: formText(body.deleteThreshold),
    deleteThresholdPercent: formText(body.deleteThresholdPercent),
    quarantineMinFailures: formText(body.quarantineMinFailures),
    quarantineFailurePercent: formText(body.quarantineFailurePercent),
    quarantineBackoffHours: formText(body.quarantineBackoffHours),
  };
}

/** Form values → updateApplication input: empty optional numbers clear them, empty required ones are left out. */
export function advancedInput(v: AdvancedValues): Record<string, unknown> {
  const input: Record<string, unknown> = Object.fromEntries(CHECKS.map((k) => [k, v[k]]));
  input.requestsPerSecond = v.requestsPerSecond ? Number(v.requestsPerSecond) : null;
  input.deleteThresholdPercent = v.deleteThresholdPercent ? Number(v.deleteThresholdPercent) : null;
  for (const k of ['deleteThreshold', 'quarantineMinFailures', 'quarantineFailurePercent'] as const) {
    if (v[k]) input[k] = Number(v[k]);
  }
  if (v.quarantineBackoffHours) input.quarantineBackoffHours = v.quarantineBackoffHours;
  return input;
}

/** The field names, so a validation message lands next to its field. */
export const ADVANCED_FIELDS: readonly string[] = [
  'requestsPerSecond',
  'deleteThreshold',
  'deleteThresholdPercent',
  'quarantineMinFailures',
  'quarantineFailurePercent',
  'quarantineBackoffHours',
  ...CHECKS,
];

function Check(props: { name: (typeof CHECKS)[number]; label: string; v: AdvancedValues; errors?: FieldErrors }) {
  return (
    <div class="field check">
      <input type="checkbox" {...control(props.name, props.errors)} checked={props.v[props.name]} />
      <label for={props.name}>{props.label}</label>
    </div>
  );
}

/** Editable fieldsets (inside the settings form). */
export function AdvancedFields(props: {
  values: AdvancedValues;
  errors?: FieldErrors | undefined;
  mailConfigured?: boolean | undefined;
}) {
  const { values: v, errors } = props;
  const e = errors ?? {};
  return (
    <>
      <fieldset>
        <legend>Requests</legend>
        <Field
          label="Requests per second (ceiling)"
          name="requestsPerSecond"
          errors={errors}
          hint="Empty: no ceiling. Provisio also paces below a rate the target enforces with 429s."
        >
          <input
            type="number"
            min="0.1"
            step="any"
            {...control('requestsPerSecond', errors, true)}
            value={v.requestsPerSecond}
          />
        </Field>
      </fieldset>
      <fieldset>
        <legend>Deprovisioning</legend>
        <Check name="preventDeletes" label="Prevent accidental deletions" v={v} errors={e} />
        <Field
          label="Accidental deletion threshold"
          name="deleteThreshold"
          errors={errors}
          hint="Disables + deletes per cycle; over it, all are held."
        >
          <input type="number" min="1" {...control('deleteThreshold', errors, true)} value={v.deleteThreshold} />
        </Field>
        <Field
          label="…or percentage of linked users"
          name="deleteThresholdPercent"
          errors={errors}
          hint="Optional (1–100)."
        >
          <input
            type="number"
            min="1"
            max="100"
            {...control('deleteThresholdPercent', errors, true)}
            value={v.deleteThresholdPercent}
          />
        </Field>
        <Check
          name="skipOutOfScopeDeletions"
          label="Skip out-of-scope deletions (never disable users who leave the scope)"
          v={v}
          errors={e}
        />
        <p class="hint">Target Object Actions</p>
        <Check name="actionCreate" label="Create" v={v} errors={e} />
        <Check name="actionUpdate" label="Update" v={v} errors={e} />
        <Check name="actionDelete" label="Delete (disables and deletes)" v={v} errors={e} />
      </fieldset>
      <fieldset>
        <legend>Notifications and quarantine</legend>
        <Check name="sendFailureEmail" label="Send an email notification when a failure occurs" v={v} errors={e} />
        {props.mailConfigured === false ? <NoMailWarning /> : null}
        <Field
          label="Quarantine: minimum failures"
          name="quarantineMinFailures"
          errors={errors}
          hint="The failure proportion is evaluated from this many failures in a cycle (Entra: 5,000)."
        >
          <input
            type="number"
            min="1"
            {...control('quarantineMinFailures', errors, true)}
            value={v.quarantineMinFailures}
          />
        </Field>
        <Field
          label="Quarantine: failure percentage"
          name="quarantineFailurePercent"
          errors={errors}
          hint="Quarantine when more than this % of a cycle's objects fail (Entra: 40)."
        >
          <input
            type="number"
            min="1"
            max="100"
            {...control('quarantineFailurePercent', errors, true)}
            value={v.quarantineFailurePercent}
          />
        </Field>
        <Field
          label="Quarantine retry schedule (hours)"
          name="quarantineBackoffHours"
          errors={errors}
          hint="Comma list; the last repeats (Entra: 6,12,24)."
        >
          <input type="text" {...control('quarantineBackoffHours', errors, true)} value={v.quarantineBackoffHours} />
        </Field>
      </fieldset>
    </>
  );
}

/** Read-only rows (inside the settings <dl>). */
export function AdvancedReadOnly(props: { values: AdvancedValues; mailConfigured?: boolean | undefined }) {
  const v = props.values;
  const yes = (b: boolean) => (b ? 'Yes' : 'No');
  const actions = [v.actionCreate && 'Create', v.actionUpdate && 'Update', v.actionDelete && 'Delete'].filter(Boolean);
  return (
    <>
      <dt>Requests per second (ceiling)</dt>
      <dd>{v.requestsPerSecond || 'No ceiling'}</dd>
      <dt>Prevent accidental deletions</dt>
      <dd>
        {v.preventDeletes
          ? `Yes, threshold ${v.deleteThreshold}${v.deleteThresholdPercent ? ` or ${v.deleteThresholdPercent} %` : ''}`
          : 'No'}
      </dd>
      <dt>Skip out-of-scope deletions</dt>
      <dd>{yes(v.skipOutOfScopeDeletions)}</dd>
      <dt>Target Object Actions</dt>
      <dd>{actions.join(', ') || 'None'}</dd>
      <dt>Email on failure</dt>
      <dd>
        {yes(v.sendFailureEmail)}
        {v.sendFailureEmail && props.mailConfigured === false ? <NoMailWarning /> : null}
      </dd>
      <dt>Quarantine</dt>
      <dd>
        over {v.quarantineFailurePercent} % failures once {v.quarantineMinFailures} fail; retries after{' '}
        {v.quarantineBackoffHours} h
      </dd>
    </>
  );
}
