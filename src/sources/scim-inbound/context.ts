/** What every inbound SCIM handler works with: the directory use cases' deps, the calling source, URLs. */

import type { SourceRef } from '../../directory/source-owner';
import type { DirectoryDeps } from '../../directory/users';
import { ValidationError } from '../../kernel/errors';
import { PAGE } from './protocol';

export interface InboundContext {
  dir: DirectoryDeps;
  source: SourceRef;
  /** Absolute base of the endpoint (`https://host/scim/v2`), for meta.location. */
  baseUrl: string;
}

/** A handler's answer: status and SCIM body (none for 204). */
export interface ScimReply {
  status: 200 | 201 | 204;
  body?: unknown;
}

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Case-insensitive key lookup: SCIM attribute names are case-insensitive (RFC 7643 §2.1). */
export function getCI(obj: Json, key: string): unknown {
  const k = Object.keys(obj).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : obj[k];
}

/** startIndex / count (RFC 7644 §3.4.2.4): 1-based, count capped, bad values answer 400. */
export function paging(startIndex: string | undefined, count: string | undefined) {
  const start = startIndex === undefined ? 1 : Number(startIndex);
  const n = count === undefined ? PAGE.defaultCount : Number(count);
  if (!Number.isInteger(start) || !Number.isInteger(n) || n < 0) {
    throw new ValidationError('startIndex and count must be integers', [
      { path: 'startIndex', message: 'invalidValue' },
    ]);
  }
  return { startIndex: Math.max(1, start), count: Math.min(n, PAGE.maxCount) };
}

/** The PATCH operations of a PatchOp body (RFC 7644 §3.5.2), op names lower-cased (Entra sends `Replace`). */
export function patchOperations(body: unknown) {
  const ops = isObject(body) ? getCI(body, 'Operations') : undefined;
  if (!Array.isArray(ops) || ops.length === 0) {
    throw new ValidationError('A PatchOp body needs Operations', [{ path: 'Operations', message: 'invalidSyntax' }]);
  }
  return ops.map((raw) => {
    if (!isObject(raw))
      throw new ValidationError('Each operation must be an object', [{ path: 'Operations', message: 'invalidSyntax' }]);
    const op = String(getCI(raw, 'op') ?? '').toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw new ValidationError(`Unknown PATCH op "${op}"`, [{ path: 'op', message: 'invalidSyntax' }]);
    }
    const path = getCI(raw, 'path');
    return {
      op,
      path: typeof path === 'string' && path.trim() !== '' ? path.trim() : null,
      value: getCI(raw, 'value'),
    };
  });
}
