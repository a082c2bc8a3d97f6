// Reliability by fast-check (issue 16): connector definitions, endpoint answers (any status, headers,
// bodies: error shapes, truncated and wrong-typed JSON, HTML, nothing, a dropped connection) and
// postMessage payloads, run through the real session (src/core/session.ts) with an injected fetch and
// clock. Every case must end without an uncaught exception, in exactly one report, with no typed
// secret in any output (events, session state, the form's error lines) and the form's values untouched.
// The cases run are counted and printed; the Chromium side (the form under random schemas) is
// test/elements/form-property.test.ts.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseConnector } from '../../src/core/connector.js';
import { CALLBACK_MESSAGE_TYPE } from '../../src/core/oauth.js';
import type { OAuthFlowMessage } from '../../src/core/oauth/flow.js';
import type { AcceptResult } from '../../src/core/oauth/message.js';
import { createConnectSession, type FormInput, type PopupWindow } from '../../src/core/session.js';
import type { FetchResponseLike } from '../../src/core/request.js';
import { fakeClock } from '../tools/fake-clock.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/connectors/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const auth0 = fixture('infisical-auth0-connection');
const example = fixture('integration-app-example');
const PAGE = 'https://app.example.com/settings';

let cases = 0;
after(() => console.log(`reliability properties: ${cases} cases`));

/** A secret as a user might type it: 4 to 40 characters, letters, digits and punctuation, never only spaces. */
const secretArb = fc.string({ minLength: 4, maxLength: 40, unit: fc.constantFrom(...'abcXYZ0189_-.$/"\\ é€'.split('')) }).filter((s) => s.trim().length >= 4);

/** How a careless server repeats a secret: as typed, upper-cased, lower-cased, or cut after 8+ characters. */
const echoArb = (secret: string) => fc.constantFrom(secret, secret.toUpperCase(), secret.toLowerCase(), secret.length > 8 ? secret.slice(0, 8 + Math.floor((secret.length - 8) / 2)) : secret);

/** Bodies an error answer may have: the shapes errors.ts understands, wrong-typed members, truncated JSON, HTML, text, nothing. */
function bodyArb(secret: string): fc.Arbitrary<string> {
  const words = fc.oneof(
    fc.string({ maxLength: 60 }),
    echoArb(secret).map((e) => `The value ${e} is not valid`),
  );
  const anything = fc.jsonValue({ maxDepth: 3 });
  const member = fc.oneof(words, anything);
  const shaped = fc.oneof(
    fc.record({ message: member }, { requiredKeys: [] }),
    fc.record({ detail: member, title: member, errors: fc.oneof(anything, fc.array(fc.record({ pointer: fc.oneof(fc.string(), anything), detail: member }), { maxLength: 3 })) }, { requiredKeys: [] }),
    fc.record({ error: fc.oneof(member, fc.record({ message: member, errors: anything })), error_description: member }, { requiredKeys: [] }),
    fc.record({ connection: fc.oneof(anything, fc.record({ id: fc.oneof(fc.string(), anything) })) }, { requiredKeys: [] }),
    fc.array(fc.record({ message: member, path: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), anything) }), { maxLength: 3 }),
    anything,
  );
  return fc.oneof(
    shaped.map((b) => JSON.stringify(b)),
    fc.tuple(shaped, fc.nat()).map(([b, n]) => {
      const text = JSON.stringify(b);
      return text.slice(0, n % Math.max(1, text.length)); // truncated
    }),
    words.map((w) => `<html><body><h1>502 Bad Gateway</h1><p>${w}</p></body></html>`),
    words,
    fc.constant(''),
  );
}

interface Answer {
  kind: 'answer' | 'throw' | 'drop-body';
  status: number;
  type: string | undefined;
  headers: Record<string, string>;
  body: string;
}

function answerArb(secret: string): fc.Arbitrary<Answer> {
  return fc.record({
    kind: fc.constantFrom('answer', 'answer', 'answer', 'throw', 'drop-body') as fc.Arbitrary<Answer['kind']>,
    status: fc.oneof(fc.constantFrom(200, 201, 204, 301, 307, 308, 400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504), fc.integer({ min: 100, max: 599 })),
    type: fc.constantFrom(undefined, 'basic', 'cors', 'opaqueredirect'),
    headers: fc.record(
      {
        'content-type': fc.constantFrom('application/json', 'application/problem+json', 'text/html', 'text/plain', ''),
        'retry-after': fc.oneof(fc.constantFrom('3', '0', '-1', '1e9', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT'), fc.string({ maxLength: 12 })),
      },
      { requiredKeys: [] },
    ),
    body: bodyArb(secret),
  });
}

/** A fetch that gives `answer`, recording every request; a thrown error is a refused connection. */
function fetchFor(answers: Answer[], sent: string[]) {
  let i = 0;
  return async (_url: string, init: { body?: string }): Promise<FetchResponseLike> => {
    if (typeof init.body === 'string') sent.push(init.body);
    const a = answers[Math.min(i++, answers.length - 1)]!;
    if (a.kind === 'throw') throw new TypeError('Failed to fetch');
    return {
      status: a.status,
      ...(a.type ? { type: a.type } : {}),
      headers: { get: (name: string) => a.headers[name.toLowerCase() as keyof typeof a.headers] ?? null },
      text: async () => {
        if (a.kind === 'drop-body') throw new TypeError('network error while reading the body');
        return a.body;
      },
    };
  };
}

/** One session with injected ports; everything it reports is recorded. */
function harness(answers: Answer[], secrets: readonly string[]) {
  const clock = fakeClock();
  const sent: string[] = [];
  const reports: { name: string; detail: unknown }[] = [];
  const shown: unknown[] = [];
  let deliver: ((m: OAuthFlowMessage) => AcceptResult) | undefined;
  const popupSource = {};
  const popup: PopupWindow = { source: popupSource, closed: false, navigate: () => {}, focus: () => {}, close: () => {} };
  const session = createConnectSession(
    {
      fetch: fetchFor(answers, sent) as never,
      clock,
      popup: {
        open: () => popup,
        listen: (fn) => {
          deliver = fn;
          return () => (deliver = undefined);
        },
      },
      page: { href: () => PAGE, assign: () => {} },
      storage: () => undefined,
      randomUUID: () => 'k',
    },
    {
      submitting: () => true,
      ready: () => {},
      succeeded: (connection) => void reports.push({ name: 'success', detail: connection }),
      failed: (detail) => void reports.push({ name: 'error', detail }),
      cancelled: (reason) => void reports.push({ name: 'cancel', detail: reason }),
      showFieldErrors: (_o, errors, summary) => void shown.push({ errors, summary }),
      clearSecrets: () => {},
      secretsOf: () => secrets,
    },
  );
  session.configure({ tokenEndpoint: 'https://api.example.com/token', redirectUri: 'https://app.example.com/callback' });
  return { session, clock, sent, reports, shown, deliver: (m: OAuthFlowMessage) => deliver?.(m), popupSource };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

/** No output holds the secret in any case (a server may change its case; masking is case-insensitive). */
function assertNoSecret(outputs: unknown, secret: string) {
  const text = JSON.stringify(outputs).toLowerCase();
  const escaped = JSON.stringify(secret).slice(1, -1).toLowerCase();
  assert.ok(!text.includes(secret.toLowerCase()) && !text.includes(escaped), `a secret leaked: ${text.slice(0, 300)}`);
}

describe('reliability (fast-check)', () => {
  test('connector definitions: any JSON is parsed or refused with problems, never thrown', () => {
    const arb = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({ key: fc.oneof(fc.string(), fc.jsonValue()), name: fc.oneof(fc.string(), fc.jsonValue()), auth: fc.jsonValue({ maxDepth: 4 }) }, { requiredKeys: [] }),
      fc
        .record({
          auth: fc.record({ type: fc.constantFrom('oauth2', 'client-credentials', 'proxy', 'nope'), ui: fc.jsonValue({ maxDepth: 3 }), options: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }),
        })
        .map((d) => ({ key: 'k', name: 'N', ...d })),
    );
    fc.assert(
      fc.property(arb, (definition) => {
        cases++;
        const parsed = parseConnector(definition);
        if (!parsed.ok) assert.ok(parsed.problems.length > 0 && parsed.problems.every((p) => typeof p === 'string' && p.length > 0));
      }),
      { numRuns: 2000 },
    );
  });

  test('endpoint answers: every credentials submit ends in exactly one report, nothing thrown, no secret shown, the values untouched', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretArb.chain((secret) => fc.tuple(fc.constant(secret), answerArb(secret))),
        fc.constantFrom(auth0, example),
        async ([secret, answer], connector) => {
          cases++;
          const t = harness([answer], [secret]);
          await t.session.load(connector);
          const option = t.session.state.options.find((o) => o.type !== 'oauth2')!;
          const fields = { domain: 'x.auth0.com', clientSecret: secret, apiKey: secret };
          const before = JSON.stringify(fields);
          const form: FormInput = { fields, secrets: [secret], fieldResolves: (p) => p === '/clientSecret' || p === '/apiKey' || p === '/domain' };
          const settled = t.session.settled().then(
            () => 'success',
            (e: { code: string }) => e.code,
          );
          t.session.submit(option, form);
          const outcome = await settled;
          await flush();
          assert.equal(t.reports.length, 1, JSON.stringify(t.reports));
          assert.equal(t.reports[0]!.name === 'success' ? 'success' : (t.reports[0]!.detail as { code: string }).code, outcome);
          if (t.reports[0]!.name === 'error') assert.ok(((t.reports[0]!.detail as { message: string }).message ?? '').length > 0, 'an error always has words');
          assert.equal(t.sent.length, 1);
          assert.equal(t.session.state.sending, false);
          assertNoSecret([t.reports, t.shown, t.session.state.alert, t.session.state.announce], secret);
          assert.equal(JSON.stringify(fields), before, 'the values the form gave are not changed');
        },
      ),
      { numRuns: 5000 },
    );
  });

  test('postMessage payloads: any message to a running sign-in is accepted only when it is ours; nothing throws; one report at most', async () => {
    const state = 'state-abc123';
    const start: Answer = { kind: 'answer', status: 200, type: undefined, headers: {}, body: JSON.stringify({ authorizationUrl: 'https://idp.example.com/authorize?x=1', state }) };
    const payloadArb = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        {
          type: fc.oneof(fc.constant(CALLBACK_MESSAGE_TYPE), fc.string()),
          state: fc.oneof(fc.constant(state), fc.string(), fc.jsonValue()),
          params: fc.oneof(fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }), fc.jsonValue()),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ data: payloadArb, origin: fc.constantFrom('https://app.example.com', 'https://evil.example', 'null'), ours: fc.boolean(), via: fc.constantFrom('postMessage', 'broadcast') }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        answerArb('unused-secret'),
        async (messages, callbackAnswer) => {
          cases++;
          const t = harness([start, callbackAnswer], []);
          await t.session.load(example);
          t.session.submit(t.session.state.options.find((o) => o.type === 'oauth2'));
          await flush();
          for (const m of messages) {
            const result = t.deliver({ via: m.via as 'postMessage' | 'broadcast', origin: m.origin, source: m.ours ? t.popupSource : {}, data: m.data });
            const d = m.data as { type?: unknown; state?: unknown };
            if (result?.accept) assert.ok(d.type === CALLBACK_MESSAGE_TYPE && d.state === state && m.origin === 'https://app.example.com', JSON.stringify(m));
            await flush();
          }
          assert.ok(t.reports.length <= 1, JSON.stringify(t.reports));
          assert.ok(t.sent.length <= 2);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
