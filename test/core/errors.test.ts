import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { codeForStatus, normaliseErrorResponse, parseRetryAfter, pointerFromPath, resolvePointer, type ConnectErrorInfo, type ErrorResponse } from '../../src/core/errors.js';
import { SECRET_MASK, maskSecrets } from '../../src/core/mask.js';
import type { ConnectErrorCode } from '../../src/core/protocol.js';
import { describeWait } from '../../src/core/text/widget.js';
import type { ConnectErrorCode as EventErrorCode } from '../../src/events.js';

// Compile-time guard: the core's codes are exactly those `connect-error` reports (tsc fails otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameCodes: Same<ConnectErrorCode, EventErrorCode> = true;

interface Fixture {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

const FIXTURE_DIR = new URL('../fixtures/errors/', import.meta.url);
const fixture = (name: string): Fixture => JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURE_DIR), 'utf8')) as Fixture;
const bodyText = (f: Fixture) => (typeof f.body === 'string' ? f.body : JSON.stringify(f.body));

// The fields of an imaginary form that has everything the fixtures point at.
const FIELDS = new Set(['/name', '/credentials', '/credentials/audience', '/credentials/clientSecret', '/app', '/title', '/apiKey', '/domain']);
const resolves = (p: string) => FIELDS.has(p);

function normalise(f: Fixture, extra: Partial<ErrorResponse> = {}): ConnectErrorInfo {
  return normaliseErrorResponse({ status: f.status, headers: f.headers ?? {}, bodyText: bodyText(f), fieldResolves: resolves, secrets: [], ...extra });
}

function answer(status: number, body: unknown, extra: Partial<ErrorResponse> = {}): ConnectErrorInfo {
  return normaliseErrorResponse({
    status,
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    fieldResolves: resolves,
    secrets: [],
    ...extra,
  });
}

/** What the user sees for each real error body. Every fixture file must be listed here. */
const EXPECTED: Record<string, Omit<ConnectErrorInfo, 'status'> & { check?: (info: ConnectErrorInfo) => void }> = {
  'html-502': {
    code: 'server',
    message: 'The server had a problem (502 Bad Gateway). Try again in a moment.',
    check: (info) => {
      assert.match(info.message, /502/);
      assert.doesNotMatch(info.message, /</);
      assert.doesNotMatch(info.message, /nginx/);
    },
  },
  'infisical-400': { code: 'validation', message: 'Invalid Auth0 domain.' },
  'infisical-403': { code: 'configuration', message: 'You are not allowed to create app connections in this project.' },
  'infisical-422-zod': {
    code: 'validation',
    message: 'Check the highlighted fields and try again.',
    fieldErrors: [
      { pointer: '/name', message: 'String must contain at most 64 character(s)' },
      { pointer: '/credentials/audience', message: 'Invalid url' },
    ],
  },
  'infisical-500': { code: 'server', message: 'Something went wrong. Try again in a moment.' },
  'problem-json-422': {
    code: 'validation',
    message: 'The provider answered 401 to a test call made with these credentials.',
    fieldErrors: [{ pointer: '/credentials/clientSecret', message: 'This client secret was not accepted.' }],
  },
  'zapier-400-pointer': {
    code: 'validation',
    message: 'Check the highlighted fields and try again.',
    fieldErrors: [
      { pointer: '/app', message: 'Unknown app id.' },
      { pointer: '/title', message: 'Ensure this field has no more than 255 characters.' },
    ],
  },
  'zapier-429': {
    code: 'rate-limited',
    message: 'Request was throttled. Expected available in 3 seconds. Try again in 3 seconds.',
    retryAfterMs: 3000,
    lead: 'Request was throttled. Expected available in 3 seconds.',
  },
  'zapier-500': { code: 'server', message: 'A server error occurred. Try again in a moment.' },
};

describe('real error bodies (test/fixtures/errors)', () => {
  const files = readdirSync(FIXTURE_DIR)
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -5))
    .sort();

  test('every fixture has an expected outcome', () => {
    assert.deepEqual(files, Object.keys(EXPECTED).sort());
  });

  for (const name of Object.keys(EXPECTED)) {
    test(name, () => {
      const f = fixture(name);
      const { check, ...expected } = EXPECTED[name]!;
      const info = normalise(f);
      assert.deepEqual(info, { status: f.status, ...expected });
      check?.(info);
    });
  }

  test('no fixture ever shows markup, and every one has a sentence to show', () => {
    for (const name of files) {
      const info = normalise(fixture(name));
      assert.ok(info.message.length > 10, name);
      assert.ok(!info.message.includes('<'), name);
      assert.match(info.message, /[.!?]$/, name);
    }
  });

  test('problem-json-422: a pointer that matches no field becomes a form-level line (it already names the field)', () => {
    const info = normalise(fixture('problem-json-422'), { fieldResolves: () => false });
    assert.equal(info.fieldErrors, undefined);
    assert.deepEqual(info.formErrors, ['This client secret was not accepted.']);
    assert.equal(info.message, 'The provider answered 401 to a test call made with these credentials.');
  });

  test('infisical-422-zod: only the fields the form has get errors; the rest is the message, named by its field', () => {
    const info = normalise(fixture('infisical-422-zod'), { fieldResolves: (p) => p === '/name' });
    assert.deepEqual(info.fieldErrors, [{ pointer: '/name', message: 'String must contain at most 64 character(s)' }]);
    assert.equal(info.message, 'Audience: Invalid url.');
    assert.equal(info.formErrors, undefined);
  });

  test('zapier-429 without the header still says to wait, with no countdown', () => {
    const f = fixture('zapier-429');
    const info = normalise({ ...f, headers: {} });
    assert.equal(info.code, 'rate-limited');
    assert.equal(info.retryAfterMs, undefined);
    assert.equal(info.message, 'Request was throttled. Expected available in 3 seconds. Wait a moment and try again.');
    assert.equal(info.lead, undefined);
  });
});

describe('body shapes', () => {
  test('{ message }', () => {
    assert.equal(answer(400, { message: 'Domain must end in auth0.com' }).message, 'Domain must end in auth0.com.');
  });

  test('{ error: "human text" } and { error: { message } }', () => {
    assert.equal(answer(400, { error: 'That account is already connected' }).message, 'That account is already connected.');
    assert.equal(answer(400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.' } }).message, 'API key not valid. Please pass a valid API key.');
  });

  test('an OAuth-style { error, error_description } shows the description, never the bare code', () => {
    assert.equal(answer(400, { error: 'invalid_client', error_description: 'Client authentication failed' }).message, 'Client authentication failed.');
    const bare = answer(400, { error: 'invalid_client' });
    assert.doesNotMatch(bare.message, /invalid_client/);
    assert.match(bare.message, /400/);
  });

  test('a problem details body whose title is only the reason phrase gets a real sentence', () => {
    const info = answer(404, { type: 'about:blank', title: 'Not Found', status: 404 });
    assert.equal(info.code, 'configuration');
    assert.equal(info.message, 'The connection service refused the request (404 Not Found). This page may not be set up correctly.');
  });

  test('a reason phrase with a full stop is still only a reason phrase', () => {
    assert.equal(answer(403, { message: 'Forbidden.' }).message, 'You are not allowed to connect this account (403 Forbidden).');
  });

  test('problem details: title is used when there is no detail', () => {
    assert.equal(answer(409, { title: 'This account is already connected to another workspace' }).message, 'This account is already connected to another workspace.');
  });

  test("RFC 9457's invalid-params land on their fields", () => {
    const info = answer(400, { title: 'Your request parameters did not validate.', 'invalid-params': [{ name: 'domain', reason: 'must be a host name' }] });
    assert.deepEqual(info.fieldErrors, [{ pointer: '/domain', message: 'must be a host name' }]);
    assert.equal(info.message, 'Your request parameters did not validate.');
  });

  test('a bare array of zod issues, and a ZodError-like { issues }', () => {
    const issues = [{ code: 'custom', message: 'Enter your API key', path: ['apiKey'] }];
    assert.deepEqual(answer(400, issues).fieldErrors, [{ pointer: '/apiKey', message: 'Enter your API key' }]);
    assert.deepEqual(answer(422, { name: 'ZodError', issues }).fieldErrors, [{ pointer: '/apiKey', message: 'Enter your API key' }]);
  });

  test('a pointer in URI-fragment form (#/fields/apiKey) and a dotted field name resolve', () => {
    assert.deepEqual(answer(422, { errors: [{ pointer: '#/fields/apiKey', detail: 'Rejected' }] }).fieldErrors, [{ pointer: '/apiKey', message: 'Rejected' }]);
    assert.deepEqual(answer(422, { errors: [{ field: 'credentials.audience', message: 'Invalid url' }] }).fieldErrors, [{ pointer: '/credentials/audience', message: 'Invalid url' }]);
  });

  test('a pointed issue without words still marks its field', () => {
    const info = answer(422, { errors: [{ source: { pointer: '/data/apiKey' }, code: 'invalid' }] });
    assert.deepEqual(info.fieldErrors, [{ pointer: '/apiKey', message: 'This value was not accepted.' }]);
  });

  test('unpointed issues without a summary: the first is the message, the rest are form-level lines', () => {
    const info = answer(400, { errors: [{ detail: 'The workspace is archived.' }, { detail: 'The plan does not include this app.' }] });
    assert.equal(info.message, 'The workspace is archived.');
    assert.deepEqual(info.formErrors, ['The plan does not include this app.']);
  });

  test('a non-JSON 4xx gives a generic message with the status, not the page', () => {
    const info = answer(401, '<!doctype html><title>Login</title><form action=/login>');
    assert.equal(info.code, 'configuration');
    assert.equal(info.message, 'You are not signed in, or your session has expired (401 Unauthorized). Sign in again and retry.');
  });

  test('plain-text and empty bodies are generic too', () => {
    assert.match(answer(500, 'Internal Server Error').message, /^The server had a problem \(500 Internal Server Error\)\./);
    assert.match(answer(503, '').message, /^The service is unavailable right now \(503 Service Unavailable\)\./);
  });

  test('a stack-trace-sized message is cut short', () => {
    const info = answer(500, { message: 'Error: ' + 'x at y (/srv/app/index.js:10:5) '.repeat(50) });
    assert.ok(info.message.length < 360, String(info.message.length));
    assert.match(info.message, /… Try again in a moment\.$/);
  });

  test('JSON that is not an object (a string, a number) is generic', () => {
    assert.match(answer(400, '"nope"').message, /\(400 Bad Request\)/);
    assert.match(answer(502, '42').message, /\(502 Bad Gateway\)/);
  });

  test('a fieldResolves that throws counts as "no such field"', () => {
    const info = answer(
      422,
      { errors: [{ pointer: '/fields/apiKey', detail: 'Rejected' }] },
      {
        fieldResolves: () => {
          throw new Error('boom');
        },
      },
    );
    assert.equal(info.message, 'API key: Rejected.');
    assert.equal(info.fieldErrors, undefined);
  });
});

describe('pointers', () => {
  test('tried as is first, then without the first segment', () => {
    const both = (p: string) => p === '/credentials/audience' || p === '/audience';
    assert.equal(resolvePointer('/credentials/audience', both), '/credentials/audience');
    assert.equal(resolvePointer('/fields/credentials/audience', resolves), '/credentials/audience');
    assert.equal(resolvePointer('/body/apiKey', resolves), '/apiKey');
    assert.equal(resolvePointer('/data/attributes/title', resolves), '/title');
  });

  test('what still does not resolve is undefined (form-level)', () => {
    assert.equal(resolvePointer('/fields/nope', resolves), undefined);
    assert.equal(resolvePointer('', resolves), undefined);
    assert.equal(resolvePointer('/', resolves), undefined);
    assert.equal(resolvePointer('apiKey', resolves), undefined);
  });

  test('path arrays become escaped RFC 6901 pointers', () => {
    assert.equal(pointerFromPath(['credentials', 'audience']), '/credentials/audience');
    assert.equal(pointerFromPath(['headers', 'a/b~c', 0]), '/headers/a~1b~0c/0');
  });
});

describe('status → code', () => {
  test('the documented mapping', () => {
    const table: [number, string][] = [
      [400, 'validation'],
      [401, 'configuration'],
      [403, 'configuration'],
      [404, 'configuration'],
      [405, 'configuration'],
      [408, 'timeout'],
      [409, 'validation'],
      [413, 'validation'],
      [415, 'configuration'],
      [422, 'validation'],
      [429, 'rate-limited'],
      [500, 'server'],
      [502, 'server'],
      [503, 'server'],
      [504, 'server'],
    ];
    for (const [status, code] of table) assert.equal(codeForStatus(status), code, String(status));
  });

  test('a 4xx that points at fields is validation, whatever its status', () => {
    const info = answer(403, { errors: [{ pointer: '/fields/apiKey', detail: 'This key has no write scope' }] });
    assert.equal(info.code, 'validation');
    assert.deepEqual(info.fieldErrors, [{ pointer: '/apiKey', message: 'This key has no write scope' }]);
  });
});

describe('Retry-After', () => {
  const NOW = Date.parse('2025-01-31T09:30:00Z');

  test('seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('3', NOW), 3000);
    assert.equal(parseRetryAfter(' 120 ', NOW), 120_000);
    assert.equal(parseRetryAfter('Fri, 31 Jan 2025 09:30:45 GMT', NOW), 45_000);
    assert.equal(parseRetryAfter('Fri, 31 Jan 2025 09:00:00 GMT', NOW), 0, 'a date in the past means now');
  });

  test('unusable values are ignored', () => {
    for (const v of ['', 'soon', '-5', '1e3', undefined, null]) assert.equal(parseRetryAfter(v, NOW), undefined, String(v));
  });

  test('an absurd wait is capped at a day', () => {
    assert.equal(parseRetryAfter('99999999', NOW), 24 * 60 * 60 * 1000);
  });

  test('waits read naturally, rounded up', () => {
    assert.equal(describeWait(1), '1 second');
    assert.equal(describeWait(2500), '3 seconds');
    assert.equal(describeWait(120_000), '2 minutes');
    assert.equal(describeWait(3 * 3600_000), '3 hours');
  });

  test('429 with an HTTP date, read through a Headers-like get()', () => {
    const headers = { get: (n: string) => (n.toLowerCase() === 'retry-after' ? 'Fri, 31 Jan 2025 09:31:00 GMT' : null) };
    const info = answer(429, { message: 'Slow down' }, { headers, now: NOW });
    assert.equal(info.retryAfterMs, 60_000);
    assert.equal(info.message, 'Slow down. Try again in 60 seconds.');
  });

  test("a 429's own words are kept, with the wait after them; lead is the same without the wait (the widget shows a live countdown next to it)", () => {
    const f = fixture('zapier-429');
    const info = normaliseErrorResponse({ status: 429, headers: f.headers, bodyText: JSON.stringify(f.body), fieldResolves: () => false, secrets: [] });
    assert.equal(info.message, 'Request was throttled. Expected available in 3 seconds. Try again in 3 seconds.');
    assert.equal(info.lead, 'Request was throttled. Expected available in 3 seconds.');
    const bare = answer(429, {}, { headers: { 'Retry-After': '5' } });
    assert.equal(bare.message, 'Too many attempts. Try again in 5 seconds.');
    assert.equal(bare.lead, 'Too many attempts.');
    const masked = answer(429, { message: 'Key sk_abcdefgh123 is throttled' }, { headers: { 'Retry-After': '5' }, secrets: ['sk_abcdefgh123'] });
    assert.equal(masked.lead, `Key ${SECRET_MASK} is throttled.`);
  });

  test('503 keeps the server text and says when to come back; the header name is case-insensitive', () => {
    const info = answer(503, { message: 'Down for maintenance' }, { headers: { 'retry-after': '120' } });
    assert.equal(info.code, 'server');
    assert.equal(info.retryAfterMs, 120_000);
    assert.equal(info.message, 'Down for maintenance. Try again in 2 minutes.');
    assert.equal(info.lead, 'Down for maintenance.');
  });

  test('Retry-After on other statuses is not a countdown', () => {
    const info = answer(500, { message: 'Oops, try later' }, { headers: { 'Retry-After': '30' } });
    assert.equal(info.retryAfterMs, undefined);
    assert.equal(info.message, 'Oops, try later. Try again in a moment.');
  });
});

describe('secret masking (security rule 1)', () => {
  test('maskSecrets replaces every occurrence', () => {
    assert.equal(maskSecrets('key sk_live_1 and sk_live_1 again', ['sk_live_1']), `key ${SECRET_MASK} and ${SECRET_MASK} again`);
  });

  test('a secret that is a substring of another leaves nothing of the longer one', () => {
    const secrets = ['abc', 'abcdef123'];
    assert.equal(maskSecrets('got abcdef123 / abc', secrets), `got ${SECRET_MASK} / ${SECRET_MASK}`);
    assert.equal(maskSecrets('got abcdef123 / abc', [...secrets].reverse()), `got ${SECRET_MASK} / ${SECRET_MASK}`);
  });

  test('overlapping secrets are masked as one run', () => {
    assert.equal(maskSecrets('xx abcdef yy', ['abcd', 'cdef']), `xx ${SECRET_MASK} yy`);
  });

  test('an echo in another case is masked (the server upper- or lower-cased it)', () => {
    const secret = 'sk_Live_AbC123xyz';
    assert.equal(maskSecrets(`Unknown key SK_LIVE_ABC123XYZ.`, [secret]), `Unknown key ${SECRET_MASK}.`);
    assert.equal(maskSecrets(`unknown key sk_live_abc123xyz`, [secret]), `unknown key ${SECRET_MASK}`);
    assert.equal(maskSecrets('Straße', ['STRASSE']), 'Straße', 'no case folding that changes length');
    assert.equal(maskSecrets('ΣΊΣΥΦΟΣ waits', ['σίσυφος']), `${SECRET_MASK} waits`);
  });

  test('a prefix of 8 or more characters of a secret is masked, as far as it goes; a shorter prefix is not', () => {
    const secret = 'sk_live_51H8sQ2eZvKYlo2C';
    assert.equal(maskSecrets('The key sk_live_51H8… is revoked', [secret]), `The key ${SECRET_MASK}… is revoked`);
    assert.equal(maskSecrets('The key SK_LIVE_51h8sq was cut', [secret]), `The key ${SECRET_MASK} was cut`);
    assert.equal(maskSecrets('prefix sk_live_ only', [secret]), `prefix ${SECRET_MASK} only`, 'exactly eight characters');
    assert.equal(maskSecrets('prefix sk_live only', [secret]), 'prefix sk_live only', 'seven characters say nothing about the key');
    assert.equal(maskSecrets('sk_live_51H8sQ2eZvKYlo2CEXTRA', [secret]), `${SECRET_MASK}EXTRA`);
  });

  test('a secret shorter than 4 characters is masked only as a whole word, never inside one', () => {
    assert.equal(maskSecrets('PIN 123 rejected', ['123']), `PIN ${SECRET_MASK} rejected`);
    assert.equal(maskSecrets('Request 41235 failed: 123 is wrong', ['123']), `Request 41235 failed: ${SECRET_MASK} is wrong`);
    assert.equal(maskSecrets('an answer', ['an']), 'an answer'.replace(/^an/, SECRET_MASK), 'the word "an", not the "an" in "answer"');
    assert.equal(maskSecrets('Bad value "AB"', ['ab']), `Bad value "${SECRET_MASK}"`);
    assert.equal(maskSecrets('Cannot reach the database', ['a']), 'Cannot reach the database');
    assert.equal(maskSecrets('abcd inside abcdabcd', ['abcd']), `${SECRET_MASK} inside ${SECRET_MASK}`, 'four characters: anywhere');
    assert.equal(maskSecrets('x ababab y', ['abab']), `x ${SECRET_MASK} y`, 'overlapping echoes leave nothing behind');
  });

  test('regex special characters are literal', () => {
    const secret = 'p4$$.w(o)rd*+?[^]{2}|\\';
    assert.equal(maskSecrets(`bad secret ${secret}!`, [secret]), `bad secret ${SECRET_MASK}!`);
    assert.equal(maskSecrets('p4$$Xw(o)rd', [secret]), 'p4$$Xw(o)rd', 'a "." in the secret is not a wildcard');
  });

  test('empty secrets mask nothing; text without secrets is unchanged', () => {
    assert.equal(maskSecrets('Invalid key', ['']), 'Invalid key');
    assert.equal(maskSecrets('Invalid key', []), 'Invalid key');
  });

  test('a secret echoed JSON-escaped, URL-encoded or trimmed is masked too', () => {
    const secret = ' a"b c/d ';
    assert.equal(maskSecrets('value "a\\"b c/d" rejected', [secret]), `value "${SECRET_MASK}" rejected`);
    assert.equal(maskSecrets('GET /?k=%20a%22b%20c%2Fd%20 failed', [secret]), `GET /?k=${SECRET_MASK} failed`);
  });

  test('a server message echoing the typed secret is masked in the message, form lines and field errors', () => {
    const secret = 'sk_test_51H8s';
    const info = answer(
      422,
      {
        detail: `The key ${secret} was rejected`,
        errors: [
          { pointer: '/fields/apiKey', detail: `${secret} is revoked` },
          { pointer: '/fields/region', detail: `other field saw ${secret}` },
        ],
      },
      { secrets: [secret] },
    );
    const everything = JSON.stringify(info);
    assert.ok(!everything.includes(secret), everything);
    assert.equal(info.message, `The key ${SECRET_MASK} was rejected.`);
    assert.deepEqual(info.fieldErrors, [{ pointer: '/apiKey', message: `${SECRET_MASK} is revoked` }]);
    assert.deepEqual(info.formErrors, [`Region: other field saw ${SECRET_MASK}`]);
  });

  test('zod messages and 429/5xx text are masked as well', () => {
    const secret = 'hunter2hunter2';
    const zod = answer(400, { statusCode: 400, message: [{ message: `Bad value ${secret}`, path: ['apiKey'] }] }, { secrets: [secret] });
    assert.ok(!JSON.stringify(zod).includes(secret));
    const five = answer(500, { message: `db error near '${secret}'` }, { secrets: [secret] });
    assert.ok(!five.message.includes(secret));
  });

  test('a secret at the point where a long message is cut is masked whole, not cut in half', () => {
    const secret = 'S3CRET-VALUE-0123456789';
    const text = 'a'.repeat(290) + ' ' + secret + ' tail';
    const info = answer(400, { message: text }, { secrets: [secret] });
    assert.ok(!info.message.includes('S3CRET'), info.message.slice(280));
    assert.ok(info.message.includes(SECRET_MASK));
  });
});
