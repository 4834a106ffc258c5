import { z } from 'zod';

const lowerFirst = (s: string) =>
  s.charAt(0).toLocaleLowerCase('en-US') + s.slice(1);

/**
 * Wording for zod issues whose schema sets no message of its own. zod's
 * defaults ("Invalid input: expected object, received string") are for
 * programmers; these say what the field must hold, in the words an owner
 * editing YAML uses ("mapping", "list", "text"). Each is the part after the
 * field path: `spec <must be a mapping with at least owner and lifecycle>`.
 */
export const personErrorMap: z.core.$ZodErrorMap = issue => {
  const description = descriptionOf(issue.schema);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `is required: ${typeWords(issue.expected, issue.schema)}`
        : `must be ${typeWords(issue.expected, issue.schema)}`;
    case 'too_small':
      return boundText(issue.origin, issue.minimum, 'min', issue);
    case 'too_big':
      return boundText(issue.origin, issue.maximum, 'max', issue);
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return formatText(issue as z.core.$ZodStringFormatIssues, description);
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `has fields it does not know: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return unionText(issue);
    case 'invalid_key':
      return 'has a key that is not allowed here';
    case 'invalid_element':
      return 'holds a value that is not allowed here';
    default:
      return description
        ? `is not valid: it must be ${lowerFirst(description)}`
        : 'is not valid here';
  }
};

function descriptionOf(schema: unknown): string | undefined {
  return schema
    ? z.globalRegistry.get(schema as z.ZodType)?.description
    : undefined;
}

/** `a`, `a and b`, `a, b and c`. */
function wordList(words: readonly string[], last: 'and' | 'or'): string {
  return words.length < 2
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

/** What a type is called in YAML terms; an object names the fields it needs. */
function typeWords(expected: string, schema: unknown): string {
  switch (expected) {
    case 'object':
      return objectWords(schema);
    case 'array':
    case 'tuple':
    case 'set':
      return 'a list';
    case 'record':
    case 'map':
      return 'a mapping of keys to values';
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'date':
      return 'a date like "2026-12-31"';
    case 'null':
    case 'undefined':
    case 'void':
      return 'left out';
    case 'never':
      return 'left out (this field is not allowed)';
    default:
      return `a ${expected} value`;
  }
}

function objectWords(schema: unknown): string {
  const shape: Record<string, any> | undefined = (schema as any)?._zod?.def
    ?.shape;
  if (!shape) return 'a mapping of fields';
  const keys = Object.keys(shape);
  const required = keys.filter(k => shape[k]?._zod?.optin !== 'optional');
  if (required.length > 0)
    return `a mapping with at least ${wordList(required, 'and')}`;
  return `a mapping of fields such as ${keys.slice(0, 3).join(', ')}${
    keys.length > 3 ? ', …' : ''
  }`;
}

function boundText(
  origin: string,
  bound: number | bigint,
  side: 'min' | 'max',
  issue: { inclusive?: boolean; exact?: boolean },
): string {
  const n = Number(bound);
  const atLeast = side === 'min' ? 'at least' : 'at most';
  const units: Record<string, string> = {
    string: 'characters long',
    array: n === 1 ? 'item' : 'items',
    set: n === 1 ? 'item' : 'items',
    file: 'bytes',
  };
  const unit = units[origin];
  if (unit) {
    if (origin === 'string' && side === 'min' && n === 1 && !issue.exact)
      return 'must not be empty';
    if (unit.includes('item') && side === 'min' && n === 1 && !issue.exact)
      return 'must list at least one item';
    const verb = unit.includes('item') ? 'must list' : 'must be';
    return `${verb} ${issue.exact ? 'exactly' : atLeast} ${n} ${unit}`;
  }
  if (origin === 'date') {
    const when = new Date(n).toISOString().slice(0, 10);
    return side === 'min'
      ? `must be on or after ${when}`
      : `must be on or before ${when}`;
  }
  if (issue.exact) return `must be exactly ${n}`;
  if (issue.inclusive === false)
    return `must be ${side === 'min' ? 'more' : 'less'} than ${n}`;
  return `must be ${n} or ${side === 'min' ? 'more' : 'less'}`;
}

const FORMATS: Record<string, string> = {
  url: 'an absolute URL like "https://host/path"',
  email: 'an email address like "ml-team@example.com"',
  date: 'a date like "2026-12-31"',
  datetime: 'a date and time like "2026-12-31T09:30:00Z"',
  time: 'a time like "09:30:00"',
  duration: 'an ISO 8601 duration like "P1D" or "PT15M"',
  uuid: 'a UUID like "123e4567-e89b-12d3-a456-426614174000"',
  guid: 'a UUID like "123e4567-e89b-12d3-a456-426614174000"',
  ipv4: 'an IPv4 address like "10.0.0.1"',
  ipv6: 'an IPv6 address like "fd00::1"',
};

function formatText(
  issue: z.core.$ZodStringFormatIssues,
  description: string | undefined,
): string {
  switch (issue.format) {
    case 'starts_with':
      return `must start with "${issue.prefix}"`;
    case 'ends_with':
      return `must end with "${issue.suffix}"`;
    case 'includes':
      return `must contain "${issue.includes}"`;
    case 'regex':
      // The pattern itself means nothing to an owner; the field's description does.
      return description
        ? `does not have the expected form: ${lowerFirst(description)}`
        : 'does not have the expected form';
    default:
      return FORMATS[issue.format]
        ? `must be ${FORMATS[issue.format]}`
        : `must be a valid ${issue.format}`;
  }
}

function unionText(issue: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidUnion>) {
  const options = issue.options as unknown[] | undefined;
  if (issue.discriminator && options) {
    return `must have ${issue.discriminator} set to one of ${options
      .map(String)
      .join(', ')}`;
  }
  if (issue.inclusive === false) return 'matches more than one allowed form';
  // The first problem of each alternative names what it wanted.
  const wanted = new Set<string>();
  for (const [first] of issue.errors) {
    if (first?.code === 'invalid_type')
      wanted.add(typeWords(first.expected, undefined));
    else if (first?.code === 'invalid_value')
      first.values.forEach(v => wanted.add(JSON.stringify(v)));
  }
  return wanted.size > 0
    ? `must be ${wordList([...wanted], 'or')}`
    : 'does not match any of the allowed forms';
}

const MAX_PREVIEW = 60;

/** A number as YAML writes it: `.nan`, `.inf`, `-.inf`, `0.91`. */
function numberText(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  return n === -Infinity ? '-.inf' : String(n);
}

/**
 * A value in YAML flow style, at most about `room` characters. It never walks
 * more than it prints, so a value whose YAML aliases repeat one node a billion
 * times (or refer to themselves) is previewed as cheaply as a small one.
 */
function flow(value: unknown, room: number): string {
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > room ? value.slice(0, room) : value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length && out.length < room; i++)
      out += (i > 0 ? ', ' : '') + flow(value[i], room - out.length - 2);
    return `${out}]`;
  }
  if (typeof value === 'object') {
    let out = '{ ';
    let i = 0;
    for (const key of Object.keys(value)) {
      if (out.length >= room) break;
      out += `${i++ > 0 ? ', ' : ''}${key}: ${flow(
        (value as Record<string, unknown>)[key],
        room - out.length - key.length - 4,
      )}`;
    }
    return i === 0 ? '{}' : `${out} }`;
  }
  return String(value);
}

/**
 * What was found, for "…, got X": `"0.9"`, `42`, `[a, b]` as YAML shows them, and
 * the values JSON cannot show named: `.nan (not a number)`, `an empty value`.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    let name = 'not a number';
    if (!Number.isNaN(value)) name = value > 0 ? 'infinity' : 'minus infinity';
    return `${numberText(value)} (${name})`;
  }
  const text = flow(value, MAX_PREVIEW);
  return text.length > MAX_PREVIEW
    ? `${text.slice(0, MAX_PREVIEW - 3)}...`
    : text;
}
