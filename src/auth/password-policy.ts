/**
 * Password rules (ASVS 2.1): at least 12 characters, at most 256, and not a common password. The list is
 * the 10,000 most frequent entries of @zxcvbn-ts/language-common 4.1.3 (MIT, lower-cased), shipped as
 * `common-passwords.txt` so the check needs no network and no runtime dependency.
 */
import fs from 'node:fs';
import { ValidationError } from '../kernel/errors';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | null = null;

// Digit, alphabet and keyboard runs, forwards and backwards, long enough to hold any allowed password.
const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm'].flatMap((s) => {
  const long = s.repeat(Math.ceil(MAX_PASSWORD_LENGTH / s.length) + 1);
  return [long, [...long].reverse().join('')];
});

function commonPasswords(): Set<string> {
  if (!common) {
    const text = fs.readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
    common = new Set(text.split('\n').filter(Boolean));
  }
  return common;
}

/**
 * Why a password is refused, or null. A long password is still weak when it is a listed one with digits or
 * symbols around it ("Password123456!") or a single character or digit run ("aaaaaaaaaaaa", "123456789012").
 */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (chars.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  const list = commonPasswords();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (list.has(lower) || (core.length >= 4 && list.has(core))) {
    return 'is one of the most common passwords; choose another (a few unrelated words work well)';
  }
  if (new Set(chars).size < 5) return 'uses too few different characters';
  if (SEQUENCES.some((seq) => seq.includes(lower))) return 'is a run of consecutive characters';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'must not contain your email name';
  return null;
}

/** Throw a ValidationError on `path` when the password breaks the rules. */
export function assertPasswordAllowed(password: string, context: { email?: string } = {}, path = 'password'): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new ValidationError(`The password ${problem}`, [{ path, message: problem }]);
}
