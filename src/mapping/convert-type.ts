/**
 * Converting a mapped value to its target attribute's SCIM type, as Entra does for Boolean, Integer,
 * DateTime ... attributes. Expressions mostly produce strings (`Switch([IsSoftDeleted], , "False", "True",
 * "True", "False")` gives "True"), and a strict target refuses `"active": "True"` (RFC 7643 §4.1.1 types
 * `active` as boolean). Pure.
 */
import { AppError } from '../kernel/errors';
import type { TargetType } from '../scim/schema-types';
import { boolText } from './expression/functions/coerce';
import { parseLoose } from './expression/functions/date-parse';
import type { FlatValues } from './types';

type FlatValue = FlatValues[string];

/** On failure, `expected` names the type in words ("a Boolean (True or False)"). */
export type Converted = { ok: true; value: FlatValue } | { ok: false; expected: string };

const INTEGER = /^\s*[-+]?\d+\s*$/;
const DECIMAL = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
// xsd:dateTime (RFC 7643 §2.3.5) with a time zone: sent exactly as given, since targets store values as sent.
const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function scalar(v: string | number | boolean, type: TargetType['type']): Converted {
  const fail = (expected: string): Converted => ({ ok: false, expected });
  switch (type) {
    case 'boolean': {
      if (typeof v === 'boolean') return { ok: true, value: v };
      // .NET's Boolean.Parse: True/False in any case; numbers as non-zero (Convert.ToBoolean).
      if (typeof v === 'number') return { ok: true, value: v !== 0 };
      const s = v.trim().toLowerCase();
      return s === 'true'
        ? { ok: true, value: true }
        : s === 'false'
          ? { ok: true, value: false }
          : fail('a Boolean (True or False)');
    }
    case 'integer': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && INTEGER.test(v) ? Number(v) : Number.NaN;
      return Number.isSafeInteger(n) ? { ok: true, value: n } : fail('an Integer');
    }
    case 'decimal': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v) ? Number(v) : Number.NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : fail('a Decimal');
    }
    case 'dateTime': {
      if (typeof v !== 'string') return fail('a DateTime');
      if (XSD_DATE_TIME.test(v.trim())) return { ok: true, value: v.trim() };
      // Entra's own "M/d/yyyy h:mm:ss tt" (Now(), DateAdd()) and ISO without a zone are read as UTC.
      const d = parseLoose(v);
      return d ? { ok: true, value: d.toISOString().replace('.000Z', 'Z') } : fail('a DateTime');
    }
    case 'complex':
      // Complex attributes addressed by their bare name (manager, members, roles) are shaped by the builder.
      return { ok: true, value: v };
    default:
      // string, reference, binary: text, with booleans as .NET prints them.
      return { ok: true, value: typeof v === 'boolean' ? boolText(v) : String(v) };
  }
}

/** The value in the target's type, or what is wrong with it. */
export function convertToType(value: FlatValue, target: TargetType): Converted {
  if (!Array.isArray(value)) return scalar(value, target.type);
  if (target.multiValued) {
    // string[] is the only list shape a mapping has; lists of other types are left to the target.
    return { ok: true, value };
  }
  if (value.length === 1 && value[0] !== undefined) return scalar(value[0], target.type);
  return { ok: false, expected: 'a single value' };
}

/** A mapped value that cannot be converted to its target attribute's type; the object fails with this. */
export class MappingTypeError extends AppError {
  constructor(attribute: string, expected: string, given: string | null) {
    const gave = given === null ? '' : ` but the mapping gave ${given}`;
    super(
      'mapping_value_type',
      `The value mapped to '${attribute}' cannot be sent: the attribute expects ${expected}${gave}`,
      {
        retryable: false,
        context: { attribute, expected },
      },
    );
  }
}

/** How a value is quoted in MappingTypeError messages. */
export function shownValue(v: FlatValue): string {
  if (Array.isArray(v)) return `${v.length} values`;
  return typeof v === 'string' ? `"${v}"` : String(v);
}
