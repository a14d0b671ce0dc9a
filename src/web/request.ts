/** Small request helpers shared by the API routes. */
import type { Context } from 'hono';
import { ValidationError } from '../kernel/errors';
import type { AppEnv, WebDeps } from './env';

/** Parse a JSON body, or throw a 400 that says the body is not JSON. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON');
  }
}

/** `limit` and `cursor` of a list request. */
export function pageParams(c: Context<AppEnv>, max = 500): { limit: number; cursor: string | undefined } {
  const raw = c.req.query('limit');
  const limit = raw === undefined ? 100 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new ValidationError(`limit must be an integer from 1 to ${max}`, [
      { path: 'limit', message: 'out of range' },
    ]);
  }
  return { limit, cursor: c.req.query('cursor') || undefined };
}

/** Domain deps for directory writes, wired to the scheduler's nudge. */
export function directoryDeps(deps: WebDeps) {
  return {
    db: deps.db,
    clock: deps.clock,
    onChange: (ch: Parameters<WebDeps['scheduler']['nudge']>[0]) => deps.scheduler.nudge(ch),
  };
}

/** Domain deps for application writes, wired to the scheduler through `onAppChanged`. */
export function appsDeps(deps: WebDeps) {
  return { db: deps.db, clock: deps.clock, secrets: deps.secrets, onAppChanged: deps.onAppChanged };
}

/** Who started something, as the log's initiatedBy. */
export function initiator(c: Context<AppEnv>): { type: 'user' | 'application'; name: string } {
  const actor = c.get('actor');
  return { type: actor.type === 'token' ? 'application' : 'user', name: actor.name };
}

/**
 * The entry of a fixed table for a key from the request, or undefined. Own properties only: `?done=constructor`
 * must not find Object.prototype's constructor.
 */
export function lookupOwn<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
