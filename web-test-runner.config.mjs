import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { ensureChromium, chromiumArgs } from './test/tools/chromium.mjs';
import { tokenEndpoint } from './test/tools/token-endpoint.mjs';
import { secretsPlugin } from './test/tools/secrets-plugin.mjs';

export default {
  files: ['test/elements/**/*.test.ts'],
  middleware: [tokenEndpoint()],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [a11ySnapshotPlugin(), secretsPlugin(), esbuildPlugin({ ts: true, json: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath: ensureChromium(), args: chromiumArgs } })],
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
};
