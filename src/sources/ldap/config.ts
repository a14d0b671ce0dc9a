/**
 * An LDAP source's settings as an admin submits them (API or form) and as they are stored (sources.config,
 * JSON). The bind password is not part of it: it is sealed into sources.secret. Defaults come from the
 * flavour (OpenLDAP inetOrgPerson or AD user), so `{url, bindDn, bindPassword, baseDn}` is enough to start.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { USER_ATTRIBUTES } from '../../directory/user-input';
import { ValidationError } from '../../kernel/errors';
import { tryParseExpression } from '../../mapping/expression/index';
import { mappingInputSchema } from '../../mapping/mapping-input';
import type { AttributeMapping } from '../../mapping/types';
import { LDAP_FLAVORS, type LdapFlavor } from './defaults';
import { checkEnabledExpression } from './entry-map';

const GROUP_TARGETS = ['displayName', 'description'] as const;
// RFC 4512 §1.4: an attribute description is a keystring (letter, then letters, digits, hyphens) or an OID.
const ATTRIBUTE_NAME = /^(?:[A-Za-z][A-Za-z0-9-]{0,63}|\d+(?:\.\d+)+)$/;

const ldapUrl = z
  .string()
  .trim()
  .max(2048)
  .refine(
    (v) => /^ldaps?:\/\/[^/\s]+(?:\/)?$/i.test(v),
    'Enter an LDAP URL like ldap://dc1.example.com:389 or ldaps://dc1.example.com:636',
  );
const dn = (what: string) => z.string().trim().min(1, `${what} is required`).max(1024);
const filter = z
  .string()
  .trim()
  .max(4096)
  .refine(
    (v) => v.startsWith('(') && v.endsWith(')'),
    'An LDAP filter is written in parentheses, e.g. (objectClass=person)',
  );

export const ldapSettingsSchema = z
  .object({
    url: ldapUrl,
    startTls: z.boolean().default(false),
    bindDn: dn('Bind DN'),
    baseDn: dn('Base DN'),
    flavor: z.enum(['openldap', 'ad']).default('openldap'),
    userFilter: filter.optional(),
    groupFilter: filter.optional(),
    pageSize: z.number().int().min(1).max(5000).default(500),
    anchor: z
      .string()
      .regex(ATTRIBUTE_NAME, 'The anchor is an attribute name, like entryUUID or objectGUID')
      .optional(),
    attributeMap: z.array(mappingInputSchema).max(100).optional(),
    groupAttributeMap: z.array(mappingInputSchema).max(20).optional(),
    enabledExpression: z.string().max(2000).nullable().optional(),
    schedule: z
      .object({
        pollSeconds: z.number().int().min(5).max(86_400).default(10),
        reconcileMinutes: z.number().int().min(5).max(10_080).default(60),
        paused: z.boolean().default(false),
      })
      .strict()
      .default({ pollSeconds: 10, reconcileMinutes: 60, paused: false }),
    /** Deletes above this many in one reconcile are held (like outbound's accidental-deletion guard). 0 = no guard. */
    deletionThreshold: z.number().int().min(0).max(1_000_000).default(500),
    caFile: z.string().trim().max(1024).nullable().optional(),
  })
  .strict();

export type LdapSettings = z.infer<typeof ldapSettingsSchema>;

/** Settings with every default resolved: what the sync reads. */
export interface ResolvedLdapSettings extends LdapSettings {
  flavor: LdapFlavor;
  userFilter: string;
  groupFilter: string;
  anchor: string;
  userMap: AttributeMapping[];
  groupMap: AttributeMapping[];
}

export function resolveSettings(s: LdapSettings): ResolvedLdapSettings {
  const d = LDAP_FLAVORS[s.flavor];
  return {
    ...s,
    userFilter: s.userFilter ?? d.userFilter,
    groupFilter: s.groupFilter ?? d.groupFilter,
    anchor: s.anchor ?? d.anchor,
    userMap: (s.attributeMap as AttributeMapping[] | undefined) ?? d.userMap,
    groupMap: (s.groupAttributeMap as AttributeMapping[] | undefined) ?? d.groupMap,
  };
}

/** Checks zod cannot express: map targets exist in the directory, expressions parse, the CA file is a PEM. */
export function checkSettings(s: LdapSettings): void {
  const problems: { path: string; message: string; column?: number }[] = [];
  checkMap(s.attributeMap, 'attributeMap', USER_ATTRIBUTES, problems);
  checkMap(s.groupAttributeMap, 'groupAttributeMap', GROUP_TARGETS, problems);
  if (s.attributeMap && !s.attributeMap.some((m) => m.target.toLowerCase() === 'userprincipalname'))
    problems.push({
      path: 'attributeMap',
      message: 'Map an LDAP attribute to userPrincipalName: every user needs one',
    });
  if (s.enabledExpression) {
    try {
      checkEnabledExpression(s.enabledExpression);
    } catch (err) {
      problems.push({ path: 'enabledExpression', message: (err as Error).message });
    }
  }
  if (s.caFile) {
    const pem = readable(s.caFile);
    if (pem === null) problems.push({ path: 'caFile', message: `${s.caFile} cannot be read by the Provisio server` });
    else if (!pem.includes('-----BEGIN CERTIFICATE-----'))
      problems.push({ path: 'caFile', message: `${s.caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` });
  }
  if (problems.length > 0) throw new ValidationError(problems[0]?.message ?? 'Invalid LDAP settings', problems);
}

function checkMap(
  map: LdapSettings['attributeMap'],
  path: string,
  targets: readonly string[],
  problems: { path: string; message: string; column?: number }[],
) {
  const known = new Map(targets.map((t) => [t.toLowerCase(), t]));
  map?.forEach((m, i) => {
    const at = `${path}.${i}`;
    const target = known.get(m.target.toLowerCase());
    if (!target) problems.push({ path: `${at}.target`, message: `${m.target} is not a directory attribute` });
    else m.target = target;
    if (m.type === 'direct' && !m.source)
      problems.push({ path: `${at}.source`, message: 'A direct mapping needs an LDAP attribute' });
    if (m.type === 'direct' && m.source && !ATTRIBUTE_NAME.test(m.source))
      problems.push({ path: `${at}.source`, message: `${m.source} is not an LDAP attribute name` });
    if (m.type === 'expression') {
      const parsed = tryParseExpression(m.expression ?? '');
      if (!parsed.ok)
        problems.push({ path: `${at}.expression`, message: parsed.error.message, column: parsed.error.column });
    }
  });
}

function readable(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
