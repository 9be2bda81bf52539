// The fuzzer's parts, shared by `npm run fuzz` (test/fuzz/run.js, a worker per batch with a
// watchdog) and the fast seeded subset in the test suite (test/fuzz/fuzz-subset.test.js):
// seed files (real Keras files, files neurasm saves, .npz from the test helper), mutators
// (bit flips, truncation, splices between files, length-field edits, JSON value edits,
// edits inside an archive's entries), one loader per format through the public API, the
// outcome of each file, and the canary run after every file.
import * as nm from '../../dist/neurasm.js';
import { unzipSync, zipSync } from 'fflate';
import { rng } from '../helpers/gradcheck.js';
import { fixtureBytes } from '../helpers/fixtures.js';
import { npyFloat64, npyInt64, npyObjectLists, npz } from '../helpers/npz.js';

export { rng };

const round2Bytes = (name) => fixtureBytes(name);

const SMALL_KERAS = ['xor', 'rnn_small', 'simplernn_small', 'functional_branches', 'residual_mlp'];
const ALL_KERAS = [...SMALL_KERAS, 'activations_zoo', 'cnn_mnist', 'text_embed', 'mlp_mnist'];
const ROUND2 = ['bidir_lstm', 'nested_sequential', 'masked_lstm'];

/** Models neurasm itself saves (TF.js files and weights come from these). */
function ownModels() {
  nm.setSeed(11);
  const a = new nm.Sequential([new nm.layers.Dense(4, { inputShape: [3], activation: 'relu' }), new nm.layers.Dense(2, { activation: 'softmax' })], { name: 'own_mlp' });
  a.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  a.trainOnBatch(nm.tensor([[1, 2, 3], [0, 1, 0]]), nm.tensor([0, 1], [2], 'int32'));
  const b = new nm.Sequential([new nm.layers.LSTM(3, { inputShape: [4, 2] }), new nm.layers.Dense(1)], { name: 'own_lstm' });
  const c = new nm.Sequential([new nm.layers.Conv2D(2, 3, { inputShape: [6, 6, 1], activation: 'relu' }), new nm.layers.Flatten(), new nm.layers.Dense(2)], { name: 'own_cnn' });
  const d = new nm.Sequential([new nm.layers.Bidirectional(new nm.layers.GRU(2), { inputShape: [3, 2] }), new nm.layers.Dense(1)], { name: 'own_bigru' });
  return [a, b, c, d];
}

/**
 * Seed files: { format, name, bytes } plus, for TF.js, the shard; for Keras weights files, the
 * archive whose model loads them. `full` adds the large fixtures (the `npm run fuzz` corpus).
 */
export async function seedFiles({ full = false } = {}) {
  const out = [];
  for (const n of full ? ALL_KERAS : SMALL_KERAS) {
    out.push({ format: 'keras', name: `${n}.keras`, bytes: await fixtureBytes(`${n}.keras`) });
    out.push({ format: 'h5', name: `${n}.h5`, bytes: await fixtureBytes(`${n}.h5`) });
  }
  for (const n of ROUND2) {
    out.push({ format: 'keras', name: `${n}.keras`, bytes: await round2Bytes(`${n}.keras`) });
    out.push({ format: 'h5', name: `${n}.h5`, bytes: await round2Bytes(`${n}.h5`) });
  }
  for (const m of ownModels()) {
    const keras = (await m.toFiles('keras'))['model.keras'];
    out.push({ format: 'keras', name: `${m.name}.keras`, bytes: keras });
    out.push({ format: 'h5', name: `${m.name}.h5`, bytes: (await m.toFiles('h5'))['model.h5'] });
    out.push({ format: 'weights', name: `${m.name}.weights.h5`, bytes: unzipSync(keras)['model.weights.h5'], archive: keras });
    const t = await m.toFiles('tfjs');
    out.push({ format: 'tfjs', name: `${m.name}/model.json`, bytes: t['model.json'], shard: t['group1-shard1of1.bin'] });
  }
  out.push({ format: 'weights', name: 'xor.weights.h5', bytes: unzipSync(await fixtureBytes('xor.keras'))['model.weights.h5'], archive: await fixtureBytes('xor.keras') });
  const lists = [[1, 14, 22, 16], [1, 194, 1153], [1, 2], []];
  out.push({ format: 'npz', name: 'imdb-like.npz', bytes: npz({ x_train: npyObjectLists(lists), y_train: npyInt64([1, 0, 1, 0]), x_test: npyObjectLists(lists.slice(0, 2)), y_test: npyInt64([0, 1]) }) });
  out.push({ format: 'npz', name: 'boston-like.npz', bytes: npz({ x: npyFloat64(Array.from({ length: 12 }, (_, i) => i / 3), [4, 3]), y: npyFloat64([1, 2, 3, 4], [4]) }) });
  out.push({ format: 'npy', name: 'object.npy', bytes: npyObjectLists(lists) });
  out.push({ format: 'npy', name: 'float.npy', bytes: npyFloat64([1.5, -2, 3, 4, 5, 6], [2, 3]) });
  return out;
}

// ---------------------------------------------------------------- mutators

const INTERESTING = [0, 1, 2, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 2 ** 32, 2 ** 40, 2 ** 53 - 1];
const SIGNATURES = ['PK\u0001\u0002', 'PK\u0003\u0004', 'PK\u0005\u0006', 'OHDR', 'TREE', 'HEAP', 'SNOD', 'GCOL', '\u0089HDF', 'NUMPY'];

function positionsOf(bytes, sig) {
  const out = [];
  const c0 = sig.charCodeAt(0);
  for (let i = bytes.indexOf(c0); i >= 0 && out.length < 256; i = bytes.indexOf(c0, i + 1)) {
    let ok = true;
    for (let j = 1; j < sig.length && ok; j++) ok = bytes[i + j] === sig.charCodeAt(j);
    if (ok) out.push(i);
  }
  return out;
}

/** Binary mutations: each returns new bytes and a short description. */
const BINARY = {
  flip(b, r) {
    const out = b.slice();
    const n = 1 + Math.floor(r() * 8);
    for (let k = 0; k < n && out.length; k++) out[Math.floor(r() * out.length)] ^= 1 << Math.floor(r() * 8);
    return [out, `flip×${n}`];
  },
  truncate(b, r) {
    const at = Math.floor(b.length * (r() < 0.5 ? r() : 1 - r() * r() * 0.2));
    return [b.slice(0, at), `truncate@${at}`];
  },
  splice(b, r, others) {
    const src = others[Math.floor(r() * others.length)];
    const len = Math.min(src.length, 1 + Math.floor(r() * 4096));
    const from = Math.floor(r() * Math.max(1, src.length - len));
    const at = Math.floor(r() * b.length);
    const piece = src.subarray(from, from + len);
    if (r() < 0.5) { const out = b.slice(); out.set(piece.subarray(0, Math.max(0, out.length - at)), at); return [out, `overwrite@${at}+${len}`]; }
    const out = new Uint8Array(b.length + piece.length);
    out.set(b.subarray(0, at)); out.set(piece, at); out.set(b.subarray(at), at + piece.length);
    return [out, `insert@${at}+${len}`];
  },
  length(b, r) {
    // A length or offset field: next to a structure signature, or anywhere.
    const out = b.slice();
    if (out.length < 8) return [out, 'length:short'];
    let at;
    const sig = SIGNATURES[Math.floor(r() * SIGNATURES.length)];
    const near = positionsOf(out, sig);
    if (near.length && r() < 0.8) at = near[Math.floor(r() * near.length)] + Math.floor(r() * 48);
    else at = Math.floor(r() * out.length);
    const v = r() < 0.2 ? out.length + Math.floor(r() * 3) - 1 : INTERESTING[Math.floor(r() * INTERESTING.length)];
    const width = [2, 4, 8][Math.floor(r() * 3)];
    at = Math.min(at, out.length - width);
    const dv = new DataView(out.buffer);
    if (width === 2) dv.setUint16(at, v & 0xffff, true);
    else if (width === 4) dv.setUint32(at, v >>> 0, true);
    else dv.setBigUint64(at, BigInt(Math.min(v, 2 ** 53 - 1)), true);
    return [out, `len${width * 8}@${at}=${v}`];
  },
};

const WEIRD = [-1, 0, 1e9, 2 ** 53, 1.5, NaN, 'x', '', '../x', '__proto__', 'constructor', null, [], {}, [null], [-1, 3], true, 'float64', 'relu'];

/** Replace one random value inside a JSON document with a weird one (or drop a key). */
function jsonEdit(bytes, r) {
  let doc;
  try { doc = JSON.parse(new TextDecoder().decode(bytes)); } catch { return [bytes, 'json:unparsable'] }
  const slots = [];
  const walk = (v, depth) => {
    if (depth > 40 || !v || typeof v !== 'object') return;
    for (const k of Object.keys(v)) { slots.push([v, k]); walk(v[k], depth + 1); }
  };
  walk(doc, 0);
  if (!slots.length) return [bytes, 'json:empty'];
  const n = 1 + Math.floor(r() * 3);
  const what = [];
  for (let i = 0; i < n; i++) {
    const [obj, k] = slots[Math.floor(r() * slots.length)];
    if (r() < 0.15 && !Array.isArray(obj)) { delete obj[k]; what.push(`-${k}`); continue; }
    const w = WEIRD[Math.floor(r() * WEIRD.length)];
    obj[k] = typeof w === 'object' && w !== null ? JSON.parse(JSON.stringify(w)) : w;
    what.push(`${k}=${JSON.stringify(w)}`);
  }
  return [new TextEncoder().encode(JSON.stringify(doc)), `json{${what.join(',')}}`];
}

function mutateBinary(b, r, others) {
  const names = Object.keys(BINARY);
  let cur = b, desc = [];
  const n = 1 + Math.floor(r() * r() * 3);
  for (let i = 0; i < n; i++) {
    const [next, d] = BINARY[names[Math.floor(r() * names.length)]](cur, r, others);
    cur = next; desc.push(d);
  }
  return [cur, desc.join('+')];
}

/** Mutate an entry inside a zip (JSON edits for .json entries) and zip it again. */
function mutateInside(zip, r, others) {
  let files;
  try { files = unzipSync(zip); } catch { return mutateBinary(zip, r, others); }
  const names = Object.keys(files);
  const name = names[Math.floor(r() * names.length)];
  const [bytes, d] = name.endsWith('.json') && r() < 0.7 ? jsonEdit(files[name], r) : mutateBinary(files[name], r, others);
  files[name] = bytes;
  const level = r() < 0.5 ? 0 : 6;
  return [zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level }]]))), `${name}:${d}`];
}

/** One mutated case from a seed: { seed, format, bytes, shard?, desc }. */
export function mutate(seed, r, others) {
  const zipped = seed.format === 'keras' || seed.format === 'npz';
  if (seed.format === 'tfjs') {
    const which = r();
    if (which < 0.45) { const [bytes, d] = jsonEdit(seed.bytes, r); return { seed, bytes, shard: seed.shard, desc: d }; }
    if (which < 0.7) { const [shard, d] = mutateBinary(seed.shard, r, others); return { seed, bytes: seed.bytes, shard, desc: `shard:${d}` }; }
    const [bytes, d] = mutateBinary(seed.bytes, r, others);
    return { seed, bytes, shard: seed.shard, desc: `json-bytes:${d}` };
  }
  if (seed.format === 'npy' && r() < 0.3) {
    // The header is text: edit the shape or dtype in place.
    const text = new TextDecoder('latin1').decode(seed.bytes.subarray(0, 128));
    const m = /'shape': \(([^)]*)\)/.exec(text);
    if (m) {
      const shape = ['-1,', '1e3,', '2147483648, 2147483648', 'x,', '0,', '3, 0', '99999999999999999999,'][Math.floor(r() * 7)];
      const head = text.slice(0, m.index) + `'shape': (${shape})` + text.slice(m.index + m[0].length);
      const bytes = new Uint8Array(seed.bytes.length + 128);
      const hb = Uint8Array.from(head, (c) => c.charCodeAt(0) & 255);
      bytes.set(hb); bytes.set(seed.bytes.subarray(128), hb.length);
      return { seed, bytes: bytes.subarray(0, hb.length + seed.bytes.length - 128), desc: `npy-shape(${shape})` };
    }
  }
  const [bytes, d] = zipped && r() < 0.6 ? mutateInside(seed.bytes, r, others) : mutateBinary(seed.bytes, r, others);
  return { seed, bytes, desc: d };
}

// ---------------------------------------------------------------- loading and outcomes

const weightModels = new Map();

/** Run a loaded model once on zeros (exercises the weights it read). */
function exercise(model) {
  const xs = model.inputs.map((t) => nm.zeros(t.shape.map((d) => d ?? 2), t.dtype ?? 'float32'));
  const y = model.predict(xs.length === 1 ? xs[0] : xs);
  for (const t of Array.isArray(y) ? y : [y]) { t.dataSync(); t.dispose(); }
  xs.forEach((x) => x.dispose());
}

/** Load one case through the public API; throws whatever the library throws. */
export async function load(c) {
  const f = c.seed.format;
  if (f === 'keras' || f === 'h5') return exercise(await nm.loadModel(c.bytes, { compile: c.bytes.length % 2 === 0 }));
  if (f === 'tfjs') return exercise(await nm.loadModel({ 'model.json': c.bytes, 'group1-shard1of1.bin': c.shard }));
  if (f === 'weights') {
    let m = weightModels.get(c.seed.name);
    if (!m) { m = await nm.loadModel(c.seed.archive); weightModels.set(c.seed.name, m); }
    await m.loadWeights(c.bytes);
    return exercise(m);
  }
  if (f === 'npz') { const z = await nm.datasets.readNpz(c.bytes, c.seed.name); void Object.keys(z); return; }
  if (f === 'npy') { await nm.datasets.readNpy(c.bytes, c.seed.name); return; }
  throw new Error(`fuzz: unknown format ${f}`);
}

/**
 * A typed error that the loaders' last-resort wrapper made from a raw exception (its `cause`):
 * typed for the user, but a place where the reader did not check the input itself.
 */
export function wrappedCause(err) {
  const c = err?.cause;
  return err instanceof nm.NeurasmError && c !== undefined && !(c instanceof nm.NeurasmError) ? c : null;
}

/** 'loaded' | 'typed' | 'trap' | 'untyped' for what a load threw (or did not). */
export function outcome(err) {
  if (err === undefined) return 'loaded';
  if (err instanceof nm.NeurasmError) return 'typed';
  if (typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError) return 'trap';
  return 'untyped';
}

const CANARY_VALUES = Float32Array.from({ length: 257 }, (_, i) => i * 0.37 - 40);
const EXP = [1, Math.fround(Math.E), Math.fround(Math.E * Math.E)];

/** After every file: exp([0,1,2]) and a fresh tensor reading back what was written. */
export function canary() {
  const e = nm.exp(nm.tensor([0, 1, 2]));
  const ev = Array.from(e.dataSync());
  e.dispose();
  if (!ev.every((v, i) => Math.abs(v - EXP[i]) <= 1e-6 * EXP[i])) return `exp([0,1,2]) = ${ev}`;
  const t = nm.tensor(CANARY_VALUES, [257]);
  const back = t.dataSync();
  const ok = back.length === 257 && CANARY_VALUES.every((v, i) => back[i] === v);
  t.dispose();
  return ok ? null : 'a fresh tensor did not read back what was written';
}

/** Tally per format. */
export function newTally() { return {}; }
export function count(tally, format, key) {
  const t = (tally[format] ??= { files: 0, loaded: 0, typed: 0, wrapped: 0, untyped: 0, trap: 0, hang: 0, canary: 0 });
  if (key === 'file') t.files++;
  else t[key]++;
}

export function formatTally(tally) {
  const rows = Object.entries(tally).sort();
  const total = { files: 0, loaded: 0, typed: 0, wrapped: 0, untyped: 0, trap: 0, hang: 0, canary: 0 };
  const lines = ['format    files   loaded  typed-error (of which wrapped)  untyped  wasm-trap  hang>10s  canary-wrong'];
  const line = (name, t) => `${name.padEnd(8)} ${String(t.files).padStart(6)} ${String(t.loaded).padStart(8)} ${String(t.typed).padStart(12)} ${String(t.wrapped).padStart(17)} ${String(t.untyped).padStart(8)} ${String(t.trap).padStart(10)} ${String(t.hang).padStart(9)} ${String(t.canary).padStart(13)}`;
  for (const [f, t] of rows) { lines.push(line(f, t)); for (const k of Object.keys(total)) total[k] += t[k]; }
  lines.push(line('all', total));
  return lines.join('\n');
}
