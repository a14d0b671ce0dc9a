/**
 * The LDAP source's I/O edge over ldapts: connect (ldaps:// or StartTLS), simple bind, and paged subtree
 * searches (RFC 2696) that hand entries on page by page, with AD range retrieval merged in. Every failure
 * leaves as an LdapError (ldap-errors.ts); the bind password is never put in a message.
 */
import { Client } from 'ldapts';
import type { LdapEntry } from './entry';
import { LdapError, type LdapErrorContext, type LdapPhase, toLdapError } from './ldap-errors';
import { type LdapSearch, pagedSearch } from './paged-search';
import { parseLdapUrl, tlsOptionsFor } from './tls-options';

export { LdapError } from './ldap-errors';
export type { LdapSearch } from './paged-search';

export interface LdapConnectOptions {
  url: string;
  startTls: boolean;
  bindDn: string;
  bindPassword: string;
  /** PEM file with extra trusted CA(s); verification is never turned off. */
  caFile?: string | undefined;
  /** Connect and per-operation timeout (each page of a paged search is one operation). */
  timeoutMs?: number;
}

export interface LdapSession {
  /** Pages of entries, each at most pageSize long, as they arrive (so 100k entries never sit in memory at once). */
  pages(search: LdapSearch): AsyncIterable<LdapEntry[]>;
  /** Attributes of the root DSE (RFC 4512 §5.1), e.g. AD's highestCommittedUSN; absent ones are left out. */
  rootDse(attributes: string[]): Promise<Record<string, string[]>>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Connect (+StartTLS) and bind; throws LdapError. */
export async function openLdap(opts: LdapConnectOptions): Promise<LdapSession> {
  const client = await connect(opts);
  return {
    pages: (search) => pagedSearch(client, { ...context(opts, 'search'), baseDn: search.baseDn }, search),
    rootDse: async (attributes) => {
      const r = await run(() => client.search('', { scope: 'base', filter: '(objectClass=*)', attributes }), {
        ...context(opts, 'search'),
        baseDn: '(root DSE)',
      });
      const entry = r.searchEntries[0] ?? {};
      return Object.fromEntries(
        Object.entries(entry)
          .filter(([k]) => k !== 'dn')
          .map(([k, v]) => [k.toLowerCase(), (Array.isArray(v) ? v : [v]).map(String)]),
      );
    },
    close: () => closeQuietly(client),
  };
}

/** Test Connection: bind, then read the base DN (scope base). Never throws; the detail never holds the password. */
export async function testLdapConnection(
  opts: LdapConnectOptions & { baseDn: string },
): Promise<{ ok: boolean; detail: string }> {
  let client: Client | undefined;
  try {
    const bound = await connect(opts);
    client = bound;
    const found = await run(() => bound.search(opts.baseDn, { scope: 'base', attributes: ['1.1'] }), {
      ...context(opts, 'search'),
      baseDn: opts.baseDn,
    });
    if (!found.searchEntries.length) {
      throw new LdapError('ldap_no_such_base', `The base DN ${opts.baseDn} is not visible to ${opts.bindDn}`);
    }
    const transport = parseLdapUrl(opts.url).secure ? 'TLS' : opts.startTls ? 'StartTLS' : 'no TLS';
    return {
      ok: true,
      detail: `Connected to ${opts.url} (${transport}), bound as ${opts.bindDn} and read the base DN ${opts.baseDn}.`,
    };
  } catch (err) {
    return { ok: false, detail: toLdapError(err, context(opts, 'connect')).message };
  } finally {
    if (client) await closeQuietly(client);
  }
}

function context(opts: LdapConnectOptions, phase: LdapPhase): LdapErrorContext {
  return { phase, url: opts.url, bindDn: opts.bindDn, secret: opts.bindPassword };
}

async function run<T>(op: () => Promise<T>, ctx: LdapErrorContext): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw toLdapError(err, ctx);
  }
}

async function connect(opts: LdapConnectOptions): Promise<Client> {
  const target = parseLdapUrl(opts.url);
  // A DN with an empty password is an unauthenticated bind (RFC 4513 §5.1.2): some servers accept it as anonymous.
  if (opts.bindDn && !opts.bindPassword) {
    throw new LdapError('ldap_bind_failed', `No password for the bind DN ${opts.bindDn}`);
  }
  const tlsOptions = target.secure || opts.startTls ? tlsOptionsFor(target, opts.caFile) : undefined;
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new Client({
    url: opts.url,
    timeout,
    connectTimeout: timeout,
    ...(target.secure ? { tlsOptions } : {}),
  });
  try {
    // StartTLS on an ldaps:// URL would be TLS in TLS; the URL already encrypts.
    if (opts.startTls && !target.secure) await run(() => client.startTLS({ ...tlsOptions }), context(opts, 'starttls'));
    await run(() => client.bind(opts.bindDn, opts.bindPassword), context(opts, 'bind'));
    return client;
  } catch (err) {
    await closeQuietly(client);
    throw err;
  }
}

async function closeQuietly(client: Client): Promise<void> {
  await client.unbind().catch(() => undefined);
}
