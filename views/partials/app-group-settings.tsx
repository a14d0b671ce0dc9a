/**
 * Group provisioning options of an application (issue 4): provision groups On/Off (Entra lets the group
 * mapping be disabled), flatten nested groups, and the most members one PATCH may carry.
 */
import type { Application } from '../../src/apps/applications';
import { FormErrors } from './error-summary';
import { Csrf, control, Field, type FieldErrors, formText } from './field';

export interface GroupSettingsValues {
  provisionGroups: boolean;
  flattenNestedGroups: boolean;
  groupMembersPerRequest: string;
}

export function groupSettingsOf(app: Application): GroupSettingsValues {
  return {
    provisionGroups: app.provisionGroups,
    flattenNestedGroups: app.flattenNestedGroups,
    groupMembersPerRequest: String(app.groupMembersPerRequest),
  };
}

/** Submitted form values (an unticked checkbox is absent). */
export function groupSettingsFrom(body: Record<string, unknown>): GroupSettingsValues {
  return {
    provisionGroups: body.provisionGroups === 'on',
    flattenNestedGroups: body.flattenNestedGroups === 'on',
    groupMembersPerRequest: formText(body.groupMembersPerRequest),
  };
}

/** Form values → updateApplication input (a non-number is passed on for the validator to name). */
export function groupSettingsInput(v: GroupSettingsValues): Record<string, unknown> {
  const n = Number(v.groupMembersPerRequest);
  return {
    provisionGroups: v.provisionGroups,
    flattenNestedGroups: v.flattenNestedGroups,
    groupMembersPerRequest: v.groupMembersPerRequest === '' || Number.isNaN(n) ? v.groupMembersPerRequest : n,
  };
}

export const GROUP_SETTINGS_FIELDS = ['provisionGroups', 'flattenNestedGroups', 'groupMembersPerRequest'];

export function GroupSettings(props: {
  appId: string;
  values: GroupSettingsValues;
  editable: boolean;
  csrfToken: string | null | undefined;
  errors?: FieldErrors | undefined;
}) {
  const v = props.values;
  if (!props.editable) {
    return (
      <dl class="kv">
        <dt>Provision groups</dt>
        <dd>{v.provisionGroups ? 'On' : 'Off'}</dd>
        <dt>Nested groups</dt>
        <dd>{v.flattenNestedGroups ? 'Flattened (nested members are sent)' : 'Direct user members only'}</dd>
        <dt>Members per request</dt>
        <dd>{v.groupMembersPerRequest}</dd>
      </dl>
    );
  }
  return (
    <form method="post" action={`/apps/${props.appId}/group-settings`} id="group-settings-form">
      <Csrf token={props.csrfToken} />
      <FormErrors
        errors={props.errors}
        heading="The group settings were not saved."
        labels={{ groupMembersPerRequest: 'Members per request' }}
      />
      <label class="check">
        <input type="checkbox" name="provisionGroups" checked={v.provisionGroups} /> Provision groups (assigned groups
        are created after their members and kept in step)
      </label>
      <label class="check">
        <input type="checkbox" name="flattenNestedGroups" checked={v.flattenNestedGroups} /> Flatten nested groups (send
        the users of nested groups as members; otherwise direct user members only)
      </label>
      <Field
        label="Members per request"
        name="groupMembersPerRequest"
        errors={props.errors}
        hint="Member additions and removals are sent in PATCH requests of at most this many members (1–1000)."
      >
        <input
          type="number"
          min="1"
          max="1000"
          {...control('groupMembersPerRequest', props.errors, true)}
          value={v.groupMembersPerRequest}
        />
      </Field>
      <button type="submit" class="btn btn-primary">
        Save group settings
      </button>
    </form>
  );
}
