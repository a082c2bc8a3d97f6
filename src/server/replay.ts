/**
 * Single use of an OAuth flow across instances: `oauth-callback` claims the flow's state in a
 * replay store before it exchanges the code; a second claim of the same state, on this instance or
 * any other sharing the store, is refused. The default store is in memory (one process); a Redis
 * store serves any number of instances. docs/server.md, "Several instances".
 */

/** Where completed flows are remembered. `claim` resolves true the first time a key is claimed and false afterwards, until `ttlSeconds` have passed. */
export interface ReplayStore {
  /** Claims `key` for `ttlSeconds`: true when nobody had claimed it, false when it was already claimed. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
}

// Bounds the in-memory store; entries leave when their flow would have expired anyway.
const MAX_ENTRIES = 10_000;

/** The default store: a bounded in-memory map, enough for one process. `now` is the clock in milliseconds. */
export function memoryReplayStore(options: { now?: () => number; maxEntries?: number } = {}): ReplayStore {
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? MAX_ENTRIES;
  const claimed = new Map<string, number>();
  return {
    claim(key, ttlSeconds) {
      const t = now();
      for (const [k, expires] of claimed) if (expires <= t) claimed.delete(k);
      if (claimed.has(key)) return Promise.resolve(false);
      if (claimed.size >= max) claimed.delete(claimed.keys().next().value!);
      claimed.set(key, t + ttlSeconds * 1000);
      return Promise.resolve(true);
    },
  };
}

/** The part of a node-redis (v4+) client this store uses. */
interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}
/** The part of an ioredis client this store uses. */
interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** Options of `redisReplayStore`. */
export interface RedisReplayStoreOptions {
  /** Prefix of the keys it writes; default `connect-widget:oauth-flow:`. */
  prefix?: string;
}

/**
 * A replay store in Redis, for several instances behind a load balancer: `SET key 1 NX EX ttl`,
 * atomic on the Redis server. Takes a connected client of `redis` (node-redis v4 or later) or
 * `ioredis`; this package loads neither (they are optional peer dependencies).
 */
export function redisReplayStore(client: NodeRedisLike | IoRedisLike, options: RedisReplayStoreOptions = {}): ReplayStore {
  const prefix = options.prefix ?? 'connect-widget:oauth-flow:';
  // ioredis has `call` (any command); node-redis has `sendCommand` (a list of arguments).
  let send: (args: string[]) => Promise<unknown>;
  if (typeof (client as IoRedisLike)?.call === 'function') send = (args) => (client as IoRedisLike).call(args[0]!, ...args.slice(1));
  else if (typeof (client as NodeRedisLike)?.sendCommand === 'function') send = (args) => (client as NodeRedisLike).sendCommand(args);
  else throw new TypeError('connect-widget/server: redisReplayStore needs a connected client of the `redis` (v4+) or `ioredis` package');
  return {
    async claim(key, ttlSeconds) {
      const ttl = String(Math.max(1, Math.ceil(ttlSeconds)));
      // OK when set, null when the key existed: the first claim wins, on whichever instance.
      const reply = await send(['SET', prefix + key, '1', 'NX', 'EX', ttl]);
      return reply === 'OK';
    },
  };
}
