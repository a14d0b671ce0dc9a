/**
 * Control and bidi characters (issue 12): refused in identifiers through the API and CSV import, controls
 * refused in free text, and names already stored with them cannot spoof the pages that show them.
 */
import { describe, expect, it } from 'vitest';
import { insertGroup } from '../../src/directory/groups';
import { displaySafe } from '../../src/directory/text-rules';
import { insertUser } from '../../src/directory/users';
import { webHarness } from '../support/web';
import { pagesHarness } from './pages-harness';

const BIDI = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
];
const CONTROLS = ['\u0000', '\u0007', '\t', '\n', '\u001b', '\u007f', '\u0085', '\u009b'];
const hex = (ch: string) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

type ErrorBody = { error: { message: string; details: { path: string; message: string }[] } };

describe('identifiers refuse control and bidi characters', () => {
  it.each([...BIDI, ...CONTROLS].map((ch) => [hex(ch), ch]))(
    'API: %s in a UPN is a 400 naming the field',
    async (code, ch) => {
      const h = webHarness();
      const res = await h.call('POST', '/api/v1/directory/users', {
        body: { userPrincipalName: `adm${ch}in@x.example` },
      });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as ErrorBody;
      expect(error.details).toContainEqual({
        path: 'userPrincipalName',
        message: expect.stringContaining(`(found ${code} at position 4)`),
      });
    },
  );

  it.each([
    ['mail', 'ceo\u202e@x.example'],
    ['mailNickname', 'ceo\u2066'],
    ['employeeId', 'E\u00001'],
  ])('API: %s refuses them too', async (field, value) => {
    const h = webHarness();
    const res = await h.call('POST', '/api/v1/directory/users', {
      body: { userPrincipalName: 'ok@x.example', [field]: value },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.details[0]?.path).toBe(field);
  });

  it('API: group names refuse them, on create and rename', async () => {
    const h = webHarness();
    const bad = await h.call('POST', '/api/v1/directory/groups', { body: { displayName: 'Admins\u202e' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toContain('bidirectional');
    const ok = await h.call('POST', '/api/v1/directory/groups', { body: { displayName: 'Admins' } });
    const { id } = (await ok.json()) as { id: string };
    const rename = await h.call('PATCH', `/api/v1/directory/groups/${id}`, { body: { displayName: 'Ad\u0000mins' } });
    expect(rename.status).toBe(400);
  });

  it('free text refuses controls but keeps the marks right-to-left names need', async () => {
    const h = webHarness();
    const nul = await h.call('POST', '/api/v1/directory/users', {
      body: { userPrincipalName: 'a@x.example', displayName: 'Ann\u0000' },
    });
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as ErrorBody).error.details[0]).toEqual({
      path: 'displayName',
      message: 'must not contain control characters (found U+0000 at position 4)',
    });
    const rtl = await h.call('POST', '/api/v1/directory/users', {
      body: { userPrincipalName: 'b@x.example', displayName: 'دانا\u200f (Sales)' },
    });
    expect(rtl.status).toBe(201);
  });

  it('CSV: a bidi override in any row refuses the file, naming the line', async () => {
    const h = webHarness();
    const res = await h.call('POST', '/api/v1/directory/import/users', {
      type: 'text/csv',
      body: 'userPrincipalName,displayName\nok@x.example,OK\nadmin\u202e@x.example,Spoof\nc@x.example,"C\u0007"\n',
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.details.map((d) => d.path)).toEqual(['line 3', 'line 4']);
    expect(error.details[0]?.message).toContain('U+202E');
    expect(error.details[1]?.message).toContain('displayName: must not contain control characters');
    const groups = await h.call('POST', '/api/v1/directory/import/groups', {
      type: 'text/csv',
      body: 'displayName\nSales\u2067\n',
    });
    expect(((await groups.json()) as { errors: { line: number }[] }).errors).toEqual([
      { line: 2, message: expect.stringContaining('U+2067') },
    ]);
  });
});

describe('names already stored with such characters', () => {
  it('are shown with the characters made visible and isolated in <bdi>', async () => {
    const h = await pagesHarness();
    // Written straight to the database, as data from before these rules would be.
    const u = insertUser(
      h.db,
      { userPrincipalName: 'ad\u202emin@x.example', displayName: 'invoice\u202efdp.exe', department: 'R\u0000D' },
      Date.now(),
    );
    const g = insertGroup(h.db, { displayName: 'Ad\u2066mins\u200f', description: 'x\u001by' }, Date.now());
    const s = await h.signIn('viewer');
    const pages = [
      await (await h.get('/directory/users', s)).text(),
      await (await h.get('/directory/groups', s)).text(),
      await (await h.get(`/directory/groups/${g.id}`, s)).text(),
    ];
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
    const spoofing = /[\u0000-\u0008\u001b\u202a-\u202e\u2066-\u2069\u200e\u200f]/;
    for (const html of pages) expect(html).not.toMatch(spoofing);
    expect(pages[0]).toContain('<bdi>invoice[U+202E]fdp.exe</bdi>');
    expect(pages[0]).toContain('<bdi>ad[U+202E]min@x.example</bdi>');
    expect(pages[0]).toContain('<bdi>R[U+0000]D</bdi>');
    expect(pages[1]).toContain('<bdi>Ad[U+2066]mins[U+200F]</bdi>');
    expect(pages[2]).toContain('<h1><bdi>Ad[U+2066]mins[U+200F]</bdi></h1>');
    expect(pages[2]).toContain('<bdi>x[U+001B]y</bdi>');
    expect(u.id).toBeTruthy();
  });

  it('displaySafe leaves ordinary text, including right-to-left letters, alone', () => {
    expect(displaySafe('Zoë Ünal')).toBe('Zoë Ünal');
    expect(displaySafe('دانا')).toBe('دانا');
    expect(displaySafe(null)).toBeNull();
  });
});

describe('group CSV headers', () => {
  it.each(['__proto__', 'constructor'])('refuse a column named %s', async (name) => {
    const h = webHarness();
    const res = await h.call('POST', '/api/v1/directory/import/groups', {
      type: 'text/csv',
      body: `displayName,${name}\nSales,x\n`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toContain(`Unknown columns: ${name}`);
  });
});
