/**
 * Scoping filters: a read-only list for viewers and operators; for admins one form holding the whole draft.
 * Its buttons (add/remove filter or clause) re-render the draft on the server; Save validates and stores it.
 * A unary operator's value box is hidden by CSS (:has) and its value ignored on the server: no page script.
 */

import type { ObjectType } from '../../src/apps/mappings';
import { clauseText } from '../../src/mapping/scoping';
import type { ScopingFilter } from '../../src/mapping/types';
import { type FieldErrors, FormError } from './field';
import { Clause } from './scoping-clause';
import type { FilterDraft } from './scoping-form';

export const SCOPING_ID = 'scoping-section';

export interface ScopingSectionProps {
  appId: string;
  type: ObjectType;
  filters: ScopingFilter[];
  /** Attributes a clause may test (single-valued source attributes). */
  attributes: readonly string[];
  editable: boolean;
  draft?: FilterDraft[] | undefined;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
}

function ReadOnly(props: { filters: ScopingFilter[]; type: ObjectType }) {
  if (props.filters.length === 0) {
    return <p class="muted">No scoping filters: every {props.type} in the application's scope is provisioned.</p>;
  }
  return (
    <div class="scoping-list">
      {props.filters.map((f) => (
        <div class="scoping-filter">
          <h3>{f.name}</h3>
          <ul>
            {f.clauses.map((c) => (
              <li>
                <code>{clauseText(c)}</code>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function Filter(props: { f: FilterDraft; i: number; attributes: readonly string[]; errors?: FieldErrors | undefined }) {
  const { f, i, errors } = props;
  const nameError = errors?.[`f.${i}.name`] ?? errors?.[`f.${i}.clauses`];
  return (
    <fieldset class="scoping-filter">
      <legend>{f.name || `Scoping filter ${i + 1}`}</legend>
      <div class={nameError ? 'field has-error' : 'field'}>
        <label for={`f-${i}-name`}>Scoping filter name</label>
        <input
          type="text"
          id={`f-${i}-name`}
          name={`f.${i}.name`}
          value={f.name}
          aria-invalid={nameError ? 'true' : undefined}
        />
        {nameError ? <p class="field-error">{nameError}</p> : null}
      </div>
      <table class="table clauses">
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Operator</th>
            <th scope="col">Value</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {f.clauses.map((c, j) => (
            <Clause c={c} i={i} j={j} attributes={props.attributes} errors={errors} />
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button type="submit" class="btn btn-small" name="op" value={`add-clause:${i}`}>
          Add clause
        </button>
        <button type="submit" class="btn btn-small btn-danger" name="op" value={`remove-filter:${i}`}>
          Remove filter
        </button>
      </div>
    </fieldset>
  );
}

/** The section. */
export function ScopingSection(props: ScopingSectionProps) {
  const draft = props.draft ?? [];
  return (
    <section class="card" id={SCOPING_ID}>
      <h2>Scoping filters</h2>
      <p class="muted small">
        Clauses within a filter must all hold (AND); a {props.type} is in scope when any filter holds (OR).
      </p>
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.editable ? (
        <form
          class="scoping-form"
          hx-post={`/apps/${props.appId}/mappings/${props.type}/scoping`}
          hx-target={`#${SCOPING_ID}`}
          hx-swap="outerHTML"
        >
          {/* Enter in a text box submits with the first submit button: make that one Save, not Remove. */}
          <button type="submit" name="op" value="save" hidden>
            Save
          </button>
          <FormError errors={props.errors} />
          {draft.length === 0 ? <p class="muted">No scoping filters yet.</p> : null}
          {draft.map((f, i) => (
            <Filter f={f} i={i} attributes={props.attributes} errors={props.errors} />
          ))}
          <div class="actions">
            <button type="submit" class="btn" name="op" value="add-filter">
              Add scoping filter
            </button>
            <button type="submit" class="btn btn-primary" name="op" value="save">
              Save scoping filters
            </button>
          </div>
        </form>
      ) : (
        <ReadOnly filters={props.filters} type={props.type} />
      )}
    </section>
  );
}
