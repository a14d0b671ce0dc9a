/**
 * The fields of an LDAP source form. `connection` is what a new source needs (the rest defaults by flavour);
 * `all` adds filters, anchor, schedule, deletion threshold, CA file and the attribute map. The bind password is
 * never rendered back: on a saved source it is empty and "leave empty to keep".
 */
import type { LdapFormValues } from '../../src/web/ldap-source-form';
import { control, Field, type FieldErrors } from './field';

/** The flavour defaults, shown as placeholders so an empty field says what it falls back to. */
export interface LdapPlaceholders {
  userFilter: string;
  groupFilter: string;
  anchor: string;
}

interface Props {
  values: LdapFormValues;
  errors?: FieldErrors | undefined;
  /** true on a saved source: the password is optional. */
  saved: boolean;
  placeholders?: LdapPlaceholders | undefined;
}

/** Name, URL, StartTLS, bind DN and password, base DN, flavour. */
export function LdapConnectionFields(props: Props) {
  const { values: v, errors } = props;
  return (
    <>
      <Field label="Name" name="name" errors={errors} hint="Shown in the provisioning log, e.g. Corp AD.">
        <input type="text" required maxlength={100} value={v.name} {...control('name', errors, true)} />
      </Field>
      <Field label="URL" name="url" errors={errors} hint="ldap://host:389 or ldaps://host:636">
        <input type="text" required value={v.url} spellcheck={false} {...control('url', errors, true)} />
      </Field>
      <div class={errors?.startTls ? 'field check has-error' : 'field check'}>
        <input type="checkbox" {...control('startTls', errors)} checked={v.startTls === 'on'} />
        <label for="startTls">Use StartTLS on ldap:// (RFC 4513 §3)</label>
      </div>
      <Field label="Bind DN" name="bindDn" errors={errors}>
        <input type="text" required value={v.bindDn} spellcheck={false} {...control('bindDn', errors)} />
      </Field>
      <Field
        label="Bind password"
        name="bindPassword"
        errors={errors}
        hint={props.saved ? 'Leave empty to keep the saved password.' : 'Stored encrypted; never shown again.'}
      >
        <input
          type="password"
          autocomplete="new-password"
          required={!props.saved}
          value=""
          {...control('bindPassword', errors, true)}
        />
      </Field>
      <Field label="Base DN" name="baseDn" errors={errors}>
        <input type="text" required value={v.baseDn} spellcheck={false} {...control('baseDn', errors)} />
      </Field>
      <Field label="Flavour" name="flavor" errors={errors} hint="Sets the default filters, anchor and attribute map.">
        <select {...control('flavor', errors, true)}>
          <option value="openldap" selected={v.flavor !== 'ad'}>
            OpenLDAP (inetOrgPerson)
          </option>
          <option value="ad" selected={v.flavor === 'ad'}>
            Active Directory
          </option>
        </select>
      </Field>
    </>
  );
}

/** Everything after the connection: what is read, how often, and the guards. */
export function LdapSyncFields(props: Props) {
  const { values: v, errors } = props;
  const ph = props.placeholders;
  const empty = 'Empty: the flavour default (shown greyed).';
  return (
    <>
      <Field label="User filter" name="userFilter" errors={errors} hint={empty}>
        <input type="text" value={v.userFilter} placeholder={ph?.userFilter} {...control('userFilter', errors, true)} />
      </Field>
      <Field label="Group filter" name="groupFilter" errors={errors} hint={empty}>
        <input
          type="text"
          value={v.groupFilter}
          placeholder={ph?.groupFilter}
          {...control('groupFilter', errors, true)}
        />
      </Field>
      <div class="field-row">
        <Field label="Anchor attribute" name="anchor" errors={errors} hint="Keeps a user across renames and moves.">
          <input type="text" value={v.anchor} placeholder={ph?.anchor} {...control('anchor', errors, true)} />
        </Field>
        <Field label="Page size" name="pageSize" errors={errors} hint="Entries per paged search (RFC 2696).">
          <input type="number" min="1" max="5000" value={v.pageSize} {...control('pageSize', errors, true)} />
        </Field>
      </div>
      <Field
        label="Enabled expression"
        name="enabledExpression"
        errors={errors}
        hint='Gives accountEnabled, e.g. IIF([employeeType]="Disabled", "False", "True"). Empty: AD reads userAccountControl; OpenLDAP users are enabled.'
      >
        <input
          type="text"
          value={v.enabledExpression}
          spellcheck={false}
          {...control('enabledExpression', errors, true)}
        />
      </Field>
      <div class="field-row">
        <Field label="Poll every (seconds)" name="pollSeconds" errors={errors} hint="Incremental import.">
          <input type="number" min="5" value={v.pollSeconds} {...control('pollSeconds', errors, true)} />
        </Field>
        <Field
          label="Reconcile every (minutes)"
          name="reconcileMinutes"
          errors={errors}
          hint="Full import; finds deletes."
        >
          <input type="number" min="5" value={v.reconcileMinutes} {...control('reconcileMinutes', errors, true)} />
        </Field>
        <Field
          label="Deletion threshold"
          name="deletionThreshold"
          errors={errors}
          hint="More deletes than this in one sync are held. 0: no guard."
        >
          <input type="number" min="0" value={v.deletionThreshold} {...control('deletionThreshold', errors, true)} />
        </Field>
      </div>
      <div class={errors?.paused ? 'field check has-error' : 'field check'}>
        <input type="checkbox" {...control('paused', errors)} checked={v.paused === 'on'} />
        <label for="paused">Paused (no scheduled syncs; Sync now still works)</label>
      </div>
      <Field label="CA file" name="caFile" errors={errors} hint="PEM file on the Provisio server, for ldaps/StartTLS.">
        <input type="text" value={v.caFile} spellcheck={false} {...control('caFile', errors, true)} />
      </Field>
      <Field
        label="Custom attribute map (JSON)"
        name="attributeMap"
        errors={errors}
        hint="Empty: the flavour's map (the table below). A JSON array of Direct / Constant / Expression mappings."
      >
        <textarea rows={6} class="mono" spellcheck={false} {...control('attributeMap', errors, true)}>
          {v.attributeMap}
        </textarea>
      </Field>
    </>
  );
}
