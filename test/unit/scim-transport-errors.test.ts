/**
 * `Dispatcher.request` rejects with undici's own error classes (or Node's socket errors) directly, not
 * wrapped in fetch's `TypeError: fetch failed`: each must land in the same network failure kind as before.
 * Built from undici's exported classes, so a renamed code in an undici upgrade fails here.
 */
import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from '../../src/scim/scim-error';

describe('undici request errors', () => {
  const cases: Array<[string, Error, string]> = [
    ['SocketError', new errors.SocketError('other side closed'), 'reset'],
    ['ClientClosedError', new errors.ClientClosedError(), 'reset'],
    ['ClientDestroyedError', new errors.ClientDestroyedError(), 'reset'],
    // Our only abort signal is the timeout, so an abort without a reason reads as one too.
    ['RequestAbortedError', new errors.RequestAbortedError(), 'timeout'],
    ['ResponseContentLengthMismatchError', new errors.ResponseContentLengthMismatchError(), 'reset'],
    ['ConnectTimeoutError', new errors.ConnectTimeoutError(), 'timeout'],
    ['HeadersTimeoutError', new errors.HeadersTimeoutError(), 'timeout'],
    ['BodyTimeoutError', new errors.BodyTimeoutError(), 'timeout'],
  ];
  it.each(cases)('Should classify %s', (_name, err, kind) => {
    expect(classifyNetworkError(err).kind).toBe(kind);
  });

  it('Should classify bare Node socket errors and an aborted signal', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(classifyNetworkError(refused)).toEqual({ kind: 'connect', problem: 'connect ECONNREFUSED 127.0.0.1:9' });
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND x.invalid'), { code: 'ENOTFOUND' });
    expect(classifyNetworkError(dns).kind).toBe('dns');
    const ac = new AbortController();
    ac.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    expect(classifyNetworkError(ac.signal.reason).kind).toBe('timeout');
  });
});
