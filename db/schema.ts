/**
 * Provisio's whole schema (drizzle, SQLite). Times are integer milliseconds since the epoch (UTC);
 * JSON columns hold text. drizzle-kit generates `db/migrations/` from this file; never edit those by hand
 * except the custom ones (FTS, triggers).
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// ── directory ────────────────────────────────────────────────────────────────
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    userPrincipalName: text('user_principal_name').notNull(),
    mail: text('mail'),
    mailNickname: text('mail_nickname'),
    displayName: text('display_name'),
    givenName: text('given_name'),
    surname: text('surname'),
    jobTitle: text('job_title'),
    department: text('department'),
    employeeId: text('employee_id'),
    // Entra's commonly mapped attributes (issue 14). `manager` is another directory user's id; no FK so a hard
    // delete can clear it and journal the reports' change in the same transaction (users.ts).
    manager: text('manager'),
    mobile: text('mobile'),
    telephoneNumber: text('telephone_number'),
    facsimileTelephoneNumber: text('facsimile_telephone_number'),
    streetAddress: text('street_address'),
    city: text('city'),
    state: text('state'),
    postalCode: text('postal_code'),
    country: text('country'),
    preferredLanguage: text('preferred_language'),
    companyName: text('company_name'),
    officeLocation: text('office_location'),
    employeeType: text('employee_type'),
    employeeHireDate: text('employee_hire_date'),
    usageLocation: text('usage_location'),
    extensionAttribute1: text('extension_attribute_1'),
    extensionAttribute2: text('extension_attribute_2'),
    extensionAttribute3: text('extension_attribute_3'),
    extensionAttribute4: text('extension_attribute_4'),
    extensionAttribute5: text('extension_attribute_5'),
    extensionAttribute6: text('extension_attribute_6'),
    extensionAttribute7: text('extension_attribute_7'),
    extensionAttribute8: text('extension_attribute_8'),
    extensionAttribute9: text('extension_attribute_9'),
    extensionAttribute10: text('extension_attribute_10'),
    extensionAttribute11: text('extension_attribute_11'),
    extensionAttribute12: text('extension_attribute_12'),
    extensionAttribute13: text('extension_attribute_13'),
    extensionAttribute14: text('extension_attribute_14'),
    extensionAttribute15: text('extension_attribute_15'),
    /** Values of the custom attributes an admin declared (custom_attributes), as a JSON object; null when none. */
    customAttributes: text('custom_attributes'),
    accountEnabled: integer('account_enabled', { mode: 'boolean' }).notNull().default(true),
    // Soft delete as in Entra: the user stays (and can be restored) but counts as IsSoftDeleted.
    deletedAt: integer('deleted_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('users_upn_uq').on(sql`lower(${t.userPrincipalName})`),
    index('users_display_name_idx').on(t.displayName),
    // The assignment picker's prefix search ("ann" finds Anna by name or email) ranges over these.
    index('users_display_name_lower_idx').on(sql`lower(${t.displayName})`),
    index('users_mail_lower_idx').on(sql`lower(${t.mail})`),
    index('users_manager_idx').on(t.manager),
  ],
);

/**
 * Custom user attributes an admin declares (issue 14), beyond the built-in and extensionAttribute1–15 ones:
 * usable in mappings, expressions and scoping filters under their name. Values live on the user row.
 */
export const customAttributes = sqliteTable(
  'custom_attributes',
  {
    name: text('name').primaryKey(),
    description: text('description'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('custom_attributes_name_uq').on(sql`lower(${t.name})`)],
);

/** Directory groups (Entra security/M365 groups): provisioned after users, members resolved to target ids. */
export const groups = sqliteTable(
  'groups',
  {
    id: text('id').primaryKey(),
    displayName: text('display_name').notNull(),
    mailNickname: text('mail_nickname'),
    description: text('description'),
    deletedAt: integer('deleted_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('groups_display_name_uq').on(sql`lower(${t.displayName})`)],
);

/** Direct memberships; a member is a user or another group (nesting). Transitive closure is computed. */
export const groupMembers = sqliteTable(
  'group_members',
  {
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
    memberType: text('member_type', { enum: ['user', 'group'] }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.memberId] }), index('group_members_member_idx').on(t.memberId)],
);

/** Monotonic journal of directory writes: incremental cycles read the entries after their watermark. */
export const directoryChanges = sqliteTable(
  'directory_changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    objectType: text('object_type', { enum: ['user', 'group', 'assignment'] }).notNull(),
    objectId: text('object_id').notNull(),
    // Set for assignment changes, so only that app's job is nudged.
    appId: text('app_id'),
    kind: text('kind').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('directory_changes_object_idx').on(t.objectId)],
);

// ── applications ─────────────────────────────────────────────────────────────
// Configuration only (what an admin sets); what the engine learns while running lives in `jobs` below.
export const applications = sqliteTable('applications', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  template: text('template', { enum: ['mindtickle', 'scim'] }).notNull(),
  tenantUrl: text('tenant_url'),
  // AES-256-GCM envelope (see src/auth/secret-box.ts); never returned by the API, never logged.
  secretTokenEnc: text('secret_token_enc'),
  allowHttp: integer('allow_http', { mode: 'boolean' }).notNull().default(false),
  scope: text('scope', { enum: ['assigned', 'all'] })
    .notNull()
    .default('assigned'),
  notificationEmail: text('notification_email'),
  provisioningEnabled: integer('provisioning_enabled', { mode: 'boolean' }).notNull().default(false),
  schedule: text('schedule').notNull().default('*/5 * * * *'),
  maxConcurrency: integer('max_concurrency').notNull().default(4),
  // Attribute mappings (JSON AttributeMapping[]); null = the template's defaults ("Restore default mappings").
  userMappings: text('user_mappings'),
  groupMappings: text('group_mappings'),
  // Scoping filters (JSON ScopingFilter[]): clauses AND within a filter, filters OR; null or [] = no filter.
  userScoping: text('user_scoping'),
  groupScoping: text('group_scoping'),
  // Token bucket for the SCIM client; null = no rate limit (maxConcurrency still bounds requests in flight).
  requestsPerSecond: real('requests_per_second'),
  // Accidental-deletions prevention (entra.md §3.5): disables + deletes per cycle over the threshold are held.
  preventDeletes: integer('prevent_deletes', { mode: 'boolean' }).notNull().default(true),
  deleteThreshold: integer('delete_threshold').notNull().default(500),
  // Optional second trip wire: held when the cycle would disable/delete more than this % of linked objects.
  deleteThresholdPercent: integer('delete_threshold_percent'),
  skipOutOfScopeDeletions: integer('skip_out_of_scope_deletions', { mode: 'boolean' }).notNull().default(false),
  // Target object actions (Entra's Create / Update / Delete checkboxes); Delete covers disables too.
  actionCreate: integer('action_create', { mode: 'boolean' }).notNull().default(true),
  actionUpdate: integer('action_update', { mode: 'boolean' }).notNull().default(true),
  actionDelete: integer('action_delete', { mode: 'boolean' }).notNull().default(true),
  sendFailureEmail: integer('send_failure_email', { mode: 'boolean' }).notNull().default(false),
  // Groups (issue 4): Entra lets the group mapping be disabled; nested groups are flattened or skipped;
  // member adds/removes are chunked so no PATCH carries more than this many members.
  provisionGroups: integer('provision_groups', { mode: 'boolean' }).notNull().default(true),
  flattenNestedGroups: integer('flatten_nested_groups', { mode: 'boolean' }).notNull().default(false),
  groupMembersPerRequest: integer('group_members_per_request').notNull().default(100),
  // How a member removal is written (entra.md §5.4/§5.5): 'value' = `remove members` with `value: [{value}]`
  // (Entra's default and the RFC 7644 §3.5.2.2 example); 'filter' = `remove members[value eq "id"]`
  // (Entra's aadOptscim062020 flag), for targets that refuse a value on remove.
  memberRemovalForm: text('member_removal_form', { enum: ['value', 'filter'] })
    .notNull()
    .default('value'),
  // Quarantine thresholds and retry schedule, Entra's values as defaults (entra.md §3.2).
  quarantineMinFailures: integer('quarantine_min_failures').notNull().default(5000),
  quarantineFailurePercent: integer('quarantine_failure_percent').notNull().default(40),
  quarantineBackoffHours: text('quarantine_backoff_hours').notNull().default('6,12,24'),
  // `exp` of a JWT Secret Token (decoded at save time, never verified); null when not a JWT or no exp.
  tokenExpiresAt: integer('token_expires_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Each application's synchronization job (Graph's synchronizationJob): the state the engine carries from one
 * cycle to the next, apart from the app's configuration so the two have different writers. One row per app,
 * created with it; written only by src/engine/jobs.ts.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    // Entra's job id ("scim.<app>.<guid>"), also stamped on cycles and log rows.
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    // Last journal seq whose effects on this app are durable; an initial cycle resets the meaning.
    watermark: integer('watermark').notNull().default(0),
    initialCycleDone: integer('initial_cycle_done', { mode: 'boolean' }).notNull().default(false),
    // Quarantine state: Graph's synchronizationQuarantine (reason code, currentBegan, nextAttempt, seriesCount).
    quarantineReason: text('quarantine_reason'),
    quarantineDetail: text('quarantine_detail'),
    quarantineSince: integer('quarantine_since'),
    quarantineNextAttempt: integer('quarantine_next_attempt'),
    quarantineSeriesCount: integer('quarantine_series_count').notNull().default(0),
    // The quarantine reason already emailed, so each reason is mailed once per quarantine.
    quarantineNotified: text('quarantine_notified'),
    // Set by "Allow deletes": the next cycle processes the held disables/deletes past the threshold.
    forceDeletes: integer('force_deletes', { mode: 'boolean' }).notNull().default(false),
    // Expiry warnings already sent for the app's current Secret Token: comma list of '14d', '1d'.
    tokenExpiryNotified: text('token_expiry_notified'),
  },
  (t) => [uniqueIndex('jobs_app_idx').on(t.appId)],
);

export const appRoles = sqliteTable(
  'app_roles',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    // Entra excludes principals assigned with the Default Access role from provisioning.
    isDefaultAccess: integer('is_default_access', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('app_roles_app_name_uq').on(t.appId, t.displayName)],
);

export const appAssignments = sqliteTable(
  'app_assignments',
  {
    appId: text('app_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    principalId: text('principal_id').notNull(),
    principalType: text('principal_type', { enum: ['user', 'group'] })
      .notNull()
      .default('user'),
    roleId: text('role_id')
      .notNull()
      .references(() => appRoles.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.principalId] }), index('app_assignments_principal_idx').on(t.principalId)],
);

// ── engine ───────────────────────────────────────────────────────────────────
export const cycles = sqliteTable(
  'cycles',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    jobId: text('job_id').notNull(),
    type: text('type', { enum: ['initial', 'incremental'] }).notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'entry_errors', 'failed'] }).notNull(),
    initiatedBy: text('initiated_by').notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    disabled: integer('disabled').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    // Disables/deletes held by the deletion guard (logged as stagedDelete).
    staged: integer('staged').notNull().default(0),
    // From the cycle's SCIM client: attempts sent, retries, 429/503 answers, time waited (Retry-After, backoff, rate).
    requests: integer('requests').notNull().default(0),
    retries: integer('retries').notNull().default(0),
    throttled: integer('throttled').notNull().default(0),
    waitedMs: integer('waited_ms').notNull().default(0),
    watermarkFrom: integer('watermark_from').notNull().default(0),
    watermarkTo: integer('watermark_to'),
    error: text('error'),
  },
  (t) => [index('cycles_app_started_idx').on(t.appId, t.startedAt)],
);

/** The link between a directory object and its target object, with the values we last exported. */
export const connectorObjects = sqliteTable(
  'connector_objects',
  {
    appId: text('app_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    sourceId: text('source_id').notNull(),
    objectType: text('object_type', { enum: ['user', 'group'] })
      .notNull()
      .default('user'),
    targetId: text('target_id').notNull(),
    // Flat path → value map (FlatValues) of what the target holds as far as we know; diffed for PATCH.
    exported: text('exported').notNull(),
    state: text('state', { enum: ['active', 'disabled'] }).notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.sourceId] })],
);

/**
 * Objects carried forward to later cycles: failures (retried with growing backoff) and disables/deletes held by
 * the deletion guard (`staged`, processed after "Allow deletes"). Written in the transaction of the log row.
 */
export const escrows = sqliteTable(
  'escrows',
  {
    appId: text('app_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    sourceId: text('source_id').notNull(),
    kind: text('kind', { enum: ['failure', 'staged'] }).notNull(),
    // The provisioning action that failed or was held.
    action: text('action').notNull(),
    sourceDisplayName: text('source_display_name'),
    attempts: integer('attempts').notNull(),
    firstAt: integer('first_at').notNull(),
    lastAt: integer('last_at').notNull(),
    nextAttempt: integer('next_attempt').notNull(),
    errorCode: text('error_code'),
    errorReason: text('error_reason'),
    cycleId: text('cycle_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.sourceId] }), index('escrows_app_next_idx').on(t.appId, t.nextAttempt)],
);

// ── logs ─────────────────────────────────────────────────────────────────────
/** One row per object action per cycle, shaped like Graph's provisioningObjectSummary. */
export const provisioningLog = sqliteTable(
  'provisioning_log',
  {
    id: text('id').primaryKey(), // the change id
    appId: text('app_id').notNull(),
    activityDateTime: integer('activity_date_time').notNull(),
    jobId: text('job_id').notNull(),
    cycleId: text('cycle_id').notNull(),
    provisioningAction: text('provisioning_action', {
      enum: ['create', 'update', 'delete', 'disable', 'other', 'stagedDelete'],
    }).notNull(),
    status: text('status', { enum: ['success', 'failure', 'skipped', 'warning'] }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    initiatedByType: text('initiated_by_type', { enum: ['system', 'user', 'application'] }).notNull(),
    initiatedByName: text('initiated_by_name').notNull(),
    sourceId: text('source_id').notNull(),
    sourceDisplayName: text('source_display_name'),
    sourceType: text('source_type').notNull(),
    targetId: text('target_id'),
    targetDisplayName: text('target_display_name'),
    sourceSystem: text('source_system').notNull(),
    targetSystem: text('target_system').notNull(),
    errorCode: text('error_code'),
    errorCategory: text('error_category'),
    errorReason: text('error_reason'),
    recommendedAction: text('recommended_action'),
    steps: text('steps').notNull(), // JSON ProvisioningStep[]
    modifiedProperties: text('modified_properties').notNull(), // JSON ModifiedProperty[]
  },
  (t) => [
    index('plog_time_idx').on(t.activityDateTime, t.id),
    index('plog_app_time_idx').on(t.appId, t.activityDateTime),
    // Cycle with time: "this cycle" pages read 50 index entries, not every row of a large cycle plus a sort.
    index('plog_cycle_time_idx').on(t.cycleId, t.activityDateTime, t.id),
    index('plog_status_time_idx').on(t.status, t.activityDateTime),
    // Log analytics (issue 7): every equality filter can start from an index. Source and target ids are found
    // through the provisioning_log_keys FTS table (0031, object-keys.ts), the duration sort through
    // provisioning_log_durations below (0032, duration-order.ts).
    index('plog_job_time_idx').on(t.jobId, t.activityDateTime),
    index('plog_action_time_idx').on(t.provisioningAction, t.activityDateTime),
    index('plog_error_time_idx').on(t.errorCode, t.activityDateTime),
  ],
);

/**
 * The log's rows in duration order, filled in sorted batches behind the writer (src/log/duration-order.ts):
 * an index on duration_ms took a random leaf per insert, a quarter of the writer's time (issue 16). Rows up to
 * the mark's rowid are here; a duration sort reads the few rows after it from the log itself. WITHOUT ROWID
 * in the migration (0032): drizzle cannot declare it.
 */
export const provisioningLogDurations = sqliteTable(
  'provisioning_log_durations',
  {
    durationMs: integer('duration_ms').notNull(),
    id: text('id').notNull(), // the log row's change id
    logRowid: integer('log_rowid').notNull(),
  },
  (t) => [primaryKey({ columns: [t.durationMs, t.id] })],
);

/** One row: the highest provisioning_log rowid whose duration is in provisioning_log_durations. */
export const provisioningLogDurationsMark = sqliteTable('provisioning_log_durations_mark', {
  one: integer('one').primaryKey(),
  throughRowid: integer('through_rowid').notNull(),
});

/**
 * The SCIM exchanges behind one log row (the Requests tab): bodies are redacted and cut to 4 KiB before
 * they are written. No foreign key: the engine may write them before or after the row in its transaction.
 */
export const logRequests = sqliteTable(
  'log_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    changeId: text('change_id').notNull(),
    seq: integer('seq').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status'),
    durationMs: integer('duration_ms').notNull(),
    attempts: integer('attempts').notNull(),
    waitedMs: integer('waited_ms').notNull(),
    requestBody: text('request_body'),
    responseBody: text('response_body'),
    error: text('error'),
  },
  (t) => [index('log_requests_change_idx').on(t.changeId, t.seq)],
);

/** Instance-wide settings as key → JSON value (log retention, ...). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorType: text('actor_type', { enum: ['account', 'token', 'system', 'cli'] }).notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    activity: text('activity').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    result: text('result', { enum: ['success', 'failure'] })
      .notNull()
      .default('success'),
    // Secrets are redacted before these are written.
    before: text('before'),
    after: text('after'),
  },
  // activity: the audit page's activity filter and its list of activities (a loose index scan, issue 8).
  (t) => [index('audit_at_idx').on(t.at), index('audit_activity_idx').on(t.activity, t.id)],
);

// ── auth ─────────────────────────────────────────────────────────────────────
export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['admin', 'operator', 'viewer'] }).notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    lastLoginAt: integer('last_login_at'),
    // Set for generated (shown-once) passwords: they sign in only until then, and only to choose a new one.
    temporaryPasswordUntil: integer('temporary_password_until'),
  },
  (t) => [uniqueIndex('accounts_email_uq').on(sql`lower(${t.email})`)],
);

export const sessions = sqliteTable('sessions', {
  // sha256 of the cookie value: a stolen DB does not yield live sessions.
  idHash: text('id_hash').primaryKey(),
  accountId: text('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  // Idle timeout: a session unused for longer than the configured idle time is dead (null = createdAt).
  lastSeenAt: integer('last_seen_at'),
  // Shown in the account's session list so a person can tell their sessions apart.
  ip: text('ip'),
  userAgent: text('user_agent'),
});

/** Per-account UI preferences as key → JSON value (the log column chooser, ...). */
export const accountPreferences = sqliteTable(
  'account_preferences',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] })],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'operator', 'viewer'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
    expiresAt: integer('expires_at'),
    createdBy: text('created_by'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

/** Failed sign-ins per key (`account:<email>` or `ip:<address>`), for the exponential delay and lock. */
export const signInThrottle = sqliteTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: integer('last_failure_at').notNull(),
  lockedUntil: integer('locked_until'),
});

// ── operate (issue 6): dry-run plans and drift reports ───────────────────────
/** A dry run: the plan of the next (or a full) cycle, computed without writing to the target. */
export const dryRunPlans = sqliteTable(
  'dry_run_plans',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    mode: text('mode', { enum: ['next', 'full'] }).notNull(),
    // running → ready (done) | failed | cancelled (planned in the background); ready → applied | discarded.
    status: text('status', { enum: ['running', 'ready', 'applied', 'discarded', 'failed', 'cancelled'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    // Users planned so far and the size of the work list (progress while running).
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    // Why planning failed (or was interrupted by a restart), or null.
    error: text('error'),
    finishedAt: integer('finished_at'),
    // Journal head when the plan was computed (the changes it covers end there).
    journalHead: integer('journal_head').notNull(),
    // JSON { create, update, disable, delete, skip, failed } counts.
    counts: text('counts').notNull(),
    // Why the deletion guard would hold this plan's disables/deletes, or null.
    guardNote: text('guard_note'),
    appliedAt: integer('applied_at'),
    appliedBy: text('applied_by'),
    // JSON { executed, stale, failed } after apply.
    applyResult: text('apply_result'),
    // What the plan previews when it is not the published configuration (issue 15: "Draft mappings"), or null.
    label: text('label'),
  },
  (t) => [index('dry_run_plans_app_idx').on(t.appId, t.createdAt)],
);

/**
 * Unpublished mapping and scoping edits of an application (issue 15 item 7): one draft per app covering users
 * and groups, so publishing is one change and one initial cycle. The four columns hold what publishing writes
 * to the application's columns of the same names (null = template defaults / no filter); `base` is the hash of
 * those application columns when the draft was taken, so a publish after another change is refused.
 */
export const mappingDrafts = sqliteTable('mapping_drafts', {
  appId: text('app_id')
    .primaryKey()
    .references(() => applications.id, { onDelete: 'cascade' }),
  userMappings: text('user_mappings'),
  groupMappings: text('group_mappings'),
  userScoping: text('user_scoping'),
  groupScoping: text('group_scoping'),
  base: text('base').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** One object of a dry-run plan with its field-level changes. */
export const dryRunItems = sqliteTable(
  'dry_run_items',
  {
    planId: text('plan_id')
      .notNull()
      .references(() => dryRunPlans.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    sourceId: text('source_id').notNull(),
    displayName: text('display_name'),
    action: text('action', { enum: ['create', 'update', 'disable', 'delete', 'skip', 'failed'] }).notNull(),
    targetId: text('target_id'),
    reason: text('reason'),
    // JSON [{ attribute, oldValue, newValue }].
    changes: text('changes').notNull(),
    // What apply compares with a fresh evaluation: the action and its changes, canonical JSON.
    fingerprint: text('fingerprint').notNull(),
    // null until applied: executed | stale | failed.
    applyStatus: text('apply_status'),
    applyNote: text('apply_note'),
  },
  (t) => [primaryKey({ columns: [t.planId, t.seq] }), index('dry_run_items_action_idx').on(t.planId, t.action)],
);

/** A drift report: the target's objects compared with connector state and the directory. */
export const driftReports = sqliteTable(
  'drift_reports',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    // JSON { targetUsers, linked, orphan, missing, drifted, ignored }.
    counts: text('counts').notNull(),
    // Built in the background: running → done | failed | cancelled.
    status: text('status', { enum: ['running', 'done', 'failed', 'cancelled'] })
      .notNull()
      .default('done'),
    // Target objects read so far, and the linked objects expected (progress while running; the target's size is unknown).
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    // Why the report failed (or was interrupted by a restart), or null.
    error: text('error'),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('drift_reports_app_idx').on(t.appId, t.createdAt)],
);

/** One finding of a drift report. */
export const driftItems = sqliteTable(
  'drift_items',
  {
    reportId: text('report_id')
      .notNull()
      .references(() => driftReports.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: ['orphan', 'missing', 'drifted'] }).notNull(),
    objectType: text('object_type', { enum: ['user', 'group'] })
      .notNull()
      .default('user'),
    sourceId: text('source_id'),
    targetId: text('target_id'),
    displayName: text('display_name'),
    // Orphans: the directory user whose matching attribute equals the target's (adoptable), or null.
    matchSourceId: text('match_source_id'),
    // JSON [{ attribute, exported, target }] for drifted objects.
    attributes: text('attributes').notNull(),
    // open | ignored | resolved (an action was taken).
    status: text('status', { enum: ['open', 'ignored', 'resolved'] }).notNull(),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.seq] })],
);

/** Findings an operator chose to ignore: later reports mark them ignored instead of open. */
export const driftIgnores = sqliteTable(
  'drift_ignores',
  {
    appId: text('app_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    // `<kind>:<targetId or sourceId>`.
    key: text('key').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.key] })],
);

// ── reports (issue 8) ────────────────────────────────────────────────────────
/**
 * Hourly rollup of provisioning-log rows, maintained by the log writer once per batch (src/log/rollups.ts;
 * AFTER INSERT triggers until migration 0027), so report and dashboard aggregations read a few thousand rows
 * instead of millions. Outlives log retention on purpose:
 * reports keep their history. `error_code` is '' when the row has none (NULL would defeat the upsert key).
 */
export const logRollupHourly = sqliteTable(
  'log_rollup_hourly',
  {
    hour: integer('hour').notNull(), // activity_date_time / 3_600_000 (UTC hours since the epoch)
    appId: text('app_id').notNull(),
    action: text('action').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code').notNull(),
    n: integer('n').notNull(),
    durationSum: integer('duration_sum').notNull(),
    lastAt: integer('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.appId, t.action, t.status, t.errorCode] })],
);

/** Time to provision (directory change → target write) per hour, bucketed; kept with the rollup above. */
export const logTtpHourly = sqliteTable(
  'log_ttp_hourly',
  {
    hour: integer('hour').notNull(),
    appId: text('app_id').notNull(),
    bucket: integer('bucket').notNull(),
    n: integer('n').notNull(),
    sumMs: integer('sum_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.appId, t.bucket] })],
);

/** The same counts per UTC day, for ranges beyond a week (a 90-day report reads ~100 rows per app and series). */
export const logRollupDaily = sqliteTable(
  'log_rollup_daily',
  {
    day: integer('day').notNull(), // activity_date_time / 86_400_000
    appId: text('app_id').notNull(),
    action: text('action').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code').notNull(),
    n: integer('n').notNull(),
    durationSum: integer('duration_sum').notNull(),
    lastAt: integer('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.appId, t.action, t.status, t.errorCode] })],
);

// ── sources (issue 14) ───────────────────────────────────────────────────────
/**
 * Directory sources that push people into the directory. `type` leaves room for LDAP. The inbound bearer token
 * (SCIM) is stored as sha256, like API tokens, and shown once.
 */
export const sources = sqliteTable(
  'sources',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: ['scim', 'ldap'] }).notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash'),
    /** LDAP: the connection, filters, maps and schedule as JSON (src/sources/ldap/config.ts); null for SCIM. */
    config: text('config'),
    /** LDAP: the bind password, sealed by the secret box; never rendered back. */
    secret: text('secret'),
    /** LDAP: the high-water mark of the last import (modifyTimestamp or uSNChanged), where the next poll starts. */
    cursor: text('cursor'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('sources_name_uq').on(sql`lower(${t.name})`), uniqueIndex('sources_token_uq').on(t.tokenHash)],
);

/**
 * Which source owns a directory user or group, and the source's anchor for it (SCIM externalId). A link table
 * rather than columns on users/groups: one owner per object (the primary key), the anchor lives beside it, and
 * deleting a source leaves its objects in the directory as local ones.
 */
export const sourceObjects = sqliteTable(
  'source_objects',
  {
    objectType: text('object_type', { enum: ['user', 'group'] }).notNull(),
    objectId: text('object_id').notNull(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    externalId: text('external_id'),
    /** LDAP: the entry's normalised DN, so `member` and `manager` DNs resolve; kept current on rename/move. */
    dn: text('dn'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.objectType, t.objectId] }),
    index('source_objects_source_idx').on(t.sourceId, t.objectType, t.externalId),
    index('source_objects_dn_idx').on(t.sourceId, t.dn),
  ],
);

/**
 * One import run of a pulling source (LDAP): full (with delete detection) or incremental. `held` means the
 * deletion threshold stopped the deletes; the rest of the import was applied.
 */
export const sourceSyncs = sqliteTable(
  'source_syncs',
  {
    id: text('id').primaryKey(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ['full', 'incremental'] }).notNull(),
    trigger: text('trigger', { enum: ['schedule', 'manual'] }).notNull(),
    state: text('state', { enum: ['running', 'succeeded', 'failed', 'held'] }).notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    disabled: integer('disabled').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    error: text('error'),
  },
  (t) => [index('source_syncs_source_idx').on(t.sourceId, t.startedAt)],
);

// ── log streams (issue 17) ───────────────────────────────────────────────────
/**
 * A log stream hands the provisioning or audit log to a SIEM. `cursor` is the rowid of the last row the sink
 * acknowledged (at-least-once: it moves only after an ack); the sink's non-secret settings are JSON, its secret
 * (HEC token, bulk password, webhook secret) is sealed by the secret box and never rendered back.
 */
export const logStreams = sqliteTable(
  'log_streams',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    log: text('log', { enum: ['provisioning', 'audit'] }).notNull(),
    sinkType: text('sink_type', { enum: ['syslog', 'hec', 'bulk', 'webhook'] }).notNull(),
    sinkConfig: text('sink_config').notNull(),
    sinkSecret: text('sink_secret'),
    filter: text('filter').notNull().default('{}'),
    state: text('state', { enum: ['active', 'paused'] })
      .notNull()
      .default('active'),
    cursor: integer('cursor').notNull().default(0),
    delivered: integer('delivered').notNull().default(0),
    lastDeliveredAt: integer('last_delivered_at'),
    lastError: text('last_error'),
    lastErrorAt: integer('last_error_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('log_streams_name_uq').on(sql`lower(${t.name})`)],
);

// ── alerts and scheduled reports (issue 17) ──────────────────────────────────
/**
 * Alert rules. `channels` is the JSON channel list sealed by the secret box as a whole: webhook URLs (a Slack
 * or Teams URL is itself a credential) and signing secrets are never stored in the clear.
 */
export const alertRules = sqliteTable('alert_rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  threshold: real('threshold'),
  windowMinutes: integer('window_minutes'),
  // failures only: 'count' (null) or 'percent' of the window's rows.
  measure: text('measure', { enum: ['count', 'percent'] }),
  // JSON string[] of application ids (or `source:<id>`); null = every application.
  appIds: text('app_ids'),
  severity: text('severity', { enum: ['info', 'warning', 'critical'] }).notNull(),
  muteUntil: integer('mute_until'),
  channels: text('channels').notNull(),
  // What the API shows of the channels (no secret, webhook URL cut to its origin).
  channelsView: text('channels_view').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * One alert: a rule's condition held for a subject (an application or `source:<id>`) from `firedAt` until
 * `resolvedAt`. The rule's name and severity are copied so history outlives a deleted rule; the partial unique
 * index keeps one firing alert per rule and subject, so an alert fires once however often rules are evaluated.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    ruleId: text('rule_id').notNull(),
    ruleName: text('rule_name').notNull(),
    severity: text('severity').notNull(),
    appId: text('app_id').notNull(),
    state: text('state', { enum: ['firing', 'resolved'] }).notNull(),
    firedAt: integer('fired_at').notNull(),
    resolvedAt: integer('resolved_at'),
    summary: text('summary').notNull(),
    // Log filters (query string) of the rows behind the alert.
    logsQuery: text('logs_query').notNull(),
  },
  (t) => [
    uniqueIndex('alerts_firing_uq').on(t.ruleId, t.appId).where(sql`state = 'firing'`),
    index('alerts_fired_idx').on(t.firedAt, t.id),
  ],
);

/**
 * The outbox: one row per message to send (an alert's firing or resolution to one channel, a test, a scheduled
 * report mail). Written in the transaction that decided it, retried with backoff until sent or out of attempts,
 * so nothing decided is lost to a restart. `target` is the sealed channel; `body` the message without secrets.
 */
export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: text('id').primaryKey(),
    subjectType: text('subject_type', { enum: ['alert', 'report'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    event: text('event', { enum: ['firing', 'resolved', 'report'] }).notNull(),
    // A readable name of the channel ("webhook (slack) https://hooks.slack.com", "email a@example.com").
    channel: text('channel').notNull(),
    target: text('target').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttempt: integer('next_attempt').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('alert_deliveries_due_idx').on(t.status, t.nextAttempt),
    index('alert_deliveries_subject_idx').on(t.subjectId),
  ],
);

/** Every delivery attempt, kept for the history page and the API. */
export const alertAttempts = sqliteTable(
  'alert_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => alertDeliveries.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    status: text('status', { enum: ['sent', 'failed'] }).notNull(),
    error: text('error'),
  },
  (t) => [index('alert_attempts_delivery_idx').on(t.deliveryId)],
);

/** A scheduled report: one activity report (key, range, application) mailed on a cadence. */
export const reportSubscriptions = sqliteTable('report_subscriptions', {
  id: text('id').primaryKey(),
  reportKey: text('report_key').notNull(),
  range: text('range').notNull(),
  appId: text('app_id'),
  frequency: text('frequency', { enum: ['daily', 'weekly', 'monthly'] }).notNull(),
  recipients: text('recipients').notNull(), // JSON string[]
  nextRunAt: integer('next_run_at').notNull(),
  lastRunAt: integer('last_run_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * A SCIM write about to be sent (issue 16 item 4): committed before the request leaves, deleted in the
 * transaction that writes the write's log row and link. One left by a process that died (another `boot_id`)
 * is reconciled before the app's next cycle: the object is looked up and the row finished as what happened.
 * Holds no attribute values beyond the matching ones (a PATCH may carry Redact() values).
 */
export const scimIntents = sqliteTable(
  'scim_intents',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    // The process that wrote it; intents of the running process are in flight, never reconciled.
    bootId: text('boot_id').notNull(),
    cycleId: text('cycle_id').notNull(),
    objectType: text('object_type', { enum: ['user', 'group'] }).notNull(),
    sourceId: text('source_id').notNull(),
    sourceDisplayName: text('source_display_name'),
    action: text('action', { enum: ['create', 'update', 'disable', 'delete'] }).notNull(),
    targetId: text('target_id'),
    method: text('method').notNull(),
    path: text('path').notNull(),
    // JSON: a create's matching attributes [[path, value], ...] in precedence order; an update's patched paths.
    detail: text('detail').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('scim_intents_app_idx').on(t.appId, t.bootId)],
);
