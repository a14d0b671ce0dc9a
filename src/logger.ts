/** pino JSON logs; anything that looks like a secret is redacted before it is written. */
import pino from 'pino';
import pinoPretty from 'pino-pretty';

// pino's redaction takes exact paths (one `*` per level), so list the places secrets travel: credentials at
// the top level or one/two levels down, HTTP headers, the SMTP URL (it may hold a password) and envelopes.
const SECRET_FIELDS = [
  'token',
  'secretToken',
  'secretTokenEnc',
  'password',
  'passwordEnc',
  'secretKey',
  'adminToken',
  'smtpUrl',
  'csrfToken',
  'bindPassword',
];

export const REDACT_PATHS = [
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
  ...['authorization', 'cookie', 'set-cookie', 'x-csrf-token'].flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`]),
];

/**
 * Create the process logger; `destination` lets tests read what would be written. `pretty` (the demo on a
 * terminal) writes human-readable lines through pino-pretty; JSON stays the default for `npm start`, where logs
 * go to a collector. Redaction happens before either.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, opts: { pretty?: boolean } = {}) {
  const out =
    destination ??
    (opts.pretty ? pinoPretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }) : undefined);
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, out);
}
