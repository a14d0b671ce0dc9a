import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, parseFilter, tokenize } from '../../src/log/graph-filter';
import { filterToSql } from '../../src/log/graph-sql';

/** A compact rendering of the AST, so table rows stay readable. */
function show(text: string): string {
  const walk = (e: ReturnType<typeof parseFilter>): string => {
    if (e.kind !== 'cmp' && e.kind !== 'fn') return `(${walk(e.left)} ${e.kind} ${walk(e.right)})`;
    const v = e.value;
    const lit = v.type === 'null' ? 'null' : v.type === 'string' ? `'${v.value}'` : `${v.type}:${v.value}`;
    return e.kind === 'cmp' ? `${e.path} ${e.op} ${lit}` : `${e.fn}(${e.path}, ${lit})`;
  };
  return walk(parseFilter(text));
}

describe('$filter grammar', () => {
  it.each<[string, string]>([
    ["jobId eq 'scim.1'", "jobId eq 'scim.1'"],
    ["JOBID EQ 'x'", "JOBID eq 'x'"],
    ["sourceIdentity/displayName ne 'O''Brien'", "sourceIdentity/displayName ne 'O'Brien'"],
    ["contains(tolower(servicePrincipal/displayName), 'mind')", "contains(servicePrincipal/displayName, 'mind')"],
    ["startswith(targetIdentity/id, 'abc')", "startswith(targetIdentity/id, 'abc')"],
    ["endswith(sourceIdentity/displayName, 'son')", "endswith(sourceIdentity/displayName, 'son')"],
    ['activityDateTime gt 2023-07-30', 'activityDateTime gt datetime:1690675200000'],
    ['activityDateTime le 2026-11-28T10:00:00Z', 'activityDateTime le datetime:1795860000000'],
    ['activityDateTime lt 2026-11-28T12:00:00+02:00', 'activityDateTime lt datetime:1795860000000'],
    ['activityDateTime ge 2026-11-28T10:00', 'activityDateTime ge datetime:1795860000000'],
    ['durationInMilliseconds ge 250', 'durationInMilliseconds ge number:250'],
    ['targetIdentity/id eq null', 'targetIdentity/id eq null'],
    ["a eq 'x' and b eq 'y' or c eq 'z'", "((a eq 'x' and b eq 'y') or c eq 'z')"],
    ["a eq 'x' and (b eq 'y' or c eq 'z')", "(a eq 'x' and (b eq 'y' or c eq 'z'))"],
    ["((a eq 'x'))", "a eq 'x'"],
    ["a eq 'x' or b eq 'y' or c eq 'z'", "((a eq 'x' or b eq 'y') or c eq 'z')"],
    ["  a  eq  'spaced  out'  ", "a eq 'spaced  out'"],
  ])('%s', (input, ast) => expect(show(input)).toBe(ast));

  it.each<[string, number, string]>([
    ['', 1, 'expected a property'],
    ["jobId eq 'x", 10, 'unterminated string'],
    ["jobId = 'x'", 7, 'unexpected character "="'],
    ["jobId equals 'x'", 7, 'expected eq, ne, gt, ge, lt or le'],
    ['jobId eq', 9, 'expected a value but found the end'],
    ["(jobId eq 'x'", 14, 'expected ")"'],
    ["jobId eq 'x')", 13, 'unexpected ")"'],
    ["jobId eq 'x' and", 17, 'expected a property'],
    ["jobId eq 'x' nand cycleId eq 'y'", 14, 'unexpected "nand"'],
    ["contains(jobId 'x')", 16, 'expected ","'],
    ["contains(jobId, 'x'", 20, 'expected ")"'],
    ["eq eq 'x'", 1, 'expected a property'],
    ['jobId eq bogus', 10, 'expected a value'],
    ["jobId eq 'x' ; drop table", 14, 'unexpected character ";"'],
    ['activityDateTime gt 2026-13-45', 21, 'not a valid date'],
  ])('rejects %j at position %i', (input, position, message) => {
    let err: unknown;
    try {
      parseFilter(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FilterSyntaxError);
    expect((err as FilterSyntaxError).position).toBe(position);
    expect((err as Error).message).toContain(message);
    expect((err as Error).message).toContain(`position ${position}`);
  });

  it.each<[string, number, string]>([
    ["tenantId eq 'x'", 1, 'unknown property "tenantId"'],
    ["jobId eq 'x' and bogus/path eq 'y'", 18, 'unknown property "bogus/path"'],
    ["activityDateTime gt 'yesterday'", 21, 'expected a date'],
    ["durationInMilliseconds gt 'ten'", 27, 'expected a number'],
    ["contains(durationInMilliseconds, '1')", 34, 'contains needs a text property'],
    ['jobId gt null', 10, 'gt cannot compare with null'],
    ['jobId eq true', 10, 'this property needs a quoted string'],
  ])('refuses to compile %j at position %i', (input, position, message) => {
    expect(() => filterToSql(parseFilter(input))).toThrow(`position ${position}: ${message}`);
  });

  it('tokenizes with offsets', () => {
    expect(tokenize("a/b eq 'x'").map((t) => [t.t, t.v, t.pos])).toEqual([
      ['word', 'a/b', 0],
      ['word', 'eq', 4],
      ['string', 'x', 7],
      ['end', '', 10],
    ]);
  });
});
