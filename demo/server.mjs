// `npm start`: serves the demo page, the built package and the fixture connectors on one origin.
// The page is plain HTML loading dist/connect-widget.js, as a host without a build step would.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? 'localhost';
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json', '.css': 'text/css' };
// URL prefix → folder. Nothing else of the repository is served.
const mounts = { '/dist/': 'dist/', '/connectors/': 'test/fixtures/connectors/', '/': 'demo/' };

const server = http.createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const prefix = Object.keys(mounts).find((p) => path.startsWith(p));
  const rel = normalize(path.slice(prefix.length) || 'index.html');
  if (rel.startsWith('..')) return void res.writeHead(400).end();
  try {
    const body = await readFile(join(root, mounts[prefix], rel));
    res.writeHead(200, {
      'Content-Type': types[extname(rel)] ?? 'application/octet-stream',
      // The demo runs under the strict policy SPEC security rule 5 promises to work with.
      'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types lit-html",
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  }
});

server.listen(port, host, () => {
  console.log(`connect-widget demo: http://${host}:${port}/`);
});
