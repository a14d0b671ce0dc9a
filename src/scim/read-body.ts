/**
 * Reading an answer's body under a size cap. A target that streams without end, or declares a huge
 * Content-Length, must not exhaust memory: the read stops (and the stream is cancelled) past the cap,
 * keeping a redacted excerpt of what arrived for the log.
 */
import { redact } from './redact';
import type { ResponseContext } from './response-shape';
import { ScimError, scimProtocolError } from './scim-error';
import type { TransportResponse } from './transport';

/** Read the body as UTF-8, giving up (and closing the stream) once it exceeds `max` bytes. */
export async function readCapped(
  res: TransportResponse,
  max: number,
  ctx: ResponseContext,
  networkError: (err: unknown) => ScimError,
): Promise<string> {
  const tooLarge = (partial: Uint8Array[]) =>
    scimProtocolError(
      'bodyTooLarge',
      {
        ...ctx,
        status: res.status,
        contentType: res.headers.get('content-type'),
        bodyExcerpt: excerptOf(partial, ctx),
      },
      { limit: max },
    );
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) {
    res.cancel();
    throw tooLarge([]);
  }
  if (res.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const value of res.body) {
      size += value.byteLength;
      chunks.push(value);
      if (size > max) {
        res.cancel();
        throw tooLarge(chunks);
      }
    }
  } catch (err) {
    throw err instanceof ScimError ? err : networkError(err);
  }
  const only = chunks.length === 1 ? chunks[0] : undefined;
  // One chunk (the usual SCIM answer) decodes without a copy.
  return only
    ? Buffer.from(only.buffer, only.byteOffset, size).toString('utf8')
    : Buffer.concat(chunks, size).toString('utf8');
}

function excerptOf(chunks: Uint8Array[], ctx: ResponseContext): string | null {
  if (chunks.length === 0) return null;
  const head = new TextDecoder().decode(
    concat(
      chunks,
      Math.min(
        2048,
        chunks.reduce((n, c) => n + c.byteLength, 0),
      ),
    ),
  );
  return redact(head, ctx.secrets).slice(0, 500);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    if (offset >= size) break;
    const part = c.subarray(0, size - offset);
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
