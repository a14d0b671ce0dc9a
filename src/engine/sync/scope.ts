/** Is a user in scope for an application? Pure; returns every check so the log can say why. */

export interface ScopeInput {
  softDeleted: boolean;
  accountEnabled: boolean;
  appScope: 'assigned' | 'all';
  /** The user's assignment to this app, if any. */
  assignment: { role: string; isDefaultAccess: boolean; viaGroup?: string | null } | null;
  /** Result of the app's scoping filters, when it has any (evaluated by mapping/scoping.ts). */
  filters?: { passed: boolean; results: Record<string, Record<string, boolean>> } | undefined;
}

export interface ScopeCheck {
  name: string;
  passed: boolean;
}

export interface ScopeResult {
  inScope: boolean;
  checks: ScopeCheck[];
  /** One sentence an admin can act on, naming the first failed check. */
  reason: string;
  /** Per filter, per clause results, as Entra's ScopeEvaluationResult. */
  filterResults?: Record<string, Record<string, boolean>>;
}

/** Evaluate Entra's scoping checks in order: active, assigned (unless scope all), required role. */
export function evaluateScope(input: ScopeInput): ScopeResult {
  const checks: ScopeCheck[] = [
    { name: 'Active in the source system', passed: !input.softDeleted && input.accountEnabled },
  ];
  let reason = 'User is active and in scope';
  if (input.softDeleted) reason = 'User is soft-deleted in the directory';
  else if (!input.accountEnabled) reason = 'User is disabled in the directory (accountEnabled is false)';

  if (input.appScope === 'all') {
    checks.push({ name: 'Scope sync all', passed: true });
  } else {
    const assigned = input.assignment !== null;
    checks.push({ name: 'Assigned to the application', passed: assigned });
    if (assigned && checks.every((c) => c.passed))
      reason = `User is assigned to the application with role ${input.assignment?.role}${via(input)}`;
    if (!assigned && checks[0]?.passed) reason = 'User is not assigned to the application';
    if (assigned) {
      const roleOk = !input.assignment?.isDefaultAccess;
      checks.push({ name: 'User has the required role', passed: roleOk });
      if (!roleOk && checks[0]?.passed) {
        reason = `User is assigned with role ${input.assignment?.role}${via(input)}, which is excluded from provisioning`;
      }
    }
  }
  if (input.filters && Object.keys(input.filters.results).length > 0) {
    const passedBefore = checks.every((c) => c.passed);
    checks.push({ name: 'Scoping filter evaluation passed', passed: input.filters.passed });
    if (passedBefore && !input.filters.passed)
      reason = `User does not pass any scoping filter (${describeFailures(input.filters.results)})`;
    if (passedBefore && input.filters.passed) reason = `${reason}; scoping filter evaluation passed`;
    return { inScope: checks.every((c) => c.passed), checks, reason, filterResults: input.filters.results };
  }
  return { inScope: checks.every((c) => c.passed), checks, reason };
}

const via = (input: ScopeInput) => (input.assignment?.viaGroup ? ` through group ${input.assignment.viaGroup}` : '');

/** "Sales only: department EQUALS Sales is false" for each failed clause. */
function describeFailures(results: Record<string, Record<string, boolean>>): string {
  const parts: string[] = [];
  for (const [filter, clauses] of Object.entries(results)) {
    for (const [clause, ok] of Object.entries(clauses)) if (!ok) parts.push(`${filter}: ${clause} is false`);
  }
  return parts.join('; ');
}
