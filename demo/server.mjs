// `npm start`: the demo (see demo/app.mjs): the widget on a host page, the reference token endpoint,
// a real OpenID provider on a second origin and a fake third-party API.
import { startDemo } from './app.mjs';

const demo = await startDemo({
  host: process.env.HOST ?? 'localhost',
  port: Number(process.env.PORT ?? 5173),
  providerPort: Number(process.env.PROVIDER_PORT ?? 5174),
});
console.log(`connect-widget demo: ${demo.url}`);
console.log(`  OAuth provider (oidc-provider): ${demo.issuer}`);
console.log('  Press Ctrl+C to stop.');
const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
