/**
 * The escrow queue of an application: objects carried forward to later cycles (failures retried with a
 * growing backoff, disables/deletes held by the deletion guard), with "retry now" for operators.
 */
import type { EscrowView } from '../../src/engine/escrow';
import { Csrf } from './field';
import { Time } from './format';

/** The section. */
export function EscrowTable(props: {
  appId: string;
  rows: EscrowView[];
  canRetry: boolean;
  csrfToken: string | null | undefined;
}) {
  return (
    <section class="card" id="escrows">
      <h2>Escrow</h2>
      {props.rows.length === 0 ? (
        <p class="muted">Nothing escrowed: every object went through in its last cycle.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Object</th>
                <th scope="col">Action</th>
                <th scope="col" class="num">
                  Attempts
                </th>
                <th scope="col">Last error</th>
                <th scope="col">Next attempt</th>
                {props.canRetry ? <th scope="col">Retry</th> : null}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((e) => (
                <tr class={`escrow escrow-${e.kind}`}>
                  <td>
                    <a
                      href={`/logs?appId=${encodeURIComponent(props.appId)}&identity=${encodeURIComponent(e.sourceId)}`}
                    >
                      {e.sourceDisplayName ?? e.sourceId}
                    </a>
                  </td>
                  <td>{e.kind === 'staged' ? `${e.action} (held)` : e.action}</td>
                  <td class="num">{e.attempts}</td>
                  <td>
                    {e.lastError ? (
                      <>
                        <code>{e.lastError.code}</code> {e.lastError.reason}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{e.kind === 'staged' ? 'After Allow deletes' : <Time at={e.nextAttempt} />}</td>
                  {props.canRetry ? (
                    <td>
                      {e.kind === 'failure' ? (
                        <form
                          method="post"
                          action={`/apps/${props.appId}/escrows/${encodeURIComponent(e.sourceId)}/retry`}
                        >
                          <Csrf token={props.csrfToken} />
                          <button type="submit" class="btn btn-small">
                            Retry now
                          </button>
                        </form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
