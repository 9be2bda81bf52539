// A small PNG reader for the tests: chunks with their CRC-32, IHDR, the zlib stream inflated by
// DecompressionStream (Node, Deno, Bun and browsers have it), the five row filters undone.
// Returns {width, height, channels, pixels}; 8-bit RGB/RGBA/gray only.

function crc32(bytes) {
  let c = ~0 >>> 0;
  for (const b of bytes) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); }
  return (~c) >>> 0;
}

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function decodePng(bytes) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => bytes[i] === b)) throw new Error('not a PNG signature');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 8, ihdr = null;
  const idat = [];
  while (o < bytes.length) {
    const len = dv.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    const data = bytes.subarray(o + 8, o + 8 + len);
    if (dv.getUint32(o + 8 + len) !== crc32(bytes.subarray(o + 4, o + 8 + len))) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') ihdr = { width: dv.getUint32(o + 8), height: dv.getUint32(o + 12), depth: data[8], color: data[9], interlace: data[12] };
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    o += 12 + len;
  }
  if (!ihdr) throw new Error('no IHDR');
  if (ihdr.depth !== 8 || ihdr.interlace !== 0) throw new Error(`unsupported depth ${ihdr.depth} / interlace ${ihdr.interlace}`);
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[ihdr.color];
  const raw = await inflate(new Uint8Array(await new Blob(idat).arrayBuffer()));
  const { width: w, height: h } = ihdr;
  const stride = w * channels;
  if (raw.length !== h * (stride + 1)) throw new Error(`IDAT holds ${raw.length} bytes, expected ${h * (stride + 1)}`);
  const px = new Uint8Array(h * stride);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      px[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width: w, height: h, channels, pixels: px };
}

/** How many pixels are darker than `level` (on the mean of the colour channels). */
export function darkPixels({ pixels, channels }, level = 128) {
  let n = 0;
  const c = Math.min(3, channels);
  for (let i = 0; i < pixels.length; i += channels) {
    let s = 0;
    for (let k = 0; k < c; k++) s += pixels[i + k];
    if (s / c < level) n++;
  }
  return n;
}

/** How many pixels differ between two decoded images of the same size. */
export function differingPixels(a, b) {
  if (a.width !== b.width || a.height !== b.height) throw new Error('sizes differ');
  let n = 0;
  for (let i = 0; i < a.pixels.length; i += a.channels) {
    for (let k = 0; k < a.channels; k++) if (a.pixels[i + k] !== b.pixels[i + k]) { n++; break; }
  }
  return n;
}
