/**
 * Keeping the Secret Token out of everything we store or show. Targets sometimes echo the Authorization
 * header or the token itself in an error body ("invalid token eyJ..."), and those bodies end up in
 * provisioning-log rows and the Requests tab, so every excerpt passes through `redact` first.
 */

const REDACTED = '[redacted]';

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
// A JWT (RFC 7519 §3): three base64url segments, the first always starts with `eyJ` ('{"').
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Replace bearer credentials, JWTs and every given secret (verbatim) by `[redacted]`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // A very short "secret" would redact ordinary words; such a token is rejected by the target anyway.
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT, REDACTED);
}

/** The first `maxChars` characters of `text`, never splitting a surrogate pair; marks a cut with `…`. */
export function excerptChars(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

const encoder = new TextEncoder();

/** At most `maxBytes` of UTF-8 (the Requests tab stores bytes); cuts on a code point boundary, marks a cut with `…`. */
export function excerptBytes(text: string, maxBytes: number): string {
  if (encoder.encode(text).length <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  // `…` takes 3 bytes in UTF-8; reserve them so the result itself stays within maxBytes.
  const budget = Math.max(0, maxBytes - 3);
  for (const ch of text) {
    const size = encoder.encode(ch).length;
    if (bytes + size > budget) break;
    bytes += size;
    end += ch.length;
  }
  return `${text.slice(0, end)}…`;
}
