import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  CALLBACK_MESSAGE_TYPE,
  REDIRECT_FLOW_KEY,
  REDIRECT_RESULT_KEY,
  acceptMessage,
  createOAuthFlow,
  isCallbackMessage,
  parseCallbackParams,
  saveRedirectFlow,
  saveRedirectResult,
  takeRedirectFlow,
  takeRedirectResult,
  peekRedirectResult,
  type AcceptMessageInput,
  type OAuthFlowSnapshot,
  type StorageLike,
} from '../../src/core/oauth.js';
import { oauthErrorText, oauthStatusText } from '../../src/core/text/widget.js';
import { fakeClock } from '../tools/fake-clock.js';

/** What the sign-in panel says for a flow's snapshot. */
const textOf = (snapshot: OAuthFlowSnapshot) => oauthStatusText(snapshot);

const ORIGIN = 'https://app.example.com';

function message(state: string | null, extra: Record<string, string> = {}) {
  const params: Record<string, string> = { ...extra };
  if (state !== null) params.state = state;
  return { type: CALLBACK_MESSAGE_TYPE, state, params };
}

function setup(opts: { timeoutMs?: number; closedGraceMs?: number } = {}) {
  const clock = fakeClock();
  const changes: OAuthFlowSnapshot[] = [];
  const flow = createOAuthFlow({ ...clock, ...opts, onChange: (s) => changes.push(s) });
  const popup = { name: 'popup' };
  return { clock, flow, changes, popup };
}

/** A flow that has opened its popup and is waiting for state `s1`. */
function waitingFlow(state = 's1', connector = 'example-app', opts: { timeoutMs?: number; closedGraceMs?: number } = {}) {
  const ctx = setup(opts);
  assert.equal(ctx.flow.start({ connector, option: 'oauth', providerName: 'Example App', expectedOrigin: ORIGIN }), true);
  ctx.flow.popupOpened(ctx.popup);
  assert.equal(ctx.flow.started(`https://provider.example/authorize?state=${state}`, state), true);
  return ctx;
}

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('parseCallbackParams', () => {
  test('reads the query and the fragment, decoding form encoding; the fragment wins a clash', () => {
    const params = parseCallbackParams('?code=a%2Fb+c&state=from-query&scope=read', '#state=from-fragment&iss=https%3A%2F%2Fid.example');
    assert.deepEqual({ ...params }, { code: 'a/b c', state: 'from-fragment', scope: 'read', iss: 'https://id.example' });
  });

  test('works without the leading ? and # and on empty input', () => {
    assert.deepEqual({ ...parseCallbackParams('code=1', 'state=2') }, { code: '1', state: '2' });
    assert.deepEqual({ ...parseCallbackParams('', '') }, {});
    assert.deepEqual({ ...parseCallbackParams('?', '#') }, {});
  });

  test('keeps the first of a duplicated parameter, so an appended copy cannot override it', () => {
    assert.equal(parseCallbackParams('?state=good&state=evil', '').state, 'good');
  });

  test('keeps a malformed percent escape as raw text instead of throwing', () => {
    assert.equal(parseCallbackParams('?code=%E0%A4%A&state=s', '').code, '%E0%A4%A');
  });

  test('drops __proto__ and constructor keys and returns a null-prototype object', () => {
    const params = parseCallbackParams('?__proto__=x&constructor=y&prototype=z&code=c', '#__proto__[polluted]=1');
    assert.equal(Object.getPrototypeOf(params), null);
    assert.deepEqual(Object.keys(params), ['code', '__proto__[polluted]']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(params, '__proto__'), false);
  });
});

describe('isCallbackMessage (checklist 14)', () => {
  test('accepts the message the callback page sends, with or without a state', () => {
    assert.equal(isCallbackMessage(message('s1', { code: 'abc' })), true);
    assert.equal(isCallbackMessage(message(null, { error: 'access_denied' })), true);
  });

  test('rejects strings, null, arrays and other non-objects', () => {
    for (const data of [JSON.stringify(message('s1')), null, undefined, 42, true, [message('s1')], () => message('s1')]) {
      assert.equal(isCallbackMessage(data), false, String(data));
    }
  });

  test('rejects missing or wrong fields', () => {
    const bad: unknown[] = [
      {},
      { type: 'other', state: 's1', params: { state: 's1' } },
      { state: 's1', params: { state: 's1' } },
      { type: CALLBACK_MESSAGE_TYPE, params: { state: 's1' } },
      { type: CALLBACK_MESSAGE_TYPE, state: 's1' },
      { type: CALLBACK_MESSAGE_TYPE, state: 's1', params: null },
      { type: CALLBACK_MESSAGE_TYPE, state: 's1', params: ['s1'] },
      { type: CALLBACK_MESSAGE_TYPE, state: 1, params: { state: 1 } },
      { type: CALLBACK_MESSAGE_TYPE, state: 's1', params: { state: 's1', code: 5 } },
      { type: CALLBACK_MESSAGE_TYPE, state: 's1', params: { state: 's1', code: { toString: 'x' } } },
      { type: CALLBACK_MESSAGE_TYPE, state: 's1', params: { state: 's1', code: ['a'] } },
      // state disagrees with params.state: a forged envelope
      { type: CALLBACK_MESSAGE_TYPE, state: 's1', params: { state: 's2' } },
      { type: CALLBACK_MESSAGE_TYPE, state: 's1', params: {} },
      { type: CALLBACK_MESSAGE_TYPE, state: null, params: { state: 's1' } },
      // params of another class (a Map, a Date) are not plain data
      { type: CALLBACK_MESSAGE_TYPE, state: null, params: new Map() },
    ];
    for (const data of bad) assert.equal(isCallbackMessage(data), false, JSON.stringify(data));
  });

  test('rejects __proto__ and constructor keys, at the top and in params, without polluting', () => {
    const top = JSON.parse(`{"type":"${CALLBACK_MESSAGE_TYPE}","state":"s1","params":{"state":"s1"},"__proto__":{"polluted":"yes"}}`);
    const inner = JSON.parse(`{"type":"${CALLBACK_MESSAGE_TYPE}","state":"s1","params":{"state":"s1","__proto__":"x"}}`);
    const ctor = JSON.parse(`{"type":"${CALLBACK_MESSAGE_TYPE}","state":"s1","params":{"state":"s1","constructor":"x"}}`);
    assert.equal(isCallbackMessage(top), false);
    assert.equal(isCallbackMessage(inner), false);
    assert.equal(isCallbackMessage(ctor), false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('rejects params with a getter (never runs code while checking)', () => {
    let ran = false;
    const params = { state: 's1' } as Record<string, string>;
    Object.defineProperty(params, 'code', { enumerable: true, get: () => ((ran = true), 'x') });
    assert.equal(isCallbackMessage({ type: CALLBACK_MESSAGE_TYPE, state: 's1', params }), false);
    assert.equal(ran, false);
  });
});

describe('acceptMessage', () => {
  const popup = {};
  const base = (over: Partial<AcceptMessageInput> = {}): AcceptMessageInput => ({
    via: 'postMessage',
    origin: ORIGIN,
    expectedOrigin: ORIGIN,
    source: popup,
    expectedSource: popup,
    data: message('s1', { code: 'abc' }),
    pendingState: 's1',
    consumed: false,
    ...over,
  });

  test('accepts the right origin, source and state, returning a null-prototype copy of the params', () => {
    const data = message('s1', { code: 'abc' });
    const result = acceptMessage(base({ data }));
    assert.equal(result.accept, true);
    assert.ok(result.accept);
    assert.deepEqual({ ...result.params }, { code: 'abc', state: 's1' });
    assert.equal(Object.getPrototypeOf(result.params), null);
    data.params.code = 'changed-later';
    assert.equal(result.params.code, 'abc');
  });

  test('checklist 1: rejects every origin but the exact one, including look-alikes and "null"', () => {
    const wrong = [
      'https://app.example.com.evil',
      'https://app.example.com:8443',
      'http://app.example.com',
      'https://evil-app.example.com',
      'https://app.example.co',
      'https://APP.EXAMPLE.COM',
      'https://app.example.com/',
      'null',
      '',
    ];
    for (const origin of wrong) assert.deepEqual(acceptMessage(base({ origin })), { accept: false, reason: 'wrong-origin' }, origin);
    for (const via of ['postMessage', 'broadcast'] as const) {
      assert.deepEqual(acceptMessage(base({ via, origin: 'https://app.example.com.evil' })), { accept: false, reason: 'wrong-origin' });
    }
    // Two opaque origins both read "null" but are not the same origin.
    assert.deepEqual(acceptMessage(base({ origin: 'null', expectedOrigin: 'null' })), { accept: false, reason: 'wrong-origin' });
  });

  test('checklist 2: a postMessage from a window other than our popup is refused', () => {
    const iframe = {};
    assert.deepEqual(acceptMessage(base({ source: iframe })), { accept: false, reason: 'wrong-source' });
    assert.deepEqual(acceptMessage(base({ source: null })), { accept: false, reason: 'wrong-source' });
    // Without a recorded popup, a null source must not match a null expectation.
    assert.deepEqual(acceptMessage(base({ source: null, expectedSource: null })), { accept: false, reason: 'wrong-source' });
    assert.deepEqual(acceptMessage(base({ source: undefined, expectedSource: undefined })), { accept: false, reason: 'wrong-source' });
  });

  test('the BroadcastChannel route has no source and is accepted on origin and state', () => {
    assert.equal(acceptMessage(base({ via: 'broadcast', source: null, expectedSource: popup })).accept, true);
  });

  test('checklist 3: a missing, wrong, or already used state is refused', () => {
    assert.deepEqual(acceptMessage(base({ data: message(null, { code: 'abc' }) })), { accept: false, reason: 'missing-state' });
    assert.deepEqual(acceptMessage(base({ data: message('', { code: 'abc' }) })), { accept: false, reason: 'missing-state' });
    assert.deepEqual(acceptMessage(base({ data: message('s2', { code: 'abc' }) })), { accept: false, reason: 'wrong-state' });
    assert.deepEqual(acceptMessage(base({ consumed: true })), { accept: false, reason: 'already-consumed' });
    assert.deepEqual(acceptMessage(base({ pendingState: null })), { accept: false, reason: 'no-pending-flow' });
  });

  test('checklist 14: malformed data is refused before use', () => {
    for (const data of ['{"type":"connect-widget:oauth-callback"}', null, [], { type: CALLBACK_MESSAGE_TYPE }]) {
      assert.deepEqual(acceptMessage(base({ data })), { accept: false, reason: 'malformed' });
    }
  });
});

describe('OAuth flow', () => {
  test('happy path: opening → waiting → exchanging → done, with the texts the user sees', () => {
    const { flow, popup, changes } = setup();
    assert.equal(flow.snapshot.status, 'idle');
    flow.start({ connector: 'example-app', option: 'oauth', providerName: 'Example App', expectedOrigin: ORIGIN });
    assert.equal(flow.snapshot.status, 'opening');
    assert.equal(flow.snapshot.view.busy, true);
    flow.popupOpened(popup);
    flow.started('https://provider.example/authorize', 's1');
    assert.equal(flow.snapshot.status, 'waiting');
    assert.equal(textOf(flow.snapshot), 'Waiting for Example App… Use the Example App window to finish signing in.');
    assert.doesNotMatch(textOf(flow.snapshot), /\bin in\b/, 'issue 17: no "in in"');
    assert.deepEqual(flow.snapshot.view.actions, ['reopen', 'cancel'], 'a window lost behind the page can be brought back, or the flow given up');
    assert.equal(flow.snapshot.listening, true);

    const verdict = flow.message({ via: 'postMessage', origin: ORIGIN, source: popup, data: message('s1', { code: 'abc' }) });
    assert.equal(verdict.accept, true);
    assert.equal(flow.snapshot.status, 'exchanging');
    assert.deepEqual({ ...flow.snapshot.params }, { code: 'abc', state: 's1' });
    assert.equal(flow.succeed(), true);
    assert.equal(flow.snapshot.status, 'done');
    assert.equal(textOf(flow.snapshot), 'Connected to Example App.');
    assert.equal(flow.snapshot.listening, false);
    assert.deepEqual(
      changes.map((s) => s.status),
      ['opening', 'waiting', 'exchanging', 'done'],
    );
  });

  test('checklist 9: a second start while a flow is active is refused (one click, one popup)', () => {
    const { flow } = waitingFlow('s1');
    const init = { connector: 'example-app', option: 'oauth', providerName: 'Example App', expectedOrigin: ORIGIN };
    assert.equal(flow.start(init), false);
    assert.equal(flow.snapshot.state, 's1');
    assert.equal(flow.snapshot.status, 'waiting');

    const fresh = setup().flow;
    assert.equal(fresh.start(init), true);
    assert.equal(fresh.start(init), false, 'double click while opening');
  });

  test('a new flow can start once the previous one ended, with a clean slate', () => {
    const { flow, popup } = waitingFlow('s1');
    flow.cancel();
    assert.equal(flow.start({ connector: 'example-app', option: 'oauth', providerName: 'Example App', expectedOrigin: ORIGIN }), true);
    assert.equal(flow.snapshot.error, null);
    assert.equal(flow.snapshot.cancelReason, null);
    flow.popupOpened(popup);
    flow.started('https://provider.example/authorize', 's2');
    // The old flow's state no longer answers.
    assert.equal(flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s1', { code: 'old' }) }).accept, false);
    assert.equal(flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s2', { code: 'new' }) }).accept, true);
    assert.equal(flow.snapshot.params?.code, 'new');
  });

  test('checklist 4 and 10: connector A’s answer does not complete connector B’s flow', () => {
    const a = waitingFlow('state-a', 'connector-a');
    const b = waitingFlow('state-b', 'connector-b');
    const answerA = message('state-a', { code: 'code-for-a' });
    // The channel delivers to every listener on the page (and in other tabs).
    assert.equal(b.flow.message({ via: 'broadcast', origin: ORIGIN, data: answerA }).accept, false);
    assert.equal(a.flow.message({ via: 'broadcast', origin: ORIGIN, data: answerA }).accept, true);
    assert.equal(b.flow.snapshot.status, 'waiting', 'B keeps waiting, unharmed');
    assert.equal(b.flow.snapshot.params, null);
    assert.equal(a.flow.snapshot.params?.code, 'code-for-a');
    const bNow = () => b.flow.snapshot; // a fresh read: not narrowed by the assertion above
    b.flow.message({ via: 'broadcast', origin: ORIGIN, data: message('state-b', { code: 'code-for-b' }) });
    assert.equal(bNow().params?.code, 'code-for-b');
    assert.equal(a.flow.snapshot.params?.code, 'code-for-a');
  });

  test('checklist 3: the same answer by both routes, or replayed, is exchanged once', () => {
    const { flow, popup, changes } = waitingFlow('s1');
    const data = message('s1', { code: 'abc' });
    assert.equal(flow.message({ via: 'postMessage', origin: ORIGIN, source: popup, data }).accept, true);
    const dup = flow.message({ via: 'broadcast', origin: ORIGIN, data });
    assert.deepEqual(dup, { accept: false, reason: 'already-consumed' });
    flow.succeed();
    const replay = flow.message({ via: 'postMessage', origin: ORIGIN, source: popup, data });
    assert.equal(replay.accept, false);
    assert.equal(changes.filter((s) => s.status === 'exchanging').length, 1);
    assert.equal(flow.snapshot.status, 'done');
  });

  test('checklist 3: our own popup answering another state fails with state-mismatch', () => {
    const { flow, popup } = waitingFlow('s1');
    flow.message({ via: 'postMessage', origin: ORIGIN, source: popup, data: message('attacker-state', { code: 'evil' }) });
    assert.equal(flow.snapshot.status, 'failed');
    assert.equal(flow.snapshot.error?.code, 'state-mismatch');
    assert.equal(flow.snapshot.params, null, 'nothing to exchange');
  });

  test('checklist 3: a missing state from our own popup also fails; on the channel it is ignored', () => {
    const own = waitingFlow('s1');
    own.flow.message({ via: 'postMessage', origin: ORIGIN, source: own.popup, data: message(null, { code: 'x' }) });
    assert.equal(own.flow.snapshot.error?.code, 'state-mismatch');

    const other = waitingFlow('s1');
    other.flow.message({ via: 'broadcast', origin: ORIGIN, data: message(null, { code: 'x' }) });
    other.flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s-other-tab', { code: 'y' }) });
    assert.equal(other.flow.snapshot.status, 'waiting');
  });

  test('checklist 2: a same-origin iframe posting the right state is ignored', () => {
    const { flow } = waitingFlow('s1');
    const iframe = {};
    const verdict = flow.message({ via: 'postMessage', origin: ORIGIN, source: iframe, data: message('s1', { code: 'x' }) });
    assert.deepEqual(verdict, { accept: false, reason: 'wrong-source' });
    assert.equal(flow.snapshot.status, 'waiting');
  });

  test('checklist 1: a look-alike origin never reaches the exchange', () => {
    const { flow, popup } = waitingFlow('s1');
    flow.message({ via: 'postMessage', origin: 'https://app.example.com.evil', source: popup, data: message('s1', { code: 'x' }) });
    flow.message({ via: 'broadcast', origin: 'http://app.example.com', data: message('s1', { code: 'x' }) });
    assert.equal(flow.snapshot.status, 'waiting');
  });

  test('checklist 5: error=access_denied ends the flow as oauth-denied with the provider’s text, and no exchange', () => {
    const { flow, popup, changes } = waitingFlow('s1');
    flow.message({
      via: 'postMessage',
      origin: ORIGIN,
      source: popup,
      data: message('s1', { error: 'access_denied', error_description: 'The user denied\nthe request' }),
    });
    const snap = flow.snapshot;
    assert.equal(snap.status, 'failed');
    assert.equal(snap.error?.code, 'oauth-denied');
    assert.equal(oauthErrorText(snap.error!, snap.providerName), 'Example App did not grant access: The user denied the request');
    assert.equal(textOf(snap), 'Example App did not grant access: The user denied the request');
    assert.deepEqual(snap.view.actions, ['retry']);
    assert.equal(snap.params, null);
    assert.equal(
      changes.some((s) => s.status === 'exchanging'),
      false,
    );
  });

  test('checklist 5: without error_description the message names the error code', () => {
    const { flow } = waitingFlow('s1');
    flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s1', { error: 'access_denied' }) });
    assert.equal(textOf(flow.snapshot), 'Example App did not grant access (access_denied).');
  });

  test('checklist 7: the popup reads closed → Reopen and Cancel appear only after the grace', () => {
    const { flow, clock } = waitingFlow('s1', 'example-app', { closedGraceMs: 1000 });
    flow.popupClosedObserved();
    flow.popupClosedObserved(); // polled again: still one grace timer
    clock.advance(999);
    assert.equal(flow.snapshot.status, 'waiting');
    assert.match(textOf(flow.snapshot), /^Waiting for Example App…/);
    clock.advance(1);
    assert.equal(flow.snapshot.status, 'popup-closed-suspected');
    assert.deepEqual(flow.snapshot.view.actions, ['reopen', 'cancel']);
    assert.equal(flow.snapshot.view.busy, false, 'no spinner');
    assert.equal(flow.snapshot.listening, true, 'keeps listening');
    assert.match(textOf(flow.snapshot), /Example App window/);
  });

  test('checklist 7: Cancel ends the flow as cancelled with reason popup-closed, removing every timer', () => {
    const { flow, clock } = waitingFlow('s1');
    flow.popupClosedObserved();
    clock.advance(1000);
    assert.equal(flow.cancel(), true);
    assert.equal(flow.snapshot.status, 'cancelled');
    assert.equal(flow.snapshot.cancelReason, 'popup-closed');
    assert.equal(flow.snapshot.listening, false);
    assert.equal(clock.pending, 0);
  });

  test('checklist 7: Reopen returns the authorization URL and goes back to waiting', () => {
    const { flow, clock } = waitingFlow('s1');
    flow.popupClosedObserved();
    clock.advance(1000);
    const url = flow.reopen();
    assert.equal(url, 'https://provider.example/authorize?state=s1');
    assert.equal(flow.snapshot.status, 'waiting');
    const newPopup = {};
    flow.popupOpened(newPopup);
    assert.equal(flow.message({ via: 'postMessage', origin: ORIGIN, source: newPopup, data: message('s1', { code: 'c' }) }).accept, true);
  });

  test('checklist 7: a flow that never returns ends with a timeout, never a spinner forever', () => {
    const { flow, clock, changes } = waitingFlow('s1', 'example-app', { timeoutMs: 600_000 });
    clock.advance(599_999);
    assert.equal(flow.snapshot.status, 'waiting');
    clock.advance(1);
    assert.equal(flow.snapshot.status, 'failed');
    assert.equal(flow.snapshot.error?.code, 'timeout');
    assert.equal(flow.snapshot.view.busy, false);
    assert.match(textOf(flow.snapshot), /took too long/);
    assert.equal(changes.at(-1)?.status, 'failed');
    assert.equal(clock.pending, 0);
  });

  test('the timeout defaults to 10 minutes', () => {
    const { flow, clock } = waitingFlow('s1');
    clock.advance(599_000);
    assert.equal(flow.snapshot.status, 'waiting');
    clock.advance(1000);
    assert.equal(flow.snapshot.error?.code, 'timeout');
  });

  test('checklist 8: with COOP, closed reads true early, yet a later success is accepted', () => {
    const { flow, clock } = waitingFlow('s1');
    flow.popupClosedObserved();
    clock.advance(5000);
    assert.equal(flow.snapshot.status, 'popup-closed-suspected');
    // COOP severed window.opener: the answer comes by the channel only.
    const verdict = flow.message({ via: 'broadcast', origin: ORIGIN, source: null, data: message('s1', { code: 'late' }) });
    assert.equal(verdict.accept, true);
    assert.equal(flow.snapshot.status, 'exchanging');
    assert.equal(flow.snapshot.params?.code, 'late');
    flow.succeed();
    assert.equal(flow.snapshot.status, 'done');
  });

  test('a result arriving during the grace cancels the pending Reopen/Cancel', () => {
    const { flow, clock } = waitingFlow('s1');
    flow.popupClosedObserved();
    flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s1', { code: 'c' }) });
    clock.advance(2000);
    assert.equal(flow.snapshot.status, 'exchanging');
    assert.deepEqual(flow.snapshot.view.actions, []);
  });

  test('the flow timeout does not cut an exchange short (the request has its own timeout)', () => {
    const { flow, clock } = waitingFlow('s1');
    flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s1', { code: 'c' }) });
    clock.advance(700_000);
    assert.equal(flow.snapshot.status, 'exchanging');
    assert.equal(flow.cancel(), false, 'an exchange in flight is not cancelled');
    flow.fail('network', 'Network error');
    assert.equal(flow.snapshot.error?.code, 'network');
  });

  test('checklist 13: messages after a timeout are ignored', () => {
    const { flow, clock, popup, changes } = waitingFlow('s1');
    clock.advance(600_000);
    const count = changes.length;
    const verdict = flow.message({ via: 'postMessage', origin: ORIGIN, source: popup, data: message('s1', { code: 'late' }) });
    assert.deepEqual(verdict, { accept: false, reason: 'no-pending-flow' });
    assert.equal(flow.snapshot.status, 'failed');
    assert.equal(flow.snapshot.error?.code, 'timeout');
    assert.equal(changes.length, count, 'no new state');
  });

  test('checklist 13: messages after cancel or done are ignored; no timer is left behind', () => {
    const cancelled = waitingFlow('s1');
    cancelled.flow.cancel('dismissed');
    assert.equal(cancelled.flow.snapshot.cancelReason, 'dismissed');
    assert.equal(cancelled.flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s1', { code: 'x' }) }).accept, false);
    assert.equal(cancelled.flow.snapshot.status, 'cancelled');
    assert.equal(cancelled.clock.pending, 0);
    cancelled.clock.advance(700_000);
    assert.equal(cancelled.flow.snapshot.status, 'cancelled', 'no timeout after cancel');

    const done = waitingFlow('s1');
    done.flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s1', { code: 'x' }) });
    done.flow.succeed();
    assert.equal(done.clock.pending, 0);
    assert.equal(done.flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s1', { code: 'x' }) }).accept, false);
    assert.equal(done.flow.snapshot.state, null);
  });

  test('checklist 13: dispose (element removed) clears timers and ignores everything after', () => {
    const { flow, clock, changes } = waitingFlow('s1');
    flow.popupClosedObserved();
    flow.dispose();
    assert.equal(clock.pending, 0);
    const count = changes.length;
    assert.equal(flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s1', { code: 'x' }) }).accept, false);
    assert.equal(flow.start({ connector: 'x', option: null, providerName: 'X', expectedOrigin: ORIGIN }), false);
    assert.equal(changes.length, count);
  });

  test('a popup blocked by the browser offers retry and a full-page redirect', () => {
    const { flow } = setup();
    flow.start({ connector: 'example-app', option: 'oauth', providerName: 'Example App', expectedOrigin: ORIGIN });
    flow.fail('popup-blocked');
    assert.equal(flow.snapshot.error?.code, 'popup-blocked');
    assert.deepEqual(flow.snapshot.view.actions, ['retry', 'redirect']);
    assert.match(textOf(flow.snapshot), /blocked/);
  });

  test('a message before oauth-start answered has no state to match and is ignored', () => {
    const { flow, popup } = setup();
    flow.start({ connector: 'example-app', option: 'oauth', providerName: 'Example App', expectedOrigin: ORIGIN });
    flow.popupOpened(popup);
    const verdict = flow.message({ via: 'postMessage', origin: ORIGIN, source: popup, data: message('s1', { code: 'x' }) });
    assert.deepEqual(verdict, { accept: false, reason: 'no-pending-flow' });
    assert.equal(flow.snapshot.status, 'opening');
  });

  test('an authorization URL that is not http(s) or an empty state is refused, never opened', () => {
    for (const [url, state] of [
      ['javascript:alert(1)', 's1'],
      ['data:text/html,hi', 's1'],
      ['https://provider.example/authorize', ''],
    ] as const) {
      const { flow } = setup();
      flow.start({ connector: 'example-app', option: 'oauth', providerName: 'Example App', expectedOrigin: ORIGIN });
      assert.equal(flow.started(url, state), false, url);
      assert.equal(flow.snapshot.status, 'failed');
      assert.equal(flow.snapshot.authorizationUrl, null);
    }
  });

  test('started after the user cancelled returns false, so the element does not navigate the popup', () => {
    const { flow } = setup();
    flow.start({ connector: 'example-app', option: 'oauth', providerName: 'Example App', expectedOrigin: ORIGIN });
    flow.cancel();
    assert.equal(flow.started('https://provider.example/authorize', 's1'), false);
    assert.equal(flow.snapshot.status, 'cancelled');
  });
});

describe('redirect mode storage', () => {
  const NOW = 1_700_000_000_000;
  const pending = { connector: 'example-app', option: 'oauth', state: 's1', returnUrl: 'https://app.example.com/settings', startedAt: NOW };

  test('saves the five non-secret fields only, and takes them once', () => {
    const storage = memoryStorage();
    const withExtras = { ...pending, fields: { apiKey: 'sk-live-secret' }, verifier: 'pkce-verifier' };
    assert.equal(saveRedirectFlow(storage, withExtras), true);
    const raw = storage.data.get(REDIRECT_FLOW_KEY) ?? '';
    assert.doesNotMatch(raw, /sk-live-secret|pkce-verifier/);
    assert.deepEqual(takeRedirectFlow(storage, NOW + 1000), pending);
    assert.equal(storage.data.has(REDIRECT_FLOW_KEY), false);
    assert.equal(takeRedirectFlow(storage, NOW + 1000), null, 'taken once');
  });

  test('refuses an expired entry (and removes it)', () => {
    const storage = memoryStorage();
    saveRedirectFlow(storage, pending);
    assert.equal(takeRedirectFlow(storage, NOW + 600_001), null);
    assert.equal(storage.data.has(REDIRECT_FLOW_KEY), false);
    saveRedirectFlow(storage, { ...pending, startedAt: NOW + 3_600_000 });
    assert.equal(takeRedirectFlow(storage, NOW), null, 'from the future');
  });

  test('refuses malformed entries', () => {
    const storage = memoryStorage();
    for (const raw of [
      'not json',
      'null',
      '[]',
      '{"v":1}',
      JSON.stringify({ ...pending }),
      JSON.stringify({ v: 1, ...pending, state: '' }),
      JSON.stringify({ v: 1, ...pending, returnUrl: 'javascript:alert(1)' }),
    ]) {
      storage.data.set(REDIRECT_FLOW_KEY, raw);
      assert.equal(takeRedirectFlow(storage, NOW), null, raw);
      assert.equal(storage.data.has(REDIRECT_FLOW_KEY), false);
    }
    assert.equal(saveRedirectFlow(storage, { ...pending, returnUrl: 'javascript:alert(1)' }), false);
    assert.equal(saveRedirectFlow(storage, { ...pending, connector: '' }), false);
  });

  test('storage that throws reads as empty and refuses writes, without throwing', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    assert.equal(saveRedirectFlow(broken, pending), false);
    assert.equal(takeRedirectFlow(broken, NOW), null);
    assert.equal(takeRedirectResult(broken, NOW), null);
  });

  test('a result is taken once, with its params, and expires quickly', () => {
    const storage = memoryStorage();
    const params = parseCallbackParams('?code=abc&state=s1', '');
    assert.equal(saveRedirectResult(storage, pending, params, NOW + 5000), true);
    const result = takeRedirectResult(storage, NOW + 6000);
    assert.deepEqual(result && { ...result, params: { ...result.params } }, { ...pending, params: { code: 'abc', state: 's1' }, receivedAt: NOW + 5000 });
    assert.equal(takeRedirectResult(storage, NOW + 6000), null);

    saveRedirectResult(storage, pending, params, NOW);
    assert.equal(takeRedirectResult(storage, NOW + 120_001), null);
  });

  test("another widget's result stays in storage for that widget", () => {
    const storage = memoryStorage();
    saveRedirectResult(storage, pending, parseCallbackParams('?code=abc&state=s1', ''), NOW);
    assert.equal(
      takeRedirectResult(storage, NOW, undefined, (f) => f.connector === 'other-app'),
      null,
    );
    assert.ok(storage.data.has(REDIRECT_RESULT_KEY), 'left for its owner');
    assert.equal(takeRedirectResult(storage, NOW, undefined, (f) => f.connector === pending.connector)?.params.code, 'abc');
    assert.ok(!storage.data.has(REDIRECT_RESULT_KEY), 'taken once');
  });

  test('a host can see which connector a stored result is for without taking it (and never its params)', () => {
    const storage = memoryStorage();
    assert.equal(peekRedirectResult(storage, NOW), null);
    saveRedirectResult(storage, pending, parseCallbackParams('?code=abc&state=s1', ''), NOW);
    const seen = peekRedirectResult(storage, NOW + 1000);
    assert.deepEqual(seen, pending);
    assert.ok(!('params' in (seen ?? {})), 'no code in what the host sees');
    assert.ok(storage.data.has(REDIRECT_RESULT_KEY), 'still there for the widget');
    assert.equal(peekRedirectResult(storage, NOW + 120_001), null, 'an old result is not offered');
  });

  test('a stored result with a __proto__ param is refused', () => {
    const storage = memoryStorage();
    storage.data.set(
      REDIRECT_RESULT_KEY,
      `{"v":1,"connector":"a","option":null,"state":"s1","returnUrl":"https://app.example.com/","startedAt":${NOW},"receivedAt":${NOW},"params":{"state":"s1","__proto__":"x"}}`,
    );
    assert.equal(takeRedirectResult(storage, NOW), null);
  });

  test('resuming after the redirect exchanges the stored params once', () => {
    const { flow } = setup();
    const result = { ...pending, params: parseCallbackParams('?code=abc&state=s1', ''), receivedAt: NOW };
    assert.equal(flow.resumeRedirect(result, 'Example App'), true);
    assert.equal(flow.snapshot.status, 'exchanging');
    assert.equal(flow.snapshot.params?.code, 'abc');
    assert.equal(flow.snapshot.connector, 'example-app');
    assert.equal(flow.message({ via: 'broadcast', origin: ORIGIN, data: message('s1', { code: 'abc' }) }).accept, false);
  });

  test('resuming with a provider error or another state fails without an exchange', () => {
    const denied = setup().flow;
    denied.resumeRedirect({ ...pending, params: parseCallbackParams('?error=access_denied&state=s1', ''), receivedAt: NOW }, 'Example App');
    assert.equal(denied.snapshot.error?.code, 'oauth-denied');
    const mismatch = setup().flow;
    mismatch.resumeRedirect({ ...pending, params: parseCallbackParams('?code=abc&state=s2', ''), receivedAt: NOW }, 'Example App');
    assert.equal(mismatch.snapshot.error?.code, 'state-mismatch');
    assert.equal(mismatch.snapshot.params, null);
  });
});

describe('connect-widget/callback under Node', () => {
  test('importing the callback module without a window neither throws nor runs', async () => {
    const mod = await import('../../src/callback.js');
    assert.equal(typeof mod.handleCallback, 'function');
  });
});
