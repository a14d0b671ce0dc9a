/**
 * What an LDAP source reads by default, per directory flavour, as data. The user maps use the outbound
 * mapping types (Direct / Constant / Expression), so an admin edits them with the same functions.
 * - OpenLDAP: people are inetOrgPerson (RFC 2798) over organizationalPerson/person (RFC 4519), groups
 *   groupOfNames/groupOfUniqueNames (RFC 4519 §3.5, §3.6); the anchor is entryUUID (RFC 4530).
 * - Active Directory: attribute names from MS-ADA1..3 and classes from MS-ADSC; objectGUID is the identity
 *   that survives renames and moves (MS-ADTS 3.1.1.1), members past 1,500 come by range retrieval (MS-ADTS
 *   3.1.1.3.1.3.3), userAccountControl's bits are MS-ADTS 2.2.16.
 */
import { EXTENSION_ATTRIBUTES } from '../../mapping/source';
import type { AttributeMapping } from '../../mapping/types';

export type LdapFlavor = 'openldap' | 'ad';

export interface LdapFlavorDefaults {
  anchor: string;
  userFilter: string;
  groupFilter: string;
  memberAttributes: string[];
  changeAttribute: 'modifyTimestamp' | 'uSNChanged';
  binaryAttributes: string[];
  /** Targets are directory user attributes (src/directory/user-input.ts USER_ATTRIBUTES). */
  userMap: AttributeMapping[];
  /** Targets are `displayName` and `description`. */
  groupMap: AttributeMapping[];
}

export const LDAP_FLAVORS_LIST = ['openldap', 'ad'] as const satisfies readonly LdapFlavor[];

const direct = (target: string, source: string): AttributeMapping => ({
  target,
  type: 'direct',
  source,
  apply: 'always',
});
const expression = (target: string, text: string): AttributeMapping => ({
  target,
  type: 'expression',
  expression: text,
  apply: 'always',
});

/** Read by both flavours under the same name (RFC 4519 / RFC 2798 names, which AD's schema shares). */
const SHARED_USER_MAP: AttributeMapping[] = [
  direct('mail', 'mail'),
  direct('givenName', 'givenName'),
  direct('surname', 'sn'),
  direct('jobTitle', 'title'),
  direct('manager', 'manager'),
  direct('mobile', 'mobile'),
  direct('telephoneNumber', 'telephoneNumber'),
  direct('facsimileTelephoneNumber', 'facsimileTelephoneNumber'),
  direct('city', 'l'),
  direct('state', 'st'),
  direct('postalCode', 'postalCode'),
  // RFC 2798 §2.7 gives preferredLanguage Accept-Language syntax ("en-us, en;q=0.8"); the directory holds one tag.
  expression('preferredLanguage', 'Replace([preferredLanguage], , " *[,;].*$", , "", , )'),
  direct('officeLocation', 'physicalDeliveryOfficeName'),
  direct('employeeType', 'employeeType'),
  // c is the ISO 3166 two-letter code (RFC 4519 §2.2), which is what usageLocation holds.
  direct('usageLocation', 'c'),
];

/** inetOrgPerson has no userPrincipalName: mail is the address people sign in with. */
const OPENLDAP_USER_MAP: AttributeMapping[] = [
  direct('userPrincipalName', 'mail'),
  direct('mailNickname', 'uid'),
  expression('displayName', 'Coalesce([displayName], [cn])'),
  // inetOrgPerson's department attribute is departmentNumber (RFC 2798 §2.2); it holds names as often as codes.
  direct('department', 'departmentNumber'),
  direct('employeeId', 'employeeNumber'),
  direct('streetAddress', 'street'),
  // friendlyCountryName (co, RFC 4524 §2.4) when present, else the code.
  expression('country', 'Coalesce([co], [c])'),
  direct('companyName', 'o'),
  ...SHARED_USER_MAP,
];

/** AD `user` (MS-ADA3 userPrincipalName, MS-ADA1 employeeID, company, extensionAttribute1–15 …). */
const AD_USER_MAP: AttributeMapping[] = [
  direct('userPrincipalName', 'userPrincipalName'),
  expression('mailNickname', 'Coalesce([mailNickname], [sAMAccountName])'),
  expression('displayName', 'Coalesce([displayName], [cn])'),
  direct('department', 'department'),
  direct('employeeId', 'employeeID'),
  direct('streetAddress', 'streetAddress'),
  expression('country', 'Coalesce([co], [c])'),
  direct('companyName', 'company'),
  ...SHARED_USER_MAP,
  ...EXTENSION_ATTRIBUTES.map((a) => direct(a, a)),
];

const GROUP_MAP: AttributeMapping[] = [
  expression('displayName', 'Coalesce([displayName], [cn])'),
  direct('description', 'description'),
];

export const LDAP_FLAVORS: Record<LdapFlavor, LdapFlavorDefaults> = {
  openldap: {
    anchor: 'entryUUID',
    userFilter: '(objectClass=inetOrgPerson)',
    groupFilter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))',
    memberAttributes: ['member', 'uniqueMember'],
    // An RFC 4512 §3.4 operational attribute; slapd keeps it (and entryUUID) on every entry.
    changeAttribute: 'modifyTimestamp',
    binaryAttributes: [],
    userMap: OPENLDAP_USER_MAP,
    groupMap: GROUP_MAP,
  },
  ad: {
    anchor: 'objectGUID',
    // objectCategory=person leaves out computer accounts, whose class also derives from user (MS-ADSC).
    userFilter: '(&(objectCategory=person)(objectClass=user))',
    groupFilter: '(objectClass=group)',
    memberAttributes: ['member'],
    // AD's modifyTimestamp has one-second resolution; uSNChanged is the DC's strictly increasing change counter.
    changeAttribute: 'uSNChanged',
    binaryAttributes: ['objectGUID'],
    userMap: AD_USER_MAP,
    groupMap: GROUP_MAP,
  },
};
