/**
 * What an admin reads and tries on an LDAP source: its settings as shown (never the password), and Test
 * Connection of the saved settings or of values typed before Save (audited, as every manual action is).
 */
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { writeAudit } from '../../audit/audit-log';
import type { Actor } from '../../kernel/actor';
import { parseOrThrow } from '../../kernel/parse';
import { testLdapConnection } from './client';
import { ldapSettingsSchema, resolveSettings } from './config';
import { type LdapSourceDeps, storedLdapSource } from './ldap-source';
import { sourceSyncStatus } from './sync-runs';

/** GET /sources/{id} of an LDAP source: settings as saved, the resolved defaults beside them, and the status. */
export function ldapSourceView(db: Db, id: string) {
  const s = storedLdapSource(db, id);
  const r = resolveSettings(s.settings);
  return {
    id: s.id,
    type: s.type,
    name: s.name,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    settings: s.settings,
    effective: {
      userFilter: r.userFilter,
      groupFilter: r.groupFilter,
      anchor: r.anchor,
      attributeMap: r.userMap,
      groupAttributeMap: r.groupMap,
    },
    hasBindPassword: s.sealed !== null,
    status: sourceSyncStatus(db, id),
  };
}

const typed = ldapSettingsSchema
  .partial()
  .extend({ bindPassword: z.string().min(1).max(1024).optional() })
  .strict();

/** Bind and read the base DN with the saved settings, overridden by whatever the body types. */
export async function testLdapSource(deps: LdapSourceDeps, actor: Actor, id: string, body: unknown) {
  const s = storedLdapSource(deps.db, id);
  const { bindPassword, ...overrides } = parseOrThrow(typed, body ?? {}, 'source');
  const merged = { ...s.settings, ...overrides };
  const password = bindPassword ?? (s.sealed ? deps.secrets.open(s.sealed) : '');
  const result = await testLdapConnection({
    url: merged.url,
    startTls: merged.startTls ?? false,
    bindDn: merged.bindDn,
    bindPassword: password,
    baseDn: merged.baseDn,
    caFile: merged.caFile ?? undefined,
  });
  writeAudit(
    deps.db,
    actor,
    {
      activity: 'source.test_connection',
      targetType: 'source',
      targetId: id,
      after: { url: merged.url, bindDn: merged.bindDn, ok: result.ok, typed: Object.keys(body ?? {}).length > 0 },
    },
    deps.clock.now(),
  );
  return result;
}
