/** Deterministic demo people: the same 500 users on every machine, with realistic names and departments. */
const GIVEN = [
  'Ava',
  'Liam',
  'Zoë',
  'Noah',
  'Maya',
  'Ethan',
  'Sofia',
  'Lucas',
  'Amara',
  'Mateo',
  'Chloé',
  'Kenji',
  'Priya',
  'Oliver',
  'Fatima',
  'Hugo',
  'Ingrid',
  'Tomás',
  'Leila',
  'Samuel',
  'Aisha',
  'Jonas',
  'Mei',
  'Rafael',
  'Nora',
];
const FAMILY = [
  'Nguyen',
  "O'Brien",
  'Müller',
  'García',
  'Smith',
  'Okafor',
  'Kowalski',
  'Tanaka',
  'Johansson',
  'Rossi',
  'Dubois',
  'Patel',
  'Silva',
  'Cohen',
  'Haddad',
  'Larsen',
  'Moreau',
  'Novak',
  'Reyes',
  'Schmidt',
];
const DEPARTMENTS = ['Sales', 'Engineering', 'Marketing', 'Support', 'Finance', 'People', 'Product', 'Operations'];
const TITLES: Record<string, string[]> = {
  Sales: ['Account Executive', 'Sales Manager', 'Sales Development Rep'],
  Engineering: ['Software Engineer', 'Staff Engineer', 'Engineering Manager'],
  Marketing: ['Marketing Specialist', 'Content Lead'],
  Support: ['Support Engineer', 'Support Lead'],
  Finance: ['Accountant', 'Controller'],
  People: ['HR Partner', 'Recruiter'],
  Product: ['Product Manager', 'Designer'],
  Operations: ['Operations Analyst', 'Office Manager'],
};

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** The i-th demo person (0-based). */
export function demoPerson(i: number) {
  const given = GIVEN[i % GIVEN.length] ?? 'Ava';
  const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length] ?? 'Smith';
  const department = DEPARTMENTS[(i * 7) % DEPARTMENTS.length] ?? 'Sales';
  const titles = TITLES[department] ?? ['Specialist'];
  const nick = `${slug(given)}.${slug(family)}${i >= GIVEN.length * FAMILY.length ? i : ''}`;
  return {
    userPrincipalName: `${nick}@contoso.example`,
    mail: `${nick}@contoso.example`,
    mailNickname: nick,
    displayName: `${given} ${family}`,
    givenName: given,
    surname: family,
    jobTitle: titles[i % titles.length] ?? 'Specialist',
    department,
    employeeId: `E${String(10000 + i)}`,
  };
}
