/**
 * Microsoft's documented SCIM exchanges (test/fixtures/scim-inbound) replayed against the inbound endpoint in
 * order: status and body shape as published, plus the directory and inbound log rows they leave behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { provisioningLog } from '../../db/schema';
import { contains, scimHarness } from '../support/scim-inbound';

interface Exchange {
  name: string;
  request: { method: string; path: string; body?: unknown };
  response: { status: number; body?: unknown };
  capture?: Record<string, string>;
  absent?: string[];
}

const dir = path.join(__dirname, '../fixtures/scim-inbound');
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Exchange[];

function substitute<T>(value: T, vars: Record<string, string>): T {
  return JSON.parse(JSON.stringify(value).replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? `{{${k}}}`)) as T;
}

async function replay(file: string) {
  const h = scimHarness();
  const vars: Record<string, string> = {};
  for (const raw of load(file)) {
    const x = substitute(raw, vars);
    const res = await h.scim(x.request.method, x.request.path, x.request.body);
    expect(res.status, `${x.name}: ${JSON.stringify(res.body)}`).toBe(x.response.status);
    if (x.response.status !== 204) expect(res.headers.get('content-type')).toContain('application/scim+json');
    if (x.response.body !== undefined) expect(contains(res.body, x.response.body), x.name).toBeNull();
    for (const a of x.absent ?? []) expect(res.body, x.name).not.toHaveProperty(a);
    for (const [name, field] of Object.entries(x.capture ?? {})) vars[name] = String(res.body?.[field]);
  }
  return { h, vars };
}

describe('SCIM inbound: Microsoft documented exchanges', () => {
  it('user operations replay with the documented statuses and shapes', async () => {
    const { h, vars } = await replay('users.json');
    const rows = h.db.select().from(provisioningLog).all();
    expect(rows.map((r) => r.provisioningAction)).toEqual([
      'create',
      'update',
      'update',
      'disable',
      'update',
      'disable',
      'update',
      'delete',
    ]);
    for (const r of rows) {
      expect(r.sourceSystem).toBe('Entra ID');
      expect(r.targetSystem).toBe('Provisio directory');
      expect(r.targetId).toBe(vars.user);
      expect(r.initiatedByName).toBe('Entra ID');
    }
  });

  it('group operations replay with the documented statuses and shapes', async () => {
    const { h } = await replay('groups.json');
    const groupRows = h.db
      .select()
      .from(provisioningLog)
      .all()
      .filter((r) => r.sourceType === 'group');
    expect(groupRows.map((r) => r.provisioningAction)).toEqual([
      'create',
      'update',
      'update',
      'update',
      'update',
      'update',
      'delete',
    ]);
  });
});
