/**
 * Alerts end to end (issue 17): a failures rule fires once against a failing SCIM target, delivers a signed
 * webhook to a loopback receiver, and resolves once the target recovers; a quarantine alert reaches a real
 * SMTP server; a failing webhook is retried with its attempts recorded.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listAlerts } from '../../src/alerts/alert-query';
import { verifySignature } from '../../src/alerts/payloads';
import { createRule } from '../../src/alerts/rules';
import { AlertRunner } from '../../src/alerts/runner';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { ValidationError } from '../../src/kernel/errors';
import { smtpMailer } from '../../src/notify/mailer';
import { createStream } from '../../src/streams/streams';
import { type EngineHarness, engineHarness, silentLogger } from '../support/engine-harness';
import { startSmtpServer } from '../support/smtp';

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
}

/** A loopback HTTP receiver answering `status()` to every POST. */
async function receiver(status: () => number = () => 204) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => {
      raw += d.toString('utf8');
    });
    req.on('end', () => {
      got.push({ headers: req.headers, raw });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const SECRET = 'a-webhook-signing-secret-of-32-chars!';
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** A runner on a movable clock, wired to the harness's engine as main.ts wires it. */
function alertsFor(h: EngineHarness, mailer: () => ReturnType<typeof smtpMailer> | null = () => null) {
  const t = { now: Date.now() };
  const runner = new AlertRunner({
    db: h.db,
    clock: { now: () => t.now },
    logger: silentLogger,
    secrets: h.secrets,
    mailer,
    publicUrl: 'https://provisio.contoso.example',
    backoffMs: [1000, 2000],
  });
  h.engine.onCycleEnd = (appId) => runner.afterCycle(appId);
  return { runner, t, deps: { db: h.db, clock: { now: () => t.now }, secrets: h.secrets } };
}

describe('alerts', () => {
  it('fires once on failures > 5 in 10 minutes with a signed webhook, and resolves once the target recovers', async () => {
    const h = await engineHarness();
    const hook = await receiver();
    cleanup.push(h.close, hook.close);
    const { runner, t, deps } = alertsFor(h);
    const rule = createRule(deps, CLI_ACTOR, {
      name: 'Target failing',
      condition: { kind: 'failures', threshold: 5, windowMinutes: 10 },
      severity: 'critical',
      channels: [{ type: 'webhook', url: hook.url, format: 'generic', secret: SECRET }],
    });
    for (let i = 0; i < 8; i++) h.addUser({ userPrincipalName: `u${i}@contoso.example`, displayName: `U ${i}` });
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: Number.POSITIVE_INFINITY });

    await h.cycle(); // onCycleEnd evaluates the rules for the app
    await runner.drain();
    expect(hook.got).toHaveLength(1);
    const first = hook.got[0] as Received;
    const sig = String(first.headers['x-provisio-signature']);
    expect(verifySignature(SECRET, first.raw, sig, Math.floor(t.now / 1000))).toBe(true);
    expect(verifySignature('another-secret-entirely-000000', first.raw, sig, Math.floor(t.now / 1000))).toBe(false);
    const body = JSON.parse(first.raw);
    expect(body).toMatchObject({
      alert: { ruleId: rule.id, state: 'firing', resolvedAt: null },
      rule: { name: 'Target failing', severity: 'critical' },
      app: { id: h.app.id, name: 'Test App' },
    });
    expect(body.summary).toContain('8 failures in the last 10 minutes');
    expect(body.logsUrl).toMatch(/^https:\/\/provisio\.contoso\.example\/logs\?appId=.*&status=failure&from=/);

    // Still failing: more evaluations, one alert, no second message.
    await runner.tick();
    await h.cycle();
    await runner.drain();
    expect(hook.got).toHaveLength(1);
    expect(listAlerts(h.db, { state: 'firing' }).items).toHaveLength(1);

    // The target recovers; ten minutes later the failures are out of the window.
    h.scim.faults.clear();
    await h.cycle();
    t.now += 11 * 60_000;
    await runner.tick();
    await runner.tick();
    expect(hook.got).toHaveLength(2);
    const resolved = JSON.parse((hook.got[1] as Received).raw);
    expect(resolved.alert).toMatchObject({ id: body.alert.id, state: 'resolved', firedAt: body.alert.firedAt });
    expect(Date.parse(resolved.alert.resolvedAt)).toBe(t.now);
    const all = listAlerts(h.db, {});
    expect(all.items).toHaveLength(1);
    expect(all.items[0]).toMatchObject({ state: 'resolved', appId: h.app.id });
    expect(all.items[0]?.deliveries.map((d) => [d.event, d.status])).toEqual([
      ['firing', 'sent'],
      ['resolved', 'sent'],
    ]);
  });

  it('mails a quarantine alert through a real SMTP server', async () => {
    const h = await engineHarness();
    const smtp = await startSmtpServer();
    cleanup.push(h.close, smtp.close);
    const { runner, deps } = alertsFor(h, () => smtpMailer({ url: smtp.url, from: 'provisio@contoso.example' }));
    createRule(deps, CLI_ACTOR, {
      name: 'Quarantined',
      condition: { kind: 'quarantine' },
      channels: [{ type: 'email', to: ['oncall@contoso.example'] }],
    });
    h.addUser({ userPrincipalName: 'q@contoso.example' });
    h.scim.faults.add({ status: 401, times: Number.POSITIVE_INFINITY });
    await h.cycle();
    await runner.drain();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail?.to).toEqual(['oncall@contoso.example']);
    expect(mail?.subject).toContain('FIRING [warning] Quarantined: Test App');
    expect(mail?.text).toContain('provisioning quarantined (EncounteredQuarantineException)');
    expect(listAlerts(h.db, { state: 'firing' }).items[0]?.deliveries).toMatchObject([{ status: 'sent' }]);
  });

  it('retries a failed webhook with backoff, and records each attempt', async () => {
    const h = await engineHarness();
    let status = 503;
    const hook = await receiver(() => status);
    cleanup.push(h.close, hook.close);
    const { runner, t, deps } = alertsFor(h);
    createRule(deps, CLI_ACTOR, {
      name: 'Escrow',
      condition: { kind: 'escrow', threshold: 0 },
      channels: [{ type: 'webhook', url: hook.url, format: 'slack' }],
    });
    h.addUser({ userPrincipalName: 'e@contoso.example' });
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 1 });
    await h.cycle();
    await runner.drain();
    await runner.drain(); // not due yet: backoff
    expect(hook.got).toHaveLength(1);
    t.now += 1000;
    await runner.drain();
    expect(hook.got).toHaveLength(2);
    status = 200;
    t.now += 2000;
    await runner.drain();
    const slack = JSON.parse((hook.got[2] as Received).raw);
    expect(slack.text).toContain('FIRING [warning] Escrow: Test App');
    expect(slack.blocks[1].elements[1].text).toMatch(/^<https:\/\/provisio\.contoso\.example\/logs\?.*\|Open/);
    const [item] = listAlerts(h.db, {}).items;
    expect(item?.deliveries.map((d) => d.status)).toEqual(['failed', 'failed', 'sent']);
    expect(item?.deliveries[0]?.error).toBe(`HTTP 503 from ${new URL(hook.url).origin}`);
  });

  it('sends an alert to a log stream’s syslog receiver (RFC 5424, octet counted) and refuses a non-syslog stream', async () => {
    const h = await engineHarness();
    let bytes = '';
    const tcp = net.createServer((sock) => sock.on('data', (d) => (bytes += d.toString('utf8'))));
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    cleanup.push(h.close, () => new Promise<void>((r) => tcp.close(() => r())));
    const { runner, deps } = alertsFor(h);
    const { port } = tcp.address() as AddressInfo;
    const siem = createStream(deps, CLI_ACTOR, {
      name: 'SIEM',
      log: 'audit',
      sink: { type: 'syslog', host: '127.0.0.1', port },
    });
    const hook = createStream(deps, CLI_ACTOR, {
      name: 'Hook',
      log: 'audit',
      sink: { type: 'webhook', url: 'https://hooks.contoso.example/x' },
    });
    const rule = (streamId: string) => ({
      name: 'Escrow to SIEM',
      severity: 'critical',
      condition: { kind: 'escrow' },
      channels: [{ type: 'syslog', streamId }],
    });
    expect(() => createRule(deps, CLI_ACTOR, rule(hook.id))).toThrow(ValidationError);
    createRule(deps, CLI_ACTOR, rule(siem.id));
    h.addUser({ userPrincipalName: 's@contoso.example' });
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 1 });
    await h.cycle();
    await runner.drain();
    await expect.poll(() => bytes.length, { timeout: 3000 }).toBeGreaterThan(0);
    const [, len, msg] = /^(\d+) ([\s\S]*)$/.exec(bytes) ?? [];
    expect(Buffer.byteLength(msg ?? '')).toBe(Number(len));
    const [alert] = listAlerts(h.db, {}).items;
    // local0.err (16 * 8 + 3) for a critical alert; MSGID audit; the alert id is the de-duplication key.
    expect(msg).toMatch(
      new RegExp(
        `^<131>1 \\S+ \\S+ provisio - audit \\[provisio@32473 changeId="${alert?.id}:firing" status="failure"\\] \\{`,
      ),
    );
    expect(JSON.parse(msg?.slice(msg.indexOf('] ') + 2) ?? '{}')).toMatchObject({ rule: { name: 'Escrow to SIEM' } });
    expect(alert?.deliveries).toMatchObject([{ channel: `syslog stream ${siem.id}`, status: 'sent' }]);
  });
});
