/**
 * The audit before/after diff (issue 15 item 14): changed fields only, list rows keyed (mappings by target,
 * filters by name, members by id) as added / removed / changed with only their changed fields.
 */
import { describe, expect, it } from 'vitest';
import { changesText } from '../../src/audit/audit-csv';
import { auditChanges, type DiffEntry } from '../../src/audit/audit-diff';

const j = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const m = (target: string, source: string, extra: Record<string, unknown> = {}) => ({
  target,
  type: 'direct',
  source,
  apply: 'always',
  ...extra,
});
const MAPPINGS = [
  m('userName', 'userPrincipalName', { matchingPrecedence: 1 }),
  m('title', 'jobTitle'),
  m('emails[type eq "work"].value', 'mail'),
];

const cases: { name: string; before: unknown; after: unknown; want: DiffEntry[] }[] = [
  {
    name: 'objects: changed, added and removed fields by dotted path',
    before: { scope: 'assigned', mappings: { mail: 'mail' }, same: 1, gone: true },
    after: { scope: 'all', mappings: { mail: 'userPrincipalName' }, same: 1, extra: 'x' },
    want: [
      { kind: 'field', path: 'extra', before: undefined, after: 'x' },
      { kind: 'field', path: 'gone', before: 'true', after: undefined },
      { kind: 'field', path: 'mappings.mail', before: 'mail', after: 'userPrincipalName' },
      { kind: 'field', path: 'scope', before: 'assigned', after: 'all' },
    ],
  },
  {
    name: 'one mapping changed: one row with that field only',
    before: MAPPINGS,
    after: [MAPPINGS[0], m('title', 'department'), MAPPINGS[2]],
    want: [
      {
        kind: 'row',
        list: '',
        key: 'title',
        keyField: 'target',
        change: 'changed',
        fields: [{ path: 'source', before: 'jobTitle', after: 'department' }],
      },
    ],
  },
  {
    name: 'mappings added and removed carry their fields, not the key again',
    before: MAPPINGS.slice(0, 2),
    after: [MAPPINGS[0], m('displayName', 'displayName', { apply: 'create' })],
    want: [
      {
        kind: 'row',
        list: '',
        key: 'displayName',
        keyField: 'target',
        change: 'added',
        fields: [
          { path: 'apply', before: undefined, after: 'create' },
          { path: 'source', before: undefined, after: 'displayName' },
          { path: 'type', before: undefined, after: 'direct' },
        ],
      },
      {
        kind: 'row',
        list: '',
        key: 'title',
        keyField: 'target',
        change: 'removed',
        fields: [
          { path: 'apply', before: 'always', after: undefined },
          { path: 'source', before: 'jobTitle', after: undefined },
          { path: 'type', before: 'direct', after: undefined },
        ],
      },
    ],
  },
  {
    name: 'reordered mappings say so instead of showing nothing',
    before: MAPPINGS.slice(0, 2),
    after: [MAPPINGS[1], MAPPINGS[0]],
    want: [{ kind: 'field', path: '(list) (order)', before: 'userName, title', after: 'title, userName' }],
  },
  {
    name: 'scoping: a filter keyed by name, its clauses by content under the filter',
    before: [{ name: 'Sales', clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }] }],
    after: [
      {
        name: 'Sales',
        clauses: [
          { attribute: 'department', operator: 'EQUALS', value: 'Sales' },
          { attribute: 'accountEnabled', operator: 'IS TRUE' },
        ],
      },
    ],
    want: [
      {
        kind: 'row',
        list: 'Sales › clauses',
        key: 'accountEnabled',
        keyField: 'attribute',
        change: 'added',
        fields: [{ path: 'operator', before: undefined, after: 'IS TRUE' }],
      },
    ],
  },
  {
    name: 'clauses on the same attribute twice have no key: whole clauses added and removed',
    before: {
      clauses: [
        { attribute: 'department', operator: 'EQUALS', value: 'Sales' },
        { attribute: 'department', operator: 'NOT EQUALS', value: 'HR' },
      ],
    },
    after: {
      clauses: [
        { attribute: 'department', operator: 'EQUALS', value: 'Marketing' },
        { attribute: 'department', operator: 'NOT EQUALS', value: 'HR' },
      ],
    },
    want: [
      {
        kind: 'row',
        list: 'clauses',
        key: 'department EQUALS Marketing',
        keyField: null,
        change: 'added',
        fields: [
          { path: 'attribute', before: undefined, after: 'department' },
          { path: 'operator', before: undefined, after: 'EQUALS' },
          { path: 'value', before: undefined, after: 'Marketing' },
        ],
      },
      {
        kind: 'row',
        list: 'clauses',
        key: 'department EQUALS Sales',
        keyField: null,
        change: 'removed',
        fields: [
          { path: 'attribute', before: 'department', after: undefined },
          { path: 'operator', before: 'EQUALS', after: undefined },
          { path: 'value', before: 'Sales', after: undefined },
        ],
      },
    ],
  },
  {
    name: 'members keyed by id, on a creation (no before)',
    before: undefined,
    after: { added: [{ id: 'u-1', type: 'user' }] },
    want: [
      {
        kind: 'row',
        list: 'added',
        key: 'u-1',
        keyField: 'id',
        change: 'added',
        fields: [{ path: 'type', before: undefined, after: 'user' }],
      },
    ],
  },
  {
    name: 'lists of plain values: added and removed values',
    before: { roles: ['User', 'Admin'] },
    after: { roles: ['User', 'Reader'] },
    want: [
      { kind: 'row', list: 'roles', key: 'Reader', keyField: null, change: 'added', fields: [] },
      { kind: 'row', list: 'roles', key: 'Admin', keyField: null, change: 'removed', fields: [] },
    ],
  },
  {
    name: 'a scalar created',
    before: undefined,
    after: 'on',
    want: [{ kind: 'field', path: '(value)', before: undefined, after: 'on' }],
  },
  { name: 'nothing changed', before: { a: 1, b: [1, 2] }, after: { b: [1, 2], a: 1 }, want: [] },
];

describe('auditChanges', () => {
  it.each(cases)('$name', (c) => {
    expect(auditChanges(j(c.before), j(c.after))).toEqual(c.want);
  });

  it('keeps plain text from older rows', () => {
    expect(auditChanges('not json', null)).toEqual([
      { kind: 'field', path: '(value)', before: 'not json', after: undefined },
    ]);
  });
});

describe('changesText (the CSV column)', () => {
  it('names ids and lists only what changed', () => {
    const names = new Map([['u-1', { name: 'Aisha Cohen (aisha@contoso.example)', kind: 'user' as const }]]);
    const member = auditChanges(null, j({ added: [{ id: 'u-1', type: 'user' }] }));
    expect(changesText(member, names)).toBe('added added › Aisha Cohen (aisha@contoso.example) (type: user)');
    const mapping = auditChanges(j(MAPPINGS), j([MAPPINGS[0], m('title', 'department'), MAPPINGS[2]]));
    expect(changesText(mapping, names)).toBe('changed title (source: jobTitle -> department)');
    expect(changesText(auditChanges(j({ a: 'x' }), j({})), names)).toBe('a: x (removed)');
  });
});
