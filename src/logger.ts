/** pino JSON logs; anything that looks like a secret is redacted before it is written. */
import pino from 'pino';

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
];

export const REDACT_PATHS = [
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
  ...['authorization', 'cookie', 'set-cookie', 'x-csrf-token'].flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`]),
];

/** Create the process logger; `destination` lets tests read what would be written. */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
