/**
 * Hostile directory data stays inert everywhere it is shown: every page and htmx partial in the route table,
 * the CSV export (formula cells neutralised), JSON, and notification mail. The data goes through a real
 * provisioning cycle against the loopback SCIM app, so it reaches the log the way real data does.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, provisioningLog } from '../../db/schema';
import { createApp } from '../../src/app';
import { createAccount } from '../../src/auth/accounts';
import { createApiToken } from '../../src/auth/api-tokens';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { guardCell } from '../../src/kernel/csv-cell';
import type { AppEnv } from '../../src/web/env';
import { wireWeb } from '../../src/wiring';
import { engineHarness } from '../support/engine-harness';
import { person } from '../support/people';
import { startSmtpServer } from '../support/smtp';
import { recordingScheduler } from '../support/web';
import { PASSWORD } from './harness';

const XSS = '<img src=x onerror=alert(1)>';
const SQLI = '"; DROP TABLE users; --';
const FORMULAS = ['=HYPERLINK("http://evil.example","x")', '+SUM(1,2)', '-2+3', '@cmd'];

let h: Awaited<ReturnType<typeof engineHarness>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let app: Hono<AppEnv>;
let cookie = '';
let token = '';
const ids = { user: '', log: '' };

beforeAll(async () => {
  smtp = await startSmtpServer();
  h = await engineHarness({ notificationEmail: 'ops@contoso.example', sendFailureEmail: true }, { smtpUrl: smtp.url });
  const xss = h.addUser(person('xss', { displayName: XSS, givenName: XSS, department: SQLI, jobTitle: FORMULAS[0] }));
  h.addUser(
    person('sqli', { displayName: SQLI, surname: FORMULAS[1], department: FORMULAS[3], jobTitle: FORMULAS[2] }),
  );
  for (const [i, f] of FORMULAS.entries()) h.addUser(person(`formula${i}`, { displayName: f }));
  ids.user = xss.id;
  // The target's error text is hostile too: it is shown in the log details.
  h.scim.faults.add({
    method: 'POST',
    path: '/Users',
    status: 400,
    times: 1,
    body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: `bad ${XSS} ${SQLI}` },
  });
  await h.cycle();
  await h.notifier?.settled();
  ids.log = String(h.db.select().from(provisioningLog).limit(1).get()?.id ?? '');
  app = createApp(
    wireWeb(h.engine, recordingScheduler(), {
      secrets: h.appsDeps.secrets,
      config: { adminToken: undefined, sessionHours: 1, publicUrl: undefined },
    }),
  );
  await createAccount(h.db, systemClock, CLI_ACTOR, { email: 'admin@example.test', role: 'admin', password: PASSWORD });
  token = createApiToken(h.db, systemClock, CLI_ACTOR, { name: 'reader', role: 'viewer' }).token;
  const res = await app.request('/login', {
    method: 'POST',
    body: new URLSearchParams({ email: 'admin@example.test', password: PASSWORD }),
  });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});
afterAll(async () => {
  await h.scim.close();
  await smtp.close();
});

/**
 * Markup that would run: inline scripts, inline handlers and style attributes, looked for in tags with their
 * quoted attribute values removed (an escaped name inside value="..." is text, not an attribute).
 */
function activeMarkup(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<([a-z][a-z0-9-]*)\b[^>]*>/gi)) {
    const tag = m[0].replace(/"[^"]*"|'[^']*'/g, '""');
    if (/^<script\b/i.test(tag) && !/\ssrc=/.test(tag)) out.push(m[0]);
    if (/\s(on[a-z]+|style)=/i.test(tag)) out.push(m[0]);
  }
  return out;
}

/** Every GET page route of the app, with path parameters filled from the seeded data. */
function pagePaths(): string[] {
  const skip = /^\/(api|static|sandbox|healthz|favicon|login|metrics)/;
  const paths = new Set<string>();
  for (const r of app.routes) {
    if (r.method !== 'GET' || r.path.includes('*') || skip.test(r.path)) continue;
    paths.add(
      r.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_m, name: string) => {
        if (name === 'type') return 'user';
        if (r.path.startsWith('/apps/')) return h.app.id;
        if (r.path.startsWith('/logs/')) return ids.log;
        if (r.path.startsWith('/directory/')) return ids.user;
        return 'x1';
      }),
    );
  }
  for (const q of [XSS, SQLI]) {
    paths.add(`/directory/users?q=${encodeURIComponent(q)}`);
    paths.add(`/logs?identity=${encodeURIComponent(q)}&q=${encodeURIComponent(q)}`);
  }
  return [...paths];
}

describe('pages and partials', () => {
  it('were fed hostile data (the cycle logged it and mailed a failure)', () => {
    const names = h.db.select({ n: provisioningLog.sourceDisplayName }).from(provisioningLog).all();
    expect(names.map((r) => r.n)).toEqual(expect.arrayContaining([XSS, SQLI]));
  });

  it('render it escaped, in full pages and in htmx partials', async () => {
    const paths = pagePaths();
    expect(paths.length).toBeGreaterThan(10);
    let shown = 0;
    for (const path of paths) {
      for (const hx of [false, true]) {
        const res = await app.request(path, { headers: { cookie, ...(hx ? { 'hx-request': 'true' } : {}) } });
        expect(res.status, path).toBeLessThan(500);
        const type = res.headers.get('content-type') ?? '';
        const html = await res.text();
        if (type.startsWith('text/csv')) {
          // A download (audit, reports): the formula guard, not HTML escaping, is what matters there.
          const cells = (parse(html, { relax_column_count: true }) as string[][]).flat();
          expect(
            cells.filter((c) => /^[ ]*[=+\-@\t\r]/.test(c)),
            path,
          ).toEqual([]);
          continue;
        }
        if (html === '') continue;
        // SCIM inbound answers (issue 14) are JSON too, typed application/scim+json.
        expect(type, path).toMatch(/^(text\/html|application\/(scim\+)?json)/);
        expect(html, path).not.toContain('<img src=x');
        expect(activeMarkup(html), path).toEqual([]);
        if (html.includes('&lt;img src=x onerror=alert(1)&gt;')) shown++;
      }
    }
    // The name really was on the pages (directory, logs, log details, searches), escaped.
    expect(shown).toBeGreaterThanOrEqual(6);
  });

  it('left the database intact (the SQL-ish text was data, not SQL)', () => {
    expect(h.db.get<{ n: number }>(sql`select count(*) as n from users`)?.n).toBe(6);
  });
});

describe('exports and API', () => {
  it('CSV guard: cells starting with = + - @ tab or CR (after spaces) get a quote prefix', () => {
    for (const v of ['=1+1', '+1', '-1', '@A1', '\tx', '\rx', '\nx', '  =1']) expect(guardCell(v)).toBe(`'${v}`);
    for (const v of ['plain', 'a=b', '1-2', 'mail@example.test']) expect(guardCell(v)).toBe(v);
  });

  it('CSV: formula cells are neutralised, everything else kept verbatim', async () => {
    const res = await app.request('/api/v1/provisioning-logs/export.csv', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const rows = parse(await res.text(), { relax_column_count: true }) as string[][];
    const cells = rows.flat();
    expect(cells.filter((c) => /^[ ]*[=+\-@\t\r]/.test(c))).toEqual([]);
    for (const f of FORMULAS) expect(cells).toContain(`'${f}`);
    expect(cells).toContain(XSS);
    expect(cells).toContain(SQLI);
  });

  it('exports never carry the Secret Token (CSV, NDJSON, the audit log)', async () => {
    for (const path of ['/api/v1/provisioning-logs/export.csv', '/api/v1/provisioning-logs/export.ndjson']) {
      const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      expect(body.length, path).toBeGreaterThan(100);
      expect(body, path).not.toContain(h.scim.token);
    }
    expect(JSON.stringify(h.db.select().from(auditLog).all())).not.toContain(h.scim.token);
  });

  it('JSON: the exact strings, served as JSON that browsers will not sniff as HTML', async () => {
    const res = await app.request(`/api/v1/directory/users/${ids.user}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await res.json()) as { displayName: string; department: string }).toMatchObject({
      displayName: XSS,
      department: SQLI,
    });
  });

  it('mail: plain text only, so markup in names is never rendered', () => {
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail?.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail?.raw).not.toMatch(/text\/html/i);
    expect(mail?.text).toMatch(/create failed/);
  });
});
