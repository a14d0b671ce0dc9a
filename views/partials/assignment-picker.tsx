/**
 * The assignment picker at the top of "Users and groups": a search box with typeahead (htmx swaps the
 * results), ticked results kept as chips across searches, one role for the whole selection, one submit.
 * Without script the Search button posts the form back with the results and the chips; ticked boxes are
 * the selection either way (the server ignores duplicate ids).
 */
import type { CandidateList, CandidateRow } from '../../src/apps/candidate-shape';
import { ErrorSummary } from './error-summary';
import { Csrf, control, type FieldErrors, FormError } from './field';
import { Name } from './safe-text';

export interface PickerValues {
  /** What is typed in the search box. */
  pick: string;
  role: string;
  /** The users and groups chosen so far (chips). */
  chosen: CandidateRow[];
  /** Results of a search posted without script; with script they come from the typeahead. */
  results?: CandidateList | undefined;
}

export const PICKER_LABELS = { pick: 'Find users and groups', role: 'Role for the selection' } as const;

export function KindTag(props: { kind: 'user' | 'group' }) {
  return <span class={`kind-tag kind-${props.kind}`}>{props.kind === 'user' ? 'User' : 'Group'}</span>;
}

/** UPN and, when it differs, the email; nothing for a group. */
export function Addresses(props: { upn: string | null; mail: string | null }) {
  if (!props.upn) return null;
  const mail = props.mail && props.mail.toLowerCase() !== props.upn.toLowerCase() ? props.mail : null;
  return (
    <span class="pick-addr">
      <Name value={props.upn} />
      {mail ? (
        <>
          {' · '}
          <Name value={mail} />
        </>
      ) : null}
    </span>
  );
}

/** The results list (the typeahead's fragment, and the no-script page's). */
export function CandidateResults(props: { q: string; list: CandidateList; chosen: ReadonlySet<string> }) {
  const { items } = props.list;
  const summary = !props.q
    ? ''
    : items.length === 0
      ? `No user or group matches "${props.q}".`
      : `${items.length}${props.list.more ? '+' : ''} found for "${props.q}".`;
  return (
    <>
      <p class="muted small pick-summary" data-pick-summary={summary}>
        {summary}
      </p>
      {items.length > 0 ? (
        <ul class="pick-list">
          {items.map((c) => (
            <li class={c.assignedRole ? 'pick-item is-assigned' : 'pick-item'}>
              <label>
                <input
                  type="checkbox"
                  name={c.assignedRole ? undefined : 'principalId'}
                  value={c.id}
                  checked={props.chosen.has(c.id)}
                  disabled={Boolean(c.assignedRole)}
                  data-pick-kind={c.kind}
                  data-pick-name={c.name}
                />
                <KindTag kind={c.kind} />
                <span class="pick-name">
                  <Name value={c.name} />
                </span>
                <Addresses upn={c.userPrincipalName} mail={c.mail} />
                {c.assignedRole ? <span class="badge badge-neutral">Assigned as {c.assignedRole}</span> : null}
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {props.list.more ? (
        <p class="muted small">Only the first {items.length} are shown: type more to narrow.</p>
      ) : null}
    </>
  );
}

/** A chosen user or group: a ticked box; untick to drop it from the selection. */
export function Chip(props: { row: CandidateRow }) {
  const r = props.row;
  return (
    <label class="chip">
      <input type="checkbox" name="principalId" value={r.id} checked data-chip />
      <KindTag kind={r.kind} /> <Name value={r.name} />
    </label>
  );
}

export function AssignmentPicker(props: {
  appId: string;
  roles: { displayName: string; isDefaultAccess: boolean }[];
  csrfToken: string | null | undefined;
  errors?: FieldErrors | undefined;
  values?: PickerValues | undefined;
}) {
  const { errors } = props;
  const v: PickerValues = props.values ?? { pick: '', role: 'User', chosen: [] };
  const chosenIds = new Set(v.chosen.map((r) => r.id));
  const firstBad = errors?.pick ? 'pick' : errors?.role ? 'role' : null;
  return (
    <form method="post" action={`/apps/${props.appId}/assignments`} class="assign-picker" id="assign-form">
      <Csrf token={props.csrfToken} />
      <ErrorSummary errors={errors} heading="Nothing was assigned." labels={PICKER_LABELS} />
      <FormError errors={errors} />
      <h3>Add users and groups</h3>
      <div class={errors?.pick ? 'field has-error' : 'field'}>
        <label for="pick">{PICKER_LABELS.pick}</label>
        <div class="pick-search">
          <input
            type="search"
            {...control('pick', errors, true)}
            value={v.pick}
            maxlength={200}
            autocomplete="off"
            autofocus={firstBad === 'pick'}
            aria-controls="pick-results"
            hx-get={`/apps/${props.appId}/assignment-candidates`}
            hx-trigger="input changed delay:250ms, search"
            hx-include="#pick, #pick-chosen input"
            hx-target="#pick-results"
            hx-swap="innerHTML"
          />
          <button type="submit" name="do" value="search" class="btn">
            Search
          </button>
        </div>
        <p class="hint" id="pick-hint">
          Type part of a name, UPN, email or group name, then tick everyone to assign. Ticked ones stay selected when
          you search again.
        </p>
        {errors?.pick ? (
          <p class="field-error" id="pick-error">
            {errors.pick}
          </p>
        ) : null}
      </div>
      {/* The typeahead's result count is read out from here (assign-picker.js copies it after each swap). */}
      <p class="sr-only" id="pick-status" role="status" aria-live="polite" />
      <div id="pick-results" class="pick-results">
        {v.results ? <CandidateResults q={v.pick} list={v.results} chosen={chosenIds} /> : null}
      </div>
      <fieldset class="pick-chosen" id="pick-chosen">
        <legend>
          Selected (<span data-pick-count>{v.chosen.length}</span>)
        </legend>
        <p class="muted small pick-none" hidden={v.chosen.length > 0}>
          Nobody selected yet.
        </p>
        <div class="chips">
          {v.chosen.map((r) => (
            <Chip row={r} />
          ))}
        </div>
      </fieldset>
      <div class="pick-actions">
        <div class={errors?.role ? 'field has-error' : 'field'}>
          <label for="role">{PICKER_LABELS.role}</label>
          <select {...control('role', errors)} autofocus={firstBad === 'role'}>
            {props.roles.map((r) => (
              <option value={r.displayName} selected={v.role === r.displayName}>
                {r.isDefaultAccess ? `${r.displayName} (excluded from provisioning)` : r.displayName}
              </option>
            ))}
          </select>
          {errors?.role ? (
            <p class="field-error" id="role-error">
              {errors.role}
            </p>
          ) : null}
        </div>
        <button type="submit" name="do" value="assign" class="btn btn-primary">
          Assign <span data-pick-count>{v.chosen.length}</span> selected
        </button>
      </div>
      <script src="/static/assign-picker.js" defer></script>
    </form>
  );
}
