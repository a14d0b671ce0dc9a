/**
 * Issue 12: the Graph API's `@odata.nextLink` was built from the request's Host header when
 * PROVISIO_PUBLIC_URL is unset, so a forged Host led a client to send its bearer token to another host on the
 * next page. Sent over a real socket with a forged Host, as an attacker-controlled client or cache would.
 */
import http from 'node:http';
import { type ServerType, serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { writeLog } from '../../src/log/write';
import { securityHarness } from './harness';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function forgedHostGet(publicUrl: string | undefined) {
  const h = await securityHarness({ publicUrl });
  for (let i = 1; i <= 3; i++) {
    writeLog(h.db, {
      id: `change-${i}`,
      appId: 'app-1',
      activityDateTime: Date.UTC(2026, 10, 28, 10, 0, i),
      jobId: 'job-1',
      cycleId: 'cycle-1',
      provisioningAction: 'create',
      status: 'success',
      durationMs: 1,
      initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
      source: { id: `src-${i}`, displayName: `User ${i}`, type: 'user' },
      target: { id: `tgt-${i}`, displayName: `user${i}@x.example` },
      sourceSystem: 'Provisio directory',
      targetSystem: 'App',
      error: null,
      steps: [],
      modifiedProperties: [],
    });
  }
  const port: number = await new Promise((resolve) => {
    const server: ServerType = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      closers.push(() => new Promise<void>((r) => server.close(() => r())));
      resolve(info.port);
    });
  });
  const body: string = await new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/auditLogs/provisioning?$top=1',
        headers: { host: 'attacker.example', authorization: `Bearer ${h.tokens.viewer}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end();
  });
  return JSON.parse(body) as { '@odata.nextLink'?: string; '@odata.context'?: string; value: unknown[] };
}

describe('Graph @odata.nextLink', () => {
  it('is relative (never the forged Host) when PROVISIO_PUBLIC_URL is unset', async () => {
    const page = await forgedHostGet(undefined);
    expect(page.value).toHaveLength(1);
    const next = page['@odata.nextLink'] ?? '';
    expect(next).toMatch(/^\/api\/v1\/auditLogs\/provisioning\?/);
    expect(next).not.toContain('attacker.example');
    expect(page['@odata.context']).not.toContain('attacker.example');
  });

  it('uses PROVISIO_PUBLIC_URL when set, whatever the Host', async () => {
    const page = await forgedHostGet('https://provisio.contoso.example/');
    expect(page['@odata.nextLink']).toMatch(
      /^https:\/\/provisio\.contoso\.example\/api\/v1\/auditLogs\/provisioning\?/,
    );
    expect(page['@odata.context']).toBe('https://provisio.contoso.example/api/v1/$metadata#auditLogs/provisioning');
  });
});
