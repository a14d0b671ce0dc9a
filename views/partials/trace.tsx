/**
 * A provisioning trace laid out as Entra's provision-on-demand steps: Test connection (only when it
 * failed), Import user, Determine if user is in scope (each check and each scoping clause), Match user
 * between source and target, Perform action (request, response status, attributes sent). The steps are the
 * log row's steps; each group opens to show its details.
 */
import type { ProvisioningStep } from '../../src/log/types';
import { Badge } from './format';

const GROUPS: { title: string; types: string[] }[] = [
  { title: 'Import user', types: ['import'] },
  { title: 'Determine if user is in scope', types: ['scoping'] },
  { title: 'Match user between source and target', types: ['matching'] },
  { title: 'Perform action', types: ['processing', 'referenceResolution', 'export'] },
];

/** The worst status of a group: failure > warning > skipped > success. */
function groupStatus(steps: ProvisioningStep[]): string {
  for (const s of ['failure', 'warning', 'skipped'] as const) if (steps.some((x) => x.status === s)) return s;
  return 'success';
}

/** `{"Filter": {"clause": true}}` as rows; anything unreadable shows as no rows. */
function clauses(json: string | undefined): { filter: string; clause: string; passed: boolean }[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as Record<string, Record<string, boolean>>;
    return Object.entries(v).flatMap(([filter, cs]) =>
      Object.entries(cs).map(([clause, passed]) => ({ filter, clause, passed: passed === true })),
    );
  } catch {
    return [];
  }
}

function Details(props: { step: ProvisioningStep }) {
  const { ScopeEvaluationResult, ...rest } = props.step.details ?? {};
  const rows = clauses(ScopeEvaluationResult);
  return (
    <>
      {Object.keys(rest).length > 0 ? (
        <dl class="kv">
          {Object.entries(rest).map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{String(v)}</dd>
            </>
          ))}
        </dl>
      ) : null}
      {rows.length > 0 ? (
        <table class="table clause-table">
          <thead>
            <tr>
              <th>Scoping filter</th>
              <th>Clause</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.filter}</td>
                <td>{r.clause}</td>
                <td>
                  <Badge code={r.passed ? 'success' : 'failure'} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

/** The trace, one numbered group per Entra step. */
export function Trace(props: { steps: ProvisioningStep[] }) {
  const test = props.steps.filter((s) => s.name === 'TestConnection');
  const groups = [
    ...(test.length > 0 ? [{ title: 'Test connection', steps: test }] : []),
    ...GROUPS.map((g) => ({
      title: g.title,
      steps: props.steps.filter((s) => s.name !== 'TestConnection' && g.types.includes(s.provisioningStepType)),
    })),
  ].filter((g) => g.steps.length > 0);
  return (
    <ol class="trace">
      {groups.map((g) => (
        <li class={`trace-step step-${groupStatus(g.steps)}`}>
          <details open={groupStatus(g.steps) !== 'success'}>
            <summary>
              <strong>{g.title}</strong> <Badge code={groupStatus(g.steps)} />
            </summary>
            {g.steps.map((s) => (
              <div class="trace-detail">
                <p>{s.description}</p>
                <Details step={s} />
              </div>
            ))}
          </details>
        </li>
      ))}
    </ol>
  );
}
