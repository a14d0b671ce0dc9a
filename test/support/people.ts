/** Directory users for engine tests: one full person per short name. */

/** Attributes of a directory user named `n` (alice → alice@contoso.example, Alice Example, ...). */
export function person(n: string, extra: Record<string, unknown> = {}) {
  return {
    userPrincipalName: `${n}@contoso.example`,
    mail: `${n}@contoso.example`,
    mailNickname: n,
    displayName: `${n[0]?.toUpperCase()}${n.slice(1)} Example`,
    givenName: n,
    surname: 'Example',
    jobTitle: 'Engineer',
    department: 'R&D',
    employeeId: `E-${n}`,
    ...extra,
  };
}

/** `count` people named prefix0001, prefix0002, ... */
export function people(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => person(`${prefix}${String(i + 1).padStart(4, '0')}`));
}
