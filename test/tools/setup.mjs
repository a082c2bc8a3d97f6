// `npm test` / `npm start` set-up: installs node modules on a fresh clone and makes sure Chromium
// (and, for the tests, redis-server) exists.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { ensureChromium } from './chromium.mjs';
import { ensureRedis } from './redis.mjs';

if (!existsSync('node_modules/.package-lock.json')) {
  console.log('Installing node modules (npm ci)...');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
if (!process.argv.includes('--no-browser')) {
  ensureChromium();
  // The replay-store tests start their own redis-server; only the binary is needed.
  ensureRedis();
}
