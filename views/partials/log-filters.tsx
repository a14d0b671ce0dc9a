/**
 * The provisioning-log filter form: a plain GET form, so every filter (and the sort) ends up in the URL and a
 * search can be shared. Entra's default filters come first, on one line on a wide screen (so the list below
 * keeps the height); the rest, Cycle ID among them as in Entra, sit under "More filters". From and To show
 * only for a custom interval (or when they hold a value), by CSS, so this works without script.
 */
import { appOptions, SelectField } from './field';

/** The form's values as typed (dates as datetime-local text in the viewer's zone). */
export interface LogFilterValues {
  appId: string;
  status: string;
  action: string;
  range: string;
  from: string;
  to: string;
  identity: string;
  jobId: string;
  cycleId: string;
  changeId: string;
  sourceSystem: string;
  targetSystem: string;
  errorCode: string;
  q: string;
  sort: string;
}

function Text(props: {
  name: keyof LogFilterValues;
  label: string;
  value: string;
  placeholder?: string;
  class?: string;
}) {
  return (
    <div class={props.class ? `field ${props.class}` : 'field'}>
      <label for={`f-${props.name}`}>{props.label}</label>
      <input
        id={`f-${props.name}`}
        type="text"
        name={props.name}
        value={props.value}
        placeholder={props.placeholder}
        spellcheck={false}
      />
    </div>
  );
}

const RANGES: [string, string][] = [
  ['', 'Any time'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['custom', 'Custom time interval'],
];
const STATUSES: [string, string][] = [
  ['', 'All'],
  ['success', 'Success'],
  ['failure', 'Failure'],
  ['skipped', 'Skipped'],
  ['warning', 'Warning'],
];
const ACTIONS: [string, string][] = [
  ['', 'All'],
  ['create', 'Create'],
  ['update', 'Update'],
  ['delete', 'Delete'],
  ['disable', 'Disable'],
  ['other', 'Other'],
  ['stagedDelete', 'StagedDelete'],
];
const SORTS: [string, string][] = [
  ['', 'Newest first'],
  ['date-asc', 'Oldest first'],
  ['duration-desc', 'Longest first'],
  ['duration-asc', 'Shortest first'],
];

/** The form. */
export function LogFilters(props: { filters: LogFilterValues; apps: { id: string; name: string }[] }) {
  const f = props.filters;
  const more = Boolean(f.cycleId || f.jobId || f.changeId || f.sourceSystem || f.targetSystem || f.errorCode);
  const custom = `field range-custom${f.range === 'custom' || f.from || f.to ? ' has-value' : ''}`;
  return (
    <form method="get" action="/logs" class="filters card log-filters" aria-label="Filter provisioning logs">
      <div class="field grow">
        <label for="f-q">Search</label>
        <input
          id="f-q"
          type="search"
          name="q"
          value={f.q}
          placeholder='Words, "exact phrase" or prefix* in names, errors, steps and values'
        />
      </div>
      <div class="field grow">
        <label for="f-identity">Identity</label>
        <input
          id="f-identity"
          type="search"
          name="identity"
          value={f.identity}
          placeholder="Name or source/target ID"
        />
      </div>
      <SelectField
        id="f-appId"
        name="appId"
        label="Application"
        value={f.appId}
        options={appOptions(props.apps, 'All applications')}
      />
      <SelectField id="f-status" name="status" label="Status" value={f.status} options={STATUSES} />
      <SelectField id="f-action" name="action" label="Action" value={f.action} options={ACTIONS} />
      <SelectField id="f-range" name="range" label="Date" value={f.range} options={RANGES} />
      <div class={custom}>
        <label for="f-from">From</label>
        <input id="f-from" type="datetime-local" name="from" value={f.from} />
      </div>
      <div class={custom}>
        <label for="f-to">To</label>
        <input id="f-to" type="datetime-local" name="to" value={f.to} />
      </div>
      <SelectField id="f-sort" name="sort" label="Sort" value={f.sort} options={SORTS} />
      <div class="actions">
        <button type="submit" class="btn btn-primary">
          Apply
        </button>
        <a class="btn btn-quiet" href="/logs">
          Reset
        </a>
      </div>
      <details class="more-filters" open={more}>
        <summary>More filters</summary>
        <div class="more-filters-grid">
          <Text name="cycleId" label="Cycle ID" value={f.cycleId} />
          <Text name="jobId" label="Job ID" value={f.jobId} />
          <Text name="changeId" label="Change ID" value={f.changeId} />
          <Text name="sourceSystem" label="Source system" value={f.sourceSystem} />
          <Text name="targetSystem" label="Target system" value={f.targetSystem} />
          <Text name="errorCode" label="Error code" value={f.errorCode} placeholder="e.g. EntryConflict" />
        </div>
      </details>
      {/* public/app.js fills in the browser's UTC offset so custom From/To are read in the viewer's zone. */}
      <input type="hidden" name="tz" value="" data-tz-offset="" />
    </form>
  );
}
