/**
 * Trusting the system CAs plus those in a PEM file (PROVISIO_CA_FILE), for apps behind a company CA: as a
 * CA list for the pooled transport (`transport-pool.ts`). Certificate verification stays on:
 * there is deliberately no option to turn it off.
 */
import fs from 'node:fs';
import tls from 'node:tls';

/** The system roots plus the file's certificates; throws when the file is missing or holds no certificate. */
export function trustedCas(caFile: string): string[] {
  const pem = fs.readFileSync(caFile, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(`${caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return [...tls.rootCertificates, pem];
}
