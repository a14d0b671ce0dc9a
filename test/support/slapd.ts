/**
 * A real OpenLDAP slapd (Debian's /usr/sbin/slapd) for tests and benches: a temp dir with an mdb database and a
 * slapd.conf (`-f`, no cn=config), loopback ports, the base entries (and any LDIF) loaded with slapadd before
 * start, optionally ldaps + StartTLS with a CA and server certificate made by /usr/bin/openssl. slapd runs in
 * the foreground (`-d stats`) in its own process group as the current user; its output is kept so a failed
 * start says why.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'ldapts';
import { baseEntries, entryLdif } from './people-ldif';
import { makeTestCa } from './slapd-tls';

export { addEntries, adGuidBytes, groupDn, peopleEntries, peopleLdif, userDn } from './people-ldif';

/** AD's user and group shape for the `ad` flavor (see the file's header); pass in `schemas`. */
export const AD_LITE_SCHEMA = fileURLToPath(new URL('./ad-lite.schema', import.meta.url));

export const SLAPD = '/usr/sbin/slapd';
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

const running = new Set<ChildProcess>();
// A crashed or interrupted test run must not leave slapd daemons behind.
process.once('exit', () => {
  for (const child of running) if (child.pid) killGroup(child.pid, 'SIGKILL');
});

export async function startSlapd(opts: StartSlapdOptions = {}): Promise<Slapd> {
  const baseDn = 'dc=example,dc=org';
  const adminDn = `cn=admin,${baseDn}`;
  const adminPassword = 'admin-secret';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-slapd-'));
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
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Launched {
  child: ChildProcess;
  url: string;
  ldapsUrl?: string;
}

/** Start slapd on free ports; retried because a port can be taken between probing and slapd's bind. */
async function launch(conf: string, tls: boolean, adminDn: string, password: string): Promise<Launched> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const url = `ldap://127.0.0.1:${await freePort()}`;
    const ldapsUrl = tls ? `ldaps://127.0.0.1:${await freePort()}` : undefined;
    const listen = ldapsUrl ? `${url} ${ldapsUrl}` : url;
    const child = spawn(SLAPD, ['-f', conf, '-h', listen, '-d', 'stats'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-16_384);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await untilBindable(child, url, adminDn, password, () => output);
      return { child, url, ...(ldapsUrl ? { ldapsUrl } : {}) };
    } catch (err) {
      await stopChild(child);
      lastError = err;
      if (!/Address already in use/i.test(output)) break;
    }
  }
  throw lastError;
}

async function untilBindable(child: ChildProcess, url: string, dn: string, pw: string, output: () => string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`slapd exited (${child.exitCode ?? child.signalCode}) during start:\n${output()}`);
    }
    const c = new Client({ url, timeout: 2_000, connectTimeout: 1_000 });
    try {
      await c.bind(dn, pw);
      await c.unbind();
      return;
    } catch {
      await c.unbind().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`slapd did not accept binds on ${url} within 15 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM the process group, SIGKILL after 5 s; resolves once slapd has exited (mdb is then closed). */
async function stopChild(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
