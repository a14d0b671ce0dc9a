/**
 * Golden wire fixtures: what a cycle sends to the target for each kind of change, compared byte for byte
 * with `test/fixtures/golden/<name>.json`. A change to what goes on the wire is then a visible diff in a
 * fixture file, reviewed like code.
 *
 * Each scenario brings the loopback SCIM server to a starting state (cycles not recorded), makes one
 * directory change, runs one cycle and records every request it sends: method, path, decoded query and
 * JSON body, in that order. The serialisation is stable: keys inside query and body sorted (their order
 * carries no meaning in JSON), array order kept (it does: PATCH operations, members), two-space indent. Generated ids become placeholders: a labelled
 * object's directory id is `{{alice.source}}` and its target id `{{alice.target}}`; any other UUID is
 * `{{uuid-1}}`, `{{uuid-2}}`, … in order of appearance.
 *
 * To rewrite the fixtures after an intended wire change: `UPDATE_GOLDEN=1 npx vitest run test/integration/golden-wire.test.ts`,
 * then review `git diff test/fixtures/golden`. The fixtures are kept out of Biome's formatter (biome.json).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGroup } from '../../src/directory/groups';
import { addMembers, removeMember } from '../../src/directory/memberships';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import type { RecordedRequest } from '../support/scim-server';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Directory ids of the objects a scenario names, for the placeholders. */
type Labels = Map<string, string>;

interface Scenario {
  /** The fixture's file name, without `.json`. */
  name: string;
  /** The starting state; its cycles are not recorded. */
  before(h: EngineHarness, labels: Labels): Promise<void>;
  /** The one directory change whose cycle is recorded. */
  change(h: EngineHarness, labels: Labels): void;
}

const person = (n: string) => ({
  userPrincipalName: `${n}@contoso.example`,
  mail: `${n}@contoso.example`,
  mailNickname: n,
  displayName: `${n[0]?.toUpperCase()}${n.slice(1)} Example`,
  givenName: n,
  surname: 'Example',
  jobTitle: 'Engineer',
  department: 'R&D',
  employeeId: `E-${n}`,
});

/** A directly assigned user, labelled by its nickname. */
function addPerson(h: EngineHarness, labels: Labels, n: string) {
  const u = h.addUser(person(n));
  labels.set(n, u.id);
  return u.id;
}

const dir = (h: EngineHarness) => ({ db: h.db, clock: systemClock, onChange: () => {} });
const idOf = (labels: Labels, n: string) => labels.get(n) ?? '';

/** Alice, provisioned: the start of the update, disable and delete scenarios. */
async function aliceProvisioned(h: EngineHarness, labels: Labels) {
  addPerson(h, labels, 'alice');
  await h.cycle();
}

/** Bob and Carol provisioned by direct assignment (so group changes never disable them). */
async function bobAndCarol(h: EngineHarness, labels: Labels) {
  addPerson(h, labels, 'bob');
  addPerson(h, labels, 'carol');
  await h.cycle();
}

const SCENARIOS: Scenario[] = [
  {
    name: 'user-create',
    before: async () => {},
    change: (h, labels) => {
      addPerson(h, labels, 'alice');
    },
  },
  {
    name: 'user-update',
    before: aliceProvisioned,
    change: (h, labels) => {
      h.update(idOf(labels, 'alice'), { jobTitle: 'Manager', department: 'Sales' });
    },
  },
  {
    name: 'user-disable',
    before: aliceProvisioned,
    change: (h, labels) => {
      h.update(idOf(labels, 'alice'), { accountEnabled: false });
    },
  },
  {
    name: 'user-delete',
    before: aliceProvisioned,
    change: (h, labels) => {
      h.remove(idOf(labels, 'alice'), true);
    },
  },
  {
    name: 'group-create',
    before: bobAndCarol,
    change: (h, labels) => {
      const g = createGroup(dir(h), CLI_ACTOR, { displayName: 'Sales' });
      labels.set('Sales', g.id);
      addMembers(dir(h), CLI_ACTOR, g.id, { memberIds: [idOf(labels, 'bob')] });
      h.assign(g.id, 'User');
    },
  },
  {
    // One member joins and one leaves: the removal and the addition as the target receives them.
    name: 'group-member-delta',
    before: async (h, labels) => {
      addPerson(h, labels, 'bob');
      addPerson(h, labels, 'carol');
      const g = createGroup(dir(h), CLI_ACTOR, { displayName: 'Sales' });
      labels.set('Sales', g.id);
      addMembers(dir(h), CLI_ACTOR, g.id, { memberIds: [idOf(labels, 'bob')] });
      h.assign(g.id, 'User');
      await h.cycle();
    },
    change: (h, labels) => {
      const g = idOf(labels, 'Sales');
      addMembers(dir(h), CLI_ACTOR, g, { memberIds: [idOf(labels, 'carol')] });
      removeMember(dir(h), CLI_ACTOR, g, idOf(labels, 'bob'));
    },
  },
];

/** The value with object keys sorted at every level (array order kept). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The recorded requests as fixture text, generated ids replaced by placeholders. */
function wireText(requests: readonly RecordedRequest[], ids: ReadonlyMap<string, string>): string {
  // Each request reads method, path, query, body (fixed order); keys inside query and body are sorted.
  const entries = requests.map((r) => ({
    method: r.method,
    path: r.path,
    ...(Object.keys(r.query).length > 0 ? { query: sortKeys(r.query) } : {}),
    ...(r.body !== null ? { body: sortKeys(r.body) } : r.rawBody !== '' ? { rawBody: r.rawBody } : {}),
  }));
  let text = `${JSON.stringify(entries, null, 2)}\n`;
  for (const [id, placeholder] of ids) text = text.split(id).join(placeholder);
  const others = new Map<string, string>();
  return text.replace(UUID, (id) => {
    const key = id.toLowerCase();
    if (!others.has(key)) others.set(key, `{{uuid-${others.size + 1}}}`);
    return others.get(key) as string;
  });
}

/** Placeholders for the labelled objects' directory ids and their target ids (from links, before or after). */
function collectIds(h: EngineHarness, labels: Labels, into: Map<string, string>) {
  for (const [label, sourceId] of labels) {
    into.set(sourceId, `{{${label}.source}}`);
    const targetId = h.link(sourceId)?.targetId;
    if (targetId) into.set(targetId, `{{${label}.target}}`);
  }
}

let h: EngineHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('golden wire fixtures', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s sends what its fixture holds', async (name, scenario) => {
    h = await engineHarness({ maxConcurrency: 1 });
    const labels: Labels = new Map();
    await scenario.before(h, labels);
    const ids = new Map<string, string>();
    collectIds(h, labels, ids); // a delete drops the link: its target id is known only from before
    scenario.change(h, labels);
    h.scim.clearRequests();
    await h.cycle();
    collectIds(h, labels, ids);
    const actual = wireText(h.scim.requests, ids);

    const file = path.join(DIR, `${name}.json`);
    if (UPDATE) {
      mkdirSync(DIR, { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    let expected: string;
    try {
      expected = readFileSync(file, 'utf8');
    } catch {
      throw new Error(`No fixture ${file}: run with UPDATE_GOLDEN=1 to record it, then review the diff`);
    }
    expect(actual).toBe(expected);
  });

  it('sorts object keys at every level and keeps array order', () => {
    expect(JSON.stringify(sortKeys({ b: [2, 1], a: { d: null, c: 'x' } }))).toBe('{"a":{"c":"x","d":null},"b":[2,1]}');
  });
});
