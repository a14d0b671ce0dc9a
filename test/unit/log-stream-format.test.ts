/** Issue 17: RFC 5424 message and RFC 6587 framing as pure functions; HEC envelopes, _bulk bodies, signatures. */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../../src/streams/read-rows';
import { bulkBody, failedItems } from '../../src/streams/sinks/bulk';
import { hecEndpoint, hecEvent } from '../../src/streams/sinks/hec';
import { escapeSdValue, formatSyslog, frame, syslogHostname } from '../../src/streams/sinks/syslog-format';
import { signature } from '../../src/streams/sinks/webhook';

const rec = (over: Partial<StreamRecord> = {}): StreamRecord => ({
  seq: 7,
  changeId: 'chg-7',
  status: 'failure',
  time: Date.UTC(2026, 11, 1, 8, 30, 0, 123),
  json: { changeId: 'chg-7', sourceIdentity: { displayName: 'Zoë' } },
  ...over,
});

describe('syslog format', () => {
  it('writes an RFC 5424 message: PRI local0.err for a failure, APP-NAME provisio, SD, JSON MSG', () => {
    expect(formatSyslog(rec(), 'provisioning', 'host-1')).toBe(
      '<131>1 2026-12-01T08:30:00.123Z host-1 provisio - provisioning [provisio@32473 changeId="chg-7" status="failure"] {"changeId":"chg-7","sourceIdentity":{"displayName":"Zoë"}}',
    );
    expect(formatSyslog(rec({ status: 'success' }), 'audit', 'h').startsWith('<134>1 ')).toBe(true);
    expect(formatSyslog(rec({ status: 'warning' }), 'audit', 'h').startsWith('<132>1 ')).toBe(true);
  });

  it('escapes ", \\ and ] in SD-PARAM values (RFC 5424 §6.3.3)', () => {
    expect(escapeSdValue('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
    expect(formatSyslog(rec({ changeId: 'x"]' }), 'audit', 'h')).toContain('changeId="x\\"\\]"');
  });

  it('frames with the length in bytes, not characters (RFC 6587 §3.4.1)', () => {
    const f = frame('é€');
    expect(f.toString('utf8')).toBe('5 é€');
  });

  it('keeps HOSTNAME printable ASCII without spaces, NILVALUE when nothing is left', () => {
    expect(syslogHostname('my host\u00e9')).toBe('myhost');
    expect(syslogHostname('  ')).toBe('-');
  });
});

describe('HEC, _bulk and webhook shapes', () => {
  it('wraps a row as a HEC event with epoch-second time and targets the event endpoint', () => {
    expect(hecEvent(rec(), 'audit')).toEqual({
      time: 1796113800.123,
      source: 'provisio',
      sourcetype: 'provisio:audit',
      event: rec().json,
    });
    expect(hecEndpoint('https://splunk:8088/')).toBe('https://splunk:8088/services/collector/event');
    expect(hecEndpoint('https://splunk:8088/services/collector/raw')).toBe(
      'https://splunk:8088/services/collector/raw',
    );
  });

  it('writes index actions with the change id as _id and @timestamp on the document, newline-terminated', () => {
    const lines = bulkBody([rec()], 'logs').split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0] as string)).toEqual({ index: { _index: 'logs', _id: 'chg-7' } });
    expect(JSON.parse(lines[1] as string)).toMatchObject({
      '@timestamp': '2026-12-01T08:30:00.123Z',
      changeId: 'chg-7',
    });
    expect(lines[2]).toBe('');
  });

  it('counts an item without a 2xx status, or missing, as failed', () => {
    expect(failedItems({ items: [{ index: { status: 201 } }, { index: { status: 429 } }] }, 3)).toEqual([1, 2]);
  });

  it('signs "<t>.<body>" with HMAC-SHA256', () => {
    const want = crypto.createHmac('sha256', 'k').update('1700000000.{"a":1}\n').digest('hex');
    expect(signature('k', 1700000000, '{"a":1}\n')).toBe(`t=1700000000,v1=${want}`);
  });
});
