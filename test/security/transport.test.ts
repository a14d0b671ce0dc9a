/** Transport security: https Tenant URLs unless allowHttp (with a warning), and a custom CA without ever skipping verification. */
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedCas } from '../../src/scim/ca-fetch';
import { createScimClient } from '../../src/scim/client';
import { createTransportPools } from '../../src/scim/transport-pool';
import { securityHarness } from './harness';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const caFile = new URL('ca.pem', FIXTURES).pathname;
let server: https.Server;
let base = '';
const seen: string[] = [];
// As wiring builds them from PROVISIO_CA_FILE.
const pools = createTransportPools({ ca: trustedCas(caFile) });

beforeAll(async () => {
  server = https.createServer(
    { key: fs.readFileSync(new URL('server.key', FIXTURES)), cert: fs.readFileSync(new URL('server.pem', FIXTURES)) },
    (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: 0,
          Resources: [],
          startIndex: 1,
          itemsPerPage: 0,
        }),
      );
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}/scim`;
});
afterAll(async () => {
  await pools.closeAll();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('custom CA (PROVISIO_CA_FILE)', () => {
  it('refuses a certificate from an unknown CA by default, and accepts it with the CA file', async () => {
    const plain = createScimClient({ baseUrl: base, token: 't0k', timeoutMs: 3000 });
    const refused = await plain.testConnection();
    expect(refused).toMatchObject({ ok: false, code: 'tls' });
    expect(seen).toHaveLength(0);

    const trusting = createScimClient({
      baseUrl: base,
      token: 't0k',
      timeoutMs: 3000,
      transport: pools.forApp('ca-app', 4),
    });
    expect(await trusting.testConnection()).toMatchObject({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^GET \/scim\/Users\?filter=.* Bearer t0k$/);
  });

  it('still verifies the host name with the CA file (no verification is ever skipped)', async () => {
    // The same certificate (for 127.0.0.1 and localhost) served on 127.0.0.2.
    await new Promise<void>((r) => server.close(() => r()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
    const other = `https://127.0.0.2:${(server.address() as AddressInfo).port}/scim`;
    const before = seen.length;
    const wrongName = createScimClient({
      baseUrl: other,
      token: 't',
      timeoutMs: 3000,
      transport: pools.forApp('ca-app', 4),
    });
    expect(await wrongName.testConnection()).toMatchObject({ ok: false, code: 'tls' });
    expect(seen).toHaveLength(before);
  });

  it('refuses a file without a certificate', () => {
    expect(() => trustedCas(new URL('server.key', FIXTURES).pathname)).toThrow(/no PEM certificate/);
  });
});

describe('plain http Tenant URLs', () => {
  it('are refused unless allowHttp is set, and the app page then warns', async () => {
    const h = await securityHarness();
    const body = { name: 'Local', template: 'scim', tenantUrl: 'http://127.0.0.1:8080/scim', secretToken: 'x' };
    const refused = await h.api('POST', '/api/v1/applications', h.tokens.admin, body);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('must use https://');
    const allowed = await h.api('POST', '/api/v1/applications', h.tokens.admin, { ...body, allowHttp: true });
    expect(allowed.status).toBe(201);
    const { id } = (await allowed.json()) as { id: string };
    const page = await (await h.get(`/apps/${id}`, await h.signIn('viewer'))).text();
    expect(page).toContain('Plain http is allowed for this application');
    const off = await h.api('PATCH', `/api/v1/applications/${id}`, h.tokens.admin, { allowHttp: false });
    expect(off.status).toBe(400);
  });
});
