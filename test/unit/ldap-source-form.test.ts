/** The LDAP source form's pure parts: typed text → use-case body, and ValidationError paths → form fields. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/kernel/errors';
import {
  blankLdapForm,
  ldapBodyFromForm,
  ldapFieldErrors,
  ldapFormValues,
  ldapProblemField,
  ldapTypedConnection,
} from '../../src/web/ldap-source-form';

const typed = {
  name: ' Corp ',
  url: 'ldap://dc1:389',
  bindDn: 'cn=admin',
  bindPassword: ' pass with spaces ',
  baseDn: 'dc=x',
};

describe('ldapFormValues', () => {
  it('trims text but not the password, keeps defaults for fields the form lacks, reads checkboxes', () => {
    const v = ldapFormValues({ ...typed, startTls: 'on' });
    expect(v).toMatchObject({ name: 'Corp', bindPassword: ' pass with spaces ', startTls: 'on', paused: '' });
    expect(v.pageSize).toBe(blankLdapForm().pageSize);
    expect(v.pollSeconds).toBe('10');
  });
});

describe('ldapBodyFromForm', () => {
  it('builds the create body with the schedule nested and empty optionals left out', () => {
    const body = ldapBodyFromForm(ldapFormValues(typed), 'create');
    expect(body).toMatchObject({
      type: 'ldap',
      name: 'Corp',
      bindPassword: ' pass with spaces ',
      startTls: false,
      pageSize: 500,
      deletionThreshold: 500,
      schedule: { pollSeconds: 10, reconcileMinutes: 60, paused: false },
      enabledExpression: null,
      caFile: null,
      userFilter: undefined,
      attributeMap: undefined,
    });
  });

  it('leaves an empty password out of an update (the saved one is kept)', () => {
    const body = ldapBodyFromForm({ ...ldapFormValues(typed), bindPassword: '' }, 'update');
    expect(body).not.toHaveProperty('bindPassword');
    expect(body).not.toHaveProperty('type');
  });

  it.each([
    [{ pollSeconds: 'soon' }, 'pollSeconds', 'Enter a whole number'],
    [{ pageSize: '-1' }, 'pageSize', 'Enter a whole number'],
    [{ attributeMap: '{"not":"an array"}' }, 'attributeMap', 'Enter a JSON array of mappings'],
    [{ attributeMap: '[{' }, 'attributeMap', 'Enter a JSON array of mappings'],
  ])('refuses %j on its field', (change, field, message) => {
    const v = { ...ldapFormValues(typed), ...change };
    try {
      ldapBodyFromForm(v, 'update');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      const detail = (err as ValidationError).details[0];
      expect(detail?.path).toBe(field);
      expect(detail?.message).toContain(message);
    }
  });

  it('passes a JSON map through for the use case to check', () => {
    const map = [{ type: 'direct', source: 'mail', target: 'mail', apply: 'always' }];
    const body = ldapBodyFromForm({ ...ldapFormValues(typed), attributeMap: JSON.stringify(map) }, 'update');
    expect(body.attributeMap).toEqual(map);
  });
});

describe('ldapTypedConnection', () => {
  it('sends the connection fields, the password only when typed', () => {
    const v = ldapFormValues({ ...typed, bindPassword: '' });
    expect(ldapTypedConnection(v)).toEqual({
      url: 'ldap://dc1:389',
      startTls: false,
      bindDn: 'cn=admin',
      baseDn: 'dc=x',
      caFile: null,
    });
    expect(ldapTypedConnection(ldapFormValues(typed))).toHaveProperty('bindPassword', ' pass with spaces ');
  });
});

describe('problem paths → fields', () => {
  it.each([
    ['url', 'url'],
    ['schedule.pollSeconds', 'pollSeconds'],
    ['attributeMap.2.target', 'attributeMap'],
    ['groupAttributeMap.0.target', null],
    ['(body)', null],
  ])('%s → %s', (path, field) => {
    expect(ldapProblemField(path)).toBe(field);
  });

  it('numbers map rows for the admin, keeps the first message per field, puts the rest in the summary', () => {
    const errors = ldapFieldErrors(
      [
        { path: 'attributeMap.0.target', message: 'nope is not a directory attribute' },
        { path: 'attributeMap.1.source', message: 'second' },
        { path: 'schedule.reconcileMinutes', message: 'Too small' },
        { path: 'groupAttributeMap.0.target', message: 'bad group map' },
      ],
      'fallback',
    );
    expect(errors).toEqual({
      attributeMap: 'Mapping 1: nope is not a directory attribute',
      reconcileMinutes: 'Too small',
      '': 'groupAttributeMap.0.target: bad group map',
    });
    expect(ldapFieldErrors([], 'fallback')).toEqual({ '': 'fallback' });
  });
});
