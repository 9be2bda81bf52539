// svgToPng(): figures as PNG, through the rasterizer module (dist/neurasm-png.js: resvg compiled
// to wasm, with the DejaVu Sans font), imported on first use so the core does not carry it.
import { FormatError, ResourceError, ValueError } from '../errors.js';

export interface PngOptions {
  /** Pixels per SVG unit (default 1; Keras's plot_model draws at dpi 200, about 2). */
  scale?: number;
}

type Rasterizer = { ready(): Promise<void>; svgToPng(svg: string, scale: number): Uint8Array };
let rasterizer: Promise<Rasterizer> | null = null;

/** Rasterize an SVG string to PNG bytes in any runtime (loads the resvg wasm module on first use). */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  if (options === null || typeof options !== 'object') throw new ValueError(`svgToPng: options must be an object such as {scale: 2}, got ${options === null ? 'null' : typeof options}.`);
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 16)) throw new ValueError(`svgToPng: scale must be in (0, 16], got ${scale}.`);
  let r: Rasterizer;
  try {
    r = await (rasterizer ??= import('./rasterize.js'));
    await r.ready();
  } catch (e) {
    rasterizer = null;
    throw new ResourceError(`svgToPng: the PNG rasterizer (dist/neurasm-png.js with dist/resvg.wasm and dist/fonts/) could not be loaded: ${(e as Error).message}`);
  }
  try {
    return r.svgToPng(svg, scale);
  } catch (e) {
    throw new FormatError(`svgToPng: the SVG could not be rendered: ${(e as Error).message ?? e}`);
  }
}
