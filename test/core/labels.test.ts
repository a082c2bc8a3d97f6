// One rule turns keys into labels for fields, options and server error lines (there were three, with
// two acronym tables: an option "api-key" read "API key" while an error line about apiKey read "Api key").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanize } from '../../src/core/labels.js';

test('camelCase, snake_case, kebab-case and dotted keys read as one sentence-case phrase', () => {
  assert.equal(humanize('clientSecret'), 'Client secret');
  assert.equal(humanize('client_secret'), 'Client secret');
  assert.equal(humanize('client-secret'), 'Client secret');
  assert.equal(humanize('credentials.audience'), 'Credentials audience');
  assert.equal(humanize('personalAccessToken'), 'Personal access token');
});

test('acronyms and brand spellings are kept, whatever case the key wrote them in', () => {
  assert.equal(humanize('apiKey'), 'API key');
  assert.equal(humanize('api-key'), 'API key');
  assert.equal(humanize('client_id'), 'Client ID');
  assert.equal(humanize('baseURL'), 'Base URL');
  assert.equal(humanize('awsAssumeIamRoleArn'), 'AWS assume IAM role ARN');
  assert.equal(humanize('oauth'), 'OAuth');
  assert.equal(humanize('oauth2'), 'OAuth 2');
  assert.equal(humanize('samlSsoUrl'), 'SAML SSO URL');
});

test('a key with no word in it reads as the fallback: an unlabelled control is unusable', () => {
  assert.equal(humanize(''), 'Unnamed field');
  assert.equal(humanize('  '), 'Unnamed field');
  assert.equal(humanize('__', 'Option'), 'Option');
});
