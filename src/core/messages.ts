/**
 * Human messages for validation problems.
 *
 * Validator output ("must match format \"uri\"") never reaches
 * the user; each problem is described in the words of the field it is about, in the form and in the
 * server's 422 answers alike. English is the only catalog so far.
 */
import type { Field } from './fields.js';

/** One problem, as the validator or the collector found it. */
export interface Problem {
  keyword: string;
  /** The schema constraint's value, e.g. 8 for minLength 8. */
  limit?: number | string;
}

/** What to type for a value of each `format`. */
const FORMAT_HINTS: Readonly<Record<string, string>> = {
  uri: 'Enter a URL like https://example.com',
  url: 'Enter a URL like https://example.com',
  'uri-reference': 'Enter a URL or a path like /callback',
  email: 'Enter an email address like name@example.com',
  hostname: 'Enter a host name like api.example.com',
  uuid: 'Enter an ID like 123e4567-e89b-12d3-a456-426614174000',
  'date-time': 'Enter a date and time like 2025-01-31T09:30:00Z',
  date: 'Enter a date like 2025-01-31',
  time: 'Enter a time like 09:30:00Z',
  ipv4: 'Enter an IPv4 address like 192.0.2.10',
  ipv6: 'Enter an IPv6 address like 2001:db8::1',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The message for a problem on a field. Never includes what the user typed (it may be a secret). */
export function messageFor(problem: Problem, field: Field | undefined): string {
  const s = field?.schema ?? {};
  const label = field?.label || 'This field';
  const n = typeof problem.limit === 'number' ? problem.limit : Number(problem.limit);
  switch (problem.keyword) {
    case 'required':
    case 'dependentRequired':
    case 'value-missing':
      if (field?.kind === 'choice') return `Choose ${label}`;
      if (field?.kind === 'choices') return `Choose at least one option for ${label}`;
      if (field?.kind === 'list' || field?.kind === 'map') return `Add at least one entry to ${label}`;
      return `Enter ${label}`;
    case 'unknown':
      return 'This field is not part of the form';
    case 'readOnly':
      return 'This field is read-only and cannot be sent';
    case 'conditions':
      return 'These values contradict the conditions of the form: change one of them';
    case 'key-missing':
      return 'Enter a key for this value';
    case 'key-duplicate':
      return 'This key is already used: choose another';
    case 'number':
      return 'Enter a number, like 42 or 3.5';
    case 'integer':
      return 'Enter a whole number, like 42';
    case 'json':
      return 'Enter valid JSON, like {"name": "value"}';
    case 'type':
      if (field?.kind === 'number') return (field as { integer?: boolean }).integer ? 'Enter a whole number, like 42' : 'Enter a number, like 42 or 3.5';
      if (field?.kind === 'json') return 'Enter a JSON value of the expected type';
      return `Enter a valid ${label}`;
    case 'format': {
      const format = typeof s.format === 'string' ? s.format : String(problem.limit ?? '');
      return FORMAT_HINTS[format] ?? `Enter a valid ${label}`;
    }
    case 'minLength':
      return n <= 1 ? `Enter ${label}` : `Enter at least ${plural(n, 'character', 'characters')}`;
    case 'maxLength':
      return `Enter at most ${plural(n, 'character', 'characters')}`;
    case 'pattern': {
      const example = Array.isArray(s.examples) && typeof s.examples[0] === 'string' && !(field && 'secret' in field && field.secret) ? s.examples[0] : undefined;
      return example ? `Enter ${label} in the expected format, like ${example}` : `Enter ${label} in the expected format`;
    }
    case 'minimum':
      return `Enter a number of at least ${n}`;
    case 'maximum':
      return `Enter a number of at most ${n}`;
    case 'exclusiveMinimum':
      return `Enter a number greater than ${n}`;
    case 'exclusiveMaximum':
      return `Enter a number less than ${n}`;
    case 'multipleOf':
      return `Enter a multiple of ${n}`;
    case 'minItems':
      if (field?.kind === 'choices') return `Choose at least ${plural(n, 'option', 'options')}`;
      return `Add at least ${plural(n, 'entry', 'entries')}`;
    case 'maxItems':
      if (field?.kind === 'choices') return `Choose at most ${plural(n, 'option', 'options')}`;
      return `Add at most ${plural(n, 'entry', 'entries')}`;
    case 'uniqueItems':
      return 'Remove the repeated entries';
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return field?.kind === 'choice' || field?.kind === 'choices' ? `Choose one of the options for ${label}` : `Enter an allowed value for ${label}`;
    default:
      return `Check ${label}`;
  }
}

/** The summary announced when a submit finds problems. */
export function summaryFor(labels: string[]): string {
  if (labels.length === 0) return '';
  const count = labels.length === 1 ? '1 field needs' : `${labels.length} fields need`;
  return `${count} attention: ${labels.join(', ')}.`;
}
