/**
 * Issue 17, log streams through the API and the Settings → Log streams page: create (201 {id}), read with state,
 * cursor, lag and delivery for viewers, change, pause, resume, rewind, delete; every change audited; a sink's
 * secret is never in an answer, a page or an audit row.
 */
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/audit/audit-log';
import { getStream } from '../../src/streams/streams';
import { seedLogRows } from '../support/stream-rows';
import { webHarness } from '../support/web';
import { cspViolations, pagesHarness } from './pages-harness';

const hec = { type: 'hec', url: 'https://splunk.example.test:8088', token: 'hec-SECRET-123' };

describe('log streams API', () => {
  it('creates, reads, changes, pauses, resumes, rewinds and deletes a stream, audited, secret never shown', async () => {
    const h = webHarness();
    seedLogRows(h.db, 30, { at: Date.UTC(2026, 10, 1) });
    const created = await h.call('POST', '/api/v1/log-streams', {
      body: { name: 'Splunk', log: 'provisioning', sink: hec, filter: { statuses: ['failure'] } },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const read = await h.call('GET', `/api/v1/log-streams/${id}`, { token: h.tokens.viewer });
    expect(read.status).toBe(200);
    const text = await read.text();
    expect(text).not.toContain('hec-SECRET-123');
    const view = JSON.parse(text);
    // 3 of 30 rows are failures (every tenth): the lag counts what the filter lets through.
    expect(view).toMatchObject({ name: 'Splunk', state: 'active', cursor: 0, delivered: 0, lastError: null });
    expect(view.lag.rows).toBe(3);
    expect(view.sink).toEqual({ type: 'hec', url: hec.url, secretSet: true });
    expect(getStream(h.db, id).sinkSecret).not.toContain('hec-SECRET');

    expect(
      (await h.call('PATCH', `/api/v1/log-streams/${id}`, { body: { name: 'x' }, token: h.tokens.viewer })).status,
    ).toBe(403);
    // The same sink type without a token keeps the sealed one.
    const patched = await h.call('PATCH', `/api/v1/log-streams/${id}`, { body: { name: 'Splunk 2', filter: {} } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { lag: { rows: number } }).lag.rows).toBe(30);
    const sealed = getStream(h.db, id).sinkSecret;
    const keepToken = await h.call('PATCH', `/api/v1/log-streams/${id}`, {
      body: { sink: { type: 'hec', url: 'https://splunk2.example.test:8088' } },
    });
    expect(keepToken.status).toBe(200);
    expect(getStream(h.db, id).sinkSecret).toBe(sealed);
    // Another type has no secret to keep: a webhook without one has none, and back to HEC needs a token.
    const toWebhook = await h.call('PATCH', `/api/v1/log-streams/${id}`, {
      body: { sink: { type: 'webhook', url: hec.url } },
    });
    expect(toWebhook.status).toBe(200);
    expect(getStream(h.db, id).sinkSecret).toBeNull();
    const noToken = await h.call('PATCH', `/api/v1/log-streams/${id}`, {
      body: { sink: { type: 'hec', url: hec.url } },
    });
    expect(noToken.status).toBe(400);
    expect((await h.call('PATCH', `/api/v1/log-streams/${id}`, { body: { sink: hec } })).status).toBe(200);

    expect(((await (await h.call('POST', `/api/v1/log-streams/${id}/pause`)).json()) as { state: string }).state).toBe(
      'paused',
    );
    expect(((await (await h.call('POST', `/api/v1/log-streams/${id}/resume`)).json()) as { state: string }).state).toBe(
      'active',
    );
    h.db.$client.prepare('update log_streams set cursor = 30').run();
    const rewound = await h.call('POST', `/api/v1/log-streams/${id}/rewind`, {
      body: { from: '2026-11-01T00:00:00.020Z' },
    });
    expect(((await rewound.json()) as { cursor: number }).cursor).toBe(20);
    expect((await h.call('POST', `/api/v1/log-streams/${id}/rewind`, { body: { from: 'yesterday' } })).status).toBe(
      400,
    );

    expect((await h.call('DELETE', `/api/v1/log-streams/${id}`)).status).toBe(204);
    expect((await h.call('GET', `/api/v1/log-streams/${id}`)).status).toBe(404);

    const audit = listAudit(h.db, { limit: 50 }).filter((a) => a.targetType === 'logStream');
    expect(audit.map((a) => a.activity).reverse()).toEqual([
      'Create log stream',
      'Update log stream',
      'Update log stream',
      'Update log stream',
      'Update log stream',
      'Pause log stream',
      'Resume log stream',
      'Rewind log stream',
      'Delete log stream',
    ]);
    expect(JSON.stringify(audit)).not.toContain('hec-SECRET-123');
  });

  it('names each field at fault', async () => {
    const h = webHarness();
    const res = await h.call('POST', '/api/v1/log-streams', {
      body: { name: '', log: 'provisioning', sink: { type: 'syslog', host: 'siem', port: 70000 } },
    });
    expect(res.status).toBe(400);
    const body = JSON.stringify(await res.json());
    expect(body).toContain('sink.port');
    expect(body).toContain('name');
  });
});

describe('Settings → Log streams page', () => {
  it('creates a stream from the form, shows field errors, pauses and rewinds; viewers see the list only', async () => {
    const h = await pagesHarness();
    const admin = await h.signIn('admin');
    const bad = await h.post(
      '/settings/log-streams',
      { name: 'rsyslog', log: 'provisioning', sinkType: 'syslog', host: '', port: 'x' },
      admin,
    );
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/id="host-error"/);
    expect(badHtml).toMatch(/id="port-error"/);
    expect(badHtml).toContain('value="rsyslog"');

    const ok = await h.post(
      '/settings/log-streams',
      {
        name: 'rsyslog',
        log: 'provisioning',
        sinkType: 'syslog',
        host: 'siem.example.test',
        port: '6514',
        tls: '1',
        statuses: 'failure, warning',
      },
      admin,
    );
    expect(ok.status).toBe(303);
    const html = await (await h.get('/settings/log-streams', admin)).text();
    expect(cspViolations(html)).toEqual([]);
    expect(html).toContain('tls://siem.example.test:6514');
    const id = /\/settings\/log-streams\/([0-9a-f-]{36})\/pause/.exec(html)?.[1] as string;
    expect(id).toBeTruthy();
    expect((await h.post(`/settings/log-streams/${id}/pause`, {}, admin)).status).toBe(303);
    expect(getStream(h.db, id).state).toBe('paused');
    expect((await h.post(`/settings/log-streams/${id}/rewind`, { from: '2026-12-01T10:00' }, admin)).status).toBe(303);

    const viewer = await h.signIn('viewer');
    const vHtml = await (await h.get('/settings/log-streams', viewer)).text();
    expect(vHtml).toContain('siem.example.test');
    expect(vHtml).not.toContain('Create log stream');
    expect((await h.post(`/settings/log-streams/${id}/resume`, {}, viewer)).status).toBe(403);
  });
});
