/**
 * The HTTP edge of the sandbox: bearer-token check, JSON bodies in, SCIM JSON and SCIM error bodies out,
 * query parameters to scimmy resource parameters.
 */
import crypto from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import SCIMMY from 'scimmy';
import { errorBody, PAGING, SCIM_MEDIA_TYPE, SCIM_TYPES, type ScimType } from './protocol';
import type { ResourceParams } from './resources';

/** What the sandbox logs: internal errors only, never request bodies or tokens. */
export interface SandboxLogger {
  warn(obj: object, msg?: string): void;
}

/** A SCIM JSON response (204 when `body` is null). */
export function scimJson(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  if (body === null) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': SCIM_MEDIA_TYPE, ...headers } });
}

/** Any thrown value as a SCIM error response; scimmy errors keep their status, the rest become logged 500s. */
export function errorResponse(err: unknown, logger?: SandboxLogger): Response {
  if (!(err instanceof SCIMMY.Types.Error)) {
    logger?.warn({ err }, 'sandbox: unexpected error');
    return scimJson(errorBody(500, 'Internal error'), 500);
  }
  if (err.status >= 500) logger?.warn({ err: (err as { cause?: unknown }).cause ?? err }, 'sandbox: internal error');
  let body: unknown;
  try {
    body = new SCIMMY.Messages.ErrorResponse(err);
  } catch {
    // ErrorResponse only accepts the statuses of RFC 7644 Table 8; anything else gets a hand-made body.
    const scimType = err.scimType in SCIM_TYPES ? (err.scimType as ScimType) : undefined;
    body = errorBody(err.status, err.message, scimType);
  }
  return scimJson(body, err.status);
}

/** A SCIMMY error, for throwing from route code. */
export function scimError(status: number, scimType: ScimType | null, detail: string): SCIMMY.Types.SCIMError {
  return new SCIMMY.Types.Error(status, scimType as string, detail);
}

/** `Authorization: Bearer <token>` must equal the store's current token; 401 with a SCIM body otherwise. */
export function bearerAuth(currentToken: () => string): MiddlewareHandler {
  return async (c, next) => {
    const match = /^Bearer +(\S+) *$/i.exec(c.req.header('Authorization') ?? '');
    const presented = match?.[1];
    if (presented !== undefined && sameSecret(presented, currentToken())) return next();
    const detail = presented === undefined ? 'Missing bearer token' : 'The bearer token is not valid';
    // RFC 6750 §3: a 401 names the scheme; invalid_token only when a token was actually sent.
    const challenge =
      presented === undefined ? 'Bearer realm="sandbox"' : 'Bearer realm="sandbox", error="invalid_token"';
    return scimJson(errorBody(401, detail), 401, { 'WWW-Authenticate': challenge });
  };
}

// Hashing first gives equal lengths, which timingSafeEqual requires, without leaking the token's length.
const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
const sameSecret = (a: string, b: string) => crypto.timingSafeEqual(digest(a), digest(b));

/** The request body as JSON (`application/scim+json` or `application/json`); 400 invalidSyntax otherwise. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw scimError(400, 'invalidSyntax', 'The request body is empty');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw scimError(400, 'invalidSyntax', `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** `attributes` / `excludedAttributes` query parameters (RFC 7644 §3.4.2.5) as scimmy parameters. */
export function shapeParams(c: Context): ResourceParams {
  const attributes = c.req.query('attributes');
  const excludedAttributes = c.req.query('excludedAttributes');
  if (attributes !== undefined) {
    // scimmy drops `schemas` from partial resources, but every resource carries it (RFC 7643 §3).
    const listed = attributes.split(',').some((a) => a.trim().toLowerCase() === 'schemas');
    return { attributes: listed || attributes.trim() === '' ? attributes : `${attributes},schemas` };
  }
  return excludedAttributes !== undefined ? { excludedAttributes } : {};
}

/** `startIndex` (1-based) and `count`, clamped as RFC 7644 §3.4.2.4 says and to the advertised maximum. */
export function pageParams(c: Context): { startIndex: number; count: number } {
  const int = (name: string, fallback: number) => {
    const raw = c.req.query(name)?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!/^[+-]?\d{1,15}$/.test(raw)) throw scimError(400, 'invalidValue', `${name} must be an integer, got '${raw}'`);
    return Number.parseInt(raw, 10);
  };
  const startIndex = Math.max(1, int('startIndex', 1));
  const count = Math.min(PAGING.maxCount, Math.max(0, int('count', PAGING.defaultCount)));
  return { startIndex, count };
}
