// The quick build for the edit–test loop (`npm run test:unit`): the SDK bundled straight from
// sdk/*.ts into build/out/dev/ (readable, source maps beside it, no type check, no .d.ts), with the
// cached kernels; ≈ 1 s after a TypeScript-only edit. test/helpers/src-loader.js points the
// tests' imports of dist/neurasm.js here.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKernels } from './kernels.js';
import { bundleModules, copyPngAssets } from './bundle.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const devDir = join(root, 'build', 'out', 'dev');

export async function buildDev() {
  const t0 = Date.now();
  const k = buildKernels(root);
  mkdirSync(devDir, { recursive: true });
  // Linked maps, not inline: a 1.8 MB data URL in the module's source grows the JS heap, the
  // collector runs later, and the models-dropped check saw 70–120 MiB held instead of 20–30.
  await bundleModules({ root, outdir: devDir, sourcemap: 'linked' });
  copyPngAssets(root, devDir); // svgToPng reads them next to dist/neurasm-png.js's dev twin
  return { ms: Date.now() - t0, kernelsCached: k.cached };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await buildDev();
  console.log(`dev build: build/out/dev/neurasm.js in ${r.ms} ms (kernels ${r.kernelsCached ? 'cached' : 'recompiled'})`);
}
