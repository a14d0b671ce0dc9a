/** Per application: how a user is assigned, the linked target object, the last log row and any escrow. */
import type { UserAppState } from '../../src/operate/user-provisioning';
import { actionLabel, Badge, queryString, Time } from './format';
import { Name } from './safe-text';

function Assignment(props: { a: UserAppState }) {
  const { assignment, scope } = props.a;
  if (!assignment) return <span class="muted">{scope === 'all' ? 'All users (no assignment)' : 'Not assigned'}</span>;
  return (
    <>
      {assignment.role}{' '}
      {assignment.viaGroup === null ? (
        <span class="muted">(direct)</span>
      ) : (
        <span class="muted">
          (through <Name value={assignment.viaGroup} />)
        </span>
      )}
    </>
  );
}

/** The table, or a sentence when no application concerns the user. */
export function UserProvisioning(props: { userId: string; apps: UserAppState[] }) {
  if (props.apps.length === 0) {
    return <p class="muted">No application is assigned this user, directly or through a group.</p>;
  }
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Application</th>
            <th scope="col">Assignment</th>
            <th scope="col">Target object</th>
            <th scope="col">Last action</th>
            <th scope="col">Escrow</th>
          </tr>
        </thead>
        <tbody>
          {props.apps.map((a) => (
            <tr>
              <td>
                <a href={`/apps/${encodeURIComponent(a.appId)}`}>
                  <Name value={a.appName} />
                </a>
              </td>
              <td>
                <Assignment a={a} />
              </td>
              <td>
                {a.link ? (
                  <>
                    <span class="mono">
                      <Name value={a.link.targetId} />
                    </span>{' '}
                    {a.link.state === 'disabled' ? <span class="badge badge-warn">Disabled</span> : null}
                  </>
                ) : (
                  <span class="muted">Not linked</span>
                )}
              </td>
              <td>
                {a.lastLog ? (
                  <>
                    <a href={`/logs/${encodeURIComponent(a.lastLog.id)}`}>{actionLabel(a.lastLog.action)}</a>{' '}
                    <Badge code={a.lastLog.status} /> <Time at={a.lastLog.at} />
                  </>
                ) : (
                  <span class="muted">None yet</span>
                )}
                <br />
                <a href={`/logs${queryString({ appId: a.appId, identity: props.userId })}`}>All log rows</a>
              </td>
              <td>
                {a.escrow ? (
                  <>
                    {a.escrow.kind === 'staged' ? `${a.escrow.action} held` : `${a.escrow.action} failed`},{' '}
                    {a.escrow.attempts} {a.escrow.attempts === 1 ? 'attempt' : 'attempts'}
                    {a.escrow.kind === 'failure' ? (
                      <>
                        ; next <Time at={a.escrow.nextAttempt} />
                      </>
                    ) : (
                      '; after Allow deletes'
                    )}
                    {a.escrow.lastError ? (
                      <p class="field-error">
                        <code>{a.escrow.lastError.code}</code> {a.escrow.lastError.reason}
                      </p>
                    ) : null}
                  </>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
