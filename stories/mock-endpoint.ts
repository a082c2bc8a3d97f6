/// <reference types="vite/client" />
/**
 * The stories' token endpoint inside the browser, with Mock Service Worker: a static Storybook (what a
 * team deploys for review, with no server behind it) answers every story as the dev server does. A
 * story names its scenario in its `token-endpoint` URL (`/api/token/ok`, `/api/token/test-key`,
 * `/api/token/oauth?answer=good`, …), as it would for a real endpoint; `/api/connectors/<name>` is a
 * fixture connector.
 *
 * What each scenario answers is one table, test/tools/token-scenarios.mjs, which the real HTTP
 * endpoint of the element tests (test/tools/token-endpoint.mjs) answers from too; test/stories runs
 * every story against both.
 */
import { delay, http, HttpResponse } from 'msw';
import { answerFor, type ErrorFixture, type Reply } from '../test/tools/token-scenarios.mjs';

const byName = <T>(files: Record<string, T>): Map<string, T> => new Map(Object.entries(files).map(([path, value]) => [path.replace(/^.*\/|\.json$/g, ''), value]));
const errors = byName(import.meta.glob<ErrorFixture>('../test/fixtures/errors/*.json', { eager: true, import: 'default' }));
const connectors = byName(import.meta.glob<unknown>('../test/fixtures/connectors/*.json', { eager: true, import: 'default' }));

const NO_STORE = { 'Cache-Control': 'no-store' };
const toResponse = ({ status, headers, text }: Reply) => new HttpResponse(text, { status, headers });

let requests = 0;
let started: Record<string, unknown> = {};

async function answer(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const body: unknown = await request
    .text()
    .then((text) => (text ? JSON.parse(text) : {}))
    .catch(() => ({}));
  requests += 1;
  const step = (body as { step?: unknown; fields?: Record<string, unknown> } | null)?.step;
  if (step === 'oauth-start') started = (body as { fields?: Record<string, unknown> }).fields ?? {};
  const answer = answerFor({
    scenario: url.pathname.replace(/^.*\/api\/token\//, ''),
    answer: url.searchParams.get('answer'),
    body,
    count: requests,
    // Beside iframe.html, so a Storybook deployed under a sub-path finds it too.
    providerUrl: (choice, state) => new URL(`provider.html?answer=${encodeURIComponent(choice)}&state=${state}`, document.baseURI).href,
    errorFixture: (name) => errors.get(name),
    started,
  });
  if ('hang' in answer) await delay('infinite');
  if ('drop' in answer) return HttpResponse.error();
  if ('delay' in answer) {
    await delay(answer.delay);
    return toResponse(answer.reply);
  }
  return toResponse(answer as Reply);
}

/** The request handlers of every story (`parameters.msw.handlers` in .storybook/preview.ts). */
export const mockEndpoint = [
  http.all('*/api/connectors/:name', ({ params }) => {
    const connector = connectors.get(String(params.name));
    return connector ? HttpResponse.json(connector as object, { headers: NO_STORE }) : HttpResponse.json({ message: 'no such connector' }, { status: 404 });
  }),
  http.all('*/api/token/*', ({ request }) => answer(request)),
];
