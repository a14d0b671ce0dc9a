/**
 * The Troubleshooting tab's table of known error codes (entra.md §2.7), as data: what kind of problem a code
 * is, what it means and what to do. Codes the SCIM error tables produce take their recommended action from
 * those tables, so the wording an admin reads in a row and in this table never drifts apart.
 */
import { HTTP_RULES, NETWORK_RULES, PROTOCOL_RULES } from '../scim/error-table';

export type ProblemKind =
  | 'auth'
  | 'conflict'
  | 'duplicates'
  | 'throttling'
  | 'schema'
  | 'timeout'
  | 'incompatible'
  | 'target'
  | 'data'
  | 'skipped'
  | 'internal';

export interface KnownCode {
  kind: ProblemKind;
  meaning: string;
  action: string;
}

const RETRY = 'No action is needed: the operation is retried in a later cycle.';

const TABLE: Readonly<Record<string, KnownCode>> = {
  Unauthorized: { kind: 'auth', meaning: 'The target rejected the Secret Token.', action: '' },
  InsufficientRights: { kind: 'auth', meaning: 'Authenticated, but not allowed to do this.', action: '' },
  MethodNotAllowed: { kind: 'auth', meaning: 'The target does not allow this method here.', action: '' },
  NotPermitted: {
    kind: 'auth',
    meaning: 'Authenticated, but not allowed to do this.',
    action: 'Give the account behind the Secret Token the right to manage users and groups in the target.',
  },
  Conflict: { kind: 'conflict', meaning: 'Conflicting attribute values.', action: '' },
  EntryConflict: { kind: 'conflict', meaning: 'An object with the same unique value already exists.', action: '' },
  DuplicateTargetEntries: {
    kind: 'duplicates',
    meaning: 'More than one target object matched the matching attributes.',
    action: 'Remove the duplicate accounts in the target app, or match on an attribute that is unique there.',
  },
  DuplicateSourceEntries: {
    kind: 'duplicates',
    meaning: 'More than one directory user has the same matching attribute value.',
    action: 'Make the matching attribute unique in the directory (two users map to the same target account).',
  },
  TooManyRequests: { kind: 'throttling', meaning: 'The target is throttling requests.', action: '' },
  SchemaAttributeNotFound: { kind: 'schema', meaning: 'An attribute does not exist in the target.', action: '' },
  SchemaPropertyCanOnlyAcceptValue: {
    kind: 'schema',
    meaning: 'A single-valued target attribute received several values.',
    action: 'Map a single value (for example with Item() or Join()) to this attribute.',
  },
  MandatoryFieldsMissing: {
    kind: 'data',
    meaning: 'Values the target requires are missing.',
    action: 'Fill in the source attribute, or give the mapping a default value.',
  },
  MissingValues: {
    kind: 'data',
    meaning: 'Values the target requires are missing.',
    action: 'Fill in the source attribute, or give the mapping a default value.',
  },
  InvalidDomain: {
    kind: 'data',
    meaning: 'A value has a domain the target does not accept.',
    action: 'Use a domain verified in the target.',
  },
  ExpressionEvaluationFailed: {
    kind: 'data',
    meaning: 'An attribute mapping expression failed.',
    action: 'Fix the expression named in the reason.',
  },
  AttributeValueTypeMismatch: {
    kind: 'data',
    meaning: "A mapped value cannot be converted to its target attribute's type (Boolean, Integer, DateTime ...).",
    action: "Change the mapping named in the reason so it gives a value of the attribute's type.",
  },
  SelectUniqueValueExhausted: {
    kind: 'data',
    meaning: 'Every candidate value of a SelectUniqueValue mapping is already taken in the target.',
    action: 'Add a further candidate to the SelectUniqueValue expression, or free one of the values in the target.',
  },
  Timeout: { kind: 'timeout', meaning: 'The target took too long to answer.', action: '' },
  InternalServerError: { kind: 'target', meaning: 'The target failed with an unexpected error.', action: '' },
  WebExceptionProtocolError: { kind: 'target', meaning: 'The target could not be reached over HTTP.', action: '' },
  NotImplemented: { kind: 'incompatible', meaning: 'The target does not implement this operation.', action: '' },
  UnprocessableEntity: { kind: 'incompatible', meaning: 'The target could not process the request.', action: '' },
  SystemForCrossDomainIdentityManagementServiceIncompatible: {
    kind: 'incompatible',
    meaning: 'The SCIM answer could not be used.',
    action: '',
  },
  SystemForCrossDomainIdentityManagementBadResponse: {
    kind: 'incompatible',
    meaning: 'The target rejected the request.',
    action: '',
  },
  SystemForCrossDomainIdentityManagementMultipleEntriesInResponse: {
    kind: 'incompatible',
    meaning: 'A query for one object returned several.',
    action: 'The target ignores the filter; ask the vendor to support "eq" filters on the matching attribute.',
  },
  InvalidAnchor: { kind: 'target', meaning: 'The linked target object no longer exists.', action: '' },
  LicenseLimitExceeded: {
    kind: 'target',
    meaning: 'The target app has no licences left.',
    action: 'Free or buy licences in the target app.',
  },
  ImportSkipped: {
    kind: 'skipped',
    meaning: 'The user lacks the matching property.',
    action: 'Fill in the matching attribute in the directory.',
  },
  EntrySynchronizationSkipped: {
    kind: 'skipped',
    meaning: 'Out of scope or already up to date.',
    action: 'None: this is expected.',
  },
  InternalError: { kind: 'internal', meaning: 'An internal Provisio error.', action: RETRY },
};

// The first row of the SCIM tables for each code; their actions are the ones written into log rows.
const SCIM_ACTIONS = new Map<string, string>();
for (const rule of [...Object.values(HTTP_RULES), ...Object.values(NETWORK_RULES), ...Object.values(PROTOCOL_RULES)]) {
  if (!SCIM_ACTIONS.has(rule.entraCode)) SCIM_ACTIONS.set(rule.entraCode, rule.recommendedAction);
}

// Longest first, so `ContosoEntryConflict` finds EntryConflict rather than Conflict.
const SUFFIXES = Object.keys(TABLE).sort((a, b) => b.length - a.length);

/** What is known about an error code (app-prefixed codes such as `ContosoEntryConflict` fall back to the suffix). */
export function knownCode(code: string | null | undefined): (KnownCode & { code: string }) | null {
  if (!code) return null;
  // Own keys only: the code comes from a log row (a target's answer), and `constructor` is not a known code.
  const key = Object.hasOwn(TABLE, code) ? code : SUFFIXES.find((k) => code.endsWith(k));
  const entry = key ? TABLE[key] : undefined;
  if (!key || !entry) return null;
  return { ...entry, code: key, action: entry.action || SCIM_ACTIONS.get(key) || RETRY };
}
