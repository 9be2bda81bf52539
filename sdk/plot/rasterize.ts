// The PNG rasterizer module, dist/neurasm-png.js (imported by svgToPng on first use): resvg
// compiled to WebAssembly (@resvg/resvg-wasm) with DejaVu Sans, both read from files next to
// this module (dist/resvg.wasm, dist/fonts/DejaVuSans.ttf): no network, no system fonts.
// Imports nothing from the core.
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { bmpToPngUris } from './png-encode.js';

const FONT = 'DejaVu Sans';

/** Bytes of a file next to this module: the file system in Node, Deno and Bun, fetch() in browsers. */
async function asset(name: string): Promise<Uint8Array> {
  const url = new URL(name, import.meta.url);
  if (url.protocol === 'file:') {
    const fs = (await import('node:fs/promises' as string)) as { readFile(p: URL): Promise<Uint8Array> };
    return new Uint8Array(await fs.readFile(url));
  }
  const r = await fetch(url);
  if (!r.ok) throw new Error(`cannot fetch ${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

let font: Uint8Array | null = null;
let loading: Promise<void> | null = null;

/** Load the wasm and the font (once; a failure can be retried). */
export function ready(): Promise<void> {
  loading ??= (async () => {
    const [wasm, f] = await Promise.all([asset('./resvg.wasm'), asset('./fonts/DejaVuSans.ttf')]);
    await initWasm(wasm);
    font = f;
  })().catch((e) => { loading = null; throw e; });
  return loading;
}

/** PNG bytes of the SVG at `scale` pixels per unit; call ready() first. */
export function svgToPng(svg: string, scale: number): Uint8Array {
  if (!font) throw new Error('the rasterizer is not loaded: await ready() first');
  // resvg reads image-rendering="optimizeSpeed" but not CSS 'pixelated' (which would override it).
  const r = new Resvg(bmpToPngUris(svg).replace(/ style="image-rendering:pixelated"/g, ''), {
    font: { fontBuffers: [font], defaultFontFamily: FONT, sansSerifFamily: FONT, serifFamily: FONT, monospaceFamily: FONT },
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
  try {
    const img = r.render();
    const png = img.asPng();
    img.free();
    return png;
  } finally {
    r.free();
  }
}
