/**
 * Distinguished names for comparison (member values against entry DNs, manager against people). LDAP servers
 * hand back the same DN in many spellings — `CN=Ada, OU=People` and `cn=ada,ou=people`, `\2C` and `\,` — so
 * DNs are parsed (RFC 4514 §3) and written back in one canonical form, never compared as raw strings.
 */

interface Ava {
  type: string;
  value: string;
}

/** RFC 4514 §2.4: characters escaped anywhere in a value. */
const ESCAPE_ALWAYS = new Set(['"', '+', ',', ';', '<', '>', '\\']);
const HEX_PAIR = /^[0-9a-fA-F]{2}$/;
const utf8 = new TextDecoder('utf-8');

/** Parse one value from `i`; escapes are decoded (hex pairs as UTF-8 bytes), unescaped outer spaces dropped. */
function readValue(dn: string, start: number): { value: string; end: number } | null {
  let i = start;
  while (dn[i] === ' ') i++;
  let out = '';
  let significantEnd = 0;
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    // Hex-escaped bytes are escaped characters: significant even when they decode to a space.
    out += utf8.decode(Uint8Array.from(bytes));
    significantEnd = out.length;
    bytes = [];
  };
  while (i < dn.length) {
    const c = dn[i] as string;
    if (c === ',' || c === ';' || c === '+') break;
    if (c === '\\') {
      const pair = dn.slice(i + 1, i + 3);
      if (HEX_PAIR.test(pair)) {
        bytes.push(Number.parseInt(pair, 16));
        i += 3;
      } else {
        const escaped = dn[i + 1];
        if (escaped === undefined) return null;
        flush();
        out += escaped;
        // An escaped character, even a space, is part of the value.
        significantEnd = out.length;
        i += 2;
      }
      continue;
    }
    flush();
    out += c;
    if (c !== ' ') significantEnd = out.length;
    i++;
  }
  flush();
  return { value: out.slice(0, significantEnd), end: i };
}

/** RFC 4514 §3 (accepting RFC 2253's `;` separator); null when the text is not a DN. */
function parseDn(dn: string): Ava[][] | null {
  const rdns: Ava[][] = [];
  if (dn.trim() === '') return rdns;
  let rdn: Ava[] = [];
  let i = 0;
  for (;;) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) return null;
    const type = dn
      .slice(i, eq)
      .trim()
      .replace(/^oid\./i, '');
    if (!/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)$/.test(type)) return null;
    const read = readValue(dn, eq + 1);
    if (!read) return null;
    rdn.push({ type, value: read.value });
    i = read.end + 1;
    if (read.end >= dn.length || dn[read.end] !== '+') {
      rdns.push(rdn);
      rdn = [];
      if (read.end >= dn.length) return rdns;
    }
  }
}

/** RFC 4514 §2.4 escaping of a decoded value. */
function escapeValue(value: string): string {
  const chars = [...value];
  let out = '';
  for (const [k, c] of chars.entries()) {
    const edge = (k === 0 && (c === ' ' || c === '#')) || (k === chars.length - 1 && c === ' ');
    if (c === '\0') out += '\\00';
    else out += ESCAPE_ALWAYS.has(c) || edge ? `\\${c}` : c;
  }
  return out;
}

/**
 * A DN in canonical form for equality: attribute types and values lower-cased, spaces around `,` `=` `+`
 * dropped, runs of spaces inside a value made one (RFC 4518 §2.6.1 insignificant space, as the
 * caseIgnoreMatch of cn, ou, uid and dc does), escapes rewritten the RFC 4514 way (`\2C` becomes `\,`), and
 * the parts of a multi-valued RDN sorted (their order carries no meaning). Text that is not a DN comes back
 * trimmed and lower-cased, so it still compares equal to itself.
 */
export function normaliseDn(dn: string): string {
  const rdns = parseDn(dn);
  if (!rdns) return dn.trim().toLowerCase();
  return rdns
    .map((avas) =>
      avas
        .map(({ type, value }) => {
          const v = value.toLowerCase().replace(/ {2,}/g, ' ').trim();
          return `${type.toLowerCase()}=${escapeValue(v)}`;
        })
        .sort()
        .join('+'),
    )
    .join(',');
}

/**
 * uniqueMember values are NameAndOptionalUID (RFC 4517 §3.3.21): a DN, optionally followed by `#` and a
 * BitString such as `'0101'B`. The DN alone names the member.
 */
export function stripOptionalUid(value: string): string {
  return value.replace(/(?<!\\)#'[01]*'B$/, '');
}
