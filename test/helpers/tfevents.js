// An independent reader of TensorBoard event files for the tests: TFRecord framing with its
// masked CRC-32C (a bitwise CRC, not the library's table), and the protobuf fields of Event,
// Summary.Value, SummaryMetadata and TensorProto. No Node built-ins (runs everywhere).

/** CRC-32C computed bit by bit (polynomial 0x82F63B78 reflected). */
export function crc32cBitwise(bytes) {
  let c = ~0 >>> 0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0x82f63b78 & -(c & 1));
  }
  return (~c) >>> 0;
}

export const masked = (crc) => ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;

/** Split a TFRecord file into records, checking both CRCs; throws on any mismatch. */
export function readRecords(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  let o = 0;
  while (o < bytes.length) {
    if (o + 12 > bytes.length) throw new Error(`truncated header at ${o}`);
    const len = dv.getUint32(o, true) + dv.getUint32(o + 4, true) * 2 ** 32;
    if (dv.getUint32(o + 8, true) !== masked(crc32cBitwise(bytes.subarray(o, o + 8)))) throw new Error(`bad length CRC at ${o}`);
    const data = bytes.subarray(o + 12, o + 12 + len);
    if (data.length !== len || o + 16 + len > bytes.length) throw new Error(`truncated record at ${o}`);
    if (dv.getUint32(o + 12 + len, true) !== masked(crc32cBitwise(data))) throw new Error(`bad data CRC at ${o}`);
    out.push(data);
    o += 16 + len;
  }
  return out;
}

/** Protobuf fields: [{field, wire, value}] (varint as BigInt-safe number, length-delimited as bytes, fixed64 as bytes). */
function fields(bytes) {
  const out = [];
  let o = 0;
  const varint = () => {
    let v = 0n, s = 0n;
    for (;;) { const b = bytes[o++]; v |= BigInt(b & 0x7f) << s; s += 7n; if (!(b & 0x80)) break; }
    return v;
  };
  while (o < bytes.length) {
    const key = Number(varint());
    const field = key >> 3, wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: Number(BigInt.asIntN(64, varint())) });
    else if (wire === 1) { out.push({ field, wire, value: bytes.subarray(o, o + 8) }); o += 8; }
    else if (wire === 2) { const n = Number(varint()); out.push({ field, wire, value: bytes.subarray(o, o + n) }); o += n; }
    else if (wire === 5) { out.push({ field, wire, value: bytes.subarray(o, o + 4) }); o += 4; }
    else throw new Error(`wire type ${wire}`);
  }
  return out;
}

const f64 = (b) => new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
const text = (b) => new TextDecoder().decode(b);

function tensor(bytes) {
  const t = { dtype: 0, shape: [], values: [] };
  let content = null;
  for (const { field, value } of fields(bytes)) {
    if (field === 1) t.dtype = value;
    else if (field === 2) {
      for (const d of fields(value)) if (d.field === 2) t.shape.push(fields(d.value).find((x) => x.field === 1)?.value ?? 0);
    }
    else if (field === 4) content = value;
    else if (field === 8) t.values.push(text(value));
  }
  if (content) {
    const dv = new DataView(content.buffer, content.byteOffset, content.byteLength);
    const size = t.dtype === 1 ? 4 : 8;
    for (let i = 0; i < content.length / size; i++) t.values.push(size === 4 ? dv.getFloat32(i * 4, true) : dv.getFloat64(i * 8, true));
  }
  return t;
}

/** Decode one Event: {wallTime, step, fileVersion?, values: [{tag, plugin, content, tensor}]}. */
export function decodeEvent(bytes) {
  const e = { wallTime: 0, step: 0, fileVersion: null, values: [] };
  for (const { field, value } of fields(bytes)) {
    if (field === 1) e.wallTime = f64(value);
    else if (field === 2) e.step = value;
    else if (field === 3) e.fileVersion = text(value);
    else if (field === 5) {
      for (const v of fields(value)) {
        if (v.field !== 1) continue;
        const val = { tag: '', plugin: '', content: '', tensor: null };
        for (const x of fields(v.value)) {
          if (x.field === 1) val.tag = text(x.value);
          else if (x.field === 8) val.tensor = tensor(x.value);
          else if (x.field === 9) {
            for (const m of fields(x.value)) if (m.field === 1) for (const p of fields(m.value)) {
              if (p.field === 1) val.plugin = text(p.value); else if (p.field === 2) val.content = text(p.value);
            }
          }
        }
        e.values.push(val);
      }
    }
  }
  return e;
}

/** All events of one file's bytes. */
export const readEvents = (bytes) => readRecords(bytes).map(decodeEvent);

/** {tag: [{step, value}]} for scalar summaries, plus the rest by plugin. */
export function byTag(events) {
  const out = {};
  for (const e of events) for (const v of e.values) (out[v.tag] ??= []).push({ step: e.step, plugin: v.plugin, content: v.content, tensor: v.tensor, value: v.tensor?.values[0] });
  return out;
}
