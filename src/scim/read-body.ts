/**
 * Reading an answer's body under a size cap. A target that streams without end, or declares a huge
 * Content-Length, must not exhaust memory: the read stops (and the stream is cancelled) past the cap,
 * keeping a redacted excerpt of what arrived for the log.
 */
import { redact } from './redact';
import type { ResponseContext } from './response-shape';
import { ScimError, scimProtocolError } from './scim-error';

/** Read the body as UTF-8, giving up (and closing the stream) once it exceeds `max` bytes. */
export async function readCapped(
  res: Response,
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
    void res.body?.cancel().catch(() => undefined);
    throw tooLarge([]);
  }
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      chunks.push(value);
      if (size > max) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge(chunks);
      }
    }
  } catch (err) {
    throw err instanceof ScimError ? err : networkError(err);
  }
  return new TextDecoder().decode(concat(chunks, size));
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
