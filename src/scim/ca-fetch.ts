/**
 * Trusting the system CAs plus those in a PEM file (PROVISIO_CA_FILE), for apps behind a company CA: as a
 * CA list for the pooled transport (`transport-pool.ts`) and as a fetch. Certificate verification stays on:
 * there is deliberately no option to turn it off.
 */
import fs from 'node:fs';
import tls from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';

/** The system roots plus the file's certificates; throws when the file is missing or holds no certificate. */
export function trustedCas(caFile: string): string[] {
  const pem = fs.readFileSync(caFile, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(`${caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return [...tls.rootCertificates, pem];
}

/** A fetch trusting `trustedCas(caFile)`; throws as that does. */
export function fetchWithExtraCa(caFile: string): typeof fetch {
  const agent = new Agent({ connect: { ca: trustedCas(caFile), rejectUnauthorized: true } });
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher: agent } as never)) as unknown as typeof fetch;
}
