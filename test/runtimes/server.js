// A tiny static file server for the browser runner. It serves the repo folder (nothing outside
// it), so test files, helpers, dist/ and test/fixtures/keras/ keep their relative paths.
//
// Web Workers get no import map in Chromium, so everything under `rewrite.prefix` (the same
// tree again, e.g. /~worker/<repo>/...) is served with the import map's bare specifiers
// rewritten to URLs in JS files: the worker loads its modules from there.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.map': 'application/json', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8',
};

/**
 * Starts serving `root` on a free localhost port; resolves to { origin, close() }.
 * @param {string} root absolute folder
 * @param {{ routes?: Record<string, string>, rewrite?: { prefix: string, imports: Record<string, string> } }} [opts]
 *   routes: extra in-memory HTML pages by URL path; rewrite.imports: bare specifier → URL path.
 */
export function serve(root, { routes = {}, rewrite } = {}) {
  const inside = root.endsWith(sep) ? root : root + sep;
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (routes[path] !== undefined) { send(res, 200, TYPES['.html'], routes[path]); return; }
    if (path === '/favicon.ico') { res.writeHead(204).end(); return; }
    const rewriting = rewrite && path.startsWith(rewrite.prefix + '/');
    if (rewriting) path = path.slice(rewrite.prefix.length);
    const file = normalize(join(root, path));
    if (!file.startsWith(inside)) { send(res, 403, TYPES['.txt'], 'forbidden'); return; }
    let body;
    try { body = await readFile(file); } catch { send(res, 404, TYPES['.txt'], `not found: ${path}`); return; }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (rewriting && /\.m?js$/.test(file)) body = rewriteImports(body.toString('utf8'), rewrite.prefix, rewrite.imports);
    send(res, 200, type, body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    resolve({
      origin: `http://127.0.0.1:${port}`,
      close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
    });
  }));
}

function send(res, status, type, body) {
  // Cross-origin isolation, so pages and workers get SharedArrayBuffer and neurasm's threads.
  res.writeHead(status, {
    'content-type': type, 'cache-control': 'no-store',
    'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
  });
  res.end(body);
}

// `from 'x'`, `import 'x'` and `import('x')` where x is a mapped bare specifier.
function rewriteImports(src, prefix, imports) {
  return src.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\s]+)\2/g,
    (m, head, q, spec) => (Object.hasOwn(imports, spec) ? `${head}${q}${prefix}${imports[spec]}${q}` : m));
}
