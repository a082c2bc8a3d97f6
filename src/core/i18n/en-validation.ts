/**
 * English, part 2: the validation messages (the form and the reference server alike). Added to the
 * English the translators read by messages.ts, so they come with the validation code (in the
 * script-tag build, the validator chunk).
 */
import type { PluralForms } from './format.js';

export const enValidation = {
  // ---- validation (the form and the reference server alike) ----
  'validation.thisField': 'This field',
  'validation.choose': 'Choose {label}',
  'validation.chooseSome': 'Choose at least one option for {label}',
  'validation.addEntry': 'Add at least one entry to {label}',
  'validation.enter': 'Enter {label}',
  'validation.unknown': 'This field is not part of the form',
  'validation.readOnly': 'This field is read-only and cannot be sent',
  'validation.conditions': 'These values contradict the conditions of the form: change one of them',
  'validation.keyMissing': 'Enter a key for this value',
  'validation.keyDuplicate': 'This key is already used: choose another',
  'validation.number': 'Enter a number, like 42 or 3.5',
  'validation.integer': 'Enter a whole number, like 42',
  'validation.json': 'Enter valid JSON, like {"name": "value"}',
  'validation.jsonType': 'Enter a JSON value of the expected type',
  'validation.valid': 'Enter a valid {label}',
  'validation.format.uri': 'Enter a URL like https://example.com',
  'validation.format.uriReference': 'Enter a URL or a path like /callback',
  'validation.format.email': 'Enter an email address like name@example.com',
  'validation.format.hostname': 'Enter a host name like api.example.com',
  'validation.format.uuid': 'Enter an ID like 123e4567-e89b-12d3-a456-426614174000',
  'validation.format.dateTime': 'Enter a date and time like 2025-01-31T09:30:00Z',
  'validation.format.date': 'Enter a date like 2025-01-31',
  'validation.format.time': 'Enter a time like 09:30:00Z',
  'validation.format.ipv4': 'Enter an IPv4 address like 192.0.2.10',
  'validation.format.ipv6': 'Enter an IPv6 address like 2001:db8::1',
  'validation.minLength': { one: 'Enter at least {count} character', other: 'Enter at least {count} characters' } as PluralForms,
  'validation.maxLength': { one: 'Enter at most {count} character', other: 'Enter at most {count} characters' } as PluralForms,
  'validation.pattern': 'Enter {label} in the expected format',
  'validation.patternExample': 'Enter {label} in the expected format, like {example}',
  'validation.minimum': 'Enter a number of at least {limit}',
  'validation.maximum': 'Enter a number of at most {limit}',
  'validation.exclusiveMinimum': 'Enter a number greater than {limit}',
  'validation.exclusiveMaximum': 'Enter a number less than {limit}',
  'validation.multipleOf': 'Enter a multiple of {limit}',
  'validation.minItems': { one: 'Add at least {count} entry', other: 'Add at least {count} entries' } as PluralForms,
  'validation.maxItems': { one: 'Add at most {count} entry', other: 'Add at most {count} entries' } as PluralForms,
  'validation.minChoices': { one: 'Choose at least {count} option', other: 'Choose at least {count} options' } as PluralForms,
  'validation.maxChoices': { one: 'Choose at most {count} option', other: 'Choose at most {count} options' } as PluralForms,
  'validation.uniqueItems': 'Remove the repeated entries',
  'validation.oneOfOptions': 'Choose one of the options for {label}',
  'validation.allowed': 'Enter an allowed value for {label}',
  'validation.check': 'Check {label}',
};
