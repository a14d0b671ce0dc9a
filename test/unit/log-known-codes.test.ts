import { describe, expect, it } from 'vitest';
import { knownCode } from '../../src/log/known-codes';
import { HTTP_RULES } from '../../src/scim/error-table';

describe('known error codes', () => {
  it.each<[string, string, string]>([
    ['Unauthorized', 'auth', 'Test Connection'],
    ['EntryConflict', 'conflict', 'duplicate value'],
    ['DuplicateTargetEntries', 'duplicates', 'duplicate accounts'],
    ['TooManyRequests', 'throttling', 'retried'],
    ['SchemaAttributeNotFound', 'schema', 'target attribute'],
    ['Timeout', 'timeout', 'retried'],
    ['SystemForCrossDomainIdentityManagementServiceIncompatible', 'incompatible', ''],
    ['ContosoEntryConflict', 'conflict', 'duplicate value'],
    ['AttributeValueTypeMismatch', 'data', 'mapping'],
    ['SelectUniqueValueExhausted', 'data', 'candidate'],
  ])('%s is %s', (code, kind, action) => {
    const k = knownCode(code);
    expect(k?.kind).toBe(kind);
    expect(k?.action).toContain(action);
    expect(k?.action.length).toBeGreaterThan(10);
  });

  it('takes the action of codes the SCIM error table produces from that table', () => {
    expect(knownCode('Unauthorized')?.action).toBe(HTTP_RULES['401']?.recommendedAction);
    expect(knownCode('EntryConflict')?.action).toBe(HTTP_RULES['409']?.recommendedAction);
  });

  it('knows nothing of unknown or empty codes', () => {
    expect(knownCode('SomethingNew')).toBeNull();
    expect(knownCode(null)).toBeNull();
    expect(knownCode('')).toBeNull();
  });
});
