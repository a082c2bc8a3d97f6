// A @web/test-runner plugin for security rule 2 (no secret kept in memory): the browser test asks
// the runner to type a fresh random secret into the focused control (CDP Input.insertText, as a
// keyboard's text would arrive), and later to search a V8 heap snapshot of the page, taken after
// garbage collection, for every secret typed so far. The secrets live only here, in Node: the
// test page never holds one, so a match in its heap is the widget's own.
//
//   executeServerCommand('type-secret', { digits?: boolean })  → { length }
//   executeServerCommand('heap-secrets')                       → { typed, found: [{ secret, context }] }
//   executeServerCommand('forget-secrets')                     → forgets this page's secrets
// `secret` is the secret's number (0, 1, …), never its value; `context` is the string around the
// match with every secret replaced by <secret N>.
import { randomBytes, randomInt } from 'node:crypto';

/** Every string in a heap snapshot (the `strings` table holds string values and every name). */
async function heapStrings(page) {
  const cdp = await page.createCDPSession();
  const chunks = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  try {
    await cdp.send('HeapProfiler.enable');
    // Twice: the first collection can leave objects that only die in the second (weak callbacks).
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
    await cdp.send('HeapProfiler.disable');
  } finally {
    await cdp.detach();
  }
  return JSON.parse(chunks.join('')).strings;
}

export function secretsPlugin() {
  /** Secrets typed per test session (one browser page). */
  const typed = new Map();
  const mine = (id) => {
    if (!typed.has(id)) typed.set(id, []);
    return typed.get(id);
  };
  return {
    name: 'secrets',
    async executeCommand({ command, payload, session }) {
      if (!['type-secret', 'heap-secrets', 'forget-secrets'].includes(command)) return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error('the secrets plugin needs the Chrome launcher (CDP)');
      const page = session.browser.getPage(session.id);
      if (command === 'forget-secrets') {
        typed.delete(session.id);
        return true;
      }
      if (command === 'type-secret') {
        // Unique per run: a match cannot be a coincidence. Digits for a number field (15 of them: the number stays exact in JSON).
        const secret = payload?.digits ? String(randomInt(1e8, 1e9)) + String(randomInt(1e5, 1e6)) : `sk_${randomBytes(12).toString('hex')}`;
        mine(session.id).push(secret);
        const cdp = await page.createCDPSession();
        try {
          await cdp.send('Input.insertText', { text: secret });
        } finally {
          await cdp.detach();
        }
        return { length: secret.length };
      }
      const secrets = mine(session.id);
      const strings = await heapStrings(page);
      const hide = (text) => secrets.reduce((t, s, i) => t.split(s).join(`<secret ${i}>`), text);
      const found = [];
      for (const text of strings) {
        secrets.forEach((s, i) => {
          if (typeof text === 'string' && text.includes(s)) {
            const at = text.indexOf(s);
            found.push({ secret: i, context: hide(text.slice(Math.max(0, at - 80), at + s.length + 80)) });
          }
        });
      }
      return { typed: secrets.length, found };
    },
  };
}
