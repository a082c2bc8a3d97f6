import { Miniflare } from 'miniflare';
import { readFileSync } from 'node:fs';
const mf = new Miniflare({ modules: true, script: readFileSync('/tmp/wd/worker.js', 'utf8'), compatibilityDate: '2025-09-01', compatibilityFlags: ['nodejs_compat'] });
const r = await mf.dispatchFetch('https://app.example.com/api/connect', { method: 'POST', headers: { origin: 'https://app.example.com', 'content-type': 'application/json' }, body: JSON.stringify({ connector: 'k', step: 'credentials', fields: {} }) });
console.log(r.status, await r.text());
await mf.dispose();
