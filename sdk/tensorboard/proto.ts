// The few protobuf messages of a TensorBoard event file, encoded by hand: Event, Summary,
// Summary.Value, SummaryMetadata, TensorProto (field numbers from TensorFlow's event.proto,
// summary.proto, tensor.proto and tensor_shape.proto).

/** A growable byte buffer with protobuf's wire encodings. */
class Out {
  private buf = new Uint8Array(64);
  private n = 0;
  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }
  byte(b: number): void { this.room(1); this.buf[this.n++] = b; }
  raw(b: Uint8Array): void { this.room(b.length); this.buf.set(b, this.n); this.n += b.length; }
  /** Unsigned varint; negative integers as 64-bit two's complement (10 bytes), as int64 fields need. */
  varint(v: number): void {
    if (v >= 0 && v < 2 ** 31) {
      while (v > 0x7f) { this.byte((v & 0x7f) | 0x80); v >>>= 7; }
      this.byte(v);
      return;
    }
    let b = BigInt.asUintN(64, BigInt(v));
    while (b > 0x7fn) { this.byte(Number(b & 0x7fn) | 0x80); b >>= 7n; }
    this.byte(Number(b));
  }
  key(field: number, wire: number): void { this.varint((field << 3) | wire); }
  int(field: number, v: number): void { this.key(field, 0); this.varint(v); }
  bytes(field: number, b: Uint8Array): void { this.key(field, 2); this.varint(b.length); this.raw(b); }
  string(field: number, s: string): void { this.bytes(field, new TextEncoder().encode(s)); }
  double(field: number, v: number): void {
    this.key(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.raw(b);
  }
  done(): Uint8Array { return this.buf.slice(0, this.n); }
}

/** TensorFlow DataType enum values used here. */
export const DT_FLOAT = 1, DT_DOUBLE = 2, DT_STRING = 7;

export interface TensorValue {
  dtype: typeof DT_FLOAT | typeof DT_DOUBLE | typeof DT_STRING;
  shape: number[];
  /** float32 / float64 values (row-major), or the strings of a DT_STRING tensor. */
  values: ArrayLike<number> | string[];
}

function tensorProto(t: TensorValue): Uint8Array {
  const o = new Out();
  o.int(1, t.dtype);
  const shape = new Out();
  for (const d of t.shape) { const dim = new Out(); dim.int(1, d); shape.bytes(2, dim.done()); }
  o.bytes(2, shape.done());
  if (t.dtype === DT_STRING) {
    for (const s of t.values as string[]) o.string(8, s);
  } else {
    // tensor_content: the raw little-endian values.
    const vals = t.values as ArrayLike<number>;
    const size = t.dtype === DT_FLOAT ? 4 : 8;
    const b = new Uint8Array(vals.length * size);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < vals.length; i++) {
      if (size === 4) dv.setFloat32(i * 4, vals[i], true); else dv.setFloat64(i * 8, vals[i], true);
    }
    o.bytes(4, b);
  }
  return o.done();
}

export interface SummaryValue { tag: string; pluginName: string; pluginContent?: Uint8Array; tensor: TensorValue }

function summaryProto(values: SummaryValue[]): Uint8Array {
  const s = new Out();
  for (const v of values) {
    const plugin = new Out();
    plugin.string(1, v.pluginName);
    if (v.pluginContent && v.pluginContent.length) plugin.bytes(2, v.pluginContent);
    const meta = new Out();
    meta.bytes(1, plugin.done());
    const val = new Out();
    val.string(1, v.tag);
    val.bytes(8, tensorProto(v.tensor));
    val.bytes(9, meta.done());
    s.bytes(1, val.done());
  }
  return s.done();
}

/** An Event: wall time (seconds), step, and either the file version or a summary. */
export function eventProto(wallTime: number, step: number, body: { fileVersion: string } | { summary: SummaryValue[] }): Uint8Array {
  const e = new Out();
  e.double(1, wallTime);
  e.int(2, step);
  if ('fileVersion' in body) e.string(3, body.fileVersion);
  else e.bytes(5, summaryProto(body.summary));
  return e.done();
}
