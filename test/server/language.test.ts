// The reference handler words its validation messages in the request's Accept-Language, with the
// widget's own catalogs (q-values negotiated; English when it has no catalog for the language).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answer, endpoint, post } from './helpers.js';

const missingName = () => ({
  connector: 'auth0',
  type: 'client-credentials',
  step: 'credentials',
  fields: { method: 'client-credentials', credentials: { domain: 'acme.us.auth0.com', clientId: 'cid-123', audience: 'https://acme.us.auth0.com/api/v2/' } },
});

async function problemsIn(acceptLanguage: string | undefined) {
  const { handle, calls } = endpoint();
  const body = await answer(await handle(post(missingName(), acceptLanguage === undefined ? {} : { headers: { 'accept-language': acceptLanguage } })), 422);
  assert.equal(calls.credentials.length, 0);
  const errors = Object.fromEntries((body.errors as Array<{ pointer: string; detail: string }>).map((e) => [e.pointer, e.detail]));
  return { title: body.title as string, errors };
}

test('German: the 422 says "Geben Sie … ein" for a missing field, its title too', async () => {
  const { title, errors } = await problemsIn('de-DE,de;q=0.9,en;q=0.5');
  assert.equal(errors['/fields/name'], 'Geben Sie Name ein');
  assert.equal(errors['/fields/credentials/clientSecret'], 'Geben Sie Client Secret ein');
  assert.equal(title, 'Einige Felder müssen geprüft werden');
});

test('Arabic (ar-EG → ar): the messages are in Arabic', async () => {
  const { title, errors } = await problemsIn('ar-EG');
  assert.equal(errors['/fields/name'], 'أدخل Name');
  assert.equal(title, 'بعض الحقول تحتاج إلى مراجعة');
});

test('q-values decide: a preferred language without a catalog gives way to the next one we have', async () => {
  const { errors } = await problemsIn('sv;q=1, fr;q=0.8, de;q=0.3');
  assert.equal(errors['/fields/name'], 'Saisissez Name');
});

test('an unknown language, a wildcard or no header at all: English', async () => {
  for (const header of ['tlh', '*', undefined]) {
    const { title, errors } = await problemsIn(header);
    assert.equal(errors['/fields/name'], 'Enter Name', String(header));
    assert.equal(title, 'Some fields need attention');
  }
});
