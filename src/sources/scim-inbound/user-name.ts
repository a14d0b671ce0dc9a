/**
 * SCIM `userName` ↔ directory `userPrincipalName`. Entra's own examples send userNames that are not addresses
 * (`Test_User_ab6490ee-…`), while a directory UPN must look like name@domain and be unique. Such a userName is
 * kept under a per-source domain in the reserved `.invalid` TLD (RFC 2606), so it can never collide with a real
 * address or another source's user, and is handed back to the source exactly as sent.
 */
import type { SourceRef } from '../../directory/source-owner';

const domainOf = (source: SourceRef) => `@${source.id.slice(0, 8).toLowerCase()}.scim.invalid`;

/** The UPN the directory stores for a userName. */
export function toUpn(source: SourceRef, userName: unknown): unknown {
  if (typeof userName !== 'string' || userName.includes('@')) return userName;
  return `${userName.trim()}${domainOf(source)}`;
}

/** The userName the source sent, from the stored UPN. */
export function fromUpn(source: SourceRef, upn: string): string {
  const d = domainOf(source);
  return upn.toLowerCase().endsWith(d) ? upn.slice(0, -d.length) : upn;
}
