/**
 * RFC 5424 messages with RFC 6587 octet-counting framing, as pure functions. Protocol facts as data:
 * facility local0 (RFC 5424 §6.2.1 table 1), severities by row status (table 2), and our private
 * SD-ID `provisio@32473` (§7.2.2: name@<private enterprise number>; 32473 is IANA's documentation PEN, RFC 5612).
 */
import type { StreamRecord } from '../read-rows';

export const SYSLOG = {
  facility: 16, // local0
  severity: { failure: 3, warning: 4, success: 6, skipped: 6 } as Record<string, number>, // err, warning, info
  defaultSeverity: 6,
  appName: 'provisio',
  sdId: 'provisio@32473',
  version: 1,
} as const;

/** §6.3.3: inside PARAM-VALUE, '"', '\' and ']' are escaped with a backslash. */
export function escapeSdValue(v: string): string {
  return v.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** §6.2.4: HOSTNAME is printable US-ASCII without spaces, at most 255 characters; NILVALUE otherwise. */
export function syslogHostname(name: string): string {
  const clean = name.replace(/[^\x21-\x7e]/g, '').slice(0, 255);
  return clean || '-';
}

/** One RFC 5424 message: HEADER SP STRUCTURED-DATA SP MSG, the MSG being the row's JSON. */
export function formatSyslog(r: StreamRecord, log: 'provisioning' | 'audit', hostname: string): string {
  const pri = SYSLOG.facility * 8 + (SYSLOG.severity[r.status] ?? SYSLOG.defaultSeverity);
  const ts = new Date(r.time).toISOString();
  const sd = `[${SYSLOG.sdId} changeId="${escapeSdValue(r.changeId)}" status="${escapeSdValue(r.status)}"]`;
  // MSGID says which log the row comes from (§6.2.7, at most 32 printable characters).
  return `<${pri}>${SYSLOG.version} ${ts} ${hostname} ${SYSLOG.appName} - ${log} ${sd} ${JSON.stringify(r.json)}`;
}

/** RFC 6587 §3.4.1 octet counting: MSG-LEN SP SYSLOG-MSG, the length in bytes (not characters). */
export function frame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
