#!/usr/bin/env node
// A tiny static server for the studio page (node:http only, no dependencies): serves
// examples/studio/ and the built package in dist/ from this repository, with the two headers
// that make the page cross-origin isolated (so neurasm can use threads). Nothing else of the
// repository is served.
//   node examples/studio/serve.js [--port 8080] [--host 127.0.0.1]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const SERVED = ['/examples/studio/', '/dist/'];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm',
  '.map': 'application/json', '.md': 'text/plain; charset=utf-8', '.ttf': 'font/ttf', '.txt': 'text/plain; charset=utf-8',
};
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** Starts the server; resolves to {url, close}. `isolated: false` leaves out COOP/COEP (one thread). */
export function serve({ port = 8080, host = '127.0.0.1', isolated = true } = {}) {
  const headers = isolated ? ISOLATION : {};
  const server = createServer(async (req, res) => {
    let path;
    try { path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).split(sep).join('/'); } catch { path = ''; }
    if (path === '/' || path === '/examples/studio') {
      res.writeHead(302, { location: '/examples/studio/', ...headers });
      res.end();
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(join(repo, path));
    const inside = SERVED.some((p) => path.startsWith(p)) && file.startsWith(repo + sep);
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, headers); res.end(); return; }
    try {
      if (!inside) throw new Error('not served');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(path.startsWith('/dist/') ? 'not found (dist/ is made by `npm run build`)\n' : 'not found\n');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const a = server.address();
      ok({
        url: `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/examples/studio/`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
  const port = Number(arg('port', process.env.PORT ?? 8080));
  const s = await serve({ port, host: arg('host', '127.0.0.1'), isolated: !process.argv.includes('--no-isolation') });
  console.log(`neurasm studio: ${s.url}  (Ctrl-C to stop)`);
}
