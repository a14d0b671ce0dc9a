import { InvalidCredentialsError, NoSuchObjectError, SizeLimitExceededError } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { LdapError, type LdapPhase, toLdapError } from '../../src/sources/ldap/ldap-errors';

const url = 'ldap://dc1.example.org:389';
const bindDn = 'cn=svc,dc=example,dc=org';
const baseDn = 'ou=people,dc=example,dc=org';
const secret = 'S3cret-pw';

const resultCode = (code: number, message = 'server text') => Object.assign(new Error(message), { code });
const sys = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('toLdapError', () => {
  it.each<[string, unknown, LdapPhase, string, boolean, RegExp]>([
    [
      'invalid credentials',
      new InvalidCredentialsError('x'),
      'bind',
      'ldap_bind_failed',
      false,
      /refused the bind as cn=svc.*invalid credentials \(LDAP result 49\)/,
    ],
    ['no such base', new NoSuchObjectError('x'), 'search', 'ldap_no_such_base', false, /ou=people.*does not exist/],
    ['size limit', new SizeLimitExceededError('x'), 'search', 'ldap_size_limit', false, /size limit exceeded/],
    ['bad base DN syntax', resultCode(34), 'search', 'ldap_no_such_base', false, /is not a valid DN/],
    ['bad bind DN syntax', resultCode(34), 'bind', 'ldap_bind_failed', false, /invalid DN syntax/],
    ['TLS required at bind', resultCode(13), 'bind', 'ldap_tls', false, /confidentiality required/],
    ['busy', resultCode(51), 'search', 'ldap_unreachable', true, /server busy/],
    ['access denied while searching', resultCode(50), 'search', 'ldap_search_failed', false, /insufficient access/],
    ['StartTLS refused', resultCode(2, 'protocol error'), 'starttls', 'ldap_tls', false, /refused StartTLS/],
    ['refused', sys('ECONNREFUSED'), 'bind', 'ldap_unreachable', true, /^Could not reach .*: connection refused$/],
    ['no such host', sys('ENOTFOUND'), 'bind', 'ldap_unreachable', true, /host name not found/],
    ['unroutable', sys('EHOSTUNREACH'), 'bind', 'ldap_unreachable', true, /host unreachable/],
    ['TCP timeout', sys('ETIMEDOUT'), 'bind', 'ldap_timeout', true, /timed out/],
    ['connect timer', new Error('Connection timeout'), 'bind', 'ldap_timeout', true, /did not answer in time/],
    ['operation timer', new Error('SearchRequest: Operation timed out'), 'search', 'ldap_timeout', true, /in time/],
    ['untrusted CA', sys('SELF_SIGNED_CERT_IN_CHAIN'), 'starttls', 'ldap_tls', false, /caFile/],
    ['wrong host name', sys('ERR_TLS_CERT_ALTNAME_INVALID'), 'bind', 'ldap_tls', false, /TLS with/],
    ['expired', sys('CERT_HAS_EXPIRED'), 'bind', 'ldap_tls', false, /CERT_HAS_EXPIRED/],
    ['bad filter', new Error('Unbalanced parens'), 'search', 'ldap_search_failed', false, /search under ou=people/],
  ])('%s', (_name, err, phase, code, retryable, message) => {
    const e = toLdapError(err, { phase, url, bindDn, baseDn, secret });
    expect(e).toBeInstanceOf(LdapError);
    expect(e.code).toBe(code);
    expect(e.retryable).toBe(retryable);
    expect(e.message).toMatch(message);
  });

  it('never repeats the bind password, even when a server echoes it', () => {
    const e = toLdapError(new Error(`bad bind for password ${secret}`), { phase: 'bind', url, bindDn, secret });
    expect(e.message).not.toContain(secret);
    expect(JSON.stringify(e.context)).not.toContain(secret);
  });

  it('passes an LdapError through unchanged', () => {
    const original = new LdapError('ldap_tls', 'x');
    expect(toLdapError(original, { phase: 'bind', url })).toBe(original);
  });
});
