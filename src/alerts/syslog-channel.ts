/**
 * The syslog alert channel: an alert message goes to the syslog receiver of a log stream (issue 17's
 * `{type: "syslog", streamId}`), through that stream's own sink (RFC 5424 over TCP, RFC 6587 octet counting,
 * optional TLS), so host, port, TLS and CA are configured once. The SD element carries the alert id (as
 * changeId, what receivers de-duplicate by) and a status whose severity follows the alert's.
 */
import type { Db } from '../../db/client';
import type { SecretBox } from '../auth/secret-box';
import { openSink } from '../streams/open-sink';
import { getStream, sinkConfigOf } from '../streams/streams';
import type { AlertMessage } from './payloads';

/** Alert → the row status whose RFC 5424 severity it should carry (err, warning, info). */
const STATUS_OF: Record<string, string> = { critical: 'failure', warning: 'warning', info: 'success' };

export async function sendSyslog(
  deps: { db: Db; secrets: SecretBox; clock: { now(): number } },
  streamId: string,
  rawMessage: string,
): Promise<void> {
  const row = getStream(deps.db, streamId);
  if (sinkConfigOf(row).type !== 'syslog') throw new Error(`log stream ${row.name} is not a syslog stream`);
  const m = JSON.parse(rawMessage) as AlertMessage;
  const status = m.alert.state === 'resolved' ? 'success' : (STATUS_OF[m.rule.severity] ?? 'warning');
  const sink = openSink({ secrets: deps.secrets }, row);
  try {
    await sink.send(
      [{ seq: 0, changeId: `${m.alert.id}:${m.alert.state}`, status, time: deps.clock.now(), json: { ...m } }],
      // MSGID: the audit log is where operational events go; an alert is one.
      'audit',
    );
  } finally {
    await sink.close();
  }
}
