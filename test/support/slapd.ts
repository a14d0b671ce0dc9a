/**
 * A real OpenLDAP slapd (Debian's /usr/sbin/slapd) for tests and benches: a temp dir with an mdb database and a
 * slapd.conf (`-f`, no cn=config), loopback ports, the base entries (and any LDIF) loaded with slapadd before
 * start, optionally ldaps + StartTLS with a CA and server certificate made by /usr/bin/openssl. slapd runs in
 * the foreground (`-d stats`) in its own process group as the current user; its output is kept so a failed
 * start says why.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'ldapts';
import { baseEntries, entryLdif } from './people-ldif';
import { launch, SLAPD, stopChild, trackDir, untrackDir } from './slapd-process';
import { makeTestCa } from './slapd-tls';

export { addEntries, adGuidBytes, groupDn, peopleEntries, peopleLdif, userDn } from './people-ldif';

/** AD's user and group shape for the `ad` flavor (see the file's header); pass in `schemas`. */
export const AD_LITE_SCHEMA = fileURLToPath(new URL('./ad-lite.schema', import.meta.url));

const SLAPADD = '/usr/sbin/slapadd';
const SCHEMA_DIR = '/etc/ldap/schema';
const BASE_SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis'];

export interface Slapd {
  url: string;
  ldapsUrl?: string;
  caFile?: string;
  baseDn: string;
  adminDn: string;
  adminPassword: string;
  /** A client bound as the admin (rootdn), for tests to add, modify, rename and delete entries. */
  client(): Promise<Client>;
  stop(): Promise<void>;
}

export interface StartSlapdOptions {
  /** Also listen on ldaps:// and allow StartTLS, with a fresh test CA (Slapd.caFile). */
  tls?: boolean;
  /** LDIF loaded with slapadd before start, after the base entries (e.g. peopleLdif(...)). */
  ldif?: string;
  /** Extra schemas after core/cosine/inetorgperson/nis: names in /etc/ldap/schema (e.g. 'msuser') or paths. */
  schemas?: string[];
}

/** Tests skip only when slapd is not installed (CI installs it). */
export function slapdAvailable(): boolean {
  return fs.existsSync(SLAPD);
}

export async function startSlapd(opts: StartSlapdOptions = {}): Promise<Slapd> {
  const baseDn = 'dc=example,dc=org';
  const adminDn = `cn=admin,${baseDn}`;
  const adminPassword = 'admin-secret';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-slapd-'));
  trackDir(dir);
  try {
    const ca = opts.tls ? makeTestCa(dir) : undefined;
    const conf = path.join(dir, 'slapd.conf');
    fs.mkdirSync(path.join(dir, 'db'));
    fs.writeFileSync(conf, slapdConf({ dir, baseDn, adminDn, adminPassword, schemas: opts.schemas ?? [], tls: ca }));
    const ldifFile = path.join(dir, 'load.ldif');
    fs.writeFileSync(ldifFile, `${baseEntries(baseDn).map(entryLdif).join('\n')}\n${opts.ldif ?? ''}`);
    slapadd(conf, ldifFile);
    fs.rmSync(ldifFile);

    const { child, url, ldapsUrl } = await launch(conf, !!ca, adminDn, adminPassword);
    const clients = new Set<Client>();
    return {
      url,
      ...(ldapsUrl ? { ldapsUrl } : {}),
      ...(ca ? { caFile: ca.caFile } : {}),
      baseDn,
      adminDn,
      adminPassword,
      async client() {
        const c = new Client({ url, timeout: 30_000 });
        await c.bind(adminDn, adminPassword);
        clients.add(c);
        return c;
      },
      async stop() {
        await Promise.all([...clients].map((c) => c.unbind().catch(() => undefined)));
        await stopChild(child);
        fs.rmSync(dir, { recursive: true, force: true });
        untrackDir(dir);
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    untrackDir(dir);
    throw err;
  }
}

/** Load offline (-q skips consistency checks: the input is generated); slapadd also checks the config. */
function slapadd(conf: string, ldifFile: string): void {
  try {
    execFileSync(SLAPADD, ['-q', '-f', conf, '-l', ldifFile], { stdio: 'pipe' });
  } catch (err) {
    const output = String((err as { stderr?: unknown }).stderr ?? '');
    throw new Error(`slapadd could not load the test database:\n${output}`, { cause: err });
  }
}

interface ConfInput {
  dir: string;
  baseDn: string;
  adminDn: string;
  adminPassword: string;
  schemas: string[];
  tls: { certFile: string; keyFile: string; caFile: string } | undefined;
}

function slapdConf(c: ConfInput): string {
  const schemaFile = (s: string) => (s.includes('/') ? s : path.join(SCHEMA_DIR, `${s}.schema`));
  return [
    ...[...BASE_SCHEMAS, ...c.schemas].map((s) => `include ${schemaFile(s)}`),
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `pidfile ${path.join(c.dir, 'slapd.pid')}`,
    `argsfile ${path.join(c.dir, 'slapd.args')}`,
    // Paged searches of 100k entries by a non-root bind DN must not hit the default 500-entry limit.
    'sizelimit unlimited',
    ...(c.tls
      ? [
          `TLSCACertificateFile ${c.tls.caFile}`,
          `TLSCertificateFile ${c.tls.certFile}`,
          `TLSCertificateKeyFile ${c.tls.keyFile}`,
        ]
      : []),
    'database mdb',
    // The map size is virtual; 4 GiB leaves room for the 100k-entry bench.
    'maxsize 4294967296',
    `suffix "${c.baseDn}"`,
    `rootdn "${c.adminDn}"`,
    `rootpw ${c.adminPassword}`,
    `directory ${path.join(c.dir, 'db')}`,
    'index objectClass eq',
    'index entryUUID eq',
    'index uid,cn,mail eq',
    'index member eq',
    'index modifyTimestamp eq',
    ...(c.schemas.includes(AD_LITE_SCHEMA) ? ['index objectGUID,userPrincipalName,uSNChanged eq'] : []),
    '',
  ].join('\n');
}
