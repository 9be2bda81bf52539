// Module resolve hooks for the unit loop (registered by src-loader.js): imports of
// dist/neurasm.js, dist/neurasm-core.js and dist/neurasm-io.js go to the quick build from the
// TypeScript sources in build/out/dev/ (build/dev.js) instead. They work without a dist/ (a
// fresh clone's unit loop).
const dist = new URL('../../dist/', import.meta.url).href;
const dev = new URL('../../build/out/dev/', import.meta.url).href;
const MAPPED = new Set(['neurasm.js', 'neurasm-core.js', 'neurasm-io.js']);
const devTwin = (url) => (url?.startsWith(dist) && MAPPED.has(url.slice(dist.length)) ? dev + url.slice(dist.length) : null);

export async function resolve(specifier, context, next) {
  let r;
  try {
    r = await next(specifier, context);
  } catch (e) {
    // Resolution checks that the file exists: a missing dist/ fails here, with the URL it wanted.
    const twin = e?.code === 'ERR_MODULE_NOT_FOUND' ? devTwin(e.url) : null;
    if (twin) return { url: twin, format: 'module', shortCircuit: true };
    throw e;
  }
  const twin = devTwin(r.url);
  return twin ? { ...r, url: twin } : r;
}
