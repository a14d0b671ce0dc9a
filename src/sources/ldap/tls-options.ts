/**
 * TLS options for ldaps:// and StartTLS. caFile *adds* trusted CAs to Node's bundled roots (a public CA keeps
 * working); certificate and host name verification stay on, always. StartTLS upgrades an existing socket, so
 * Node needs the host to check the certificate against: without it Node would check against "localhost".
 */
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { LdapError } from './ldap-errors';

export interface LdapUrl {
  url: string;
  secure: boolean;
  host: string;
  port: number;
}

/** ldap://host[:389] or ldaps://host[:636]; IPv6 hosts in brackets as in RFC 4516. */
export function parseLdapUrl(url: string): LdapUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LdapError(
      'ldap_unreachable',
      `${JSON.stringify(url)} is not an LDAP URL (ldap://host:port or ldaps://host:port)`,
    );
  }
  if (u.protocol !== 'ldap:' && u.protocol !== 'ldaps:') {
    throw new LdapError('ldap_unreachable', `${url} is not an LDAP URL: it must start with ldap:// or ldaps://`);
  }
  const secure = u.protocol === 'ldaps:';
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return { url, secure, host, port: u.port ? Number(u.port) : secure ? 636 : 389 };
}

/** Read the PEM bundle once per connection; a missing or empty file is a TLS configuration error, said plainly. */
export function tlsOptionsFor(target: LdapUrl, caFile: string | undefined): tls.ConnectionOptions {
  const options: tls.ConnectionOptions = {
    host: target.host,
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
  };
  // SNI carries host names only (RFC 6066 §3); Node deprecates an IP address there.
  if (!net.isIP(target.host)) options.servername = target.host;
  if (caFile) options.ca = [...tls.rootCertificates, readCa(caFile)];
  return options;
}

function readCa(caFile: string): string {
  let pem: string;
  try {
    pem = fs.readFileSync(caFile, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message);
    throw new LdapError('ldap_tls', `Could not read the CA file ${caFile}: ${why}`, { cause: err });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new LdapError('ldap_tls', `The CA file ${caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return pem;
}
