import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/kernel/errors';
import {
  compileExpression,
  ExpressionError,
  MAX_EXPRESSION_LENGTH,
  parseExpression,
  tryParseExpression,
} from '../../src/mapping/expression/index';

const ENV = { now: () => new Date('2021-07-02T15:33:38Z'), random: () => 0.5, guid: () => 'guid-1' };

function caught(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error('expected an ExpressionError');
}

describe('parse errors', () => {
  const cases: Array<{ text: string; message: string; column: number }> = [
    { text: '', message: 'Expression is empty at column 1', column: 1 },
    { text: '   ', message: 'Expression is empty at column 1', column: 1 },
    { text: 'Foo(1)', message: 'Unknown function "Foo" at column 1', column: 1 },
    { text: 'ToLower(Foo([x]))', message: 'Unknown function "Foo" at column 9', column: 9 },
    {
      text: 'ToLower(SelectUniqueValue([a], [b]))',
      message:
        'SelectUniqueValue must be the whole expression, not part of one (a top-level function in Entra) at column 9',
      column: 9,
    },
    {
      text: 'SelectUniqueValue([a], [b]) = "x"',
      message:
        'SelectUniqueValue must be the whole expression, not part of one (a top-level function in Entra) at column 1',
      column: 1,
    },
    {
      text: 'SelectUniqueValue([a])',
      message: 'SelectUniqueValue expects at least 2 arguments but got 1, at column 1',
      column: 1,
    },
    { text: 'Join(" ", "abc', message: 'Unterminated string starting at column 11', column: 11 },
    { text: 'Append([mail], "x\\")', message: 'Unterminated string starting at column 16', column: 16 },
    { text: 'Append([mail', message: 'Unterminated attribute reference starting at column 8', column: 8 },
    { text: 'Append([mail, "x")', message: 'Unexpected character "," in attribute name at column 13', column: 13 },
    { text: 'Append([], "x")', message: 'Empty attribute name at column 8', column: 8 },
    { text: 'Append([a] @ "b")', message: 'Unexpected character "@" at column 12', column: 12 },
    { text: '-', message: 'Unexpected character "-" at column 1', column: 1 },
    {
      text: 'Join(" ", [givenName] [surname])',
      message: 'Expected "," or ")" but found "[surname]" at column 23',
      column: 23,
    },
    { text: 'Left("abc", 1, 2)', message: 'Expected ")" but found "," at column 14', column: 14 },
    { text: 'Mid("John Doe", 3, 5, 1)', message: 'Expected ")" but found "," at column 21', column: 21 },
    { text: 'Now(1)', message: 'Now expects no arguments but got 1, at column 1', column: 1 },
    { text: 'Guid(, )', message: 'Expected ")" but found "," at column 6', column: 6 },
    { text: 'ToLower', message: 'Expected "(" but found end of expression at column 8', column: 8 },
    { text: 'ToLower([a]', message: 'Expected "," or ")" but found end of expression at column 12', column: 12 },
    { text: 'ToLower([a]))', message: 'Expected end of expression but found ")" at column 13', column: 13 },
    { text: 'Append([a], "b") [c]', message: 'Expected end of expression but found "[c]" at column 18', column: 18 },
    { text: 'IIF([a] = , "x", "y")', message: 'Expected a value but found "," at column 11', column: 11 },
    { text: 'IIF([a] = "x" = "y", "x", "y")', message: 'Expected "," or ")" but found "=" at column 15', column: 15 },
    { text: 'Append(("a"), "b")', message: 'Expected a value but found "(" at column 8', column: 8 },
    {
      text: 'Append(givenName, "x")',
      message: 'Unknown name "givenName" (write attributes as [givenName], strings as "givenName") at column 8',
      column: 8,
    },
    { text: 'Mid("a", 1)', message: 'Mid expects 3 arguments but got 2, at column 1', column: 1 },
    { text: 'Append([a])', message: 'Append expects 2 arguments but got 1, at column 1', column: 1 },
    { text: 'Join(",")', message: 'Join expects at least 2 arguments but got 1, at column 1', column: 1 },
    { text: 'InStr("a")', message: 'InStr expects 2 to 4 arguments but got 1, at column 1', column: 1 },
    { text: 'ToLower()', message: 'ToLower expects 1 to 2 arguments but got 0, at column 1', column: 1 },
    { text: 'Replace([a], "x", , , "y")', message: 'Replace expects 7 arguments but got 5, at column 1', column: 1 },
    { text: 'Coalesce()', message: 'Coalesce expects at least 1 argument but got 0, at column 1', column: 1 },
    {
      text: 'Switch([a], "x", "k")',
      message: 'Switch expects an even number of key/value arguments after the default, at column 1',
      column: 1,
    },
    {
      text: 'IIF([x]="a", Switch([y], "d", "k"), "z")',
      message: 'Switch expects an even number of key/value arguments after the default, at column 14',
      column: 14,
    },
    {
      text: 'Switch([IsSoftDeleted], , "False", "True", "True")',
      message: 'Switch expects an even number of key/value arguments after the default, at column 1',
      column: 1,
    },
    { text: 'Switch([a], "x")', message: 'Switch expects at least 4 arguments but got 2, at column 1', column: 1 },
    {
      text: `${'ToLower('.repeat(65)}"X"${')'.repeat(65)}`,
      message: 'Expression nests function calls more than 64 deep at column 513',
      column: 513,
    },
  ];

  it.each(cases)('Should reject $text with "$message"', ({ text, message, column }) => {
    const err = caught(() => parseExpression(text));
    expect(err.message).toBe(message);
    expect(err.column).toBe(column);
    expect(err.code).toBe('expression_invalid');
    expect(tryParseExpression(text)).toEqual({ ok: false, error: { message, column } });
  });

  it('Should reject an expression one character over the 10,000-character limit', () => {
    const text = `"${'a'.repeat(MAX_EXPRESSION_LENGTH - 1)}"`;
    expect(text).toHaveLength(10_001);
    const err = caught(() => parseExpression(text));
    expect(err.message).toBe('Expression is longer than the 10,000-character limit at column 10001');
    expect(err.column).toBe(10_001);
  });

  it('Should reject a bad expression when it is compiled, before any data flows', () => {
    expect(() => compileExpression('Mid("a", 1)')).toThrow(ExpressionError);
  });
});

describe('ExpressionError', () => {
  it('Should be a typed, non-retryable AppError carrying the column and what was expected', () => {
    const err = caught(() => parseExpression('Left("abc", 1, 2)'));
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(AppError);
    expect(err.name).toBe('ExpressionError');
    expect(err.retryable).toBe(false);
    expect(err.expected).toBe('")"');
    expect(err.context).toEqual({ column: 14, expected: '")"' });
  });

  it('Should leave `expected` unset for errors that are not "Expected X"', () => {
    const err = caught(() => parseExpression('Foo()'));
    expect(err.expected).toBeUndefined();
    expect(err.context).toEqual({ column: 1 });
  });
});

describe('evaluation errors', () => {
  const cases: Array<{ text: string; source?: Record<string, unknown>; message: string; column: number }> = [
    {
      text: 'FormatDateTime([d], , "yyyy-MM-dd", "MM/dd/yyyy")',
      source: { d: '31/12/2020' },
      message: 'FormatDateTime cannot read "31/12/2020" with the format "yyyy-MM-dd" at column 1',
      column: 1,
    },
    {
      text: 'FormatDateTime("2021-01-01", , "yyyy-MM-dd", )',
      message: 'FormatDateTime expects an output format at column 1',
      column: 1,
    },
    {
      text: 'ToLower(DateAdd("x", 1, Now()))',
      message: 'DateAdd expects an interval of yyyy, q, m, y, d, w, ww, h, n or s but got "x" at column 9',
      column: 9,
    },
    { text: 'CDate("not a date")', message: 'CDate cannot read "not a date" as a date at column 1', column: 1 },
    { text: 'CDate("2021-02-30")', message: 'CDate cannot read "2021-02-30" as a date at column 1', column: 1 },
    {
      text: 'DateDiff("d", "13/1/2021", Now())',
      message: 'DateDiff cannot read "13/1/2021" as a date at column 1',
      column: 1,
    },
    {
      text: 'DateFromNum("12.5")',
      message: 'DateFromNum expects a whole number but got "12.5" at column 1',
      column: 1,
    },
    { text: 'Mid("abc", 0, 1)', message: 'Mid expects a start of 1 or more but got 0 at column 1', column: 1 },
    { text: 'Mid("abc", 1, -1)', message: 'Mid expects a length of 0 or more but got -1 at column 1', column: 1 },
    {
      text: 'Join(" ", [a], Mid([b], 0, 1))',
      source: { b: 'x' },
      message: 'Mid expects a start of 1 or more but got 0 at column 16',
      column: 16,
    },
    { text: 'Left("abc", "two")', message: 'Left expects a number for numChars but got "two" at column 1', column: 1 },
    { text: 'Left("abc", [n])', message: 'Left expects a number for numChars but got no value at column 1', column: 1 },
    {
      text: 'Word("a b", 1.5, " ")',
      message: 'Word expects a whole number for wordNumber but got 1.5 at column 1',
      column: 1,
    },
    { text: 'InStr("a", "b", 0)', message: 'InStr expects a start of 1 or more but got 0 at column 1', column: 1 },
    {
      text: 'InStr("a", "b", 1, "vbFoo")',
      message: 'InStr expects vbBinaryCompare or vbTextCompare but got "vbFoo" at column 1',
      column: 1,
    },
    {
      text: 'ToLower([proxyAddresses])',
      source: { proxyAddresses: ['a', 'b', 'c'] },
      message: 'ToLower expects a single value but got 3 values at column 1',
      column: 1,
    },
    {
      text: 'IIF([proxyAddresses] = "x", "a", "b")',
      source: { proxyAddresses: ['a', 'b'] },
      message: 'The comparison "=" expects a single value but got 2 values at column 22',
      column: 22,
    },
    { text: 'IIF("maybe", "a", "b")', message: 'IIF expects True or False but got "maybe" at column 1', column: 1 },
    { text: 'CBool("maybe")', message: 'CBool expects True or False but got "maybe" at column 1', column: 1 },
    {
      text: 'SingleAppRoleAssignment([appRoleAssignments])',
      source: { appRoleAssignments: [{ displayName: 'Admin' }, { displayName: 'Reader' }] },
      message: 'SingleAppRoleAssignment expects at most one app role assignment but got 2 at column 1',
      column: 1,
    },
    {
      text: 'RandomString(257, 0, 0, 0, 0)',
      message: 'RandomString expects a length between 1 and 256 but got 257 at column 1',
      column: 1,
    },
    {
      text: 'RandomString(4, 2, 2, 2, 0)',
      message: 'RandomString asks for 6 required characters but a length of 4 at column 1',
      column: 1,
    },
    {
      text: 'RandomString(4, 0, 0, 0, -1)',
      message: 'RandomString expects minimums of 0 or more at column 1',
      column: 1,
    },
    {
      text: 'RandomString(4, 0, 0, 0, 1, "abcdefghijklmnopqrstuvwxyz")',
      message: 'RandomString cannot pick lower-case letters: all are in charactersToAvoid at column 1',
      column: 1,
    },
    {
      text: 'Replace("a", , "(", , "x", , )',
      message:
        'Replace cannot use the regular expression "(": Invalid regular expression: /(/dg: Unterminated group at column 1',
      column: 1,
    },
    {
      text: 'Replace("a", , "(?<x>a)", "y", "z", , )',
      message: 'Replace expects the regular expression to have a group named "y" at column 1',
      column: 1,
    },
  ];

  it.each(cases)('Should fail $text with "$message"', ({ text, source, message, column }) => {
    const run = compileExpression(text);
    const err = caught(() => run(source ?? {}, ENV));
    expect(err.message).toBe(message);
    expect(err.column).toBe(column);
    expect(err.code).toBe('expression_eval_failed');
    expect(err.retryable).toBe(false);
  });

  it('Should not fail on branches that IIF and Switch do not take', () => {
    const run = compileExpression('IIF(IsPresent([d]), FormatDateTime([d], , "yyyy", "yyyy"), "none")');
    expect(run({}, ENV)).toBe('none');
    expect(() => run({ d: 'abc' }, ENV)).toThrow(
      'FormatDateTime cannot read "abc" with the format "yyyy" at column 21',
    );
  });
});
