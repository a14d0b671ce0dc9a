/** Helpers for the SCIM inbound endpoint tests: a source with its token, and a SCIM call against the app. */
import { CLI_ACTOR } from '../../src/kernel/actor';
import { createSource } from '../../src/sources/sources';
import { webHarness } from './web';

/** The web harness plus a SCIM source and a `scim(method, path, body, token?)` caller. */
export function scimHarness(name = 'Entra ID') {
  const h = webHarness();
  const { source, token } = createSource(h.db, h.clock, CLI_ACTOR, { name });
  const scim = async (method: string, path: string, body?: unknown, bearer: string | null = token) => {
    const headers: Record<string, string> = {};
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/scim+json';
    const res = await h.app.request(new URL(`http://localhost/scim/v2${path}`).toString(), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  };
  return { ...h, source, token, scim };
}

/** True when `actual` contains `expected`: objects as subsets, arrays element by element, "<any>" anything. */
export function contains(actual: unknown, expected: unknown, path = '$'): string | null {
  if (expected === '<any>') return actual === undefined ? `${path} is missing` : null;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path} is not an array`;
    if (actual.length !== expected.length) return `${path} has ${actual.length} items, expected ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const p = contains(actual[i], expected[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return `${path} is not an object`;
    for (const [k, v] of Object.entries(expected)) {
      const p = contains((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
      if (p) return p;
    }
    return null;
  }
  return actual === expected ? null : `${path} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
}
