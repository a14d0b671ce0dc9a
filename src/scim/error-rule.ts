/**
 * The shape of an error-classification row, shared by the HTTP table (`error-table.ts`) and the network and
 * protocol table (`network-table.ts`), plus the sentences several rows reuse.
 */

/** Graph's provisioningErrorInfo.errorCategory (entra.md §1): who has to act. */
export type ErrorCategory = 'failure' | 'nonServiceFailure';

/** What the client was doing; 404 means different things on a query, a read and an update. */
export type ScimOperation = 'list' | 'get' | 'create' | 'update' | 'replace' | 'delete';

/** Failures below HTTP: no status was received. */
export type NetworkFailure = 'dns' | 'connect' | 'reset' | 'tls' | 'timeout';

/** An HTTP answer arrived but it cannot be used, or the request could not be sent at all. */
export type ProtocolFailure = 'notScim' | 'bodyTooLarge' | 'multipleEntries' | 'invalidToken' | 'invalidBaseUrl';

/** One classification row. `reason` is a template: `{name}` placeholders are filled by `renderTemplate`. */
export interface ErrorRule {
  retryable: boolean;
  entraCode: string;
  category: ErrorCategory;
  reason: string;
  recommendedAction: string;
}

const SCIM_PREFIX = 'SystemForCrossDomainIdentityManagement';
/** Entra's code for a SCIM export failure carrying the target's message (entra.md §2.7). */
export const BAD_RESPONSE = `${SCIM_PREFIX}BadResponse`;
/** Entra's code for a SCIM response it cannot parse (entra.md §2.7). */
export const INCOMPATIBLE = `${SCIM_PREFIX}ServiceIncompatible`;
/** Entra's code for a query that should match one object but returned several (entra.md §2.7). */
export const MULTIPLE_ENTRIES = `${SCIM_PREFIX}MultipleEntriesInResponse`;

/** A row for a failure an admin must fix (target, configuration or data): not retried. */
export function fixRule(entraCode: string, reason: string, recommendedAction: string): ErrorRule {
  return { retryable: false, entraCode, category: 'nonServiceFailure', reason, recommendedAction };
}

/** A row for a failure of the exchange itself, where trying again may succeed. */
export function retryRule(entraCode: string, reason: string, recommendedAction: string): ErrorRule {
  return { retryable: true, entraCode, category: 'failure', reason, recommendedAction };
}

/** Opening of the recommended action of every retryable row. */
export const RETRIED = 'No action is needed: the operation is retried.';
/** Closing of actions where only the vendor can help. */
export const REPORT = 'report the request and response shown in the Requests tab to the target vendor.';
/** The most common misconfiguration: a Tenant URL that is not the SCIM base. */
export const TENANT_URL =
  'Check the Tenant URL: it must end at the SCIM base (for example https://admin.mindtickle.com/scim), not at /Users.';

/** Fill `{name}` placeholders; a missing value reads as "unknown" rather than leaving braces in a log row. */
export function renderTemplate(
  template: string,
  vars: Readonly<Record<string, string | number | null | undefined>>,
): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    return v === null || v === undefined || v === '' ? 'unknown' : String(v);
  });
}
