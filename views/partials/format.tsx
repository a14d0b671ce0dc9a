/** Small display helpers shared by pages and partials: times, durations, badges. Pure. */

/** A UTC timestamp in a `<time>` element; public/app.js rewrites the text in the viewer's time zone. */
export function Time(props: { at: number | string | null | undefined }) {
  if (props.at === null || props.at === undefined) return <span class="muted">—</span>;
  const iso = new Date(props.at).toISOString();
  return (
    <time datetime={iso} title={iso}>
      {`${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`}
    </time>
  );
}

/** "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

const LABELS: Record<string, string> = {
  // application / job states (Entra's synchronizationStatus codes)
  not_configured: 'Not configured',
  paused: 'Paused',
  not_run: 'Initial cycle not run',
  running: 'Running',
  active: 'Active',
  quarantine: 'Quarantine',
  // log statuses
  success: 'Success',
  failure: 'Failure',
  skipped: 'Skipped',
  warning: 'Warning',
  // cycle statuses
  succeeded: 'Succeeded',
  entry_errors: 'Completed with errors',
  failed: 'Failed',
  // dry-run plans and drift reports (background jobs)
  ready: 'Ready',
  done: 'Done',
  applied: 'Applied',
  discarded: 'Discarded',
  cancelled: 'Cancelled',
};

const TONES: Record<string, string> = {
  not_configured: 'neutral',
  paused: 'warn',
  not_run: 'neutral',
  running: 'info',
  active: 'ok',
  quarantine: 'bad',
  success: 'ok',
  failure: 'bad',
  skipped: 'neutral',
  warning: 'warn',
  succeeded: 'ok',
  entry_errors: 'warn',
  failed: 'bad',
  ready: 'ok',
  done: 'ok',
  applied: 'ok',
  discarded: 'neutral',
  cancelled: 'warn',
};

/** Human label of a state or status code. */
export function labelOf(code: string): string {
  return Object.hasOwn(LABELS, code) ? (LABELS[code] ?? code) : code;
}

/** A coloured badge for a state/status code (colour by class, never inline style). */
export function Badge(props: { code: string }) {
  return (
    <span class={`badge badge-${Object.hasOwn(TONES, props.code) ? TONES[props.code] : 'neutral'}`}>
      {labelOf(props.code)}
    </span>
  );
}

const ACTIONS: Record<string, string> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  disable: 'Disable',
  other: 'Other',
};

/** Entra's capitalised action names. */
export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

/** A query string from defined, non-empty values (order kept). */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}
