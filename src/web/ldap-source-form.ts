/**
 * The LDAP source form (new source and settings): browser fields as typed text, turned into the flat body
 * createLdapSource/updateLdapSource/testLdapSource take, and ValidationError paths turned back into the field
 * they belong to. Pure: the routes do the I/O.
 */
import { ValidationError } from '../kernel/errors';
import type { ldapSourceView } from '../sources/ldap/ldap-admin';

/** Every field of the form, as typed (checkboxes as 'on' or ''). */
export const LDAP_FIELDS = [
  'name',
  'url',
  'startTls',
  'bindDn',
  'bindPassword',
  'baseDn',
  'flavor',
  'userFilter',
  'groupFilter',
  'pageSize',
  'anchor',
  'enabledExpression',
  'pollSeconds',
  'reconcileMinutes',
  'paused',
  'deletionThreshold',
  'caFile',
  'attributeMap',
] as const;
export type LdapField = (typeof LDAP_FIELDS)[number];
export type LdapFormValues = Record<LdapField, string>;

const NUMBERS = ['pageSize', 'pollSeconds', 'reconcileMinutes', 'deletionThreshold'] as const;
const CHECKBOXES = ['startTls', 'paused'] as const;
// Left empty, these fall back to the flavour's default (filters, anchor, map) or to none.
const OPTIONAL_TEXT = ['userFilter', 'groupFilter', 'anchor'] as const;

/** A blank form: a new source's defaults (ldapSettingsSchema's). */
export function blankLdapForm(): LdapFormValues {
  const v = Object.fromEntries(LDAP_FIELDS.map((f) => [f, ''])) as LdapFormValues;
  return {
    ...v,
    flavor: 'openldap',
    pageSize: '500',
    pollSeconds: '10',
    reconcileMinutes: '60',
    deletionThreshold: '500',
  };
}

/** The typed values of a posted form; the caller drops the password before any re-render. */
export function ldapFormValues(body: Record<string, unknown>): LdapFormValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const out = blankLdapForm();
  // A field the form does not have (the new-source form has no schedule) keeps its default.
  for (const f of LDAP_FIELDS) if (f in body) out[f] = f === 'bindPassword' ? text(body[f]) : text(body[f]).trim();
  for (const f of CHECKBOXES) out[f] = body[f] ? 'on' : '';
  return out;
}

/** A saved source's settings as form values (the password field stays empty: it is never rendered back). */
export function ldapFormFromView(view: ReturnType<typeof ldapSourceView>): LdapFormValues {
  const s = view.settings;
  return {
    name: view.name,
    url: s.url,
    startTls: s.startTls ? 'on' : '',
    bindDn: s.bindDn,
    bindPassword: '',
    baseDn: s.baseDn,
    flavor: s.flavor,
    userFilter: s.userFilter ?? '',
    groupFilter: s.groupFilter ?? '',
    pageSize: String(s.pageSize),
    anchor: s.anchor ?? '',
    enabledExpression: s.enabledExpression ?? '',
    pollSeconds: String(s.schedule.pollSeconds),
    reconcileMinutes: String(s.schedule.reconcileMinutes),
    paused: s.schedule.paused ? 'on' : '',
    deletionThreshold: String(s.deletionThreshold),
    caFile: s.caFile ?? '',
    attributeMap: s.attributeMap ? JSON.stringify(s.attributeMap, null, 2) : '',
  };
}

type Problem = { path: string; message: string };

/**
 * The body for createLdapSource (`create`) or updateLdapSource. Empty optional fields are sent as undefined so
 * a saved custom filter, anchor or map can be cleared back to the flavour default. Numbers and the JSON map are
 * checked here, so the message names the form's field rather than a type the admin never typed.
 */
export function ldapBodyFromForm(v: LdapFormValues, mode: 'create' | 'update'): Record<string, unknown> {
  const problems: Problem[] = [];
  const body: Record<string, unknown> = {
    name: v.name,
    url: v.url,
    startTls: v.startTls === 'on',
    bindDn: v.bindDn,
    baseDn: v.baseDn,
    flavor: v.flavor,
    enabledExpression: v.enabledExpression || null,
    caFile: v.caFile || null,
  };
  if (mode === 'create') body.type = 'ldap';
  if (mode === 'create' || v.bindPassword) body.bindPassword = v.bindPassword;
  for (const f of OPTIONAL_TEXT) body[f] = v[f] || undefined;
  const n: Record<string, number> = {};
  for (const f of NUMBERS) {
    if (!/^\d{1,9}$/.test(v[f])) problems.push({ path: f, message: 'Enter a whole number' });
    n[f] = Number(v[f]);
  }
  body.pageSize = n.pageSize;
  body.deletionThreshold = n.deletionThreshold;
  body.schedule = { pollSeconds: n.pollSeconds, reconcileMinutes: n.reconcileMinutes, paused: v.paused === 'on' };
  body.attributeMap = parseMap(v.attributeMap, problems);
  if (problems.length > 0) throw new ValidationError(problems[0]?.message ?? 'Invalid form', problems);
  return body;
}

function parseMap(text: string, problems: Problem[]): unknown {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // worded below
  }
  problems.push({
    path: 'attributeMap',
    message: 'Enter a JSON array of mappings, e.g. [{"type":"direct","source":"mail","target":"mail"}]',
  });
  return undefined;
}

/** What Test Connection sends: only the connection fields, the password when one is typed. */
export function ldapTypedConnection(v: LdapFormValues): Record<string, unknown> {
  return {
    url: v.url,
    startTls: v.startTls === 'on',
    bindDn: v.bindDn,
    baseDn: v.baseDn,
    caFile: v.caFile || null,
    ...(v.bindPassword ? { bindPassword: v.bindPassword } : {}),
  };
}

/**
 * ValidationError details → the form field each belongs to: `schedule.pollSeconds` is the pollSeconds field,
 * `attributeMap.2.target` the map's textarea (row numbered for the admin).
 */
export function ldapProblemField(path: string): LdapField | null {
  const parts = path.split('.');
  const head = parts[0] === 'schedule' ? (parts[1] ?? '') : (parts[0] ?? '');
  if (head === 'groupAttributeMap') return null;
  return (LDAP_FIELDS as readonly string[]).includes(head) ? (head as LdapField) : null;
}

/** Per-field messages (first wins); what belongs to no field goes under '' for the summary. */
export function ldapFieldErrors(details: readonly Problem[], fallback: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details) {
    const field = ldapProblemField(d.path) ?? '';
    const row = /^attributeMap\.(\d+)/.exec(d.path);
    const message = row ? `Mapping ${Number(row[1]) + 1}: ${d.message}` : field ? d.message : `${d.path}: ${d.message}`;
    if (!(field in out)) out[field] = message;
  }
  if (Object.keys(out).length === 0) out[''] = fallback;
  return out;
}
