import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  type ExpressionEnv,
  isIgnoreFlow,
  isRedacted,
  unwrapRedacted,
  type Value,
} from '../../src/mapping/expression/index';

const NOW = new Date('2021-07-02T15:33:38Z');

/** A fixed sequence of "random" numbers, repeated, so RandomString's output is known. */
function envWith(randoms: number[] = [0.5]): ExpressionEnv {
  let i = 0;
  return {
    now: () => NOW,
    random: () => randoms[i++ % randoms.length] ?? 0,
    guid: () => '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
  };
}

const SOURCE: Record<string, unknown> = {
  givenName: 'John',
  surname: 'Doe',
  userPrincipalName: 'John.Doe@contoso.com',
  mail: 'john.doe@contoso.com',
  IsSoftDeleted: false,
  proxyAddresses: ['SMTP:john@contoso.com', 'smtp:jd@contoso.com', 'SMTP:john@contoso.com'],
  emptyList: [],
  emptyAttr: '',
  nullAttr: null,
  employeeCount: 3,
  extensionAttribute1: '20150123105347.1Z',
  StatusHireDate: '2012-03-16-07:00',
};

type Case = { text: string; source?: Record<string, unknown>; expected: Value };

function evaluate(text: string, source: Record<string, unknown> = {}, env = envWith()): Value {
  return compileExpression(text)({ ...SOURCE, ...source }, env);
}

function table(title: string, cases: Case[]): void {
  describe(title, () => {
    it.each(cases)('Should evaluate $text', ({ text, source, expected }) => {
      expect(evaluate(text, source)).toEqual(expected);
    });
  });
}

table('Append', [
  { text: 'Append([userPrincipalName], ".test")', expected: 'John.Doe@contoso.com.test' },
  { text: 'Append("n", 1)', expected: 'n1' },
  { text: 'Append("a", [missing])', expected: 'a' },
  { text: 'Append([missing], ".test")', expected: null },
]);

table('BitAnd', [
  { text: 'BitAnd(&HF, &HF7)', expected: 7 },
  { text: 'BitAnd(12, 10)', expected: 8 },
  { text: 'BitAnd([missing], 1)', expected: null },
]);

table('CBool', [
  { text: 'CBool([givenName] = [givenName])', expected: true },
  { text: 'CBool([givenName] = [surname])', expected: false },
  { text: 'CBool("True")', expected: true },
  { text: 'CBool("false")', expected: false },
  { text: 'CBool(0)', expected: false },
  { text: 'CBool("2")', expected: true },
  { text: 'CBool([missing])', expected: null },
]);

table('CDate', [
  { text: 'CDate([StatusHireDate])', source: { StatusHireDate: '2020-03-16-07:00' }, expected: '3/16/2020 7:00:00 AM' },
  { text: 'CDate("2021-06-30+08:00")', expected: '6/29/2021 4:00:00 PM' },
  { text: 'CDate("2009-06-15T01:45:30-07:00")', expected: '6/15/2009 8:45:30 AM' },
  { text: 'CDate("2021-07-02T00:05:00Z")', expected: '7/2/2021 12:05:00 AM' },
  { text: 'CDate("7/2/2021 12:00:00 PM")', expected: '7/2/2021 12:00:00 PM' },
  { text: 'CDate([missing])', expected: null },
]);

table('CStr', [
  { text: 'CStr([dn])', source: { dn: 'cn=Joe,dc=contoso,dc=com' }, expected: 'cn=Joe,dc=contoso,dc=com' },
  { text: 'CStr(42)', expected: '42' },
  { text: 'CStr([employeeCount])', expected: '3' },
  { text: 'CStr([IsSoftDeleted])', expected: 'False' },
  { text: 'CStr(true)', expected: 'True' },
  { text: 'CStr([missing])', expected: null },
]);

table('Coalesce', [
  { text: 'Coalesce([mail],[userPrincipalName])', source: { mail: null }, expected: 'John.Doe@contoso.com' },
  { text: 'Coalesce([mail],[userPrincipalName])', expected: 'john.doe@contoso.com' },
  { text: 'Coalesce([nullAttr], [emptyList], [emptyAttr], "x")', expected: '' },
  { text: 'Coalesce([nullAttr], "default")', expected: 'default' },
  { text: 'Coalesce([nullAttr], [missing])', expected: null },
  { text: 'Coalesce("first", FormatDateTime("not a date", , "yyyy", "yyyy"))', expected: 'first' },
]);

table('ConvertToBase64', [
  { text: 'ConvertToBase64("Hello world!")', expected: 'SABlAGwAbABvACAAdwBvAHIAbABkACEA' },
  { text: 'ConvertToBase64("é")', expected: '6QA=' },
  { text: 'ConvertToBase64("")', expected: '' },
  { text: 'ConvertToBase64([missing])', expected: null },
]);

table('ConvertToUTF8Hex', [
  { text: 'ConvertToUTF8Hex("Hello world!")', expected: '48656C6C6F20776F726C6421' },
  { text: 'ConvertToUTF8Hex("é")', expected: 'C3A9' },
  { text: 'ConvertToUTF8Hex([missing])', expected: null },
  {
    text: 'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))',
    source: { objectId: '00aa00aa-bb11' },
    expected: '10003030616130306161262623131',
  },
]);

table('Count', [
  { text: 'Count([proxyAddresses])', expected: 3 },
  { text: 'Count(Split("a,b,c", ","))', expected: 3 },
  { text: 'Count("single")', expected: 1 },
  { text: 'Count([emptyList])', expected: 0 },
  { text: 'Count([missing])', expected: 0 },
]);

table('DateAdd', [
  { text: 'DateAdd("d", 7, CDate([StatusHireDate]))', expected: '3/23/2012 7:00:00 AM' },
  { text: 'DateAdd("d", -10, CDate([StatusHireDate]))', expected: '3/6/2012 7:00:00 AM' },
  { text: 'DateAdd("ww", 2, CDate([StatusHireDate]))', expected: '3/30/2012 7:00:00 AM' },
  { text: 'DateAdd("m", 10, CDate([StatusHireDate]))', expected: '1/16/2013 7:00:00 AM' },
  { text: 'DateAdd("yyyy", 2, CDate([StatusHireDate]))', expected: '3/16/2014 7:00:00 AM' },
  { text: 'DateAdd("q", 1, "2021-01-15")', expected: '4/15/2021 12:00:00 AM' },
  { text: 'DateAdd("m", 1, "2021-01-31")', expected: '2/28/2021 12:00:00 AM' },
  { text: 'DateAdd("yyyy", 1, "2020-02-29")', expected: '2/28/2021 12:00:00 AM' },
  { text: 'DateAdd("y", 1, "2021-12-31")', expected: '1/1/2022 12:00:00 AM' },
  { text: 'DateAdd("w", 1, "2021-12-31")', expected: '1/1/2022 12:00:00 AM' },
  { text: 'DateAdd("h", 13, "2021-07-02")', expected: '7/2/2021 1:00:00 PM' },
  { text: 'DateAdd("n", 90, Now())', expected: '7/2/2021 5:03:38 PM' },
  { text: 'DateAdd("s", -38, Now())', expected: '7/2/2021 3:33:00 PM' },
  { text: 'DateAdd("d", 1, [missing])', expected: null },
  { text: 'DateAdd("d", [missing], Now())', expected: null },
]);

table('DateDiff', [
  { text: 'DateDiff("d", "2021-08-18+08:00", "2021-08-31+08:00")', expected: 13 },
  { text: 'DateDiff("d", "8/25/2021 5:41:18 PM", "2012-03-16-07:00")', expected: -3449 },
  { text: 'DateDiff("ww", "8/25/2021 5:41:18 PM", "2012-03-16-07:00")', expected: -493 },
  { text: 'DateDiff("m", "8/25/2021 5:41:18 PM", "2012-03-16-07:00")', expected: -113 },
  { text: 'DateDiff("yyyy", "8/25/2021 5:41:18 PM", "2012-03-16-07:00")', expected: -9 },
  { text: 'DateDiff("d", "2021-08-31+08:00", "2021-08-31+08:00")', expected: 0 },
  { text: 'DateDiff("h", "2021-08-24", "2021-08-25")', expected: 24 },
  { text: 'DateDiff("n", "2021-08-24", "2021-08-25")', expected: 1440 },
  { text: 'DateDiff("s", "2021-08-24", "2021-08-25")', expected: 86400 },
  { text: 'DateDiff("d", "2021-08-24T23:59:00Z", "2021-08-25T00:01:00Z")', expected: 1 },
  { text: 'DateDiff("q", "2021-03-31", "2021-04-01")', expected: 1 },
  { text: 'DateDiff("w", "2021-08-01", "2021-08-14")', expected: 1 },
  { text: 'DateDiff("d", Now(), CDate([StatusHireDate]))', source: { StatusHireDate: '2021-07-10' }, expected: 8 },
  { text: 'DateDiff("d", [missing], Now())', expected: null },
]);

table('DateFromNum and NumFromDate', [
  { text: 'DateFromNum(129699324000000000)', expected: '1/1/2012 11:00:00 PM' },
  {
    text: 'DateFromNum([lastLogonTimestamp])',
    source: { lastLogonTimestamp: '129699324000000000' },
    expected: '1/1/2012 11:00:00 PM',
  },
  { text: 'DateFromNum([missing])', expected: null },
  { text: 'NumFromDate("2012-01-01T23:00:00Z")', expected: '129699324000000000' },
  {
    text: 'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
    source: { ContractEndDate: '2020-12-31-08:00' },
    expected: '132539615990000000',
  },
  { text: 'NumFromDate([missing])', expected: null },
]);

table('FormatDateTime', [
  { text: 'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', expected: '2015-01-23' },
  { text: 'FormatDateTime([extensionAttribute1], "yyyyMMddHHmmss.fZ", "MM/dd/yyyy")', expected: '01/23/2015' },
  {
    text: 'FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd\'T\'HH:mm:ss")',
    source: { endDate: '12/31/2020 11:59:59 PM' },
    expected: '2020-12-31T23:59:59',
  },
  { text: 'FormatDateTime("2021-03-04T05:06:07Z", , , "dddd, MMMM d, yyyy")', expected: 'Thursday, March 4, 2021' },
  { text: 'FormatDateTime("Thu 04 Mar 21", , "ddd dd MMM yy", "yyyy-MM-dd")', expected: '2021-03-04' },
  { text: 'FormatDateTime("2021-03-04T05:06:07Z", , "yyyyMMdd", "yyyyMMddHHmmss.fZ")', expected: '20210304050607.0Z' },
  {
    text: 'FormatDateTime("2021-03-04T05:06:07.25Z", , , "HH:mm:ss.FFF h t K zzz")',
    expected: '05:06:07.25 5 A Z +00:00',
  },
  { text: 'FormatDateTime("2021-03-04T05:06:07Z", , , "HH:mm:ss.FFF")', expected: '05:06:07' },
  { text: 'FormatDateTime(" 2021-03-04 ", , "yyyy-MM-dd", "\\"d\\" d")', expected: 'd 4' },
  { text: 'FormatDateTime("2021-03-04+05:30", , "yyyy-MM-ddK", "yyyy-MM-dd HH:mm")', expected: '2021-03-03 18:30' },
  { text: 'FormatDateTime([missing], , "yyyy", "yyyy")', expected: null },
]);

table('Guid and Now', [
  { text: 'Guid()', expected: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee' },
  { text: 'Now()', expected: '7/2/2021 3:33:38 PM' },
]);

describe('IgnoreFlowIfNullOrEmpty', () => {
  const prefixSwitch =
    'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))';
  it.each([
    { text: 'IgnoreFlowIfNullOrEmpty([missing])', source: {} },
    { text: 'IgnoreFlowIfNullOrEmpty([emptyAttr])', source: {} },
    { text: 'IgnoreFlowIfNullOrEmpty([emptyList])', source: {} },
    { text: prefixSwitch, source: { prefix: '9999' } },
    { text: 'Join(" ", "x", IgnoreFlowIfNullOrEmpty([missing]))', source: {} },
    { text: 'IIF(true, IgnoreFlowIfNullOrEmpty([missing]), "x")', source: {} },
  ])('Should drop the attribute for $text', ({ text, source }) => {
    expect(isIgnoreFlow(evaluate(text, source))).toBe(true);
  });

  it.each([
    { text: 'IgnoreFlowIfNullOrEmpty([givenName])', source: {}, expected: 'John' },
    { text: prefixSwitch, source: { prefix: '3444' }, expected: 'Prof.' },
    { text: 'IIF(false, IgnoreFlowIfNullOrEmpty([missing]), "x")', source: {}, expected: 'x' },
  ])('Should flow the value for $text', ({ text, source, expected }) => {
    expect(evaluate(text, source)).toBe(expected);
  });
});

table('IIF', [
  {
    text: 'IIF([country]="USA",[country],[department])',
    source: { country: 'USA', department: 'Sales' },
    expected: 'USA',
  },
  {
    text: 'IIF([country]="USA",[country],[department])',
    source: { country: 'NZ', department: 'Sales' },
    expected: 'Sales',
  },
  {
    text: 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
    source: { country: 'USA', state: 'CA' },
    expected: 'True',
  },
  {
    text: 'IIF([country]="USA","True",IIF([state]="CA","True","False"))',
    source: { country: 'NZ', state: 'WA' },
    expected: 'False',
  },
  {
    text: 'IIF([companyName] = "Company A", "A", IIF([companyName] = "Company B", "B", "External"))',
    source: { companyName: 'Company B' },
    expected: 'B',
  },
  { text: 'IIF(DateDiff("d", Now(), "2021-07-10") > 5, "False", "True")', expected: 'False' },
  { text: 'IIF([employeeCount] >= 3, "big", "small")', expected: 'big' },
  { text: 'IIF([employeeCount] <> 3, "other", "three")', expected: 'three' },
  { text: 'IIF(10 < 9, "yes", "no")', expected: 'no' },
  { text: 'IIF("10" < "9", "yes", "no")', expected: 'yes' },
  { text: 'IIF([IsSoftDeleted] = "false", "off", "on")', expected: 'off' },
  { text: 'IIF([IsSoftDeleted], "off", "on")', expected: 'on' },
  { text: 'IIF([missing] = "x", "a", "b")', expected: 'b' },
  { text: 'IIF([missing] <> "x", "a", "b")', expected: 'b' },
  { text: 'IIF("a" = "A", "same", "different")', expected: 'different' },
  { text: 'IIF(true, "a", FormatDateTime("not a date", , "yyyy", "yyyy"))', expected: 'a' },
]);

table('InStr', [
  { text: 'InStr("The quick brown fox","quick")', expected: 5 },
  { text: 'InStr("repEated","e",3,vbBinaryCompare)', expected: 7 },
  { text: 'InStr("repEated","e",3,vbTextCompare)', expected: 4 },
  { text: 'InStr("repEated","E")', expected: 4 },
  { text: 'InStr("abc","z")', expected: 0 },
  { text: 'InStr("abc","")', expected: 1 },
  { text: 'InStr("abc","a",9)', expected: 0 },
  { text: 'InStr([missing],"a")', expected: null },
]);

table('IsNull, IsNullOrEmpty, IsPresent, IsString', [
  { text: 'IsNull([missing])', expected: true },
  { text: 'IsNull([emptyList])', expected: true },
  { text: 'IsNull([emptyAttr])', expected: false },
  { text: 'IsNull([givenName])', expected: false },
  { text: 'IsNullOrEmpty([missing])', expected: true },
  { text: 'IsNullOrEmpty([emptyAttr])', expected: true },
  { text: 'IsNullOrEmpty(" ")', expected: false },
  { text: 'IsPresent([givenName])', expected: true },
  { text: 'IsPresent(" ")', expected: true },
  { text: 'IsPresent([emptyAttr])', expected: false },
  { text: 'IsPresent([missing])', expected: false },
  { text: 'IsString([givenName])', expected: true },
  { text: 'IsString([employeeCount])', expected: false },
  { text: 'IsString([IsSoftDeleted])', expected: false },
  { text: 'IsString([missing])', expected: false },
]);

table('Item', [
  { text: 'Item([proxyAddresses], 1)', expected: 'SMTP:john@contoso.com' },
  { text: 'Item([proxyAddresses], 2)', expected: 'smtp:jd@contoso.com' },
  { text: 'Item([proxyAddresses], 4)', expected: null },
  { text: 'Item([proxyAddresses], 0)', expected: null },
  { text: 'Item("solo", 1)', expected: 'solo' },
  { text: 'Item([missing], 1)', expected: null },
]);

table('Join', [
  { text: 'Join(" ", [givenName], [surname])', expected: 'John Doe' },
  { text: 'Join(", ", "", [surname], [givenName])', expected: 'Doe, John' },
  { text: 'Join(" ", [givenName], [missing], [surname])', expected: 'John Doe' },
  {
    text: 'Join(";", [proxyAddresses], "x")',
    expected: 'SMTP:john@contoso.com;smtp:jd@contoso.com;SMTP:john@contoso.com;x',
  },
  { text: 'Join("", 1000, [IsSoftDeleted])', expected: '1000False' },
  { text: 'Join(, "a", "b")', expected: 'ab' },
  { text: 'Join(" ", [missing])', expected: '' },
]);

table('Left', [
  { text: 'Left("John Doe", 3)', expected: 'Joh' },
  { text: 'Left("John Doe", 0)', expected: '' },
  { text: 'Left("John Doe", -1)', expected: 'John Doe' },
  { text: 'Left("John Doe", 20)', expected: 'John Doe' },
  { text: 'Left([missing], 3)', expected: '' },
]);

table('Mid', [
  { text: 'Mid("John Doe", 3, 5)', expected: 'hn Do' },
  { text: 'Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', expected: 'JohDoe' },
  { text: 'Mid("abc", 2, 10)', expected: 'bc' },
  { text: 'Mid("abc", 5, 1)', expected: '' },
  { text: 'Mid("abc", 2, )', expected: 'bc' },
  { text: 'Mid([missing], 1, 1)', expected: null },
]);

table('NormalizeDiacritics', [
  { text: 'NormalizeDiacritics("Zoë")', expected: 'Zoe' },
  { text: 'NormalizeDiacritics("José Müller-Lüdenscheidt")', expected: 'Jose Muller-Ludenscheidt' },
  { text: 'NormalizeDiacritics("Ærøskøbing Œuvre")', expected: 'AEroeskoebing OEuvre' },
  { text: 'NormalizeDiacritics("Straße Łódź İstanbul ǣ")', expected: 'Strasse Lodz Istanbul ae' },
  { text: 'NormalizeDiacritics("Ā́ ȫ ṻ ẕ")', expected: 'A o u z' },
  { text: 'NormalizeDiacritics("Иван が")', expected: 'Иван が' },
  { text: 'NormalizeDiacritics([missing])', expected: null },
]);

table('Not', [
  { text: 'Not([IsSoftDeleted])', expected: true },
  { text: 'Not([IsSoftDeleted])', source: { IsSoftDeleted: true }, expected: false },
  { text: 'Not("True")', expected: false },
  { text: 'Not("false")', expected: true },
  { text: 'Not(Not([IsSoftDeleted]))', expected: false },
  { text: 'Not([missing])', expected: true },
]);

table('PCase', [
  {
    text: 'PCase([firstName])',
    source: { firstName: 'PABLO GONSALVES (SECOND)' },
    expected: 'Pablo Gonsalves (Second)',
  },
  { text: 'PCase([lastName]," \'-")', source: { lastName: "PINTO-DE'SILVA" }, expected: "Pinto-De'Silva" },
  {
    text: 'PCase(Join(" ",[firstName],[lastName]))',
    source: { firstName: 'GREGORY', lastName: 'JAMES' },
    expected: 'Gregory James',
  },
  { text: 'PCase("o\'neil mcdonald-smith")', expected: "O'neil Mcdonald-Smith" },
  { text: 'PCase("élodie")', expected: 'Élodie' },
  { text: 'PCase([missing])', expected: null },
]);

table('Redact', [
  { text: 'Redact([userPrincipalName])', expected: { redacted: true, value: 'John.Doe@contoso.com' } },
  { text: 'Redact("StringToBeRedacted")', expected: { redacted: true, value: 'StringToBeRedacted' } },
  { text: 'ToLower(Redact([givenName]))', expected: { redacted: true, value: 'john' } },
  { text: 'Redact(Redact([givenName]))', expected: { redacted: true, value: 'John' } },
  { text: 'IIF(true, Redact([givenName]), "x")', expected: { redacted: true, value: 'John' } },
  { text: 'Redact([missing])', expected: null },
]);

describe('Redact sentinel helpers', () => {
  it('Should recognise and unwrap a redacted value', () => {
    const value = evaluate('Redact(RandomString(6,3,0,0,3))');
    expect(isRedacted(value)).toBe(true);
    expect(unwrapRedacted(value)).toMatch(/^[0-9a-z]{6}$/);
  });

  it('Should leave plain values alone', () => {
    expect(isRedacted('x')).toBe(false);
    expect(isRedacted({ redacted: false, value: 'x' })).toBe(false);
    expect(unwrapRedacted('x')).toBe('x');
  });
});

table('RemoveDuplicates', [
  { text: 'RemoveDuplicates([proxyAddresses])', expected: ['SMTP:john@contoso.com', 'smtp:jd@contoso.com'] },
  { text: 'RemoveDuplicates(Split("b,a,b,A", ","))', expected: ['b', 'a', 'A'] },
  { text: 'RemoveDuplicates("x")', expected: ['x'] },
  { text: 'RemoveDuplicates([missing])', expected: null },
]);

table('Replace', [
  { text: 'Replace([mail], "@contoso.com", , , "@fabrikam.com", , )', expected: 'john.doe@fabrikam.com' },
  { text: 'Replace([mail], "@contoso.com", , ,"", ,)', expected: 'john.doe' },
  {
    text: 'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )',
    source: { BusinessTitle: 'Product Developer' },
    expected: 'Software Engineer',
  },
  { text: 'Replace("a.b.c", ".", , , "-", , )', expected: 'a-b-c' },
  { text: 'Replace("a$b", "$", , , "$$", , )', expected: 'a$$b' },
  {
    text: 'Replace([UserID],"<username>", , , , , "<username>@contoso.com")',
    source: { UserID: 'jsmith' },
    expected: 'jsmith@contoso.com',
  },
  {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: .NET regex substitution syntax, not a template
    text: 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
    source: { telephoneNumber: '+91 9998887777' },
    expected: '9998887777',
  },
  {
    text: 'Replace([mobile], , "[()\\\\s-]+", , "", , )',
    source: { mobile: '+1 (999) 888-7777' },
    expected: '+19998887777',
  },
  {
    text: 'Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )',
    source: { AddressLineData: '545 Tremont Street' },
    expected: '888 Tremont Street',
  },
  { text: 'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )', expected: 'John.Doe' },
  {
    text: 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
    source: { telephoneNumber: '', mobile: '+91 8887779999' },
    expected: '8887779999',
  },
  {
    text: 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
    source: { telephoneNumber: '+1 5550001111', mobile: '+91 8887779999' },
    expected: '+1 5550001111',
  },
  { text: 'Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', source: { mailNickname: 'john_doe72' }, expected: '72' },
  {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: .NET regex substitution syntax, not a template
    text: 'Replace("2021-07-02", , "(\\\\d+)-(\\\\d+)-(\\\\d+)", , "$3/$2/$1 ${9} $$", , )',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: .NET regex substitution syntax, not a template
    expected: '02/07/2021 ${9} $',
  },
  { text: 'Replace("abc", , , , "x", , )', expected: 'abc' },
  { text: 'Replace([missing], "a", , , "b", , )', expected: null },
  { text: 'Replace([missing], , "a", , "b", , )', expected: null },
]);

table('SingleAppRoleAssignment', [
  {
    text: 'SingleAppRoleAssignment([appRoleAssignments])',
    source: { appRoleAssignments: ['Reader'] },
    expected: 'Reader',
  },
  {
    text: 'SingleAppRoleAssignment([appRoleAssignments])',
    source: { appRoleAssignments: [{ id: 'r1', displayName: 'My Corp Administrator', value: 'admin' }] },
    expected: 'My Corp Administrator',
  },
  {
    text: 'SingleAppRoleAssignment([appRoleAssignments])',
    source: { appRoleAssignments: [{ value: 'admin' }] },
    expected: 'admin',
  },
  {
    text: 'Switch(SingleAppRoleAssignment([appRoleAssignments]), "member", "My Corp Administrator", "owner")',
    source: { appRoleAssignments: [{ displayName: 'My Corp Administrator' }] },
    expected: 'owner',
  },
  { text: 'SingleAppRoleAssignment([appRoleAssignments])', source: { appRoleAssignments: [] }, expected: null },
  { text: 'SingleAppRoleAssignment([missing])', expected: null },
]);

table('Split', [
  {
    text: 'Split([extensionAttribute5], ",")',
    source: { extensionAttribute5: 'PermissionSetOne,PermissionSetTwo' },
    expected: ['PermissionSetOne', 'PermissionSetTwo'],
  },
  { text: 'Split("a, b", ",")', expected: ['a', ' b'] },
  { text: 'Split("a;b;;c", ";")', expected: ['a', 'b', '', 'c'] },
  { text: 'Split("a--b", "--")', expected: ['a', 'b'] },
  { text: 'Split("abc", "")', expected: ['abc'] },
  { text: 'Split([missing], ",")', expected: null },
]);

table('StripSpaces', [
  { text: 'StripSpaces("John  van Doe ")', expected: 'JohnvanDoe' },
  { text: 'StripSpaces("a\tb")', expected: 'a\tb' },
  { text: 'StripSpaces([missing])', expected: null },
]);

table('Switch', [
  { text: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', expected: 'True' },
  {
    text: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    source: { IsSoftDeleted: true },
    expected: 'False',
  },
  {
    text: 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")',
    source: { state: 'QLD' },
    expected: 'Australia/Brisbane',
  },
  {
    text: 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane")',
    source: { state: 'qld' },
    expected: 'Australia/Sydney',
  },
  {
    text: 'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")',
    source: { statusFlag: 'TRUE' },
    expected: '1',
  },
  { text: 'Switch([country],[country],"","Other")', source: { country: '' }, expected: 'Other' },
  { text: 'Switch([country],[country],"","Other")', source: {}, expected: 'Other' },
  { text: 'Switch([country],[country],"","Other")', source: { country: 'NZ' }, expected: 'NZ' },
  { text: 'Switch([employeeCount], "many", 3, "three")', expected: 'three' },
  { text: 'Switch("x", , "y", "z")', expected: null },
  { text: 'Switch("a", "d", "a", "hit", "a", FormatDateTime("bad", , "yyyy", "yyyy"))', expected: 'hit' },
]);

table('ToLower and ToUpper', [
  { text: 'ToLower([userPrincipalName])', expected: 'john.doe@contoso.com' },
  { text: 'ToLower("ÀÉÎ", "fr-FR")', expected: 'àéî' },
  { text: 'ToUpper([givenName])', expected: 'JOHN' },
  { text: 'ToUpper("straße", "de-DE")', expected: 'STRAßE' },
  { text: 'ToLower([missing])', expected: null },
  { text: 'ToUpper([missing])', expected: null },
]);

table('Word', [
  { text: 'Word("The quick brown fox",3," ")', expected: 'brown' },
  { text: 'Word("This,string!has&many separators",3,",!&#")', expected: 'has' },
  { text: 'Word("This,string!has&many separators",4,",!&#")', expected: 'many separators' },
  { text: 'Word("a  b",2," ")', expected: 'b' },
  { text: 'Word("a b",0," ")', expected: '' },
  { text: 'Word("a b",3," ")', expected: '' },
  { text: 'Word([missing],1," ")', expected: '' },
]);

table('nested calls from Microsoft examples', [
  {
    text: 'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [givenName], [surname]))), "contoso.com"))',
    source: { givenName: 'Zoë', surname: 'de la Cruz' },
    expected: 'zoe.delacruz@contoso.com',
  },
  {
    text: 'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
    source: { PreferredFirstName: 'John', PreferredLastName: 'Smith' },
    expected: 'john.smith@contoso.com',
  },
  {
    text: 'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")',
    source: { Active: '1', StatusHireDate: '2021-07-05' },
    expected: 'True',
  },
  { text: 'Join("", Left([givenName], 1), [surname])', expected: 'JDoe' },
  { text: '[USERPRINCIPALNAME]', expected: 'John.Doe@contoso.com' },
  {
    text: '[appRoleAssignments]',
    source: { appRoleAssignments: [{ displayName: 'A' }, { value: 'b' }] },
    expected: ['A', 'b'],
  },
  { text: '[created]', source: { created: new Date('2020-01-02T03:04:05Z') }, expected: '2020-01-02T03:04:05.000Z' },
]);

describe('RandomString', () => {
  const classes = (s: string) => ({
    digits: s.replace(/[^0-9]/g, '').length,
    upper: s.replace(/[^A-Z]/g, '').length,
    lower: s.replace(/[^a-z]/g, '').length,
    special: s.replace(/[0-9A-Za-z]/g, '').length,
  });

  it.each([
    { text: 'RandomString(6,3,0,0,3)', length: 6, min: { digits: 3, upper: 0, lower: 3, special: 0 } },
    { text: 'RandomString(10,2,2,2,1,"?,")', length: 10, min: { digits: 2, upper: 2, lower: 1, special: 2 } },
    { text: 'RandomString(256,0,0,0,0)', length: 256, min: { digits: 0, upper: 0, lower: 0, special: 0 } },
  ])('Should meet the minimums of $text for many random sequences', ({ text, length, min }) => {
    for (let seed = 1; seed <= 50; seed++) {
      const randoms = Array.from({ length: 7 }, (_, i) => ((seed * 7919 + i * 104729) % 1000) / 1000);
      const value = evaluate(text, {}, envWith(randoms));
      expect(typeof value).toBe('string');
      const s = String(value);
      expect(s).toHaveLength(length);
      const counts = classes(s);
      expect(counts.digits).toBeGreaterThanOrEqual(min.digits);
      expect(counts.upper).toBeGreaterThanOrEqual(min.upper);
      expect(counts.lower).toBeGreaterThanOrEqual(min.lower);
      expect(counts.special).toBeGreaterThanOrEqual(min.special);
      if (min.special === 0) expect(counts.special).toBe(0);
      expect(s).not.toMatch(/[?,]/);
    }
  });

  it('Should be deterministic for a given random sequence', () => {
    expect(evaluate('RandomString(6,3,0,0,3)', {}, envWith([0]))).toBe('00aaa0');
    expect(evaluate('RandomString(4,1,1,1,1)', {}, envWith([0.99]))).toBe('9/Zz');
  });
});
