// The studio's service worker: keeps a copy of the page and the neurasm modules, so the page
// also opens (and reloads) without a network once it has been loaded. Network first, so a
// rebuilt dist/ is picked up at once; the copy is used only when the network fails.
const CACHE = 'neurasm-studio-v1';
const FILES = ['./', './index.html', './studio.js', './worker.js'];
const MODULES = ['../../dist/neurasm.js', '../../dist/neurasm-io.js'];

/** A module and every chunk it names ('./neurasm-chunk-….js', imported statically or on first use), into the cache. */
async function cacheModule(cache, url, seen) {
  if (seen.has(url)) return;
  seen.add(url);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  await cache.put(url, res.clone());
  const text = await res.text();
  const chunks = [...text.matchAll(/["'](\.\/neurasm-chunk-[A-Za-z0-9_-]+\.js)["']/g)].map((m) => new URL(m[1], url).href);
  await Promise.all(chunks.map((c) => cacheModule(cache, c, seen)));
}

self.addEventListener('install', (e) => {
  e.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(FILES);
    const seen = new Set();
    for (const m of MODULES) await cacheModule(cache, new URL(m, self.location.href).href, seen);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('neurasm-studio-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  e.respondWith((async () => {
    try {
      const res = await fetch(e.request);
      if (res.ok) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(e.request, copy)).catch(() => {});
      }
      return res;
    } catch (err) {
      const hit = await caches.match(e.request, { ignoreSearch: true });
      if (hit) return hit;
      throw err;
    }
  })());
});
