/**
 * The one error type of the expression language. It extends AppError so the web edge answers 400 with the
 * column, and the engine logs `expression_eval_failed` as Entra's ExpressionEvaluationFailed.
 */
import { AppError } from '../../kernel/errors';

/** `expression_invalid`: the text does not parse or validate. `expression_eval_failed`: a call failed on real data. */
export type ExpressionErrorCode = 'expression_invalid' | 'expression_eval_failed';

/** A parse or evaluation failure, with the 1-based column it points at. */
export class ExpressionError extends AppError {
  declare readonly code: ExpressionErrorCode;
  declare readonly retryable: false;
  /** 1-based character offset into the expression text (newlines count as one character). */
  readonly column: number;
  /** What the parser wanted at `column`, when the error is "Expected X but found Y". */
  readonly expected?: string;

  constructor(
    code: ExpressionErrorCode,
    message: string,
    column: number,
    opts: { expected?: string; cause?: unknown } = {},
  ) {
    super(code, message, {
      retryable: false,
      cause: opts.cause,
      context: opts.expected === undefined ? { column } : { column, expected: opts.expected },
    });
    this.column = column;
    if (opts.expected !== undefined) this.expected = opts.expected;
  }
}

/** A parse-time error; the message ends with the column, as every message of this module does. */
export function invalid(message: string, column: number, expected?: string): ExpressionError {
  return new ExpressionError('expression_invalid', `${message} at column ${column}`, column, { expected });
}

/** How a token or the end of input is named in "found ..." messages. */
export function describeFound(text: string | undefined): string {
  return text === undefined ? 'end of expression' : `"${text}"`;
}
