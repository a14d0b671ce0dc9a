/** The three CSV imports of the directory page: where each lives and the words its page uses. */
import type { ImportResult } from '../../src/directory/csv-import';
import type { PreviewOutcome } from '../../src/directory/csv-preview';
import { USER_ATTRIBUTES } from '../../src/directory/user-input';

export type ImportKind = 'users' | 'groups' | 'memberships';

export interface KindText {
  path: string;
  title: string;
  nameHeader: string;
  hint: string;
  /** Outcome words in the counts line and the badges; memberships are added, never updated. */
  counts: Record<PreviewOutcome, string>;
  badge: Record<PreviewOutcome, string>;
  button: (n: number) => string;
  done: (r: ImportResult) => string;
}

const OUTCOMES: Record<PreviewOutcome, string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  error: 'error',
};
const COUNTS: Record<PreviewOutcome, string> = {
  create: 'to create',
  update: 'to update',
  unchanged: 'unchanged',
  error: 'with errors',
};

/** The three imports: their page paths (users' is the older /directory/users/import) and words. */
export const IMPORT_KINDS: Record<ImportKind, KindText> = {
  users: {
    path: '/directory/users/import',
    title: 'Import users',
    nameHeader: 'User principal name',
    hint: `Header row of attribute names (userPrincipalName required; also ${USER_ATTRIBUTES.slice(1, 6).join(', ')}, …). Users are matched by userPrincipalName; absent columns are left alone.`,
    counts: COUNTS,
    badge: OUTCOMES,
    button: (n) => `Import ${n} users`,
    done: (r) =>
      `Imported: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged. Apps that provision these users pick the changes up on their next cycle.`,
  },
  groups: {
    path: '/directory/import/groups',
    title: 'Import groups',
    nameHeader: 'Display name',
    hint: 'Header row: displayName (required), mailNickname, description. Groups are matched by displayName; absent columns are left alone.',
    counts: COUNTS,
    badge: OUTCOMES,
    button: (n) => `Import ${n} groups`,
    done: (r) =>
      `Imported: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged. Apps that provision these groups pick the changes up on their next cycle.`,
  },
  memberships: {
    path: '/directory/import/memberships',
    title: 'Import memberships',
    nameHeader: 'Group ← member',
    hint: "Header row: group,member. group is a group's displayName; member a userPrincipalName or a group's displayName. Members are only added, never removed.",
    counts: { create: 'to add', update: 'to update', unchanged: 'already members', error: 'with errors' },
    badge: { create: 'add', update: 'update', unchanged: 'already a member', error: 'error' },
    button: (n) => `Add ${n} memberships`,
    done: (r) => `Imported: ${r.created} memberships added, ${r.unchanged} already there.`,
  },
};
