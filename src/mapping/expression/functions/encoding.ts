/** Encodings, bit arithmetic and generated values (GUIDs, random strings) drawn from the injected env. */
import { int, requiredInt, text } from './coerce';
import { type CallContext, type FunctionDef, fn } from './types';

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
// The special characters of Windows' "password must meet complexity requirements", which Microsoft cites.
const SPECIAL = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';
const MAX_RANDOM_LENGTH = 256;

function pick(pool: string, ctx: CallContext): string {
  const r = ctx.env.random();
  const i = Math.min(pool.length - 1, Math.max(0, Math.floor(r * pool.length)));
  return pool.charAt(i);
}

/**
 * The required minimum of each class first, then filler, then a Fisher-Yates shuffle so the classes are
 * not in fixed positions. Filler includes special characters only when some were asked for: a caller
 * that sets MinimumSpecialCharacters to 0 usually feeds a target that rejects them.
 */
function randomString(counts: readonly number[], avoid: string, ctx: CallContext): string {
  const [length = 0, minNumbers = 0, minSpecial = 0, minCapital = 0, minLower = 0] = counts;
  if (length < 1 || length > MAX_RANDOM_LENGTH) {
    ctx.fail(`${ctx.name} expects a length between 1 and ${MAX_RANDOM_LENGTH} but got ${length}`);
  }
  if ([minNumbers, minSpecial, minCapital, minLower].some((n) => n < 0))
    ctx.fail(`${ctx.name} expects minimums of 0 or more`);
  const required = minNumbers + minSpecial + minCapital + minLower;
  if (required > length) ctx.fail(`${ctx.name} asks for ${required} required characters but a length of ${length}`);
  const allowed = (pool: string) => [...pool].filter((ch) => !avoid.includes(ch)).join('');
  const classes: [string, number, string][] = [
    [allowed(DIGITS), minNumbers, 'numbers'],
    [allowed(SPECIAL), minSpecial, 'special characters'],
    [allowed(UPPER), minCapital, 'capital letters'],
    [allowed(LOWER), minLower, 'lower-case letters'],
  ];
  const chars: string[] = [];
  for (const [pool, min, label] of classes) {
    if (min > 0 && pool === '') ctx.fail(`${ctx.name} cannot pick ${label}: all are in charactersToAvoid`);
    for (let i = 0; i < min; i++) chars.push(pick(pool, ctx));
  }
  const filler = classes
    .filter(([, min], i) => i !== 1 || min > 0)
    .map(([pool]) => pool)
    .join('');
  if (chars.length < length && filler === '') ctx.fail(`${ctx.name} has no characters left to pick`);
  while (chars.length < length) chars.push(pick(filler, ctx));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(ctx.env.random() * (i + 1)));
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}

/** BitAnd, ConvertToBase64, ConvertToUTF8Hex, Guid, RandomString. */
export const ENCODING_FUNCTIONS: readonly FunctionDef[] = [
  fn('BitAnd', 2, 2, ([a = null, b = null], ctx) => {
    const x = int(a, ctx, 'value1');
    const y = int(b, ctx, 'value2');
    return x === null || y === null ? null : Number(BigInt(x) & BigInt(y));
  }),
  // "Unicode" in Microsoft's doc is .NET's Encoding.Unicode, UTF-16LE: "Hello world!" → "SABlAGwAbABv...".
  fn('ConvertToBase64', 1, 1, ([source = null], ctx) => {
    const s = text(source, ctx);
    return s === null ? null : Buffer.from(s, 'utf16le').toString('base64');
  }),
  fn('ConvertToUTF8Hex', 1, 1, ([source = null], ctx) => {
    const s = text(source, ctx);
    return s === null ? null : Buffer.from(s, 'utf8').toString('hex').toUpperCase();
  }),
  fn('Guid', 0, 0, (_args, ctx) => ctx.env.guid()),
  fn('RandomString', 5, 6, (args, ctx) => {
    const names = ['length', 'minimumNumbers', 'minimumSpecialCharacters', 'minimumCapital', 'minimumLowerCase'];
    const numbers = names.map((name, i) => requiredInt(args[i] ?? null, ctx, name));
    return randomString(numbers, text(args[5] ?? null, ctx) ?? '', ctx);
  }),
];
