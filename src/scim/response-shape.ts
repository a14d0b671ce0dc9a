/**
 * Checking that a 2xx answer is SCIM before anyone reads it. A login page, a proxy's HTML error or a JSON
 * body of another API must become a ServiceIncompatible error with words an admin can act on, never a
 * crash deeper in the engine. Shapes: resources (RFC 7643 §3: `schemas`, `id`), ListResponse (RFC 7644 §3.4.2).
 */
import { excerptChars, redact } from './redact';
import type { ScimResource } from './resource-builder';
import { type ScimError, type ScimErrorContext, scimProtocolError } from './scim-error';
import type { HeaderLookup } from './transport';

/** Where the answer came from, and the secrets to keep out of any excerpt taken from it. */
export type ResponseContext = ScimErrorContext & { secrets: readonly string[] };

/** A resource as a server returns it: always with `schemas` and `id` (entra.md §5.1: "id on every returned resource"). */
export type ReturnedResource = ScimResource & { schemas: string[]; id: string };

/** A page of a query (RFC 7644 §3.4.2). `Resources` is [] when the server left it out. */
export interface ListPage {
  totalResults: number;
  startIndex: number | null;
  itemsPerPage: number | null;
  Resources: ReturnedResource[];
}

/** A 2xx answer as read by the transport. */
export interface RawResponse {
  status: number;
  headers: HeaderLookup;
  text: string;
}

/** Parse the body as JSON; anything else (HTML, plain text, empty) is "not SCIM". */
export function parseJsonBody(res: RawResponse, ctx: ResponseContext): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    const type = mediaType(res.headers.get('content-type'));
    const problem =
      res.text.trim() === ''
        ? 'the body is empty'
        : type.includes('json')
          ? 'the body is not valid JSON'
          : `got ${type}`;
    throw notScim(res, ctx, problem);
  }
}

/** A single resource, or ServiceIncompatible. */
export function asResource(json: unknown, res: RawResponse, ctx: ResponseContext): ReturnedResource {
  if (!isRecord(json)) throw notScim(res, ctx, 'the body is not a JSON object');
  if (!hasSchemas(json)) throw notScim(res, ctx, 'the JSON has no "schemas" array');
  if (typeof json.id !== 'string' || json.id === '') throw notScim(res, ctx, 'the returned resource has no "id"');
  return json as ReturnedResource;
}

/** A ListResponse page, or ServiceIncompatible. `Resources` may be absent only when totalResults is 0. */
export function asListPage(json: unknown, res: RawResponse, ctx: ResponseContext): ListPage {
  if (!isRecord(json)) throw notScim(res, ctx, 'the body is not a JSON object');
  if (!hasSchemas(json)) throw notScim(res, ctx, 'the JSON has no "schemas" array');
  const total = toCount(json.totalResults);
  if (total === null) throw notScim(res, ctx, 'the ListResponse has no numeric "totalResults"');
  const resources = json.Resources ?? [];
  if (!Array.isArray(resources)) throw notScim(res, ctx, '"Resources" is not an array');
  if (resources.length === 0 && json.Resources === undefined && total > 0) {
    throw notScim(res, ctx, `"Resources" is missing although totalResults is ${total}`);
  }
  const page = resources.map((r: unknown) => {
    if (!isRecord(r) || typeof r.id !== 'string' || r.id === '')
      throw notScim(res, ctx, 'a listed resource has no "id"');
    return r as ReturnedResource;
  });
  return {
    totalResults: total,
    startIndex: toCount(json.startIndex),
    itemsPerPage: toCount(json.itemsPerPage),
    Resources: page,
  };
}

/** `text/html` from `text/html; charset=utf-8`; "no Content-Type" when absent. */
export function mediaType(contentType: string | null): string {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : 'no Content-Type';
}

function notScim(res: RawResponse, ctx: ResponseContext, problem: string): ScimError {
  const bodyExcerpt = res.text === '' ? null : excerptChars(redact(res.text, ctx.secrets), 500);
  return scimProtocolError(
    'notScim',
    { ...ctx, status: res.status, bodyExcerpt, contentType: res.headers.get('content-type') },
    { problem },
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasSchemas(json: Record<string, unknown>): boolean {
  return Array.isArray(json.schemas) && json.schemas.every((s) => typeof s === 'string');
}

// Integers are sometimes sent as strings ("totalResults": "3"); accept those, reject anything else.
function toCount(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}
