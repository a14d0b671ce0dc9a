/** One place that turns errors into responses: JSON for the API, an error page or fragment for browsers. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorPage } from '../../views/pages/error-page';
import { AppError, ValidationError } from '../kernel/errors';
import type { AppEnv } from './env';

const STATUS: Record<string, ContentfulStatusCode> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  body_too_large: 413,
};

/** HTTP status for an AppError code (conflicts are 409, unknown codes 400). */
export function statusFor(err: AppError): ContentfulStatusCode {
  if (err.code in STATUS) return STATUS[err.code] ?? 400;
  if (err.constructor.name === 'ConflictError') return 409;
  return 400;
}

type Logger = { error(obj: object, msg?: string): void };

/** Build the app's onError handler. Unknown errors are logged and answered 500 without details. */
export function errorHandler(logger: Logger) {
  return (err: Error, c: Context<AppEnv>) => {
    const api = c.req.path.startsWith('/api/');
    let status: ContentfulStatusCode = 500;
    let code = 'internal_error';
    let message = 'Something went wrong on the server; the error was logged.';
    let details: unknown;
    if (err instanceof AppError) {
      status = statusFor(err);
      code = err.code;
      message = err.message;
      details =
        err instanceof ValidationError ? err.details : Object.keys(err.context).length ? err.context : undefined;
    } else if (err instanceof HTTPException) {
      status = err.status as ContentfulStatusCode;
      code = status === 413 ? 'body_too_large' : 'http_error';
      message = err.message || (status === 413 ? 'The request body is too large' : 'Request failed');
    } else {
      logger.error({ err, path: c.req.path, method: c.req.method }, 'unhandled error');
    }
    if (api) return c.json({ error: { code, message, ...(details ? { details } : {}) } }, status);
    if (c.req.header('hx-request')) {
      return c.html(
        <div class="alert alert-error" role="alert">
          {message}
        </div>,
        status,
      );
    }
    return c.html(<ErrorPage status={status} message={message} actor={c.get('actor') ?? null} />, status);
  };
}

/** Unknown paths: JSON for the API, the same error page as other errors for browsers. */
export function notFoundHandler(c: Context<AppEnv>) {
  if (c.req.path.startsWith('/api/')) {
    return c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
  }
  const message = 'There is no page at this address.';
  if (c.req.header('hx-request')) {
    return c.html(
      <div class="alert alert-error" role="alert">
        {message}
      </div>,
      404,
    );
  }
  return c.html(<ErrorPage status={404} message={message} actor={c.get('actor') ?? null} />, 404);
}
