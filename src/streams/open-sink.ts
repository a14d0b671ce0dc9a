/** Builds the sink a stored stream names, opening its sealed secret only here, in memory. */
import type { SecretBox } from '../auth/secret-box';
import { createBulkSink } from './sinks/bulk';
import { createHecSink } from './sinks/hec';
import type { Sink } from './sinks/sink';
import { createSyslogSink } from './sinks/syslog';
import { createWebhookSink } from './sinks/webhook';
import { type StreamRow, sinkConfigOf } from './streams';

export interface SinkEnv {
  secrets: SecretBox;
  fetch?: typeof fetch | undefined;
}

export function openSink(env: SinkEnv, row: StreamRow): Sink {
  const c = sinkConfigOf(row);
  const secret = row.sinkSecret ? env.secrets.open(row.sinkSecret) : undefined;
  const http = env.fetch ? { fetch: env.fetch } : {};
  switch (c.type) {
    case 'syslog':
      return createSyslogSink({ host: c.host, port: c.port, tls: c.tls, caFile: c.caFile });
    case 'hec':
      return createHecSink({ url: c.url, token: secret ?? '', ...http });
    case 'bulk':
      return createBulkSink({ url: c.url, index: c.index, username: c.username, password: secret, ...http });
    case 'webhook':
      return createWebhookSink({ url: c.url, secret, ...http });
  }
}
