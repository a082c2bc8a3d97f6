// The in-page half of the bench, the same for every renderer. A page loads one renderer, whose
// adapter sets `window.benchAdapter`:
//   { name, ready: Promise, mount(case, container) → handle, unmount(handle),
//     firstInput(handle) → the form's first control, errorOf(handle, input) → its error element,
//     scope(handle) → the node whose subtree holds the form's DOM (for a MutationObserver) }
// and this module, which times them and is driven by bench/run.mjs through `window.bench`.
//
// Definitions (the README repeats them):
//  - mount → interactive: from just before the element is connected (its connector or schema set)
//    to the first moment the form's first control is connected, takes focus (it becomes the
//    focused element when focused) and has a layout box (a non-empty bounding rectangle, which
//    forces style and layout). Checked synchronously after connecting, after each of the next
//    microtasks, then after every task.
//  - keystroke → error: from the keydown event's timestamp (when the browser received the key,
//    sent through Chromium's input pipeline by the driver) to the first moment the field's error
//    element has text and a layout box, seen by a MutationObserver on the form's tree.
const stage = document.getElementById('stage');
const adapter = () => window.benchAdapter;

function deepActive() {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

function laidOut(el) {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}

function interactive(handle) {
  const input = adapter().firstInput(handle);
  if (!input || !input.isConnected) return false;
  input.focus({ preventScroll: true });
  return deepActive() === input && laidOut(input);
}

// One task later: a message on a channel runs after the current task and its microtasks, without
// setTimeout's clamping; it interleaves fairly with React's scheduler, which posts the same way.
const channel = new MessageChannel();
const queue = [];
channel.port1.onmessage = () => queue.shift()?.();
const nextTask = () =>
  new Promise((resolve) => {
    queue.push(resolve);
    channel.port2.postMessage(0);
  });

/** performance.now() at the first check that passes: synchronously, after each of the next microtasks, then after each task. */
async function when(check, timeoutMs = 10000) {
  const start = performance.now();
  if (check()) return performance.now();
  // Lit renders in microtasks: a renderer done within this task is seen before the next one.
  for (let i = 0; i < 64; i++) {
    await null;
    if (check()) return performance.now();
  }
  for (;;) {
    if (check()) return performance.now();
    if (performance.now() - start > timeoutMs) throw new Error(`not reached within ${timeoutMs} ms`);
    await nextTask();
  }
}

async function settle() {
  // Let deferred work of the unmount (effects, disconnected callbacks) run before the next sample.
  // Not a frame: on a loaded machine frames come late, and nothing measured waits for paint.
  await nextTask();
  await nextTask();
}

/** One mount → interactive time in ms (then unmounted); or { error }. */
async function mountOnce(c) {
  const t0 = performance.now();
  let handle;
  try {
    handle = adapter().mount(c, stage);
    const t1 = await when(() => interactive(handle));
    return t1 - t0;
  } catch (e) {
    return { error: String(e?.message ?? e) };
  } finally {
    if (handle) adapter().unmount(handle);
    stage.replaceChildren();
    await settle();
  }
}

let keyed; // the form a keystroke series runs on
let pending; // the armed measurement's promise
let toInput; // the armed measurement's keydown → input event, in ms (the browser's part)

window.bench = {
  name: () => adapter().name,
  ready: () => adapter().ready.then(() => true),

  /** One sample per case, in order: ms, or { error }. */
  async mountAll(cases) {
    const out = [];
    for (const c of cases) out.push(await mountOnce(c));
    return out;
  },

  /** `n` mount/unmount cycles of one case (the leak measurement). */
  async cycles(c, n) {
    let errors = 0;
    for (let i = 0; i < n; i++) if (typeof (await mountOnce(c)) !== 'number') errors++;
    return errors;
  },

  /** Mounts a form for a keystroke series and focuses its first control (the pattern field). */
  async keyMount(c) {
    this.keyUnmount();
    const handle = adapter().mount(c, stage);
    await when(() => interactive(handle));
    keyed = { handle, input: adapter().firstInput(handle) };
    return true;
  },
  keyFocus() {
    keyed.input.focus({ preventScroll: true });
    return deepActive() === keyed.input;
  },
  keyUnmount() {
    if (keyed) adapter().unmount(keyed.handle);
    keyed = undefined;
    stage.replaceChildren();
  },
  /** Arms one measurement: the next keydown starts the clock; it stops when the error shows (or clears). */
  arm(expect) {
    const { handle, input } = keyed;
    const shown = () => {
      const el = adapter().errorOf(handle, input);
      return !!el && el.textContent.trim() !== '' && laidOut(el);
    };
    const done = () => (expect === 'error' ? shown() : !shown());
    toInput = undefined;
    pending = new Promise((resolve) => {
      window.addEventListener(
        'keydown',
        (e) => {
          const t0 = e.timeStamp;
          // The input event reaches the window first (capture), before any renderer's listener: until
          // then the time is the browser's own (key handling, editing the text), the same for all.
          window.addEventListener('input', () => (toInput = performance.now() - t0), { capture: true, once: true });
          // The renderer's DOM changes are seen at once by a MutationObserver on its tree (a
          // microtask); polling after each task alone would add the scheduler's delay (Chromium
          // runs a frame before other tasks after input), which is the browser's, not the form's.
          let finished = false;
          const finish = (v) => {
            if (finished) return;
            finished = true;
            observer.disconnect();
            resolve(v);
          };
          const observer = new MutationObserver(() => done() && finish(performance.now() - t0));
          observer.observe(adapter().scope(handle), { subtree: true, childList: true, characterData: true, attributes: true });
          when(done, 5000).then(
            (t1) => finish(t1 - t0),
            (err) => finish({ error: `${expect}: ${err.message}` }),
          );
        },
        { capture: true, once: true },
      );
    });
    return true;
  },
  result: () => pending,
  /** The last measurement's keydown → input event, in ms. */
  toInput: () => toInput,
  errorText: () => adapter().errorOf(keyed.handle, keyed.input)?.textContent.trim() ?? null,
};

// Cold start: the driver sets window.__benchCold (a case) before the page loads; the figure is
// performance.now() (ms since navigation start) when that form is interactive. The scripts on the
// first form's path are those whose response had ended by then (what arrives later, such as the
// validator or the request code fetched after the first render, was not waited for).
if (window.__benchCold) {
  adapter()
    .ready.then(async () => {
      const handle = adapter().mount(window.__benchCold, stage);
      const t = await when(() => interactive(handle));
      window.__benchColdScripts = performance
        .getEntriesByType('resource')
        .filter((e) => e.responseEnd > 0 && e.responseEnd <= t && new URL(e.name).pathname.endsWith('.js'))
        .map((e) => new URL(e.name).pathname);
      window.__benchColdResult = t;
    })
    .catch((e) => (window.__benchColdResult = { error: String(e) }));
}
