// Single use of an OAuth flow across instances (SPEC "The reference handler"): the replay store.
// The in-memory default, and `redisReplayStore` against a real redis-server (started here on a free
// port, installed when missing) with both clients it supports, node-redis and ioredis; two handler
// instances sharing it behave as one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { Redis } from 'ioredis';
import { createTokenEndpoint, memoryReplayStore, redisReplayStore, type ReplayStore, type TokenEndpointConfig } from '../../src/server/index.js';
import { startRedis } from '../tools/redis.mjs';
import { answer, authorize, cookieHeaderFrom, EXAMPLE, ORIGIN, post, REDIRECT_URI, SECRET, startAuthServer, type AuthServer } from './helpers.js';

let as: AuthServer;
let redis: { url: string; stop(): Promise<void> };
let nodeRedis: ReturnType<typeof createClient>;
let ioredis: Redis;

before(async () => {
  [as, redis] = await Promise.all([startAuthServer(), startRedis()]);
  nodeRedis = createClient({ url: redis.url });
  await nodeRedis.connect();
  ioredis = new Redis(redis.url);
});
after(async () => {
  await nodeRedis?.quit();
  ioredis?.disconnect();
  await redis?.stop();
  await as?.close();
});

const start = { connector: 'example-app', option: 'oauth', type: 'oauth2', step: 'oauth-start', fields: {}, redirectUri: REDIRECT_URI };
const callback = (state: string, params: Record<string, string>) => ({ ...start, step: 'oauth-callback', redirectUri: undefined, state, params });

function instance(replayStore: ReplayStore | undefined, overrides: Partial<TokenEndpointConfig> = {}) {
  const calls = { tokens: 0, errors: [] as unknown[] };
  const handle = createTokenEndpoint({
    connectors: [EXAMPLE()],
    allowedOrigins: [ORIGIN],
    secret: SECRET,
    oauth: { 'example-app': { issuer: as.issuer, clientId: as.clientId, clientSecret: as.clientSecret, scope: 'openid' } },
    onCredentials: () => ({ id: 'unused' }),
    onTokens: () => ({ id: `conn-${++calls.tokens}` }),
    onError: (e) => void calls.errors.push(e),
    ...(replayStore ? { replayStore } : {}),
    ...overrides,
  });
  return { handle, calls };
}

/** Starts a flow on `a` and walks the provider's pages: the callback body and the cookie a browser would send. */
async function signedIn(a: (r: Request) => Promise<Response>) {
  const started = await a(post(start));
  const cookie = cookieHeaderFrom(started);
  const { authorizationUrl, state } = await answer(started, 200);
  const params = await authorize(authorizationUrl);
  return { body: callback(state, params), cookie };
}

test('the memory store: a key is claimed once, and again only after its time to live', async () => {
  let clock = 1_000_000;
  const store = memoryReplayStore({ now: () => clock });
  assert.equal(await store.claim('a', 60), true);
  assert.equal(await store.claim('a', 60), false);
  assert.equal(await store.claim('b', 60), true);
  clock += 61_000;
  assert.equal(await store.claim('a', 60), true);
});

test('the memory store stays bounded: past maxEntries the oldest claim is forgotten', async () => {
  const store = memoryReplayStore({ maxEntries: 3 });
  for (const k of ['a', 'b', 'c', 'd']) assert.equal(await store.claim(k, 600), true);
  assert.equal(await store.claim('d', 600), false);
  assert.equal(await store.claim('a', 600), true, 'the oldest went first');
});

for (const [name, client] of [
  ['node-redis', () => nodeRedis],
  ['ioredis', () => ioredis],
] as const) {
  test(`redisReplayStore with ${name}: first claim wins, the key expires with the flow`, async () => {
    const store = redisReplayStore(client(), { prefix: `test:${name}:` });
    const key = `k-${Math.random()}`;
    assert.equal(await store.claim(key, 30), true);
    assert.equal(await store.claim(key, 30), false);
    const ttl = Number(await ioredis.call('PTTL', `test:${name}:${key}`));
    assert.ok(ttl > 25_000 && ttl <= 30_000, `PTTL ${ttl}`);
  });
}

test('redisReplayStore refuses something that is not a Redis client', () => {
  assert.throws(() => redisReplayStore({} as never), /redisReplayStore needs a connected client of the `redis` \(v4\+\) or `ioredis` package/);
});

test('two instances sharing a Redis store: a flow completed on one is refused on the other (before the provider is asked)', async () => {
  const a = instance(redisReplayStore(nodeRedis));
  const b = instance(redisReplayStore(ioredis));
  const flow = await signedIn(a.handle);
  await answer(await a.handle(post(flow.body, { cookie: flow.cookie })), 200);
  const replay = await answer(await b.handle(post(flow.body, { cookie: flow.cookie })), 400);
  assert.match(replay.title, /expired or was already completed/);
  assert.equal(b.calls.tokens, 0);
  // And the other way round: started on A, completed on B, replayed on A.
  const second = await signedIn(a.handle);
  await answer(await b.handle(post(second.body, { cookie: second.cookie })), 200);
  assert.match((await answer(await a.handle(post(second.body, { cookie: second.cookie })), 400)).title, /expired or was already completed/);
  assert.deepEqual([a.calls.tokens, b.calls.tokens], [1, 1]);
  assert.deepEqual([...a.calls.errors, ...b.calls.errors], []);
});

test('without a shared store, the second instance only has the provider to refuse the used code', async () => {
  const a = instance(undefined);
  const b = instance(undefined);
  const flow = await signedIn(a.handle);
  await answer(await a.handle(post(flow.body, { cookie: flow.cookie })), 200);
  assert.match((await answer(await b.handle(post(flow.body, { cookie: flow.cookie })), 400)).title, /provider refused/);
});

test('a store that fails (Redis down) fails closed: 500, no tokens exchanged, onError told', async () => {
  const down: ReplayStore = { claim: () => Promise.reject(new Error('ECONNREFUSED')) };
  const a = instance(down);
  const flow = await signedIn(a.handle);
  const response = await a.handle(post(flow.body, { cookie: flow.cookie }));
  assert.match(response.headers.getSetCookie()[0]!, /Max-Age=0/);
  await answer(response, 500);
  assert.equal(a.calls.tokens, 0);
  assert.match(String((a.calls.errors[0] as Error).message), /ECONNREFUSED/);
});
