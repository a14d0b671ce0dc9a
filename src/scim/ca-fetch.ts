/**
 * A fetch that trusts the system CAs plus those in a PEM file (PROVISIO_CA_FILE), for apps behind a
 * company CA. Certificate verification stays on: there is deliberately no option to turn it off.
 */
import fs from 'node:fs';
import tls from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';

/** Build the fetch; throws when the file is missing or holds no certificate. */
export function fetchWithExtraCa(caFile: string): typeof fetch {
  const pem = fs.readFileSync(caFile, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(`${caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  const agent = new Agent({ connect: { ca: [...tls.rootCertificates, pem], rejectUnauthorized: true } });
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher: agent } as never)) as unknown as typeof fetch;
}
