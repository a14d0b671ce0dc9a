/** An unsigned JWT with the given `exp` (seconds), shaped like MindTickle's Secret Token. */
export function jwtWithExp(expMs: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'provisioning', exp: Math.floor(expMs / 1000) })}.c2lnbmF0dXJl`;
}
