/// <reference types="vite/client" />
/**
 * The stories' token endpoint inside the browser, with Mock Service Worker: a static Storybook (what a
 * team deploys for review, with no server behind it) answers every story as the dev server does. A
 * story names its scenario in its `token-endpoint` URL, as it would for a real endpoint:
 *
 *   /api/token/ok                      200 { connection }
 *   /api/token/pending, /api/token/hang  never answers (sending, loading, timed out)
 *   /api/token/error/<fixture>         status, headers and body of test/fixtures/errors/<fixture>.json
 *   /api/token/test-key                422 on /fields/apiKey unless fields.apiKey is "good-key"
 *   /api/token/oauth?answer=<a>        oauth-start → the stand-in provider page (provider.html) and a
 *                                      state; oauth-callback → { connection } for code "good";
 *                                      answer=reject-subdomain: oauth-start is a 422 on /fields/subdomain;
 *                                      answer=hold-callback: oauth-callback never answers
 *   /api/connectors/<name>             a fixture connector (404 for any other name)
 *
 * The same paths, with the same answers, are served over real HTTP by test/tools/token-endpoint.mjs
 * (the endpoint of the element tests); test/stories runs every story against both.
 */
import { delay, http, HttpResponse } from 'msw';

interface ErrorFixture {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

const byName = <T>(files: Record<string, T>): Map<string, T> => new Map(Object.entries(files).map(([path, value]) => [path.replace(/^.*\/|\.json$/g, ''), value]));
const errors = byName(import.meta.glob<ErrorFixture>('../test/fixtures/errors/*.json', { eager: true, import: 'default' }));
const connectors = byName(import.meta.glob<unknown>('../test/fixtures/connectors/*.json', { eager: true, import: 'default' }));

const NO_STORE = { 'Cache-Control': 'no-store' };
const problem = (status: number, title: string, errors?: { pointer: string; detail: string }[]) =>
  HttpResponse.json({ title, status, ...(errors ? { errors } : {}) }, { status, headers: { ...NO_STORE, 'Content-Type': 'application/problem+json' } });

let requests = 0;

async function answer(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const scenario = url.pathname.replace(/^.*\/api\/token\//, '');
  const body = (await request
    .text()
    .then((text) => (text ? JSON.parse(text) : {}))
    .catch(() => ({}))) as {
    connector?: string;
    option?: string;
    step?: string;
    fields?: { apiKey?: string };
    params?: { code?: string };
  };
  requests += 1;
  const connection = { id: `conn_${requests}`, connector: body.connector, option: body.option ?? null };

  if (scenario === 'ok') return HttpResponse.json({ connection }, { headers: NO_STORE });
  if (scenario === 'pending' || scenario === 'hang') {
    await delay('infinite');
  }
  if (scenario.startsWith('error/')) {
    const fixture = errors.get(scenario.slice('error/'.length));
    if (!fixture) return HttpResponse.json({ message: `unknown fixture ${scenario}` }, { status: 404 });
    const text = typeof fixture.body === 'string' ? fixture.body : JSON.stringify(fixture.body);
    const type = fixture.headers?.['Content-Type'] ?? 'application/json';
    return new HttpResponse(text, { status: fixture.status, headers: { ...fixture.headers, ...NO_STORE, 'Content-Type': type } });
  }
  if (scenario === 'test-key') {
    if (body.fields?.apiKey === 'good-key') return HttpResponse.json({ connection }, { headers: NO_STORE });
    return problem(422, 'The credentials were rejected', [{ pointer: '/fields/apiKey', detail: 'This key was rejected by Example App.' }]);
  }
  if (scenario === 'oauth') {
    const choice = url.searchParams.get('answer') ?? 'wait';
    const state = `state-${requests}`;
    if (body.step === 'oauth-start' && choice === 'reject-subdomain') {
      return problem(422, 'Check the connection details', [{ pointer: '/fields/subdomain', detail: 'There is no helpdesk at this subdomain.' }]);
    }
    if (body.step === 'oauth-start') {
      // Beside iframe.html, so a Storybook deployed under a sub-path finds it too.
      const authorizationUrl = new URL(`provider.html?answer=${encodeURIComponent(choice)}&state=${state}`, document.baseURI).href;
      return HttpResponse.json({ authorizationUrl, state }, { headers: NO_STORE });
    }
    if (body.step === 'oauth-callback' && choice === 'hold-callback') await delay('infinite');
    if (body.step === 'oauth-callback' && body.params?.code === 'good') return HttpResponse.json({ connection }, { headers: NO_STORE });
    return problem(400, 'The sign-in could not be completed');
  }
  return HttpResponse.json({ message: `unknown scenario ${scenario}` }, { status: 404 });
}

/** The request handlers of every story (`parameters.msw.handlers` in .storybook/preview.ts). */
export const mockEndpoint = [
  http.all('*/api/connectors/:name', ({ params }) => {
    const connector = connectors.get(String(params.name));
    return connector ? HttpResponse.json(connector as object, { headers: NO_STORE }) : HttpResponse.json({ message: 'no such connector' }, { status: 404 });
  }),
  http.all('*/api/token/*', ({ request }) => answer(request)),
];
