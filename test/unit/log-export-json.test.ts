import { describe, expect, it } from 'vitest';
import { scanObjectList } from '../../src/log/export-json';

const STEP = ['provisioningStepType', 'status', 'description'] as const;
const PROP = ['displayName', 'oldValue', 'newValue'] as const;

/** What the export read before: JSON.parse, then each wanted key of each element. */
function parsed(json: string, keys: readonly string[]) {
  const list = JSON.parse(json) as Record<string, unknown>[];
  return list.map((o) => keys.map((k) => o[k]));
}

const steps = (description: string, details: unknown = {}) =>
  JSON.stringify([
    { name: 'EntryImport', provisioningStepType: 'import', status: 'success', description, details },
    { name: 'EntryExportUpdate', provisioningStepType: 'export', status: 'failure', description: '+cmd', details: {} },
  ]);

// Texts the scanner reads itself: what the log writer stores (JSON.stringify of steps and properties).
const READ = [
  ['steps', steps("Retrieved User 'Jackson Adams' from Provisio directory", { UPN: 'j@x' }), STEP],
  [
    'nested details with brackets, commas and colons in strings',
    steps('a', { a: { b: ['}', '{', ']', 1.5e3, true, null] }, c: 'x,y:z' }),
    STEP,
  ],
  ['Unicode and quotes-free punctuation', steps('García 👍 = + - @ | ,'), STEP],
  ['properties with nulls', JSON.stringify([{ displayName: 'title', oldValue: null, newValue: '@SUM(1)' }]), PROP],
  ['a missing key', JSON.stringify([{ displayName: 'title', newValue: 'B' }]), PROP],
  ['an empty object and a duplicate key (last wins)', '[{},{"displayName":"a","displayName":"b"}]', PROP],
  ['numbers and literals under other keys', '[{"n":-0.5e-3,"t":true,"f":false,"z":null,"displayName":"x"}]', PROP],
  ['an empty list', '[]', PROP],
  [
    'escapes in keys, values and skipped values',
    JSON.stringify([
      { displayName: 'addresses[type eq "work"].locality', oldValue: 'a\\"b\n\t\u0001\ud800', newValue: 'C:\\' },
      { 'display"Name': 'x', displayName: 'y', skipped: { s: '"}]\\', t: ['\\'] } },
    ]),
    PROP,
  ],
] as const;

// Texts it leaves to JSON.parse (returns null).
const LEFT = [
  ['an escape that is not JSON', '[{"displayName":"a\\x"}]'],
  ['a number where text is read', '[{"displayName":1}]'],
  ['an object where text is read', '[{"displayName":{"a":"b"}}]'],
  ['whitespace', '[{"displayName": "a"}]'],
  ['not a list', '{"displayName":"a"}'],
  ['a list of non-objects', '["a"]'],
  ['trailing text', '[{"displayName":"a"}]x'],
  ['cut short', '[{"displayName":"a"'],
] as const;

describe('scanObjectList (the export reads steps and properties without JSON.parse)', () => {
  it.each(READ)('reads %s as JSON.parse does', (_name, json, keys) => {
    const scanned = scanObjectList(json, keys);
    expect(scanned).not.toBeNull();
    expect(scanned).toEqual(parsed(json, keys));
  });

  it.each(LEFT)('leaves %s to JSON.parse', (_name, json) => {
    expect(scanObjectList(json, PROP)).toBeNull();
  });
});
