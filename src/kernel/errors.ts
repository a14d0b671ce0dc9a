/**
 * Typed errors. Every error the domain raises carries a stable `code` (shown to users and logged),
 * whether retrying could help (`retryable`), and a context bag for logs. The web edge maps them to
 * HTTP statuses in one place (`web/errors.ts`).
 */
export type ErrorContext = Record<string, unknown>;

export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly context: ErrorContext;

  constructor(
    code: string,
    message: string,
    opts: { retryable?: boolean; context?: ErrorContext; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.context = opts.context ?? {};
  }
}

/** One field at fault; `column` points into an expression when the field holds one. */
export interface FieldProblem {
  path: string;
  message: string;
  column?: number;
}

/** Input that fails validation; `details` lists the fields at fault. */
export class ValidationError extends AppError {
  readonly details: FieldProblem[];
  constructor(message: string, details: FieldProblem[] = []) {
    super('validation_failed', message, { context: { details } });
    this.details = details;
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} was not found`, { context: { what, id } });
  }
}

/** The request conflicts with current state (duplicate key, a cycle already running, ...). */
export class ConflictError extends AppError {
  constructor(code: string, message: string, context: ErrorContext = {}) {
    super(code, message, { context });
  }
}

export class AuthError extends AppError {
  constructor(code: 'unauthenticated' | 'forbidden' | 'csrf_failed', message: string) {
    super(code, message);
  }
}
