/**
 * Realistic provisioning-log entries for the log benchmarks: 6 apps, cycles of ~2,000 events per app, 50,000
 * people, Entra-like steps, modified properties and errors. Row i of `total` is spread evenly over the 180 days
 * before `now` (row order = time order), and the same i always gives the same entry.
 */
import { uuidV7 } from '../src/log/log-id';
import type { LogEntry, ProvisioningStatus, ProvisioningStep, StepType } from '../src/log/types';

export const APPS = ['MindTickle', 'Salesforce', 'Slack', 'Zoom', 'GitHub', 'Workday'];
const FIRST =
  'Olivia Liam Emma Noah Ava Elijah Sophia James Isabella Lucas Mia Mason Amelia Ethan Harper Logan Evelyn Aiden Abigail Jacob Emily Jackson Ella Levi Avery Sebastian Sofia Mateo Camila Jack Aria Owen Scarlett Theodore Victoria Samuel Madison Henry Luna Leo Grace Wyatt Chloe Julian Penelope Luke Layla Daniel Riley Gabriel Zoey Anthony Nora Dylan Lily Isaac Eleanor Grayson Hannah Lincoln'.split(
    ' ',
  );
const LAST =
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann'.split(
    ' ',
  );
const TITLES = 'Senior Engineer,Sales Manager,Account Executive,Support Specialist,Product Designer,Data Analyst'.split(
  ',',
);
const CITIES = ['Berlin', 'London', 'Paris', 'Seattle', 'Madrid', 'Dublin'];
const ERRORS: [string, string][] = [
  ['EntryConflict', 'A user with the same unique value already exists in the target (HTTP 409 Conflict).'],
  ['TooManyRequests', 'The target is throttling requests (HTTP 429 Too Many Requests).'],
  ['Timeout', 'The target did not answer within 30 s (timeout).'],
  ['SchemaAttributeNotFound', 'The target does not know an attribute path in the request (HTTP 400 invalidPath).'],
  ['Unauthorized', 'The target rejected the secret token (HTTP 401 Unauthorized).'],
  [
    'SystemForCrossDomainIdentityManagementBadResponse',
    'The target rejected a value as invalid (HTTP 400 invalidValue).',
  ],
];

const mix = (i: number, salt: number) => (Math.imul(i ^ salt, 2654435761) >>> 0) % 1000;

function step(
  name: string,
  type: StepType,
  status: ProvisioningStatus,
  description: string,
  details: Record<string, string> = {},
): ProvisioningStep {
  return { name, provisioningStepType: type, status, description, details };
}

const idBytes = new Uint8Array(16);
/** Row i's change id: a UUIDv7 of its time (as the engine makes them), the random bits derived from i. */
function changeId(i: number, at: number): string {
  for (let b = 0; b < 16; b++) idBytes[b] = Math.imul(i + 1, 2654435761 + b * 40503) >>> 24;
  return uuidV7(at, i & 0xfff, idBytes);
}

/** Entry i of `total`. */
export function logEntry(i: number, total: number, now: number): LogEntry {
  const a = i % APPS.length;
  const app = APPS[a] ?? 'App';
  const u = mix(i, 17) * 50 + (mix(i, 23) % 50);
  const name = `${FIRST[u % FIRST.length]} ${LAST[Math.floor(u / FIRST.length) % LAST.length]}`;
  const r = mix(i, 5) % 100;
  const status = r < 85 ? 'success' : r < 91 ? 'skipped' : r < 97 ? 'failure' : 'warning';
  const acts = ['create', 'update', 'update', 'update', 'disable', 'delete', 'other'] as const;
  const action = status === 'skipped' ? 'other' : (acts[mix(i, 7) % acts.length] ?? 'update');
  const err = status === 'failure' ? ERRORS[mix(i, 11) % ERRORS.length] : undefined;
  const title = TITLES[mix(i, 13) % TITLES.length] ?? '';
  const steps = [
    step('EntryImport', 'import', 'success', `Retrieved User '${name}' from Provisio directory`, {
      UPN: `${name.replace(' ', '.').toLowerCase()}@contoso.test`,
    }),
    step(
      'EntrySynchronizationScoping',
      'scoping',
      'success',
      'Determine if User in scope by evaluating against each scoping filter',
    ),
    err
      ? step('EntryExportUpdate', 'export', 'failure', `Failed to ${action} User '${name}' in ${app}`)
      : step('EntryExportUpdate', 'export', 'success', `User '${name}' was ${action}d in ${app}`),
  ];
  const modifiedProperties =
    action === 'create' || action === 'update'
      ? [
          { displayName: 'title', oldValue: action === 'create' ? null : 'Associate', newValue: title },
          {
            displayName: 'addresses[type eq "work"].locality',
            oldValue: null,
            newValue: CITIES[mix(i, 19) % CITIES.length] ?? '',
          },
        ]
      : [];
  const at = Math.round(now - ((total - i) * 180 * 86_400_000) / total);
  return {
    id: changeId(i, at),
    appId: `app-${a}`,
    activityDateTime: at,
    jobId: `scim.${a}f3c9e2a41b7d`,
    cycleId: `cyc-${a}-${Math.floor(i / (2000 * APPS.length))}`,
    provisioningAction: action,
    status,
    durationMs: 20 + (mix(i, 29) % 900),
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `00000000-0000-4000-8000-${u.toString(16).padStart(12, '0')}`, displayName: name, type: 'user' },
    target: { id: action === 'create' && err ? null : `${app.toLowerCase()}-${u}`, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: app,
    error: err
      ? { errorCode: err[0], errorCategory: 'nonServiceFailure', reason: err[1], recommendedAction: null }
      : null,
    steps,
    modifiedProperties,
  };
}
