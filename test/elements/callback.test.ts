import { expect } from '@open-wc/testing';
import { handleCallback, type CallbackWindow } from '../../src/callback.js';
import { CALLBACK_CHANNEL_NAME, CALLBACK_MESSAGE_TYPE, REDIRECT_FLOW_KEY, REDIRECT_RESULT_KEY, saveRedirectFlow, takeRedirectResult, type StorageLike } from '../../src/core/oauth.js';

const pageUrl = (query: string) => new URL(`./callback-page.html${query}`, import.meta.url).href;

function within<T>(ms: number, what: string, run: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    run((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

/** A window whose every effect is recorded. */
function fakeWindow(url: string, opts: { opener?: boolean; storage?: StorageLike } = {}) {
  const parsed = new URL(url);
  const posts: { message: unknown; targetOrigin: string }[] = [];
  const replaced: string[] = [];
  const body = document.createElement('div');
  let closed = 0;
  const win: CallbackWindow = {
    location: {
      search: parsed.search,
      hash: parsed.hash,
      origin: parsed.origin,
      href: parsed.href,
      replace: (to: string) => void replaced.push(to),
    },
    opener: opts.opener ? { postMessage: (message: unknown, targetOrigin: string) => void posts.push({ message, targetOrigin }) } : null,
    document: { body, createElement: (tag: string) => document.createElement(tag) },
    ...(opts.storage ? { sessionStorage: opts.storage } : {}),
    close: () => void closed++,
  };
  return { win, posts, replaced, body, closedCount: () => closed };
}

describe('connect-widget/callback', () => {
  let channel: BroadcastChannel | undefined;
  let popup: Window | null = null;

  afterEach(() => {
    channel?.close();
    channel = undefined;
    if (popup && !popup.closed) popup.close();
    popup = null;
    document.querySelectorAll('iframe[data-test]').forEach((f) => f.remove());
  });

  it('in a real popup: posts to the opener with our origin, broadcasts on the channel, and closes', async () => {
    channel = new BroadcastChannel(CALLBACK_CHANNEL_NAME);
    const onChannel = within<MessageEvent>(8000, 'the channel message', (resolve) => {
      channel!.onmessage = (event) => {
        if ((event.data as { state?: unknown })?.state === 's1') resolve(event);
      };
    });
    let listener: ((event: MessageEvent) => void) | undefined;
    const onOpener = within<MessageEvent>(8000, 'the postMessage', (resolve) => {
      listener = (event: MessageEvent) => {
        if ((event.data as { type?: unknown })?.type === CALLBACK_MESSAGE_TYPE) resolve(event);
      };
      window.addEventListener('message', listener);
    });

    try {
      popup = window.open(pageUrl('?code=abc&state=s1'), 'connect-widget-callback-test', 'popup,width=480,height=600');
      expect(popup, 'the browser opened the popup').to.exist;

      const posted = await onOpener;
      expect(posted.origin).to.equal(location.origin);
      expect(posted.source).to.equal(popup);
      expect(posted.data).to.deep.equal({ type: CALLBACK_MESSAGE_TYPE, state: 's1', params: { code: 'abc', state: 's1' } });

      const broadcast = await onChannel;
      expect(broadcast.origin).to.equal(location.origin);
      expect(broadcast.data).to.deep.equal({ type: CALLBACK_MESSAGE_TYPE, state: 's1', params: { code: 'abc', state: 's1' } });

      const opened = popup!;
      await until(() => opened.closed, 'the popup to close');
    } finally {
      if (listener) window.removeEventListener('message', listener);
    }
  });

  it('without an opener (in an iframe): still broadcasts, and tells the user to return to the original tab', async () => {
    channel = new BroadcastChannel(CALLBACK_CHANNEL_NAME);
    const onChannel = within<MessageEvent>(8000, 'the channel message', (resolve) => {
      channel!.onmessage = (event) => {
        if ((event.data as { state?: unknown })?.state === 's2') resolve(event);
      };
    });
    const frame = document.createElement('iframe');
    frame.dataset.test = '';
    frame.src = pageUrl('?code=xyz&state=s2');
    document.body.append(frame);

    const event = await onChannel;
    expect(event.data).to.deep.equal({ type: CALLBACK_MESSAGE_TYPE, state: 's2', params: { code: 'xyz', state: 's2' } });

    await until(() => (frame.contentDocument?.body?.textContent ?? '').includes('Sign-in'), 'the text in the iframe');
    const text = frame.contentDocument!.body.textContent!.trim();
    expect(text).to.equal('Sign-in finished. You can close this window and return to the original tab.');
    // The code does not stay in the address bar or history.
    expect(frame.contentWindow!.location.search).to.equal('');
  });

  it('handleCallback with a null opener shows the plain message and posts nothing', () => {
    const fake = fakeWindow(`${location.origin}/oauth/callback?code=abc&state=s9`);
    const outcome = handleCallback(fake.win);
    expect(outcome.mode).to.equal('popup');
    expect(outcome.postedToOpener).to.equal(false);
    expect(fake.posts).to.have.length(0);
    expect(fake.body.textContent).to.equal('Sign-in finished. You can close this window and return to the original tab.');
    expect(fake.body.querySelector('[data-connect-widget-callback]')?.getAttribute('role')).to.equal('status');
    expect(fake.closedCount()).to.equal(1, 'a COOP-severed popup is still ours to close');
  });

  it('handleCallback posts to the opener with its own origin as target, never "*"', () => {
    const fake = fakeWindow('https://app.example.com/oauth/callback?code=abc#state=s3&iss=https%3A%2F%2Fid.example', { opener: true });
    const outcome = handleCallback(fake.win);
    expect(outcome.postedToOpener).to.equal(true);
    expect(fake.posts).to.have.length(1);
    expect(fake.posts[0]!.targetOrigin).to.equal('https://app.example.com');
    expect(fake.posts[0]!.message).to.deep.equal({
      type: CALLBACK_MESSAGE_TYPE,
      state: 's3',
      params: { code: 'abc', state: 's3', iss: 'https://id.example' },
    });
    expect(fake.body.textContent).to.equal('Sign-in finished. You can close this window.');
  });

  it('handleCallback on an opaque ("null") origin does not post to the opener at all', () => {
    const fake = fakeWindow('https://app.example.com/cb?code=abc&state=s4', { opener: true });
    fake.win.location.origin = 'null';
    handleCallback(fake.win);
    expect(fake.posts).to.have.length(0);
  });

  it('a provider error reads as "did not complete", and is still reported to the widget', () => {
    const fake = fakeWindow('https://app.example.com/cb?error=access_denied&error_description=%3Cb%3Enope%3C%2Fb%3E&state=s5', { opener: true });
    handleCallback(fake.win);
    expect(fake.body.textContent).to.equal('Sign-in did not complete. You can close this window.');
    expect(fake.body.querySelector('b')).to.equal(null);
    expect((fake.posts[0]!.message as { params: Record<string, string> }).params.error).to.equal('access_denied');
  });

  it('redirect mode: a pending flow with this state gets the result in storage and the page goes back, code not in the URL', () => {
    const storage = memoryStorage();
    const returnUrl = 'https://app.example.com/settings/integrations';
    saveRedirectFlow(storage, { connector: 'example-app', option: 'oauth', state: 's6', returnUrl, startedAt: Date.now() });
    const fake = fakeWindow('https://app.example.com/cb?code=abc&state=s6', { opener: true, storage });
    const outcome = handleCallback(fake.win);
    expect(outcome.mode).to.equal('redirect');
    expect(fake.replaced).to.deep.equal([returnUrl]);
    expect(fake.replaced[0]).not.to.contain('abc');
    expect(fake.posts, 'no post to an unrelated opener').to.have.length(0);
    expect(fake.closedCount(), 'the tab is not closed').to.equal(0);
    expect(storage.data.has(REDIRECT_FLOW_KEY)).to.equal(false);
    const result = takeRedirectResult(storage, Date.now());
    expect(result?.state).to.equal('s6');
    expect(result?.params.code).to.equal('abc');
    expect(storage.data.has(REDIRECT_RESULT_KEY), 'taken once').to.equal(false);
  });

  it('redirect mode: a pending flow with another state, or a foreign return URL, is not followed', () => {
    const storage = memoryStorage();
    saveRedirectFlow(storage, { connector: 'a', option: null, state: 'other', returnUrl: 'https://app.example.com/', startedAt: Date.now() });
    const mismatch = fakeWindow('https://app.example.com/cb?code=abc&state=s7', { opener: true, storage });
    expect(handleCallback(mismatch.win).mode).to.equal('popup');
    expect(mismatch.replaced).to.have.length(0);

    saveRedirectFlow(storage, { connector: 'a', option: null, state: 's8', returnUrl: 'https://evil.example/steal', startedAt: Date.now() });
    const foreign = fakeWindow('https://app.example.com/cb?code=abc&state=s8', { storage });
    expect(handleCallback(foreign.win).mode).to.equal('popup');
    expect(foreign.replaced).to.have.length(0);
    expect(storage.data.has(REDIRECT_RESULT_KEY)).to.equal(false);
  });
});
