// One module, two runtimes: the token endpoint as a Workers-style module (`export default { fetch }`)
// that test/server/runtime.test.ts runs in Node (imported) and in workerd (bundled with esbuild, run
// by miniflare). Handlers are created at module top level, once per isolate, as docs/server.md
// advises for Workers. Configuration comes from `globalThis.CW_TEST_CONFIG` (set by the test in Node,
// by an esbuild banner in workerd): the issuer of the real oidc-provider the test started.
import { createTokenEndpoint, FieldErrors, type Connection, type HookInput, type TokensInput } from '../../../src/server/index.js';
import AUTH0 from '../../fixtures/connectors/infisical-auth0-connection.json' with { type: 'json' };
import ZAPIER from '../../fixtures/connectors/zapier-authentication.json' with { type: 'json' };
import EXAMPLE from '../../fixtures/connectors/integration-app-example.json' with { type: 'json' };

interface TestConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  origin: string;
  secret: string;
}

const config = (globalThis as { CW_TEST_CONFIG?: TestConfig }).CW_TEST_CONFIG;
if (!config) throw new Error('set globalThis.CW_TEST_CONFIG first');

const HELPDESK = {
  key: 'helpdesk',
  name: 'Helpdesk',
  auth: { type: 'oauth2', ui: { schema: { type: 'object', required: ['subdomain'], properties: { subdomain: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } } } } },
};

/** What the hooks saw, for the test to read through `GET /__calls` (the runtimes share no memory). */
const calls: { credentials: Array<Omit<HookInput, 'request'>>; tokens: Array<{ connector: string; fields: unknown; context: unknown; tokenTypes: string[] }>; errors: string[] } = {
  credentials: [],
  tokens: [],
  errors: [],
};

const handle = createTokenEndpoint({
  connectors: [AUTH0, ZAPIER, EXAMPLE, HELPDESK],
  allowedOrigins: [config.origin],
  secret: config.secret,
  oauth: {
    'example-app': { issuer: config.issuer, clientId: config.clientId, clientSecret: config.clientSecret, scope: 'openid' },
    helpdesk: { issuer: config.issuer, clientId: config.clientId, clientSecret: config.clientSecret, scope: 'openid' },
  },
  cors: { allowedHeaders: ['x-csrf-token'], credentials: 'include' },
  logger: false,
  onError: (error) => void calls.errors.push(error instanceof Error ? error.message : String(error)),
  onCredentials: ({ request: _request, ...input }): Connection => {
    calls.credentials.push(input);
    const fields = input.fields as Record<string, unknown>;
    if (fields.apiKey === 'rejected-key') throw new FieldErrors([{ pointer: '/fields/apiKey', detail: 'This key was rejected' }]);
    if (fields.apiKey === 'echo-the-secret') return { id: 'leak', label: `key ${String(fields.apiKey)}` };
    if (fields.apiKey === 'throw') throw new Error('the hook failed');
    return { id: `conn-${calls.credentials.length}`, connector: input.connector };
  },
  onTokens: ({ request: _request, tokens, ...input }: TokensInput) => {
    calls.tokens.push({ connector: input.connector, fields: input.fields, context: input.context, tokenTypes: Object.keys(tokens).sort() });
    return { id: `oauth-${calls.tokens.length}`, label: `Signed in to ${input.connector}` };
  },
});

/** A handler created lazily, inside a request (where workerd forbids compiling code): its error, or null. */
async function lateCreation(): Promise<string | null> {
  try {
    createTokenEndpoint({ connectors: [EXAMPLE], allowedOrigins: [config!.origin], onCredentials: () => ({ id: 'x' }), logger: false });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/__calls') return Response.json(calls);
    if (pathname === '/__late') return Response.json({ error: await lateCreation() });
    return handle(request);
  },
};
