/**
 * CSV import of users: header row = attribute names, upsert by userPrincipalName. All or nothing: every row
 * is read and validated before anything is written, and one bad row refuses the whole file with the line
 * numbers at fault.
 *
 * Neither phase holds the event loop: a 100,000-row file used to block every request for 23 s. Reading and
 * validation yield between slices; the writes go in short transactions (one tick's budget each) with a yield
 * between them. A better-sqlite3 transaction cannot span an await (other requests' statements on the same
 * connection would land inside it), and one transaction for 100,000 rows took ~1.8 s of a single tick, so
 * atomicity comes from validating everything first. A crash during the write phase can leave a prefix of
 * the file written; each chunk commits with its journal entries, and re-sending the file completes it
 * (upserts are idempotent). Each row is matched by UPN inside its chunk's transaction, so a user created
 * or changed by another request while the import runs is updated, never duplicated or lost.
 * Rows that would change a user owned by a directory source are refused (csv-ownership.ts), checked while
 * validating: a user a source takes over during the write phase itself is not re-checked.
 */
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import { ValidationError } from '../kernel/errors';
import { changedUserAttributes, ownedMessage, ownedNames } from './csv-ownership';
import { csvRows, type TickBudget, tickBudget } from './csv-read';
import { customAttributeNames } from './custom-attributes';
import type { DirectoryChange } from './journal';
import { managerProblem } from './manager-check';
import { type CreateUserInput, createUserSchema, USER_ATTRIBUTES } from './user-input';
import { type DirectoryDeps, findUserByUpn } from './users';
import { bulkUserUpsert } from './users-bulk';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: { line: number; message: string }[];
}

export interface RowError {
  line: number;
  message: string;
}

const BOOL = new Map<string, boolean>([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
]);
// Enough to fix a file in a few rounds; a file with 100,000 bad rows should not make a 10 MB error.
const MAX_LISTED = 1000;

/** A CSV row as use-case input: `accountEnabled` read as true/false/1/0/yes/no, empty cells left out of it. */
export function csvRowInput(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === 'accountEnabled') {
      const b = BOOL.get(v.trim().toLowerCase());
      out[k] = v.trim() === '' ? undefined : (b ?? v);
    } else out[k] = v;
  }
  return out;
}

/** Move the declared custom attributes' cells into `customAttributes` (an empty cell clears the value). */
export function withCustom(input: Record<string, unknown>, custom: ReadonlySet<string>): Record<string, unknown> {
  if (custom.size === 0) return input;
  const out: Record<string, unknown> = {};
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (custom.has(k)) values[k] = v;
    else out[k] = v;
  }
  if (Object.keys(values).length > 0) out.customAttributes = values;
  return out;
}

/** The error that refuses a whole file: a message naming the first lines, and every listed line as a detail. */
export function importRefused(errors: RowError[]): ValidationError {
  const lines = errors.slice(0, 20).map((e) => e.line);
  const more = errors.length > lines.length ? ` and ${errors.length - lines.length} more` : '';
  const rows = errors.length === 1 ? '1 row has errors' : `${errors.length} rows have errors`;
  return new ValidationError(
    `Nothing was imported: ${rows} (line ${lines.join(', ')}${more}). Fix them and send the file again.`,
    errors.slice(0, MAX_LISTED).map((e) => ({ path: `line ${e.line}`, message: e.message })),
  );
}

interface ValidRow {
  line: number;
  input: CreateUserInput;
}

/** A row's manager must be an existing directory user other than the row's own (matched by UPN). */
function rowManagerProblem(db: DirectoryDeps['db'], input: CreateUserInput): string | null {
  if (!input.manager) return null;
  const self = findUserByUpn(db, input.userPrincipalName)?.id ?? null;
  const problem = managerProblem(db, self, input.manager);
  return problem ? `manager: ${problem}` : null;
}

/** A row that would change a user owned by a directory source; unchanged rows of owned users pass. */
function rowOwnedProblem(
  db: DirectoryDeps['db'],
  owned: Map<string, string>,
  record: Record<string, string>,
  input: CreateUserInput,
) {
  const source = owned.get(input.userPrincipalName.toLowerCase());
  if (!source) return null;
  const current = findUserByUpn(db, input.userPrincipalName);
  if (!current || changedUserAttributes(record, input, current).length === 0) return null;
  return ownedMessage(current.userPrincipalName, source);
}

async function readValidRows(db: DirectoryDeps['db'], text: string, budget: TickBudget) {
  const rows: ValidRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  const owned = ownedNames(db, 'user');
  // Declared custom attributes are columns too, under their declared names.
  const custom = new Set(customAttributeNames(db));
  let present: string[] = [];
  const allowed = [...USER_ATTRIBUTES, ...custom];
  for await (const { line, record } of csvRows(text, { required: ['userPrincipalName'], allowed })) {
    present = Object.keys(record);
    const parsed = createUserSchema.safeParse(withCustom(csvRowInput(record), custom));
    if (!parsed.success) {
      errors.push({ line, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    } else {
      const upn = parsed.data.userPrincipalName;
      const first = seen.get(upn.toLowerCase());
      const issue = rowManagerProblem(db, parsed.data) ?? rowOwnedProblem(db, owned, record, parsed.data);
      if (issue) errors.push({ line, message: issue });
      else if (first !== undefined) {
        errors.push({ line, message: `userPrincipalName ${upn} appears twice in the file (first on line ${first})` });
      } else {
        seen.set(upn.toLowerCase(), line);
        rows.push({ line, input: parsed.data });
      }
    }
    await budget.yieldIfDue();
  }
  return { rows, errors, present };
}

/** Import users from CSV text; throws ValidationError (nothing written) when the file or any row is bad. */
export async function importUsersCsv(
  deps: DirectoryDeps,
  actor: Actor,
  text: string,
  opts: { budgetMs?: number } = {},
): Promise<ImportResult> {
  const budget = tickBudget(opts.budgetMs);
  const { rows, errors, present } = await readValidRows(deps.db, text, budget);
  if (errors.length > 0) throw importRefused(errors);
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
  const now = deps.clock.now();
  const upsert = bulkUserUpsert(deps.db);
  const columns = new Set(present);
  let next = 0;
  do {
    const changes: DirectoryChange[] = [];
    deps.db.transaction((tx) => {
      do {
        const row = rows[next];
        if (!row) break;
        next++;
        // Matched here, not while validating: another request may have created or renamed the user since.
        const r = upsert(row.input, columns, now);
        if (!r) result.unchanged++;
        else {
          changes.push(r.change);
          if (r.change.kind === 'create') result.created++;
          else result.updated++;
        }
      } while (!budget.due());
      if (next >= rows.length) {
        const after = { created: result.created, updated: result.updated, unchanged: result.unchanged };
        writeAudit(tx, actor, { activity: 'directory.import.users', targetType: 'directory', after }, now);
      }
    });
    // After each commit, so jobs can start on the first chunks while the rest is written.
    if (changes.length > 0) deps.onChange(changes);
    await budget.yieldIfDue();
  } while (next < rows.length);
  return result;
}
