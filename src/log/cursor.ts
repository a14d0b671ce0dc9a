/** Keyset cursors: the (sort key, change id) of the last row seen, opaque to clients. Pure. */
import { ValidationError } from '../kernel/errors';

/** Encode the position after a row: its sort key (time or duration) and its id. */
export function encodeCursor(key: number, id: string): string {
  return Buffer.from(`${key}|${id}`).toString('base64url');
}

/** Decode a cursor, or throw ValidationError (a tampered cursor is the client's mistake, not a 500). */
export function decodeCursor(cursor: string): { key: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  const key = text.slice(0, bar);
  const id = text.slice(bar + 1);
  if (bar < 1 || !id || !/^-?\d+$/.test(key))
    throw new ValidationError('cursor is not valid', [{ path: 'cursor', message: 'invalid' }]);
  return { key: Number(key), id };
}
