/**
 * Two pieces of the LDAP source pages: the effective attribute map as a read-only table (LDAP attribute or
 * expression → directory attribute), and the error summary at the top of a refused form, each entry linking
 * to its field.
 */
import type { AttributeMapping } from '../../src/mapping/types';
import { ErrorSummary } from './error-summary';
import type { FieldErrors } from './field';

const LABELS: Record<string, string> = {
  name: 'Name',
  url: 'URL',
  bindDn: 'Bind DN',
  bindPassword: 'Bind password',
  baseDn: 'Base DN',
  flavor: 'Flavour',
  userFilter: 'User filter',
  groupFilter: 'Group filter',
  pageSize: 'Page size',
  anchor: 'Anchor attribute',
  enabledExpression: 'Enabled expression',
  pollSeconds: 'Poll every',
  reconcileMinutes: 'Reconcile every',
  deletionThreshold: 'Deletion threshold',
  caFile: 'CA file',
  attributeMap: 'Custom attribute map',
};

/** The summary at the top of a refused LDAP source form. */
export function LdapErrorSummary(props: { errors?: FieldErrors | undefined }) {
  return <ErrorSummary errors={props.errors} heading="The settings were not saved." labels={LABELS} />;
}

function sourceOf(m: AttributeMapping): string {
  if (m.type === 'direct') return m.source ?? '';
  if (m.type === 'constant') return `"${m.value ?? ''}"`;
  if (m.type === 'expression') return m.expression ?? '';
  return '';
}

/** The map the sync uses now (the custom one, else the flavour's). */
export function MapTable(props: { map: readonly AttributeMapping[]; custom: boolean }) {
  return (
    <section class="card" aria-labelledby="map-h">
      <h2 id="map-h">Attribute map</h2>
      <p class="muted">
        {props.custom
          ? 'The custom map saved above.'
          : "The flavour's default map. To change it, paste a custom map (JSON) in the settings above."}
      </p>
      <div class="table-wrap">
        <table class="table ldap-map">
          <thead>
            <tr>
              <th scope="col">LDAP attribute or expression</th>
              <th scope="col">Type</th>
              <th scope="col">Directory attribute</th>
            </tr>
          </thead>
          <tbody>
            {props.map.map((m) => (
              <tr>
                <td class="mono">{sourceOf(m)}</td>
                <td>{m.type[0]?.toUpperCase() + m.type.slice(1)}</td>
                <td class="mono">{m.target}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
