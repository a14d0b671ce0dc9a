/**
 * Test Connection exactly as Entra does it (entra.md §5.3): `GET {base}/Users?filter=userName eq "<random
 * GUID>"`, expecting 200 and an empty ListResponse. The outcome is said in words an admin can act on in the
 * credentials form; the detailed classification stays available on the exchange and in the logs.
 */
import { STATUS_CODES } from 'node:http';
import { eqFilter } from './filter';
import type { HttpConfig } from './http';
import { fetchPage } from './list';
import { ScimError } from './scim-error';

/** Why a Test Connection failed, for the UI to pick an icon or a help link. */
export type TestConnectionCode =
  | 'dns'
  | 'connect'
  | 'tls'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'not_scim'
  | 'http_error';

/** The outcome of Test Connection. */
export type TestConnectionResult =
  | { ok: true; latencyMs: number }
  | { ok: false; code: TestConnectionCode; message: string; status?: number };

const EXAMPLE_BASE = 'https://admin.mindtickle.com/scim';

/** Run Test Connection; never throws for a failure of the target. */
export async function testConnection(cfg: HttpConfig, randomUuid: () => string): Promise<TestConnectionResult> {
  const started = cfg.clock.now();
  try {
    // One attempt: an admin pressing the button wants the target's answer now, not after backoff.
    const once: HttpConfig = { ...cfg, retry: { ...cfg.retry, maxAttempts: 1 } };
    const page = await fetchPage(once, 'Users', eqFilter('userName', randomUuid()), {}, 1, undefined);
    if (page.totalResults > 0 || page.Resources.length > 0) {
      // A random GUID matches nobody; a target that returns users here ignores filters, and matching would
      // then link the wrong accounts.
      return fail(
        'not_scim',
        'The target returned users for a filter that matches nobody — it ignores SCIM filters, so users cannot be matched',
        200,
      );
    }
    return { ok: true, latencyMs: Math.max(0, cfg.clock.now() - started) };
  } catch (err) {
    if (err instanceof ScimError) return describe(err, cfg);
    throw err;
  }
}

function describe(err: ScimError, cfg: HttpConfig): TestConnectionResult {
  const { hostname, host } = cfg.baseUrl;
  const problem = err.problem ? ` (${err.problem})` : '';
  switch (err.failure) {
    case 'dns':
      return fail('dns', `Could not resolve host ${hostname} — check the Tenant URL`);
    case 'connect':
      return fail(
        'connect',
        `Could not connect to ${host}${problem} — check the Tenant URL and that the target is reachable from this server`,
      );
    case 'reset':
      return fail(
        'connect',
        `${host} closed the connection without answering — check the Tenant URL (http:// or https://) and any proxy in between`,
      );
    case 'tls':
      return fail(
        'tls',
        `The TLS handshake with ${hostname} failed${problem} — the certificate may be expired, self-signed or issued for another host name`,
      );
    case 'timeout':
      return fail(
        'timeout',
        `The target did not answer within ${cfg.timeoutMs / 1000} seconds — check the Tenant URL, or try again if the target is busy`,
      );
    case 'invalidToken':
      return fail('unauthorized', `The Secret Token cannot be sent${problem} — paste it again`);
    case 'invalidBaseUrl':
      return fail('connect', `${err.problem ?? 'The Tenant URL is not usable'} — check the Tenant URL`);
    case 'notScim':
      return fail('not_scim', `The target did not answer with a SCIM ListResponse${problem}`, err.status);
    case 'bodyTooLarge':
      return fail(
        'not_scim',
        `The target did not answer with a SCIM ListResponse (the answer exceeds ${cfg.maxBodyBytes} bytes)`,
        err.status,
      );
    case 'multipleEntries':
    case 'http':
      return describeStatus(err);
  }
}

function describeStatus(err: ScimError): TestConnectionResult {
  const status = err.status ?? 0;
  if (status === 401)
    return fail('unauthorized', 'The target answered 401 Unauthorized — the Secret Token is wrong or expired', status);
  if (status === 403) {
    return fail(
      'forbidden',
      'The target answered 403 Forbidden — the Secret Token is valid but not allowed to read users',
      status,
    );
  }
  if (status === 404) {
    const msg = `The target answered 404 — the Tenant URL path is probably wrong (it should end at the SCIM base, e.g. ${EXAMPLE_BASE})`;
    return fail('not_found', msg, status);
  }
  const text = `${status} ${STATUS_CODES[status] ?? ''}`.trim();
  if (status >= 300 && status < 400) {
    const where = err.problem ? ` (${err.problem})` : '';
    return fail('http_error', `The target answered ${text}${where} — use the final address as the Tenant URL`, status);
  }
  const detail = err.detail ? `: ${err.detail}` : '';
  return fail('http_error', `The target answered ${text}${detail}`, status);
}

function fail(code: TestConnectionCode, message: string, status?: number | null): TestConnectionResult {
  return status === undefined || status === null ? { ok: false, code, message } : { ok: false, code, message, status };
}
