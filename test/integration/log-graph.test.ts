import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { graphList } from '../../src/log/graph-query';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';
import { freshDb } from '../support/db';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
let base: ReturnType<typeof freshDb>;
let mind: string;

function entry(i: number, over: Partial<LogEntry> = {}): LogEntry {
  return {
    id: `c${String(i).padStart(3, '0')}`,
    appId: i <= 6 ? mind : 'other-app',
    activityDateTime: T0 + i * 60_000,
    jobId: i <= 6 ? 'scim.Mind' : 'scim.other',
    cycleId: 'cy',
    provisioningAction: i % 2 ? 'create' : 'update',
    status: i === 4 ? 'failure' : 'success',
    durationMs: i * 100,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `Src-${i}`, displayName: i === 3 ? "Dana O'Brien" : `User ${i}`, type: 'user' },
    target: { id: i === 5 ? null : `t-${i}`, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: i <= 6 ? 'MindTickle' : 'Other',
    error:
      i === 4
        ? { errorCode: 'EntryConflict', errorCategory: 'nonServiceFailure', reason: 'dup', recommendedAction: null }
        : null,
    steps: [],
    modifiedProperties: [],
    ...over,
  };
}

function ids(filter: string, extra: Record<string, string> = {}): string[] {
  const names = new Map([[mind, 'MindTickle']]);
  return graphList(base.db, { $filter: filter, ...extra }, names).value.map((v) => v.id);
}

beforeEach(() => {
  base = freshDb();
  mind = createApplication({ db: base.db, clock: base.clock, secrets: base.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
  }).id;
  for (let i = 1; i <= 8; i++) writeLog(base.db, entry(i));
  writeLog(base.db, entry(9, { provisioningAction: 'stagedDelete' }));
});

describe('Graph $filter against the log', () => {
  it.each<[string, number[]]>([
    ["jobId eq 'SCIM.MIND'", [6, 5, 4, 3, 2, 1]],
    ["jobId eq 'scim.mind'", [6, 5, 4, 3, 2, 1]],
    ["provisioningStatusInfo/status eq 'Failure'", [4]],
    ["provisioningStatusInfo/status ne 'success'", [4]],
    ["provisioningAction eq 'update' and targetSystem/displayName eq 'mindtickle'", [6, 4, 2]],
    ["sourceIdentity/displayName eq 'dana o''brien'", [3]],
    ["contains(sourceIdentity/displayName, 'BRIEN')", [3]],
    ["startswith(sourceIdentity/id, 'src-')", [9, 8, 7, 6, 5, 4, 3, 2, 1]],
    ["contains(sourceIdentity/id, '%')", []],
    ["contains(tolower(servicePrincipal/displayName), 'mind')", [6, 5, 4, 3, 2, 1]],
    ["servicePrincipal/name eq 'mindtickle' and durationInMilliseconds gt 400", [6, 5]],
    ['targetIdentity/id eq null', [5]],
    ["provisioningStatusInfo/errorInformation/errorCode eq 'entryconflict'", [4]],
    ['activityDateTime ge 2026-11-28T10:07:00Z and activityDateTime lt 2026-11-28T10:09:00Z', [8, 7]],
    ["(jobId eq 'scim.other' or provisioningAction eq 'create') and durationInMilliseconds le 500", [5, 3, 1]],
    ["id eq 'C002' or changeId eq 'c003'", [3, 2]],
    ["provisioningAction eq 'STAGEDDELETE'", [9]],
    ["provisioningAction ne 'create' and provisioningAction ne 'stageddelete'", [8, 6, 4, 2]],
  ])('%s', (filter, expected) => {
    expect(ids(filter)).toEqual(expected.map((i) => `c${String(i).padStart(3, '0')}`));
  });

  it('orders, limits and pages with $skiptoken', () => {
    const names = new Map<string, string>();
    const first = graphList(base.db, { $top: '4', $orderby: 'activityDateTime asc' }, names);
    expect(first.value.map((v) => v.id)).toEqual(['c001', 'c002', 'c003', 'c004']);
    const token = first.nextSkiptoken ?? '';
    const second = graphList(base.db, { $top: '4', $orderby: 'activityDateTime asc', $skiptoken: token }, names);
    expect(second.value.map((v) => v.id)).toEqual(['c005', 'c006', 'c007', 'c008']);
    expect(first.value[0]).toMatchObject({
      servicePrincipal: { id: mind },
      provisioningStatusInfo: { status: 'success' },
      sourceIdentity: { id: 'Src-1', displayName: 'User 1' },
    });
  });

  it.each<[Record<string, string>, string]>([
    [{ $top: '0' }, '$top'],
    [{ $top: '1001' }, '$top'],
    [{ $orderby: 'durationInMilliseconds desc' }, '$orderby'],
    [{ $skip: '10' }, 'not supported'],
    [{ $filter: "jobId eq 'x" }, 'position 10'],
  ])('refuses %j', (params, message) => {
    expect(() => graphList(base.db, params, new Map())).toThrow(message);
  });
});
