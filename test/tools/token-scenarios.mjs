// The scripted token endpoint's scenarios: what each `/api/token/<scenario>` answers, as data. Two
// endpoints serve this one table, so that a scenario cannot answer differently in them:
// test/tools/token-endpoint.mjs (real HTTP, for the element tests and the stories test) and
// stories/mock-endpoint.ts (Mock Service Worker, for a static Storybook with no server behind it).
//   ok                  200 { connection }
//   slow                200 after 400 ms
//   pending, hang       no answer (a story's "sending" state; a client that gives up)
//   error/<fixture>     status, headers and body of test/fixtures/errors/<fixture>.json
//   test-key            422 on /fields/apiKey unless fields.apiKey === "good-key"
//   echo-secret         400 whose message repeats the apiKey it was sent
//   echo-fields         400 whose message repeats every field it was sent, as JSON
//   truncated           200 application/json whose body stops half way
//   text-ok             200 text/plain "OK" (a 2xx that is not JSON)
//   redirect            307 to /api/token/redirect-target (which answers 200: it must never be reached)
//   storm               429 with Retry-After: 1 and the server's own message, every time
//   no-connection       200 {}
//   no-id               200 { connection } without an id
//   drop                the connection is dropped in the middle of the answer
//   oauth?answer=<a>    oauth-start → a stand-in provider page that waits, or answers (good, deny) or
//                       closes itself, and a state; oauth-callback → { connection } when params.code
//                       is "good"; answer=reject-subdomain: oauth-start is a 422 on /fields/subdomain;
//                       answer=hold-callback: oauth-callback never answers (a story's "finishing" state);
//                       answer=echo-params: oauth-callback is a 400 whose message repeats the latest
//                       oauth-start's fields (a careless server repeating a secret connection parameter).
//                       (The real provider runs in test/e2e; these check the element's states.)

/**
 * @typedef {{ status: number, headers: Record<string, string>, text: string }} Reply  an HTTP answer, ready to send
 * @typedef {{ status: number, headers?: Record<string, string>, body: unknown }} ErrorFixture  a file of test/fixtures/errors
 * @typedef {Reply | { hang: true } | { drop: true } | { delay: number, reply: Reply }} Answer
 * @typedef {object} ScenarioRequest
 * @property {string} scenario  the path after /api/token/
 * @property {string | null} answer  the `answer` query parameter
 * @property {any} body  the parsed JSON body (or the raw text when it is not JSON)
 * @property {number} count  how many token requests the endpoint has had, this one included
 * @property {(answer: string, state: string) => string} providerUrl  the stand-in provider page's URL
 * @property {(name: string) => ErrorFixture | undefined} errorFixture  a fixture of test/fixtures/errors by name
 * @property {Record<string, unknown>} [started]  the fields of the latest oauth-start the endpoint had (a real handler seals them in its cookie)
 */

/**
 * An answer: JSON unless the body is text, never cached.
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 * @returns {Reply}
 */
export function reply(status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = headers['Content-Type'] ?? (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json');
  return { status, headers: { ...headers, 'Content-Type': type, 'Cache-Control': 'no-store' }, text };
}

/**
 * @param {number} status
 * @param {string} title
 * @param {{ pointer: string, detail: string }[]} [errors]
 */
const problem = (status, title, errors) => reply(status, { title, status, ...(errors ? { errors } : {}) }, { 'Content-Type': 'application/problem+json' });

/**
 * What the endpoint answers to one token request.
 * @param {ScenarioRequest} request
 * @returns {Answer}
 */
export function answerFor({ scenario, answer, body, count, providerUrl, errorFixture, started = {} }) {
  const connection = { id: `conn_${count}`, connector: body?.connector, option: body?.option ?? null };
  if (scenario.startsWith('error/')) {
    const fixture = errorFixture(scenario.slice('error/'.length).replace(/[^a-z0-9-]/g, ''));
    return fixture ? reply(fixture.status, fixture.body, fixture.headers) : reply(404, { message: `unknown fixture ${scenario}` });
  }
  switch (scenario) {
    case 'ok':
      return reply(200, { connection, extra: 'not for the widget' });
    case 'slow':
      return { delay: 400, reply: reply(200, { connection }) };
    case 'pending':
    case 'hang':
      return { hang: true };
    case 'test-key':
      if (body?.fields?.apiKey === 'good-key') return reply(200, { connection });
      return problem(422, 'The credentials were rejected', [{ pointer: '/fields/apiKey', detail: 'This key was rejected by Example App.' }]);
    case 'echo-secret':
      return reply(400, { message: `The key ${body?.fields?.apiKey} is not valid` });
    case 'echo-fields':
      return reply(400, { message: `These values are not valid: ${JSON.stringify(body?.fields)}` });
    case 'truncated': {
      const text = JSON.stringify({ connection });
      return reply(200, text.slice(0, Math.floor(text.length / 2)), { 'Content-Type': 'application/json' });
    }
    case 'text-ok':
      return reply(200, 'OK');
    case 'redirect':
      return { status: 307, headers: { Location: '/api/token/redirect-target', 'Cache-Control': 'no-store' }, text: '' };
    case 'redirect-target':
      return reply(200, { connection });
    case 'storm':
      return reply(429, { message: 'Rate limit exceeded for this workspace' }, { 'Retry-After': '1' });
    case 'no-connection':
      return reply(200, {});
    case 'no-id':
      return reply(200, { connection: { connector: body?.connector } });
    case 'drop':
      return { drop: true };
    case 'oauth': {
      const choice = answer ?? 'wait';
      const state = `state-${count}`;
      if (body?.step === 'oauth-start' && choice === 'reject-subdomain') {
        return problem(422, 'Check the connection details', [{ pointer: '/fields/subdomain', detail: 'There is no helpdesk at this subdomain.' }]);
      }
      if (body?.step === 'oauth-start') return reply(200, { authorizationUrl: providerUrl(choice, state), state });
      if (body?.step === 'oauth-callback' && choice === 'hold-callback') return { hang: true };
      if (body?.step === 'oauth-callback' && choice === 'echo-params') return reply(400, { message: `The provider refused ${Object.values(started).join(' and ')}` });
      if (body?.step === 'oauth-callback' && body?.params?.code === 'good') return reply(200, { connection });
      return problem(400, 'The sign-in could not be completed');
    }
  }
  return reply(404, { message: `unknown scenario ${scenario}` });
}
