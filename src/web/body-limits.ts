/**
 * Request body size limits, checked before anything reads the body (also before authentication):
 * CSV/JSON directory imports may be large, every other request is a form or a small JSON document.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../kernel/errors';

const MB = 1024 * 1024;
export const BODY_LIMITS = { import: 25 * MB, default: 1 * MB } as const;

function limited(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError(
        'body_too_large',
        `The request body is larger than the ${maxSize / MB} MB this endpoint accepts`,
      );
    },
  });
}

/** One middleware choosing the limit by path. */
export function bodyLimits(): MiddlewareHandler {
  const big = limited(BODY_LIMITS.import);
  const small = limited(BODY_LIMITS.default);
  return (c, next) => (/\/import(\/|$)/.test(c.req.path) ? big(c, next) : small(c, next));
}
