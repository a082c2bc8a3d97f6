/**
 * Human messages for validation problems.
 *
 * Validator output ("must match format \"uri\"") never reaches
 * the user; each problem is described in the words of the field it is about, in the form and in the
 * server's 422 answers alike, in the language of the translator given (English by default).
 */
import type { Field } from './fields.js';
import { addEnglish, EN, type MessageId, type Translator } from './i18n/format.js';
import { enValidation } from './i18n/en-validation.js';

addEnglish(enValidation);

/** One problem, as the validator or the collector found it. */
export interface Problem {
  keyword: string;
  /** The schema constraint's value, e.g. 8 for minLength 8. */
  limit?: number | string;
}

/** The message id of what to type for a value of each `format`. */
const FORMAT_HINTS: Readonly<Record<string, MessageId>> = {
  uri: 'validation.format.uri',
  url: 'validation.format.uri',
  'uri-reference': 'validation.format.uriReference',
  email: 'validation.format.email',
  hostname: 'validation.format.hostname',
  uuid: 'validation.format.uuid',
  'date-time': 'validation.format.dateTime',
  date: 'validation.format.date',
  time: 'validation.format.time',
  ipv4: 'validation.format.ipv4',
  ipv6: 'validation.format.ipv6',
};

/** The message for a problem on a field, in `tr`'s language. Never includes what the user typed (it may be a secret). */
export function messageFor(problem: Problem, field: Field | undefined, tr: Translator = EN): string {
  const s = field?.schema ?? {};
  const label = field?.label || tr.t('validation.thisField');
  const n = typeof problem.limit === 'number' ? problem.limit : Number(problem.limit);
  const t = tr.t;
  switch (problem.keyword) {
    case 'required':
    case 'dependentRequired':
    case 'value-missing':
      if (field?.kind === 'choice') return t('validation.choose', { label });
      if (field?.kind === 'choices') return t('validation.chooseSome', { label });
      if (field?.kind === 'list' || field?.kind === 'map') return t('validation.addEntry', { label });
      return t('validation.enter', { label });
    case 'unknown':
      return t('validation.unknown');
    case 'readOnly':
      return t('validation.readOnly');
    case 'conditions':
      return t('validation.conditions');
    case 'key-missing':
      return t('validation.keyMissing');
    case 'key-duplicate':
      return t('validation.keyDuplicate');
    case 'number':
      return t('validation.number');
    case 'integer':
      return t('validation.integer');
    case 'json':
      return t('validation.json');
    case 'type':
      if (field?.kind === 'number') return (field as { integer?: boolean }).integer ? t('validation.integer') : t('validation.number');
      if (field?.kind === 'json') return t('validation.jsonType');
      return t('validation.valid', { label });
    case 'format': {
      const format = typeof s.format === 'string' ? s.format : String(problem.limit ?? '');
      const id = FORMAT_HINTS[format];
      return id ? t(id) : t('validation.valid', { label });
    }
    case 'minLength':
      return n <= 1 ? t('validation.enter', { label }) : t('validation.minLength', { count: n });
    case 'maxLength':
      return t('validation.maxLength', { count: n });
    case 'pattern': {
      const example = Array.isArray(s.examples) && typeof s.examples[0] === 'string' && !(field && 'secret' in field && field.secret) ? s.examples[0] : undefined;
      return example ? t('validation.patternExample', { label, example }) : t('validation.pattern', { label });
    }
    case 'minimum':
      return t('validation.minimum', { limit: n });
    case 'maximum':
      return t('validation.maximum', { limit: n });
    case 'exclusiveMinimum':
      return t('validation.exclusiveMinimum', { limit: n });
    case 'exclusiveMaximum':
      return t('validation.exclusiveMaximum', { limit: n });
    case 'multipleOf':
      return t('validation.multipleOf', { limit: n });
    case 'minItems':
      if (field?.kind === 'choices') return t('validation.minChoices', { count: n });
      return t('validation.minItems', { count: n });
    case 'maxItems':
      if (field?.kind === 'choices') return t('validation.maxChoices', { count: n });
      return t('validation.maxItems', { count: n });
    case 'uniqueItems':
      return t('validation.uniqueItems');
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return field?.kind === 'choice' || field?.kind === 'choices' ? t('validation.oneOfOptions', { label }) : t('validation.allowed', { label });
    default:
      return t('validation.check', { label });
  }
}

/** The summary announced when a submit finds problems. */
export function summaryFor(labels: string[], tr: Translator = EN): string {
  if (labels.length === 0) return '';
  return tr.t('form.summary', { count: labels.length, fields: tr.list(labels) });
}
