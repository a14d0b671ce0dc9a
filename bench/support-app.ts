/** The application every engine benchmark provisions: a SCIM app, every directory user assigned, provisioning On. */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { appAssignments, appRoles, users } from '../db/schema';
import { createApplication, setProvisioning } from '../src/apps/applications';
import type { SecretBox } from '../src/auth/secret-box';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';

export interface BenchAppOptions {
  tenantUrl: string;
  token: string;
  name?: string;
  /** Omitted: the product's default (a ceiling since adaptive pacing). */
  maxConcurrency?: number;
  /** Assign only the users whose UPN passes (benches that share a database); all by default. */
  only?: (upn: string) => boolean;
}

/** Create the app, assign users with its first non-Default-Access role in one transaction, turn it On. */
export function benchApp(deps: { db: Db; secrets: SecretBox }, o: BenchAppOptions) {
  const { db } = deps;
  const appsDeps = { db, clock: systemClock, secrets: deps.secrets };
  const app = createApplication(appsDeps, CLI_ACTOR, {
    name: o.name ?? 'Bench',
    template: 'scim',
    tenantUrl: o.tenantUrl,
    secretToken: o.token,
    allowHttp: true,
    ...(o.maxConcurrency === undefined ? {} : { maxConcurrency: o.maxConcurrency }),
  });
  const all = db.select({ id: users.id, upn: users.userPrincipalName }).from(users).all();
  assignBenchUsers(
    db,
    app.id,
    all.filter((u) => !o.only || o.only(u.upn)).map((u) => u.id),
  );
  setProvisioning(appsDeps, CLI_ACTOR, app.id, true);
  return app;
}

/** Assign users to the app with its first non-Default-Access role, in one transaction. */
export function assignBenchUsers(db: Db, appId: string, userIds: readonly string[]): void {
  const role = db
    .select()
    .from(appRoles)
    .where(eq(appRoles.appId, appId))
    .all()
    .find((r) => !r.isDefaultAccess);
  const now = Date.now();
  db.$client.transaction(() => {
    for (const id of userIds) {
      db.insert(appAssignments)
        .values({ appId, principalId: id, roleId: role?.id ?? '', createdAt: now })
        .run();
    }
  })();
}
