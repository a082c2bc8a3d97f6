// The examples in the docs are real: every JSON block in docs/*.md and README.md parses; every
// connector definition among them passes the shipped connector schema (src/core/connector.schema.json)
// and the real parser (parseConnector), and each of its options' schemas builds a form model; the
// protocol's requests and answers (docs/protocol.md) are checked against the reference handler
// (connect-widget/server) serving the connectors of docs/connectors.md, and its error bodies against
// the widget's own error reader. A block in protocol.md says what it is in an HTML comment before it:
// `<!-- example: request <step> -->`, `<!-- example: answer <step> -->`, `<!-- example: error <status> -->`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import connectorSchema from '../../src/core/connector.schema.json' with { type: 'json' };
import { listOptions, parseConnector, type Connector } from '../../src/core/connector.js';
import { normaliseErrorResponse } from '../../src/core/errors.js';
import { buildModel } from '../../src/core/walker.js';
import { createTokenEndpoint } from '../../src/server/index.js';
import '../core/validator-ready.js';

interface Block {
  file: string;
  line: number;
  tag: string;
  text: string;
}

/** The ```json blocks of a Markdown file, each with the `<!-- example: ... -->` tag just before it. */
function jsonBlocks(file: string): Block[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```json\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    let before = start - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const tag = before >= 0 ? (/<!--\s*example:\s*(.+?)\s*-->/.exec(lines[before]!)?.[1] ?? '') : '';
    blocks.push({ file, line: start + 1, tag, text: body.join('\n') });
  }
  return blocks;
}

const files = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const all = files.flatMap(jsonBlocks);
const where = (b: Block) => `${b.file}:${b.line}`;
const parsed = (b: Block): unknown => JSON.parse(b.text);
const isConnector = (v: unknown): v is Connector => typeof v === 'object' && v !== null && 'key' in v && 'auth' in v;
const connectors = jsonBlocks('docs/connectors.md').map(parsed).filter(isConnector);
const protocol = jsonBlocks('docs/protocol.md');

describe('the JSON examples in the docs', () => {
  it('every JSON block parses', () => {
    assert.ok(all.length > 10, 'the docs have JSON examples');
    for (const block of all) assert.doesNotThrow(() => parsed(block), `${where(block)} is not valid JSON`);
  });

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(connectorSchema);
  for (const block of all.filter((b) => isConnector(parsed(b)))) {
    it(`the connector at ${where(block)} passes the connector schema and the parser, and each option's form can be built`, () => {
      const connector = parsed(block);
      assert.ok(validate(connector), `${where(block)}: ${JSON.stringify(validate.errors)}`);
      const result = parseConnector(connector);
      assert.ok(result.ok, `${where(block)}: ${result.ok ? '' : result.problems.join('; ')}`);
      for (const option of listOptions(result.connector)) {
        if (option.schema) assert.doesNotThrow(() => buildModel(option.schema, {}), `${where(block)} option ${option.key}`);
      }
    });
  }

  it('docs/connectors.md has a complete example for an API key, basic auth, client credentials, OAuth 2 with connection parameters and several options', () => {
    const secretKeys = (c: Connector) => Object.keys((c.auth.ui?.schema?.properties ?? {}) as object);
    assert.ok(
      connectors.some((c) => c.auth.type === 'client-credentials' && secretKeys(c).includes('apiKey')),
      'API key',
    );
    assert.ok(
      connectors.some((c) => c.auth.type === 'client-credentials' && secretKeys(c).includes('username') && secretKeys(c).includes('password')),
      'basic',
    );
    assert.ok(
      connectors.some((c) => c.auth.type === 'client-credentials' && secretKeys(c).includes('clientSecret')),
      'client credentials',
    );
    assert.ok(
      connectors.some((c) => c.auth.type === 'oauth2' && c.auth.ui?.schema),
      'OAuth 2 with connection parameters',
    );
    assert.ok(
      connectors.some((c) => Object.keys(c.auth.options ?? {}).length > 1),
      'several options',
    );
  });
});

describe('docs/protocol.md against the reference handler', () => {
  const ORIGIN = 'https://app.example.com';
  const AUTHORIZE = 'https://id.example-helpdesk.com/authorize';
  const documented = new Map(protocol.filter((b) => b.tag.startsWith('answer ')).map((b) => [b.tag.slice('answer '.length), parsed(b) as Record<string, unknown>]));
  const handle = createTokenEndpoint({
    connectors,
    allowedOrigins: [ORIGIN],
    secret: 'a-docs-test-secret-that-is-at-least-32-bytes',
    oauth: { 'example-helpdesk': { authorizationEndpoint: AUTHORIZE, tokenEndpoint: 'https://id.example-helpdesk.com/token', clientId: 'helpdesk-client', clientSecret: 'helpdesk-secret' } },
    // The connection the docs show for this step.
    onCredentials: () => documented.get('credentials')!.connection as never,
    onTokens: () => documented.get('oauth-callback')!.connection as never,
  });
  const send = (body: unknown) =>
    handle(
      new Request('https://app.example.com/api/connect', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN, 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(body),
      }),
    );

  it('every JSON block says what it is', () => {
    for (const block of protocol) assert.match(block.tag, /^(request|answer) (credentials|oauth-start|oauth-callback)$|^error \d{3}$/, where(block));
    for (const kind of ['request credentials', 'request oauth-start', 'request oauth-callback', 'answer credentials', 'answer oauth-start', 'answer oauth-callback']) {
      assert.ok(
        protocol.some((b) => b.tag === kind),
        `an example of ${kind}`,
      );
    }
  });

  for (const block of protocol.filter((b) => b.tag.startsWith('request '))) {
    const step = block.tag.slice('request '.length);
    it(`the ${step} request at ${where(block)} is accepted, and answered as documented`, async () => {
      const body = parsed(block) as Record<string, unknown>;
      assert.equal(body.step, step);
      const response = await send(body);
      const answer = (await response.json()) as Record<string, unknown>;
      if (step === 'credentials') {
        assert.equal(response.status, 200, JSON.stringify(answer));
        assert.deepEqual(answer, documented.get('credentials'));
      } else if (step === 'oauth-start') {
        assert.equal(response.status, 200, JSON.stringify(answer));
        assert.deepEqual(Object.keys(answer).sort(), Object.keys(documented.get('oauth-start')!).sort());
        const url = new URL(answer.authorizationUrl as string);
        assert.equal(`${url.origin}${url.pathname}`, AUTHORIZE);
        assert.equal(url.searchParams.get('state'), answer.state);
        assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
        assert.equal(url.searchParams.get('redirect_uri'), body.redirectUri);
      } else {
        // The body's shape is accepted; with no flow cookie (no oauth-start before it) the sign-in has expired.
        assert.equal(response.status, 400);
        assert.equal(answer.errors, undefined, `not a body-shape error: ${JSON.stringify(answer)}`);
        assert.match(String(answer.title), /expired|already completed/);
        assert.deepEqual(Object.keys(documented.get('oauth-callback')!), ['connection']);
      }
    });
  }

  it('a 422 from the handler has the shape of the documented problem details', async () => {
    const example = protocol.find((b) => b.tag === 'error 422')!;
    const documentedProblem = parsed(example) as { errors: { pointer: string }[] };
    const response = await send({ connector: 'example-app', option: 'api-key', type: 'client-credentials', step: 'credentials', fields: {} });
    assert.equal(response.status, 422);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    const problem = (await response.json()) as { errors: { pointer: string }[] };
    assert.deepEqual(Object.keys(problem).sort(), Object.keys(documentedProblem).sort());
    assert.deepEqual(
      problem.errors.map((e) => e.pointer),
      documentedProblem.errors.map((e) => e.pointer),
    );
  });

  for (const block of protocol.filter((b) => b.tag.startsWith('error '))) {
    it(`the error body at ${where(block)} gives the user its own sentence${block.text.includes('apiKey') ? ' and an error on the API key field' : ''}`, () => {
      const status = Number(block.tag.slice('error '.length));
      const info = normaliseErrorResponse({ status, bodyText: block.text, fieldResolves: (p) => p === '/apiKey', secrets: [] });
      // Not the generic sentence for a body the widget cannot read, which names the status.
      assert.doesNotMatch(info.message, new RegExp(`\\(${status} `), info.message);
      if (block.text.includes('apiKey'))
        assert.deepEqual(
          info.fieldErrors?.map((e) => e.pointer),
          ['/apiKey'],
        );
    });
  }
});
