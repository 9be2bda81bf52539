// A small PNG encoder (stored deflate blocks: no compression code) and the BMP reader for the
// pixel images figures embed: resvg draws PNG but not BMP. Part of the rasterizer module.

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array, c = 0xffffffff): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) { let v = i; for (let k = 0; k < 8; k++) v = v & 1 ? (v >>> 1) ^ 0xedb88320 : v >>> 1; crcTable[i] = v >>> 0; }
  }
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return c >>> 0;
}

/** An 8-bit RGB PNG of h×w pixels (`rgb` row-major, 3 bytes per pixel). */
export function encodePng(rgb: Uint8Array, w: number, h: number): Uint8Array {
  const raw = new Uint8Array(h * (w * 3 + 1));
  for (let y = 0; y < h; y++) raw.set(rgb.subarray(y * w * 3, (y + 1) * w * 3), y * (w * 3 + 1) + 1); // filter 0
  // zlib stream of stored blocks (≤ 65535 bytes each), then Adler-32.
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const z = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  z[0] = 0x78; z[1] = 0x01;
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * 65535, Math.min(raw.length, (b + 1) * 65535));
    z[o] = b === blocks - 1 ? 1 : 0;
    z[o + 1] = part.length & 0xff; z[o + 2] = part.length >> 8; z[o + 3] = ~part.length & 0xff; z[o + 4] = (~part.length >> 8) & 0xff;
    z.set(part, o + 5);
    o += 5 + part.length;
  }
  let a = 1, s = 0;
  for (let i = 0; i < raw.length; i++) { a = (a + raw[i]) % 65521; s = (s + a) % 65521; }
  new DataView(z.buffer).setUint32(o, ((s << 16) | a) >>> 0);
  const chunk = (type: string, data: Uint8Array) => {
    const c = new Uint8Array(12 + data.length);
    const dv = new DataView(c.buffer);
    dv.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) c[4 + i] = type.charCodeAt(i);
    c.set(data, 8);
    dv.setUint32(8 + data.length, crc32(c.subarray(4, 8 + data.length)) ^ 0xffffffff);
    return c;
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, w); dv.setUint32(4, h); ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk('IHDR', ihdr), chunk('IDAT', z), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let p = 0;
  for (const q of parts) { out.set(q, p); p += q.length; }
  return out;
}


/** The RGB pixels of the 24-bit BMP that bmpDataUri (plot/index.ts) writes. */
export function decodeBmp(b: Uint8Array): { rgb: Uint8Array; w: number; h: number } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b[0] !== 0x42 || b[1] !== 0x4d || dv.getUint16(28, true) !== 24) throw new Error('unsupported BMP');
  const off = dv.getUint32(10, true), w = dv.getInt32(18, true), hs = dv.getInt32(22, true), h = Math.abs(hs);
  const row = Math.ceil((w * 3) / 4) * 4;
  if (w <= 0 || off + row * h > b.length) throw new Error('truncated BMP');
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const src = off + (hs < 0 ? y : h - 1 - y) * row;
    for (let x = 0; x < w; x++) for (let k = 0; k < 3; k++) rgb[(y * w + x) * 3 + k] = b[src + x * 3 + 2 - k];
  }
  return { rgb, w, h };
}

/** Replace BMP data URIs in an SVG by PNG ones. */
export function bmpToPngUris(svg: string): string {
  return svg.replace(/data:image\/bmp;base64,([A-Za-z0-9+/=]+)/g, (_, b64: string) => {
    const bin = atob(b64);
    const { rgb, w, h } = decodeBmp(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    const png = encodePng(rgb, w, h);
    let s = '';
    for (let i = 0; i < png.length; i += 0x8000) s += String.fromCharCode(...png.subarray(i, i + 0x8000));
    return `data:image/png;base64,${btoa(s)}`;
  });
}
