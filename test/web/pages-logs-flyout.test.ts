/**
 * Issue 15 item 12, server side: `/logs?entry=<id>` renders the list with that entry's details in the
 * flyout (a deep link, usable without script), the skip link comes first, ids carry copy buttons that stay
 * hidden until the page script shows them, and what the page renders stays escaped.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let s: Session;
const EVIL = '<img src=x onerror=alert(1)>';
const SOURCE_ID = '5f0c9e4a-8d2b-4f7e-9a61-3c2d1b0e9f87';

function entry(appId: string, id: string, name: string, at: number): LogEntry {
  return {
    id,
    appId,
    activityDateTime: at,
    jobId: 'scim.job',
    cycleId: 'cycle-a',
    provisioningAction: 'create',
    status: 'success',
    durationMs: 90,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `${id}-${SOURCE_ID}`, displayName: name, type: 'user' },
    target: { id: null, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'MindTickle',
    error: null,
    steps: [],
    modifiedProperties: [],
  };
}

beforeEach(async () => {
  h = await pagesHarness();
  const appId = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
  }).id;
  writeLog(h.db, entry(appId, 'alice', 'Alice Adams', Date.now() - 60_000));
  writeLog(h.db, entry(appId, 'evil', EVIL, Date.now() - 30_000));
  s = await h.signIn('viewer');
});

async function page(query: string) {
  const res = await h.get(`/logs${query}`, s);
  expect(res.status).toBe(200);
  return res.text();
}

describe('the log page flyout and skip link', () => {
  it('opens the entry named by ?entry= in the flyout and marks its row', async () => {
    const html = await page('?entry=alice&status=success');
    const dialog = /<dialog[^>]*id="log-flyout"[^>]*>/.exec(html)?.[0] ?? '';
    expect(dialog).toContain('open=""');
    expect(dialog).toContain('aria-modal="true"');
    expect(dialog).toContain('aria-labelledby="log-detail-title"');
    expect(html).toMatch(/<div id="log-detail" class="flyout-body"><article class="log-detail" data-log-id="alice"/);
    expect(html).toMatch(/<h2 id="log-detail-title" tabindex="-1">Alice Adams<\/h2>/);
    expect(html).toMatch(/<tr class="log-row" data-row-link="" data-entry-id="alice" aria-current="true">/);
    expect(html).toMatch(/<tr class="log-row" data-row-link="" data-entry-id="evil">/);
    // Closing needs no script; the filters' links and the column chooser drop the entry.
    expect(html).toContain('<form method="dialog" class="flyout-bar">');
    expect(html).toContain('name="back" value="/logs?status=success"');
    expect(cspViolations(html)).toEqual([]);
  });

  it('renders the flyout closed and empty without ?entry=, and says so when the entry is gone', async () => {
    const plain = await page('');
    expect(/<dialog[^>]*id="log-flyout"[^>]*>/.exec(plain)?.[0]).not.toContain('open');
    expect(plain).toContain('<div id="log-detail" class="flyout-body"></div>');
    expect(plain).not.toContain('aria-current="true"');
    expect(plain).not.toContain('no longer exists');

    const gone = await page('?entry=deleted-by-retention');
    expect(gone).toContain('That log entry no longer exists: retention may have removed it.');
    expect(/<dialog[^>]*id="log-flyout"[^>]*>/.exec(gone)?.[0]).not.toContain('open');
  });

  it('puts "Skip to results" first and the results where it points', async () => {
    const html = await page('');
    const body = html.slice(html.indexOf('<body'));
    const firstFocusable = /<(a|button|input|select|textarea)\b[^>]*>/.exec(body)?.[0];
    expect(firstFocusable).toBe('<a class="skip-link" href="#log-results">');
    expect(body).toContain('Skip to results</a>');
    expect(html).toMatch(/<section id="log-results" class="card log-list" tabindex="-1"/);
    // Other pages have no skip link.
    const overview = await (await h.get('/', s)).text();
    expect(overview).not.toContain('skip-link');
  });

  it('shows ids on one line with a copy button that the page script reveals', async () => {
    const html = await page('');
    const id = `alice-${SOURCE_ID}`;
    expect(html).toContain(`<span class="copy-id-text mono" title="${id}">${id}</span>`);
    expect(html).toMatch(
      new RegExp(
        `<button type="button" class="copy-btn" data-copy="${id}" data-copy-label="source ID" aria-label="Copy source ID" title="Copy source ID" hidden="">`,
      ),
    );
    expect(html).toContain('<script src="/static/logs.js" defer=""></script>');
    const js = await h.get('/static/logs.js', s);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await h.get('/static/logs.css', s)).status).toBe(200);
  });

  it('escapes what it renders in the flyout', async () => {
    const html = await page('?entry=evil');
    expect(html).not.toContain(EVIL);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(cspViolations(html)).toEqual([]);
  });
});
