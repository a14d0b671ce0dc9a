import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { rebuildLogFts } from '../../src/log/fts';
import { logSearchText } from '../../src/log/search-text';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';

const base: LogEntry = {
  id: 'chg-1',
  appId: 'app-1',
  activityDateTime: Date.UTC(2026, 10, 28),
  jobId: 'job',
  cycleId: 'cy',
  provisioningAction: 'update',
  status: 'success',
  durationMs: 3,
  initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
  source: { id: 's-1', displayName: 'Zoë Šmith', type: 'user' },
  target: { id: 't-1', displayName: 'zoe@contoso.example' },
  sourceSystem: 'Provisio directory',
  targetSystem: 'App',
  error: null,
  steps: [],
  modifiedProperties: [],
};

// The writer indexes logSearchText(entry); rebuilds and updated rows index the view. They must agree.
const CASES: [string, Partial<LogEntry>][] = [
  ['bare row', {}],
  [
    'no names, no target id',
    { source: { id: 's-2', displayName: null, type: 'user' }, target: { id: null, displayName: null } },
  ],
  [
    'error, steps and properties with nulls',
    {
      error: { errorCode: 'Timeout', errorCategory: 'failure', reason: 'slow "target"', recommendedAction: null },
      steps: [
        {
          name: 'EntryImport',
          provisioningStepType: 'import',
          status: 'success',
          description: 'Retrieved Zoë',
          details: {},
        },
        {
          name: 'EntryExportUpdate',
          provisioningStepType: 'export',
          status: 'failure',
          description: "Failed 'x'",
          details: {},
        },
      ],
      modifiedProperties: [
        { displayName: 'title', oldValue: null, newValue: 'Engineer' },
        { displayName: 'manager', oldValue: 'm-1', newValue: null },
        { displayName: 'secret', oldValue: '[Redact]', newValue: '[Redact]' },
      ],
    },
  ],
  [
    'import step with UPN and mail, one redacted value',
    {
      target: { id: null, displayName: null },
      steps: [
        {
          name: 'EntryImport',
          provisioningStepType: 'import',
          status: 'success',
          description: 'Retrieved Zoë',
          details: { ObjectId: 's-1', UPN: 'zoe.smith@contoso.example', mail: '[Redact]' },
        },
      ],
    },
  ],
  [
    'import step with UPN and mail',
    {
      steps: [
        {
          name: 'EntryImport',
          provisioningStepType: 'import',
          status: 'success',
          description: 'Retrieved Zoë',
          details: { UPN: 'zoe@contoso.example', mail: 'zoe.mail@contoso.example' },
        },
      ],
    },
  ],
];

describe('log search text', () => {
  it.each(CASES)('matches the view for %s', (_name, patch) => {
    const db = openDb(':memory:');
    const entry = { ...base, ...patch };
    writeLog(db, entry);
    const fromView = db.$client.prepare('SELECT identity, body FROM provisioning_log_search').get();
    expect(fromView).toEqual(logSearchText(entry));
  });

  it('finds rows after a rebuild and forgets deleted ones', () => {
    const db = openDb(':memory:');
    writeLog(db, { ...base, ...CASES[2]?.[1] });
    writeLog(db, { ...base, id: 'chg-2', source: { id: 's-9', displayName: 'Other Person', type: 'user' } });
    const match = (q: string) =>
      (
        db.$client
          .prepare('SELECT rowid FROM provisioning_log_fts WHERE provisioning_log_fts MATCH ?')
          .all(q) as unknown[]
      ).length;
    expect(match('engineer')).toBe(1);
    expect(match('smith')).toBe(1); // diacritics removed from Šmith
    rebuildLogFts(db);
    expect(match('engineer')).toBe(1);
    db.$client.exec("DELETE FROM provisioning_log WHERE id = 'chg-1'");
    expect(match('engineer')).toBe(0);
    expect(match('other')).toBe(1);
    db.$client.exec("UPDATE provisioning_log SET source_display_name = 'Renamed Person' WHERE id = 'chg-2'");
    expect(match('other')).toBe(0);
    expect(match('renamed')).toBe(1);
  });
});
