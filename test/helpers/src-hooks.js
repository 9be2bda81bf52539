// Module resolve hooks for the unit loop (registered by src-loader.js): imports of
// dist/neurasm.js and dist/neurasm-io.js go to the quick build from the TypeScript sources in
// build/out/dev/ (build/dev.js) instead.
const dist = new URL('../../dist/', import.meta.url).href;
const dev = new URL('../../build/out/dev/', import.meta.url).href;
const MAPPED = new Set(['neurasm.js', 'neurasm-io.js']);

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.startsWith(dist) && MAPPED.has(r.url.slice(dist.length))) return { ...r, url: dev + r.url.slice(dist.length) };
  return r;
}
