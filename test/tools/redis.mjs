// Finds redis-server for the replay-store tests; on Debian/Ubuntu as root, installs Debian's package
// when it is missing (as chromium.mjs does for the browser). Starts one on a free port, stops it by pid.
import { existsSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { connect } from 'node:net';

const candidates = () => [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'].filter(Boolean);

/** The path of redis-server, or undefined. */
export function findRedis() {
  return candidates().find((p) => existsSync(p));
}

/** Finds redis-server, installing Debian's package when possible; throws with instructions otherwise. */
export function ensureRedis() {
  let found = findRedis();
  if (found) return found;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log("No redis-server found: installing Debian's redis-server package (apt-get install redis-server)...");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    // --no-install-recommends: the server binary only; no service is started by the tests' set-up.
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], { stdio: 'inherit', env });
    found = findRedis();
    if (found) return found;
  }
  throw new Error(
    'No redis-server was found (the replay-store tests start one).\n' +
      '  On Debian/Ubuntu: sudo apt-get install redis-server\n' +
      '  Elsewhere: install Redis and set REDIS_SERVER=/path/to/redis-server',
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Starts a throwaway redis-server on a free port of 127.0.0.1 (no persistence) and resolves when it
 * answers PING: `{ url, port, stop() }`. `stop` ends that process by its pid.
 */
export async function startRedis() {
  const binary = ensureRedis();
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    let exited = false;
    child.on('exit', () => (exited = true));
    for (let i = 0; i < 100 && !exited; i++) {
      if (await answers(port)) {
        return {
          url: `redis://127.0.0.1:${port}`,
          port,
          stop: () =>
            new Promise((resolve) => {
              if (exited) return resolve();
              child.once('exit', () => resolve());
              process.kill(child.pid, 'SIGTERM');
            }),
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!exited) process.kill(child.pid, 'SIGKILL');
    // The port was taken between choosing and binding it: try another.
  }
  throw new Error('redis-server did not start');
}
