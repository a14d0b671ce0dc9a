import { describe, expect, it } from 'vitest';
import {
  type ErrorCategory,
  HTTP_RULES,
  NETWORK_RULES,
  networkFailureForCode,
  PROTOCOL_RULES,
  renderTemplate,
  ruleForStatus,
  type ScimOperation,
} from '../../src/scim/error-table';
import {
  classifyNetworkError,
  parseRetryAfter,
  ScimError,
  scimErrorFromNetwork,
  scimErrorFromResponse,
} from '../../src/scim/scim-error';

const INCOMPATIBLE = 'SystemForCrossDomainIdentityManagementServiceIncompatible';
const BAD = 'SystemForCrossDomainIdentityManagementBadResponse';

describe('ruleForStatus', () => {
  const cases: Array<{
    status: number;
    scimType?: string;
    op?: ScimOperation;
    entraCode: string;
    retryable: boolean;
    category: ErrorCategory;
  }> = [
    { status: 400, scimType: 'invalidFilter', entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    { status: 400, scimType: 'invalidValue', entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    { status: 400, scimType: 'invalidSyntax', entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    {
      status: 400,
      scimType: 'uniqueness',
      entraCode: 'EntryConflict',
      retryable: false,
      category: 'nonServiceFailure',
    },
    { status: 400, scimType: 'mutability', entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    { status: 400, scimType: 'tooMany', entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    {
      status: 400,
      scimType: 'noTarget',
      entraCode: 'SchemaAttributeNotFound',
      retryable: false,
      category: 'nonServiceFailure',
    },
    {
      status: 400,
      scimType: 'invalidPath',
      entraCode: 'SchemaAttributeNotFound',
      retryable: false,
      category: 'nonServiceFailure',
    },
    { status: 400, scimType: 'invalidVers', entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    { status: 400, scimType: 'sensitive', entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    { status: 403, scimType: 'sensitive', entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    { status: 400, scimType: 'INVALIDFILTER', entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    { status: 400, scimType: 'somethingNew', entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    { status: 401, entraCode: 'Unauthorized', retryable: false, category: 'nonServiceFailure' },
    { status: 403, entraCode: 'InsufficientRights', retryable: false, category: 'nonServiceFailure' },
    { status: 404, op: 'update', entraCode: 'InvalidAnchor', retryable: false, category: 'nonServiceFailure' },
    { status: 404, op: 'replace', entraCode: 'InvalidAnchor', retryable: false, category: 'nonServiceFailure' },
    { status: 404, op: 'get', entraCode: 'NotFound', retryable: false, category: 'nonServiceFailure' },
    { status: 404, op: 'delete', entraCode: 'NotFound', retryable: false, category: 'nonServiceFailure' },
    { status: 404, op: 'list', entraCode: 'NotFound', retryable: false, category: 'nonServiceFailure' },
    { status: 405, entraCode: 'MethodNotAllowed', retryable: false, category: 'nonServiceFailure' },
    { status: 409, entraCode: 'EntryConflict', retryable: false, category: 'nonServiceFailure' },
    {
      status: 409,
      scimType: 'uniqueness',
      entraCode: 'EntryConflict',
      retryable: false,
      category: 'nonServiceFailure',
    },
    { status: 412, entraCode: 'Conflict', retryable: false, category: 'nonServiceFailure' },
    { status: 413, entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    { status: 418, entraCode: BAD, retryable: false, category: 'nonServiceFailure' },
    { status: 422, entraCode: 'UnprocessableEntity', retryable: false, category: 'nonServiceFailure' },
    { status: 429, entraCode: 'TooManyRequests', retryable: true, category: 'failure' },
    { status: 500, entraCode: 'InternalServerError', retryable: true, category: 'failure' },
    { status: 500, scimType: 'invalidValue', entraCode: 'InternalServerError', retryable: true, category: 'failure' },
    { status: 501, entraCode: 'NotImplemented', retryable: false, category: 'nonServiceFailure' },
    { status: 502, entraCode: 'WebExceptionProtocolError', retryable: true, category: 'failure' },
    { status: 503, entraCode: 'InternalServerError', retryable: true, category: 'failure' },
    { status: 504, entraCode: 'Timeout', retryable: true, category: 'failure' },
    { status: 599, entraCode: 'InternalServerError', retryable: true, category: 'failure' },
    { status: 301, entraCode: 'WebExceptionProtocolError', retryable: false, category: 'nonServiceFailure' },
    { status: 202, entraCode: INCOMPATIBLE, retryable: false, category: 'nonServiceFailure' },
  ];
  it.each(cases)('Should classify $status $scimType on $op as $entraCode', ({ status, scimType, op, ...expected }) => {
    const rule = ruleForStatus(status, scimType ?? null, op ?? 'update');
    expect({ entraCode: rule.entraCode, retryable: rule.retryable, category: rule.category }).toEqual(expected);
  });

  it('Should write every recommended action for an admin (non-empty sentence) and keep reasons templated', () => {
    for (const rule of [
      ...Object.values(HTTP_RULES),
      ...Object.values(NETWORK_RULES),
      ...Object.values(PROTOCOL_RULES),
    ]) {
      expect(rule.recommendedAction).toMatch(/^[A-Z].*\.$/);
      expect(rule.reason.length).toBeGreaterThan(5);
    }
    expect(ruleForStatus(401, null, 'list').recommendedAction).toContain('Secret Token in Admin Credentials');
    expect(ruleForStatus(401, null, 'list').recommendedAction).toContain('Test Connection');
  });
});

describe('network classification', () => {
  const codes: Array<[string, string | null]> = [
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'connect'],
    ['EHOSTUNREACH', 'connect'],
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['EWHATEVER', null],
  ];
  it.each(codes)('Should map %s to %s', (code, kind) => {
    expect(networkFailureForCode(code)).toBe(kind);
  });

  it('Should find the code in the cause chain and in aggregated errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:9'), { code: 'ECONNREFUSED' });
    const fetchFailed = new TypeError('fetch failed', { cause: new AggregateError([refused], 'all failed') });
    expect(classifyNetworkError(fetchFailed).kind).toBe('connect');
    const tls = new TypeError('fetch failed', {
      cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }),
    });
    expect(classifyNetworkError(tls)).toEqual({ kind: 'tls', problem: 'certificate has expired' });
    expect(
      classifyNetworkError(new DOMException('The operation was aborted due to timeout', 'TimeoutError')).kind,
    ).toBe('timeout');
  });

  it('Should build a retryable WebExceptionProtocolError for DNS naming the host, and Timeout for timeouts', () => {
    const ctx = {
      operation: 'list' as const,
      method: 'GET',
      path: '/Users',
      host: 'admin.example.com:8443',
      timeoutMs: 5000,
      secrets: [],
    };
    const dns = scimErrorFromNetwork(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }), ctx);
    expect(dns).toBeInstanceOf(ScimError);
    expect(dns).toMatchObject({
      status: null,
      failure: 'dns',
      entraCode: 'WebExceptionProtocolError',
      retryable: true,
      code: 'scim_dns',
    });
    expect(dns.message).toBe('Could not resolve the host name admin.example.com.');
    const timeout = scimErrorFromNetwork(new DOMException('x', 'TimeoutError'), ctx);
    expect(timeout).toMatchObject({ entraCode: 'Timeout', retryable: true, category: 'failure', code: 'scim_timeout' });
    expect(timeout.message).toContain('5 seconds');
  });

  it('Should drop a cause that mentions the token', () => {
    const ctx = {
      operation: 'get' as const,
      method: 'GET',
      path: '/Users/1',
      host: 'h',
      timeoutMs: 1000,
      secrets: ['s3cr3t-token'],
    };
    const err = scimErrorFromNetwork(new TypeError('invalid header "Bearer s3cr3t-token"'), ctx);
    expect(err.cause).toBeUndefined();
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain('s3cr3t-token');
  });
});

describe('scimErrorFromResponse', () => {
  const ctx = {
    operation: 'update' as const,
    method: 'PATCH',
    path: '/Users/1',
    host: 'h',
    now: Date.UTC(2025, 0, 1),
    secrets: ['tok-123456'],
  };

  it('Should read scimType and detail from an RFC 7644 §3.12 body', () => {
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: 'userName taken',
    });
    const err = scimErrorFromResponse({ status: 409, headers: new Headers(), text: body }, ctx);
    expect(err).toMatchObject({
      status: 409,
      scimType: 'uniqueness',
      detail: 'userName taken',
      entraCode: 'EntryConflict',
      code: 'scim_http_409',
    });
    expect(err.message).toContain('HTTP 409');
    expect(err.message).toContain('The target said: "userName taken"');
    expect(err.reason).toBe(err.message);
  });

  it('Should keep a redacted 500-char excerpt of a non-JSON body', () => {
    const body = `<html>Bearer tok-123456 eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh and tok-123456 ${'x'.repeat(1000)}</html>`;
    const err = scimErrorFromResponse({ status: 500, headers: new Headers(), text: body }, ctx);
    expect(err.detail).toBeNull();
    expect(err.bodyExcerpt?.length).toBeLessThanOrEqual(501);
    expect(err.bodyExcerpt).not.toContain('tok-123456');
    expect(err.bodyExcerpt).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(err.bodyExcerpt).toContain('[redacted]');
  });

  it('Should parse Retry-After in seconds and as an HTTP-date', () => {
    const secs = scimErrorFromResponse({ status: 429, headers: new Headers({ 'retry-after': '7' }), text: '' }, ctx);
    expect(secs.retryAfterMs).toBe(7000);
    expect(secs.bodyExcerpt).toBeNull();
    const date = new Date(ctx.now + 90_000).toUTCString();
    const dated = scimErrorFromResponse({ status: 503, headers: new Headers({ 'retry-after': date }), text: '' }, ctx);
    expect(dated.retryAfterMs).toBe(90_000);
  });

  it('Should render the redirect location', () => {
    const err = scimErrorFromResponse(
      { status: 301, headers: new Headers({ location: 'https://h/scim/Users' }), text: '' },
      ctx,
    );
    expect(err.message).toContain('redirected the request to https://h/scim/Users (HTTP 301)');
    expect(err.problem).toBe('redirects to https://h/scim/Users');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 5, 1, 12, 0, 0);
  const cases: Array<[string | null, number | null]> = [
    [null, null],
    ['0', 0],
    ['120', 120_000],
    [' 3 ', 3000],
    ['Sun, 01 Jun 2025 12:00:30 GMT', 30_000],
    ['Sun, 01 Jun 2025 11:00:00 GMT', 0],
    ['1.5', null],
    ['-1', null],
    ['soon', null],
  ];
  it.each(cases)('Should parse %j as %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('renderTemplate', () => {
  it('Should fill placeholders and say "unknown" for missing ones', () => {
    expect(renderTemplate('{a} and {b} and {c}', { a: 1, b: '' })).toBe('1 and unknown and unknown');
  });
});
