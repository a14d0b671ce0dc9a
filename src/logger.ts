/** pino JSON logs; anything that looks like a secret is redacted before it is written. */
import pino from 'pino';

/** Create the process logger. */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: [
        'token',
        'secretToken',
        '*.token',
        '*.secretToken',
        '*.password',
        'password',
        'headers.authorization',
        '*.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
