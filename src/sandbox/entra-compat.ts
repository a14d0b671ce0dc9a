/**
 * Request-body normalisation for what Microsoft Entra actually sends, applied before scimmy validates.
 * - PATCH op names come capitalised (`Replace`, `Add`, `Remove`); RFC 7644 §3.5.2 op values are
 *   case-insensitive. scimmy lower-cases them itself today; normalising here keeps that a stated contract.
 * - Without the `aadOptscim062020` flag Entra sends booleans as strings (`"value":"False"`), which scimmy's
 *   schema coercion rejects with 400 invalidValue. `active` is the attribute this hits (disable/restore),
 *   so "True"/"False" strings (any case) become booleans wherever `active` can appear.
 */

const ACTIVE_PATH = /^(?:urn:ietf:params:scim:schemas:core:2\.0:user:)?active$/i;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function toBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : value;
}

/** A POST/PUT body with a string `active` (any key case) turned into a boolean. */
export function coerceActive(body: unknown): unknown {
  if (!isObject(body)) return body;
  let out: Json | null = null;
  for (const [key, value] of Object.entries(body)) {
    if (!ACTIVE_PATH.test(key) || typeof value !== 'string') continue;
    out ??= { ...body };
    out[key] = toBoolean(value);
  }
  return out ?? body;
}

/** A PatchOp body with lower-case op names and boolean `active` values; anything malformed is left to scimmy. */
export function normalisePatch(body: unknown): unknown {
  if (!isObject(body) || !Array.isArray(body.Operations)) return body;
  const Operations = body.Operations.map((op: unknown) => {
    if (!isObject(op)) return op;
    const name = typeof op.op === 'string' ? op.op.toLowerCase() : op.op;
    const path = typeof op.path === 'string' ? op.path.trim() : undefined;
    let value = op.value;
    if (path !== undefined && ACTIVE_PATH.test(path)) value = toBoolean(value);
    else if (path === undefined) value = coerceActive(value);
    return { ...op, op: name, value };
  });
  return { ...body, Operations };
}
