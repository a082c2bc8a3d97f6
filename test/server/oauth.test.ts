// The OAuth steps against a real authorization server (oidc-provider on 127.0.0.1, PKCE required):
// oauth-start's URL and sealed cookie, a full sign-in, and every way a callback must fail.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTokenEndpoint, FieldErrors, type TokenEndpointConfig, type TokensInput } from '../../src/server/index.js';
import { deriveKey, unseal } from '../../src/server/cookie.js';
import { answer, authorize, cookieHeaderFrom, endpoint, EXAMPLE, HELPDESK, LEGACY, ORIGIN, pointers, post, REDIRECT_URI, SECRET, startAuthServer, type AuthServer } from './helpers.js';

let as: AuthServer;
before(async () => {
  as = await startAuthServer();
});
after(async () => {
  await as.close();
});

function oauthEndpoint(overrides: Partial<TokenEndpointConfig> = {}) {
  const calls = { tokens: [] as TokensInput[], errors: [] as unknown[] };
  const client = { issuer: as.issuer, clientId: as.clientId, clientSecret: as.clientSecret, scope: 'openid' };
  const handle = createTokenEndpoint({
    connectors: [EXAMPLE(), HELPDESK(), LEGACY()],
    allowedOrigins: [ORIGIN, 'https://app.example.com'],
    secret: SECRET,
    oauth: { 'example-app': client, helpdesk: client },
    onCredentials: () => ({ id: 'unused' }),
    onTokens: (input) => {
      calls.tokens.push(input);
      return { id: `conn-${calls.tokens.length}`, label: `Signed in to ${input.connector}` };
    },
    onError: (error) => void calls.errors.push(error),
    ...overrides,
  });
  return { handle, calls };
}

const helpdeskStart = (extra: Record<string, unknown> = {}) => ({
  connector: 'helpdesk',
  type: 'oauth2',
  step: 'oauth-start',
  fields: { subdomain: 'acme-corp', region: 'eu' },
  redirectUri: REDIRECT_URI,
  ...extra,
});
const exampleStart = (extra: Record<string, unknown> = {}) => ({ connector: 'example-app', option: 'oauth', type: 'oauth2', step: 'oauth-start', fields: {}, redirectUri: REDIRECT_URI, ...extra });
const callbackOf = (start: Record<string, unknown>, state: string, params: Record<string, string>) => ({ ...start, step: 'oauth-callback', state, params, redirectUri: undefined });

/** Runs oauth-start; returns its answer, the Set-Cookie header and the Cookie header a browser would send back. */
async function startFlow(handle: (r: Request) => Promise<Response>, body: Record<string, unknown>, url?: string) {
  const response = await handle(post(body, url ? { url } : {}));
  const setCookie = response.headers.getSetCookie();
  const cookie = cookieHeaderFrom(response);
  const answered = (await answer(response, 200)) as { authorizationUrl: string; state: string };
  return { ...answered, setCookie, cookie };
}

const attributes = (setCookie: string) =>
  setCookie
    .split(';')
    .slice(1)
    .map((a) => a.trim());

test('oauth-start answers an authorization URL with PKCE S256, state, client_id and redirect_uri, and nothing else', async () => {
  const { handle } = oauthEndpoint();
  const response = await handle(post(helpdeskStart()));
  const body = await answer(response.clone(), 200);
  assert.deepEqual(Object.keys(body).sort(), ['authorizationUrl', 'state']);
  const url = new URL(body.authorizationUrl);
  assert.equal(`${url.origin}${url.pathname}`, `${as.issuer}/auth`);
  const q = url.searchParams;
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('client_id'), as.clientId);
  assert.equal(q.get('redirect_uri'), REDIRECT_URI);
  assert.equal(q.get('scope'), 'openid');
  assert.equal(q.get('state'), body.state);
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.match(q.get('code_challenge')!, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(body.state.length >= 32, 'a state with at least 128 bits');
  assert.equal(q.get('client_secret'), null);
});

test('oauth-start sets one HttpOnly, SameSite=Lax cookie that expires in 10 minutes, and it seals verifier, state, connector, option, redirect URI and fields', async () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const { handle } = oauthEndpoint({ now: () => now });
  const flow = await startFlow(handle, exampleStart({ context: { projectId: 'p-9' }, connectionId: 'conn-3' }));
  assert.equal(flow.setCookie.length, 1);
  const attrs = attributes(flow.setCookie[0]!);
  for (const a of ['HttpOnly', 'SameSite=Lax', 'Max-Age=600', 'Path=/']) assert.ok(attrs.includes(a), `${a} in ${flow.setCookie[0]}`);
  const sealed = await unseal(flow.cookie.slice(flow.cookie.indexOf('=') + 1), await deriveKey(new TextEncoder().encode(SECRET)), now);
  assert.ok(typeof sealed === 'object');
  assert.equal(sealed.state, flow.state);
  assert.equal(sealed.connector, 'example-app');
  assert.equal(sealed.option, 'oauth');
  assert.equal(sealed.redirectUri, REDIRECT_URI);
  assert.deepEqual(sealed.context, { projectId: 'p-9' });
  assert.equal(sealed.connectionId, 'conn-3');
  assert.equal(sealed.exp, now / 1000 + 600);
  // The sealed verifier is the one behind the URL's code_challenge.
  const challenge = createHash('sha256').update(sealed.verifier).digest('base64url');
  assert.equal(new URL(flow.authorizationUrl).searchParams.get('code_challenge'), challenge);
});

test('the cookie is Secure with a __Host- name whatever the request URL says; only a localhost baseUrl drops both', async () => {
  const { handle } = oauthEndpoint();
  // A reverse proxy that forwards to http://localhost (or rewrites Host) must not weaken the cookie.
  for (const url of ['https://app.example.com/api/connect', 'http://localhost:3000/api/connect', 'http://127.0.0.1:3000/api/connect', 'http://app.example.com/api/connect']) {
    const flow = await startFlow(handle, helpdeskStart(), url);
    assert.match(flow.setCookie[0]!, /^__Host-/, url);
    assert.ok(attributes(flow.setCookie[0]!).includes('Secure'), url);
    assert.ok(!/Domain=/i.test(flow.setCookie[0]!), '__Host- cookies have no Domain');
  }
  for (const baseUrl of ['http://localhost:3000', 'http://127.0.0.1:3000/api/connect', 'http://[::1]:8080']) {
    const local = oauthEndpoint({ baseUrl });
    const flow = await startFlow(local.handle, helpdeskStart(), 'https://app.example.com/api/connect');
    assert.doesNotMatch(flow.setCookie[0]!, /^__Host-/, baseUrl);
    assert.ok(!attributes(flow.setCookie[0]!).includes('Secure'), baseUrl);
    // The callback finds the cookie under the same name.
    const params = await authorize(flow.authorizationUrl);
    await answer(await local.handle(post(callbackOf(helpdeskStart(), flow.state, params), { cookie: flow.cookie })), 200);
  }
  for (const baseUrl of ['https://app.example.com', 'http://app.example.com', 'https://localhost:3000']) {
    const flow = await startFlow(oauthEndpoint({ baseUrl }).handle, helpdeskStart(), 'http://localhost:3000/api/connect');
    assert.match(flow.setCookie[0]!, /^__Host-.*; Secure$/, baseUrl);
  }
});

test('the cookie value holds neither the verifier nor the fields nor the context in clear text', async () => {
  const now = Date.now();
  const { handle } = oauthEndpoint({ now: () => now });
  const flow = await startFlow(handle, helpdeskStart({ fields: { subdomain: 'clear-text-subdomain' }, context: { projectId: 'clear-text-project' } }));
  const value = flow.cookie.slice(flow.cookie.indexOf('=') + 1);
  const sealed = await unseal(value, await deriveKey(new TextEncoder().encode(SECRET)), now);
  assert.ok(typeof sealed === 'object');
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  for (const secret of [sealed.verifier, 'clear-text-subdomain', 'clear-text-project']) {
    assert.ok(!value.includes(secret), `${secret} in the cookie`);
    assert.ok(!value.includes(b64(secret).slice(0, 16)), `${secret} base64url-encoded in the cookie`);
  }
  // A JWE: five parts, the payload encrypted.
  assert.equal(value.split('.').length, 5);
});

test('two flows at once get their own state and their own cookie', async () => {
  const { handle } = oauthEndpoint();
  const a = await startFlow(handle, helpdeskStart());
  const b = await startFlow(handle, exampleStart());
  assert.notEqual(a.state, b.state);
  assert.notEqual(a.cookie.split('=')[0], b.cookie.split('=')[0]);
});

test('connection parameters too long to carry in a cookie are 400 at /fields, with no cookie', async () => {
  const notes = { key: 'notes', name: 'Notes', auth: { type: 'oauth2', ui: { schema: { type: 'object', properties: { note: { type: 'string' } } } } } };
  const client = { issuer: as.issuer, clientId: as.clientId, clientSecret: as.clientSecret };
  const { handle } = oauthEndpoint({ connectors: [notes], oauth: { notes: client } });
  const start = { connector: 'notes', step: 'oauth-start', redirectUri: REDIRECT_URI };
  await startFlow(handle, { ...start, fields: { note: 'x'.repeat(1000) } });
  const response = await handle(post({ ...start, fields: { note: 'x'.repeat(5000) } }));
  assert.deepEqual(response.headers.getSetCookie(), []);
  assert.deepEqual(pointers(await answer(response, 400)), ['/fields']);
});

test('oauth-start validates the connection parameters first: 422 and no cookie', async () => {
  const { handle } = oauthEndpoint();
  const response = await handle(post(helpdeskStart({ fields: { subdomain: 'Not A Subdomain', extra: 1 } })));
  assert.deepEqual(response.headers.getSetCookie(), []);
  assert.deepEqual(pointers(await answer(response, 422)), ['/fields/extra', '/fields/subdomain']);
});

test('full flow: oauth-start → provider login and consent → oauth-callback answers the connection; onTokens gets the tokens, the response none', async () => {
  const { handle, calls } = oauthEndpoint();
  const start = helpdeskStart({ context: { projectId: 'p-1' }, connectionId: 'conn-7' });
  const flow = await startFlow(handle, start);
  const params = await authorize(flow.authorizationUrl);
  assert.equal(params.state, flow.state);
  assert.ok(params.code);
  // The callback's body says other fields: the ones sealed at oauth-start are the ones that count.
  const response = await handle(post({ ...callbackOf(start, flow.state, params), fields: { subdomain: 'evil' }, context: { projectId: 'p-2' } }, { cookie: flow.cookie }));
  const text = await response.clone().text();
  const body = await answer(response, 200);
  assert.deepEqual(body, { connection: { id: 'conn-1', label: 'Signed in to helpdesk' } });

  assert.equal(calls.tokens.length, 1);
  const { tokens, request: _request, ...input } = calls.tokens[0]!;
  assert.deepEqual(input, { connector: 'helpdesk', option: null, type: 'oauth2', fields: { subdomain: 'acme-corp', region: 'eu' }, context: { projectId: 'p-1' }, connectionId: 'conn-7' });
  assert.equal(typeof tokens.access_token, 'string');
  assert.ok(tokens.access_token.length > 10);
  assert.equal(tokens.token_type.toLowerCase(), 'bearer');
  for (const token of [tokens.access_token, tokens.id_token, tokens.refresh_token]) if (typeof token === 'string') assert.ok(!text.includes(token), 'a token in the response');
  assert.ok(!/token/i.test(text), text);

  // The answer clears the flow's cookie: same name, empty, Max-Age=0, same attributes.
  const [cleared] = response.headers.getSetCookie();
  assert.equal(cleared!.split(';')[0], `${flow.cookie.split('=')[0]}=`);
  assert.ok(attributes(cleared!).includes('Max-Age=0'));
  assert.ok(attributes(cleared!).includes('HttpOnly'));
  assert.deepEqual(calls.errors, []);
});

test('a replayed callback (same cookie, same params) is 400; so is one replayed to a fresh process, because the provider refuses the used code', async () => {
  const { handle, calls } = oauthEndpoint();
  const flow = await startFlow(handle, exampleStart());
  const params = await authorize(flow.authorizationUrl);
  const callback = () => post(callbackOf(exampleStart(), flow.state, params), { cookie: flow.cookie });
  await answer(await handle(callback()), 200);
  const replay = await answer(await handle(callback()), 400);
  assert.match(replay.title, /expired or was already completed/);
  // Another instance with the same secret has no memory of the state: the provider is the last line.
  const other = oauthEndpoint();
  const refused = await answer(await other.handle(callback()), 400);
  assert.match(refused.title, /provider refused/);
  assert.equal(calls.tokens.length, 1);
  assert.equal(other.calls.tokens.length, 0);
});

test('a tampered cookie (one character flipped) is 400, and cleared', async () => {
  const { handle, calls } = oauthEndpoint();
  const flow = await startFlow(handle, exampleStart());
  const params = await authorize(flow.authorizationUrl);
  const [name, value] = [flow.cookie.slice(0, flow.cookie.indexOf('=')), flow.cookie.slice(flow.cookie.indexOf('=') + 1)];
  // Flip a character inside the ciphertext (the fourth part), keeping it base64url.
  const parts = value.split('.');
  const c = parts[3]!;
  const i = Math.floor(c.length / 2);
  parts[3] = c.slice(0, i) + (c[i] === 'A' ? 'B' : 'A') + c.slice(i + 1);
  const response = await handle(post(callbackOf(exampleStart(), flow.state, params), { cookie: `${name}=${parts.join('.')}` }));
  assert.match(response.headers.getSetCookie()[0]!, /Max-Age=0/);
  await answer(response, 400);
  // The untouched cookie still works: only the tampering failed.
  await answer(await handle(post(callbackOf(exampleStart(), flow.state, params), { cookie: flow.cookie })), 200);
  assert.equal(calls.tokens.length, 1);
});

test('an expired flow (11 minutes later) is 400; 9 minutes later it still completes', async () => {
  let clock = Date.now();
  const { handle, calls } = oauthEndpoint({ now: () => clock });
  const start = clock;
  const late = await startFlow(handle, exampleStart());
  const lateParams = await authorize(late.authorizationUrl);
  const onTime = await startFlow(handle, exampleStart());
  const onTimeParams = await authorize(onTime.authorizationUrl);

  clock = start + 9 * 60_000;
  await answer(await handle(post(callbackOf(exampleStart(), onTime.state, onTimeParams), { cookie: onTime.cookie })), 200);
  clock = start + 11 * 60_000;
  const body = await answer(await handle(post(callbackOf(exampleStart(), late.state, lateParams), { cookie: late.cookie })), 400);
  assert.match(body.title, /expired/);
  assert.equal(calls.tokens.length, 1);
});

test('a callback without its cookie is 400', async () => {
  const { handle, calls } = oauthEndpoint();
  const flow = await startFlow(handle, exampleStart());
  const params = await authorize(flow.authorizationUrl);
  await answer(await handle(post(callbackOf(exampleStart(), flow.state, params))), 400);
  await answer(await handle(post(callbackOf(exampleStart(), flow.state, params), { cookie: 'other=1; cw-oauth-x=y' })), 400);
  assert.equal(calls.tokens.length, 0);
});

test("a state that does not match the cookie is 400 (another flow's state, a cookie renamed, params of another flow)", async () => {
  const { handle, calls } = oauthEndpoint();
  const a = await startFlow(handle, exampleStart());
  const b = await startFlow(handle, exampleStart());
  const paramsA = await authorize(a.authorizationUrl);
  const paramsB = await authorize(b.authorizationUrl);
  const nameOf = (cookie: string) => cookie.slice(0, cookie.indexOf('='));
  const valueOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);
  // Body state B with only A's cookie: no cookie for B.
  await answer(await handle(post(callbackOf(exampleStart(), b.state, paramsB), { cookie: a.cookie })), 400);
  // A's sealed flow under B's cookie name: the sealed state is A's.
  const renamed = await answer(await handle(post(callbackOf(exampleStart(), b.state, paramsB), { cookie: `${nameOf(b.cookie)}=${valueOf(a.cookie)}` })), 400);
  assert.match(renamed.title, /could not be verified/);
  // B's cookie and state, but the provider's answer of flow A.
  await answer(await handle(post(callbackOf(exampleStart(), b.state, paramsA), { cookie: b.cookie })), 400);
  assert.equal(calls.tokens.length, 0);
});

test('a provider error on the callback is 400 with its error_description, and onTokens is not called', async () => {
  const { handle, calls } = oauthEndpoint();
  const flow = await startFlow(handle, exampleStart());
  const params = { error: 'access_denied', error_description: 'The user declined to share access', state: flow.state, iss: as.issuer };
  const response = await handle(post(callbackOf(exampleStart(), flow.state, params), { cookie: flow.cookie }));
  assert.match(response.headers.getSetCookie()[0]!, /Max-Age=0/);
  const body = await answer(response, 400);
  assert.equal(body.detail, 'The user declined to share access');
  assert.equal(calls.tokens.length, 0);
});

test('an iss that is not the configured issuer (mix-up attack) is 400', async () => {
  const { handle, calls } = oauthEndpoint();
  const flow = await startFlow(handle, exampleStart());
  const params = await authorize(flow.authorizationUrl);
  await answer(await handle(post(callbackOf(exampleStart(), flow.state, { ...params, iss: 'https://evil.example' }), { cookie: flow.cookie })), 400);
  assert.equal(calls.tokens.length, 0);
});

test('a cookie sealed with a different secret is 400', async () => {
  const other = oauthEndpoint({ secret: 'another-secret-that-is-also-32-bytes-or-more' });
  const { handle, calls } = oauthEndpoint();
  const flow = await startFlow(other.handle, exampleStart());
  const params = await authorize(flow.authorizationUrl);
  const body = await answer(await handle(post(callbackOf(exampleStart(), flow.state, params), { cookie: flow.cookie })), 400);
  assert.match(body.title, /could not be verified/);
  assert.equal(calls.tokens.length, 0);
});

test('a callback for another connector than the flow was started for is 400 at /connector', async () => {
  const { handle, calls } = oauthEndpoint();
  const flow = await startFlow(handle, exampleStart());
  const params = await authorize(flow.authorizationUrl);
  const body = await answer(await handle(post(callbackOf(helpdeskStart(), flow.state, params), { cookie: flow.cookie })), 400);
  assert.deepEqual(pointers(body), ['/connector']);
  assert.equal(calls.tokens.length, 0);
});

test('a callback for another option than the flow was started for is 400 at /option', async () => {
  const multi = { key: 'multi', name: 'Multi', auth: { type: 'oauth2', options: { read: { type: 'oauth2' }, admin: { type: 'oauth2' } } } };
  const client = { issuer: as.issuer, clientId: as.clientId, clientSecret: as.clientSecret, scope: 'openid' };
  const { handle, calls } = oauthEndpoint({ connectors: [multi], oauth: { multi: client } });
  const start = { connector: 'multi', option: 'read', step: 'oauth-start', fields: {}, redirectUri: REDIRECT_URI };
  const flow = await startFlow(handle, start);
  const params = await authorize(flow.authorizationUrl);
  const body = await answer(await handle(post(callbackOf({ ...start, option: 'admin' }, flow.state, params), { cookie: flow.cookie })), 400);
  assert.deepEqual(pointers(body), ['/option']);
  assert.equal(calls.tokens.length, 0);
});

for (const [name, patch, pointer] of [
  ['no state', { state: undefined }, '/state'],
  ['an empty state', { state: '' }, '/state'],
  ['a numeric state', { state: 5 }, '/state'],
  ['no params', { params: undefined }, '/params'],
  ['params that are not strings', { params: { code: 5 } }, '/params'],
] as const) {
  test(`a callback with ${name} is 400 at ${pointer}`, async () => {
    const { handle } = oauthEndpoint();
    const body = await answer(await handle(post({ ...callbackOf(exampleStart(), 's', { code: 'c', state: 's' }), ...patch })), 400);
    assert.deepEqual(pointers(body), [pointer]);
  });
}

for (const [name, redirectUri] of [
  ['on an origin that is not allowed', 'https://evil.example/callback.html'],
  ['on an allowed host with another port', 'http://localhost:3001/oauth/callback.html'],
  ['a javascript: URL', 'javascript:alert(1)'],
  ['not a URL', 'callback.html'],
  ['missing', undefined],
  ['with a fragment', `${REDIRECT_URI}#x`],
  ['with credentials', 'http://user:pw@localhost:3000/oauth/callback.html'],
  ['with a query (an open redirect: ?next=...)', `${REDIRECT_URI}?next=https://evil.example`],
  ['with an empty query', `${REDIRECT_URI}?`],
  ['with an empty fragment', `${REDIRECT_URI}#`],
] as const) {
  test(`a redirectUri ${name} is 400 at /redirectUri, with no cookie`, async () => {
    const { handle } = oauthEndpoint();
    const response = await handle(post(exampleStart({ redirectUri })));
    assert.deepEqual(response.headers.getSetCookie(), []);
    assert.deepEqual(pointers(await answer(response, 400)), ['/redirectUri']);
  });
}

test('with redirectUris configured, only those exact URIs are accepted, even on an allowed origin', async () => {
  const client = { issuer: as.issuer, clientId: as.clientId, clientSecret: as.clientSecret, scope: 'openid', redirectUris: [REDIRECT_URI] };
  const { handle } = oauthEndpoint({ oauth: { 'example-app': client } });
  await answer(await handle(post(exampleStart())), 200);
  for (const uri of [`${ORIGIN}/other.html`, `${REDIRECT_URI}?x=1`, `${ORIGIN}/OAUTH/callback.html`]) {
    assert.deepEqual(pointers(await answer(await handle(post(exampleStart({ redirectUri: uri }))), 400)), ['/redirectUri'], uri);
  }
});

test('an oauth1 option answers 501 (not supported by the reference handler)', async () => {
  const { handle } = oauthEndpoint();
  const response = await handle(post({ connector: 'legacy', step: 'oauth-start', fields: {}, redirectUri: REDIRECT_URI }));
  assert.deepEqual(response.headers.getSetCookie(), []);
  const body = await answer(response, 501);
  assert.match(body.title, /OAuth 1/);
});

test('an oauth2 option whose connector has no configured client answers 501 (not a bare 500), and onError is told which connector', async () => {
  const { handle, calls } = endpoint();
  const response = await handle(post({ connector: 'example-app', option: 'oauth', step: 'oauth-start', fields: {}, redirectUri: REDIRECT_URI }));
  assert.deepEqual(response.headers.getSetCookie(), []);
  const body = await answer(response, 501);
  assert.equal(body.title, 'Sign-in with Example App is not set up on this server');
  assert.equal(calls.errors.length, 1);
  assert.match(String((calls.errors[0] as Error).message), /no oauth client is configured for connector "example-app"/);
});

test('onTokens throwing FieldErrors answers 422 with them, and clears the cookie', async () => {
  const { handle } = oauthEndpoint({
    onTokens: () => {
      throw new FieldErrors([{ pointer: '/fields/subdomain', detail: 'This account has no helpdesk at this subdomain' }]);
    },
  });
  const flow = await startFlow(handle, helpdeskStart());
  const params = await authorize(flow.authorizationUrl);
  const response = await handle(post(callbackOf(helpdeskStart(), flow.state, params), { cookie: flow.cookie }));
  assert.match(response.headers.getSetCookie()[0]!, /Max-Age=0/);
  assert.deepEqual((await answer(response, 422)).errors, [{ pointer: '/fields/subdomain', detail: 'This account has no helpdesk at this subdomain' }]);
});

test('a connection from onTokens that carries a token is refused: 500 without the token, onError told', async () => {
  const { handle, calls } = oauthEndpoint({ onTokens: ({ tokens }) => ({ id: 'c', accessToken: tokens.access_token }) });
  const flow = await startFlow(handle, exampleStart());
  const params = await authorize(flow.authorizationUrl);
  const response = await handle(post(callbackOf(exampleStart(), flow.state, params), { cookie: flow.cookie }));
  const text = await response.clone().text();
  await answer(response, 500);
  assert.ok(!text.includes('accessToken'));
  assert.match(String((calls.errors[0] as Error).message), /contains the access_token/);
});

test('a provider that cannot be reached is 502 without detail; onError gets the cause', async () => {
  const down = await startAuthServer();
  const issuer = down.issuer;
  await down.close();
  const { handle, calls } = oauthEndpoint({ oauth: { 'example-app': { issuer, clientId: 'c', clientSecret: 's' } } });
  const response = await handle(post(exampleStart()));
  const text = await response.clone().text();
  assert.deepEqual(response.headers.getSetCookie(), []);
  await answer(response, 502);
  assert.ok(!text.includes('127.0.0.1'), text);
  assert.equal(calls.errors.length, 1);
});

test('a wrong client secret is 502 at the code exchange, and onError is told', async () => {
  const { handle, calls } = oauthEndpoint({ oauth: { 'example-app': { issuer: as.issuer, clientId: as.clientId, clientSecret: 'not-the-secret', scope: 'openid' } } });
  const flow = await startFlow(handle, exampleStart());
  const params = await authorize(flow.authorizationUrl);
  await answer(await handle(post(callbackOf(exampleStart(), flow.state, params), { cookie: flow.cookie })), 502);
  assert.equal(calls.tokens.length, 0);
  assert.equal(calls.errors.length, 1);
});

test('configured endpoints (no discovery), a scope list and extra authorization parameters work too', async () => {
  const { handle, calls } = oauthEndpoint({
    oauth: {
      'example-app': {
        authorizationEndpoint: `${as.issuer}/auth`,
        tokenEndpoint: `${as.issuer}/token`,
        clientId: as.clientId,
        clientSecret: as.clientSecret,
        scope: ['openid'],
        clientAuthentication: 'client_secret_basic',
        authorizationParams: { prompt: 'consent', state: 'overridden?' },
      },
    },
  });
  const flow = await startFlow(handle, exampleStart());
  const url = new URL(flow.authorizationUrl);
  assert.equal(url.searchParams.get('prompt'), 'consent');
  assert.equal(url.searchParams.get('state'), flow.state, 'authorizationParams cannot replace the state');
  const params = await authorize(flow.authorizationUrl);
  await answer(await handle(post(callbackOf(exampleStart(), flow.state, params), { cookie: flow.cookie })), 200);
  assert.equal(calls.tokens.length, 1);
});

test('a connection from onTokens holding a secret connection parameter is refused: 500 without it, onError told', async () => {
  const tenant = {
    key: 'tenant',
    name: 'Tenant',
    auth: { type: 'oauth2', ui: { schema: { type: 'object', required: ['tenantKey'], properties: { tenantKey: { type: 'string', writeOnly: true } } } } },
  };
  const client = { issuer: as.issuer, clientId: as.clientId, clientSecret: as.clientSecret, scope: 'openid' };
  const { handle, calls } = oauthEndpoint({ connectors: [tenant], oauth: { tenant: client }, onTokens: ({ fields }) => ({ id: 'c', label: `Tenant ${String(fields.tenantKey)}` }) });
  const start = { connector: 'tenant', step: 'oauth-start', fields: { tenantKey: 'tk-secret-98765' }, redirectUri: REDIRECT_URI };
  const flow = await startFlow(handle, start);
  const params = await authorize(flow.authorizationUrl);
  const response = await handle(post({ ...start, step: 'oauth-callback', state: flow.state, params, redirectUri: undefined }, { cookie: flow.cookie }));
  const text = await response.clone().text();
  await answer(response, 500);
  assert.ok(!text.includes('tk-secret'), text);
  assert.match(String((calls.errors[0] as Error).message), /onTokens contains the value of a secret field/);
});
