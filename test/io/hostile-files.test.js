// Files that cannot hurt (issue 13.4): TF.js shard paths stay inside the model's folder, .keras
// and .npz archives stay inside their size limits, HDF5 attributes, links and depth are bounded,
// .npy shapes and object-array pickles are validated. Each case is a typed FormatError.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unzipSync, zipSync } from 'fflate';
import { fixtureBytes } from '../helpers/fixtures.js';
import * as nm from '../../dist/neurasm.js';
import { npyFloat64, npz } from '../helpers/npz.js';

const inBrowser = typeof window !== 'undefined' || (typeof self !== 'undefined' && typeof self.importScripts === 'function');
const bytesOf = (name) => fixtureBytes(`../${name}`);

async function rejects(p, re, what) {
  try { await p; } catch (e) {
    assert.instance(e, nm.FormatError, `${what}: ${e?.name}: ${e?.message}`);
    if (re) assert.match(e.message, re, what);
    return e;
  }
  assert.unreachable(`${what}: accepted`);
}

function tiny() {
  nm.setSeed(1);
  const m = new nm.Sequential([new nm.layers.Dense(3, { inputShape: [2], activation: 'relu' }), new nm.layers.Dense(1)], { name: 'tiny' });
  m.compile({ optimizer: 'adam', loss: 'mse' });
  return m;
}

// ---------------------------------------------------------------- TF.js shard paths

const BAD_PATHS = [
  '../outside.bin', 'sub/../../outside.bin', '..\\outside.bin', '/etc/passwd', '\\\\server\\share\\x.bin',
  'C:\\Windows\\x.bin', 'c:/x.bin', 'file:///etc/passwd', 'http://example.invalid/x.bin', '%2e%2e/outside.bin',
  '%2E%2E%2Foutside.bin', '%252e%252e%252foutside.bin', '..%5coutside.bin', 'ok.bin\u0000.txt', '', 42,
];

test('TF.js: a shard path that leaves the model folder is refused before any shard is read', async () => {
  const files = await tiny().toFiles('tfjs');
  const mj = JSON.parse(new TextDecoder().decode(files['model.json']));
  for (const bad of BAD_PATHS) {
    const read = [];
    const manifest = [{ ...mj.weightsManifest[0], paths: [bad] }];
    // A Proxy records every file the loader asks for: there must be none besides model.json.
    const given = new Proxy({ 'model.json': { ...mj, weightsManifest: manifest }, 'group1-shard1of1.bin': files['group1-shard1of1.bin'] }, {
      get(t, k) { if (k !== 'model.json' && typeof k === 'string') read.push(k); return t[k]; },
      getOwnPropertyDescriptor(t, k) { if (k !== 'model.json') read.push(String(k)); return Object.getOwnPropertyDescriptor(t, k); },
    });
    await rejects(nm.loadModel(given), /inside the model's folder|non-empty relative path|percent-escape/, JSON.stringify(bad));
    assert.equal(read, [], `nothing read for ${JSON.stringify(bad)}`);
  }
});

test('TF.js: a good relative path in a subfolder still loads', async () => {
  const m = tiny();
  const files = await m.toFiles('tfjs');
  const mj = JSON.parse(new TextDecoder().decode(files['model.json']));
  mj.weightsManifest[0].paths = ['./shards/w.bin'];
  const back = await nm.loadModel({ 'model.json': mj, 'shards/w.bin': files['group1-shard1of1.bin'] });
  const x = nm.tensor([[1, 2]]);
  assert.equal(Array.from(back.predict(x).dataSync()), Array.from(m.predict(x).dataSync()));
});

(inBrowser ? test.skip : test)('TF.js from a path: ../ to an existing and to a missing outside file give the same error (no oracle)', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { tempDir } = await import('../helpers/tmp.js');
  const dir = tempDir('neurasm-hostile-');
  fs.mkdirSync(path.join(dir, 'model'));
  fs.writeFileSync(path.join(dir, 'outside.bin'), new Uint8Array(64));
  const files = await tiny().toFiles('tfjs');
  const mj = JSON.parse(new TextDecoder().decode(files['model.json']));
  const messages = [];
  for (const target of ['../outside.bin', '../missing.bin']) {
    mj.weightsManifest[0].paths = [target];
    const p = path.join(dir, 'model', 'model.json');
    fs.writeFileSync(p, JSON.stringify(mj));
    const e = await rejects(nm.loadModel(p), /inside the model's folder/, target);
    messages.push(e.message.replace(target, 'X'));
  }
  assert.is(messages[0], messages[1]);
});

test('TF.js: manifest shapes and dtypes are checked (non-integer, negative, wrong dtype)', async () => {
  const files = await tiny().toFiles('tfjs');
  const mj = JSON.parse(new TextDecoder().decode(files['model.json']));
  for (const [shape, dtype] of [[[3, 'x', 1, 8], 'float32'], [[-2, 3], 'float32'], [[1.5], 'float32'], [[2, 3], 'complex64'], ['3', 'float32']]) {
    const w = mj.weightsManifest[0].weights.map((s, i) => (i === 0 ? { ...s, shape, dtype } : s));
    await rejects(nm.loadModel({ 'model.json': { ...mj, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: w }] }, 'group1-shard1of1.bin': files['group1-shard1of1.bin'] }),
      /shape|dtype/, JSON.stringify(shape));
  }
  // The library computes correctly afterwards.
  assert.equal(Array.from(nm.exp(nm.tensor([0, 1, 2])).dataSync()).map((v) => +v.toFixed(5)), [1, 2.71828, 7.38906]);
});

// ---------------------------------------------------------------- zip limits

/** Entries of the central directory: offsets of the fields we patch. */
function centralEntries(zip) {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = [];
  for (let p = 0; p + 46 <= zip.length; p++) {
    if (dv.getUint32(p, true) !== 0x02014b50) continue;
    const n = dv.getUint16(p + 28, true);
    out.push({ at: p, name: new TextDecoder().decode(zip.subarray(p + 46, p + 46 + n)), dv });
  }
  return out;
}

test('.keras: an entry declaring more than the limit is refused from the declared size, before inflating', async () => {
  const keras = (await tiny().toFiles('keras'))['model.keras'];
  const big = keras.slice();
  const e = centralEntries(big).find((x) => x.name === 'model.weights.h5');
  e.dv.setUint32(e.at + 24, 3 * 2 ** 30, true); // declares 3 GiB
  await rejects(nm.loadModel(big), /declares 3221225472 uncompressed bytes, over the limit of 2147483648/, 'declared 3 GiB');
  // The limits are options: a small one refuses the real file, a raised one accepts it.
  await rejects(nm.loadModel(keras, { maxEntryBytes: 100 }), /over the limit of 100 .*maxEntryBytes/, 'maxEntryBytes 100');
  await rejects(nm.loadModel(keras, { maxUncompressedBytes: 1000 }), /over the limit of 1000 .*maxUncompressedBytes/, 'maxUncompressedBytes 1000');
  try { await nm.loadModel(keras, { maxEntryBytes: -1 }); assert.unreachable('maxEntryBytes -1 accepted'); } catch (e) {
    assert.instance(e, nm.ValueError);
    assert.match(e.message, /maxEntryBytes must be a non-negative integer/);
  }
  const ok = await nm.loadModel(keras, { maxEntryBytes: 2 ** 20, maxUncompressedBytes: 2 ** 21 });
  assert.is(ok.layers.length, 2);
});

test('.keras: a deflated entry that inflates past its declared size is stopped; a corrupt one fails its CRC', async () => {
  const plain = unzipSync((await tiny().toFiles('keras'))['model.keras']);
  // A zip bomb in miniature: 4 MiB of zeros deflate to a few KiB; the directory claims 1,000 bytes.
  const zip = zipSync({ 'config.json': plain['config.json'], 'metadata.json': plain['metadata.json'], 'model.weights.h5': [new Uint8Array(4 << 20), { level: 9 }] });
  const e = centralEntries(zip).find((x) => x.name === 'model.weights.h5');
  e.dv.setUint32(e.at + 24, 1000, true);
  await rejects(nm.loadModel(zip), /inflates to more than the 1000 bytes it declares/, 'bomb');
  // One flipped byte in stored data: the CRC-32 catches it.
  const stored = zipSync({ 'config.json': [plain['config.json'], { level: 0 }], 'model.weights.h5': [plain['model.weights.h5'], { level: 0 }] });
  const dv = new DataView(stored.buffer, stored.byteOffset);
  const at = 30 + dv.getUint16(26, true) + dv.getUint16(28, true); // the first entry's data
  assert.is(stored[at], 0x7b, "config.json's first byte");
  stored[at + 5] ^= 0x20;
  await rejects(nm.loadModel(stored), /CRC-32/, 'crc');
});

test('.npz: the same limits apply to datasets.readNpz', async () => {
  const z = npz({ a: npyFloat64([1, 2, 3], [3]) });
  await rejects(nm.datasets.readNpz(z, 'a.npz', { maxEntryBytes: 10 }), /over the limit of 10/, 'npz limit');
  const big = z.slice();
  const e = centralEntries(big)[0];
  e.dv.setUint32(e.at + 24, 2 ** 31 + 1, true);
  await rejects(nm.datasets.readNpz(big, 'a.npz'), /over the limit/, 'npz declared');
});

// ---------------------------------------------------------------- HDF5

/** A legacy .h5 model file whose 'weight_names' attribute claims 2**40 elements of size 0. */
async function hugeAttributeFile() {
  const h5 = (await tiny().toFiles('h5'))['model.h5'].slice();
  const name = new TextEncoder().encode('weight_names\0');
  let at = -1;
  for (let i = 0; i + name.length <= h5.length && at < 0; i++) if (name.every((c, j) => h5[i + j] === c)) at = i;
  assert.ok(at > 0, 'weight_names attribute found');
  const dv = new DataView(h5.buffer);
  assert.is(h5[at + 16] & 0x0f, 3, 'a fixed-length string datatype follows the name');
  dv.setUint32(at + 16 + 4, 0, true);          // datatype size 0
  dv.setBigUint64(at + 32, 2n ** 40n, true);   // dataspace: 2**40 elements
  return h5;
}

test('HDF5: an attribute claiming 2**40 zero-size elements is refused at once (it hung loadWeights)', async () => {
  const h5 = await hugeAttributeFile();
  assert.ok(h5.length < 16 * 1024, `a small file (${h5.length} bytes)`);
  const m = tiny();
  const before = m.getWeights().map((w) => Array.from(w.dataSync()));
  await rejects(m.loadWeights(h5), /size 0|declares/, 'loadWeights');
  await rejects(nm.loadModel(h5), /size 0|declares/, 'loadModel');
  assert.equal(m.getWeights().map((w) => Array.from(w.dataSync())), before);
});

test('HDF5: an attribute with more elements than its message holds is refused', async () => {
  const h5 = await hugeAttributeFile();
  const name = new TextEncoder().encode('weight_names\0');
  let at = -1;
  for (let i = 0; i + name.length <= h5.length && at < 0; i++) if (name.every((c, j) => h5[i + j] === c)) at = i;
  const dv = new DataView(h5.buffer);
  dv.setUint32(at + 16 + 4, 1, true);
  dv.setBigUint64(at + 32, 10n ** 6n, true);
  await rejects(nm.loadModel(h5), /declares 1000000 elements of 1 bytes, more than its/, 'overlong attribute');
});

test('HDF5 (files written by h5py): hard links that fan out 2**40 ways, a cyclic link, groups 100 deep', async () => {
  const m = tiny();
  await rejects(m.loadWeights(await bytesOf('hostile/fanout.h5')), /expand to more than 1000000 objects/, 'fanout');
  await rejects(m.loadWeights(await bytesOf('hostile/cycle.h5')), /contains itself/, 'cycle');
  await rejects(m.loadWeights(await bytesOf('hostile/deep.h5')), /nested more than 64 deep/, 'deep');
});

test('.keras: a damaged model structure in config.json is a FormatError that names the place', async () => {
  const files = unzipSync(await fixtureBytes('functional_branches.keras'));
  const original = JSON.parse(new TextDecoder().decode(files['config.json']));
  const load = (edit) => {
    const c = structuredClone(original);
    edit(c);
    return nm.loadModel(zipSync({ ...files, 'config.json': new TextEncoder().encode(JSON.stringify(c)) }));
  };
  assert.is((await load(() => {})).layers.length, original.config.layers.length, 'the undamaged file loads');
  const dense = (c) => c.config.layers[2]; // Dense 'dense_a', called on input 'a'
  const cases = [
    ['layers is a number', (c) => { c.config.layers = 5; }, /'layers' must be a list of layer configs, got 5/],
    ['a layer is null', (c) => { c.config.layers[0] = null; }, /layers\[0\]: expected \{class_name, config\}, got null/],
    ['a layer config is a string', (c) => { dense(c).config = 'x'; }, /layers\[2\]: config must be an object/],
    ['a layer without a name', (c) => { delete dense(c).name; dense(c).config.name = 7; }, /layers\[2\]: a layer needs a name string, got 7/],
    ['inbound_nodes is true', (c) => { dense(c).inbound_nodes = true; }, /layer 'dense_a': inbound_nodes must be a list, got true/],
    ['a node is a number', (c) => { dense(c).inbound_nodes = [3]; }, /layer 'dense_a', inbound node 0: expected \{args, kwargs\}/],
    ['args is null', (c) => { dense(c).inbound_nodes[0].args = null; }, /inbound node 0: args must be a list, got null/],
    ['an input is null', (c) => { dense(c).inbound_nodes[0].args = [null]; }, /input 0's keras_history: expected a \[layer name, node index, tensor index\] reference, got undefined/],
    ['keras_history is a string', (c) => { dense(c).inbound_nodes[0].args[0].config.keras_history = 'a'; }, /keras_history: expected .* reference, got 'a'/],
    ['a negative node index', (c) => { dense(c).inbound_nodes[0].args[0].config.keras_history = ['a', -1, 0]; }, /got an array of length 3/],
    ['input_layers is 1.5', (c) => { c.config.input_layers = 1.5; }, /input_layers must be a \[layer name, node index, tensor index\] reference or a list of them, got 1.5/],
    ['an output reference without a name', (c) => { c.config.output_layers = [[0, 0, 0]]; }, /output_layers\[0\]: expected/],
  ];
  for (const [what, edit, re] of cases) await rejects(load(edit), re, what);
});

// ---------------------------------------------------------------- .npy shapes and pickles

test('.npy: shapes must be non-negative integers with a product that fits', async () => {
  for (const shape of [[-1], ['x'], [2.5], [2 ** 31, 2 ** 31], ['1e3']]) {
    await rejects(nm.datasets.readNpy(npyFloat64([1, 2, 3], shape), 'a.npy'), /shape/, JSON.stringify(shape));
  }
  const ok = await nm.datasets.readNpy(npyFloat64([1, 2, 3, 4, 5, 6], [2, 3]), 'a.npy');
  assert.equal(ok.shape, [2, 3]);
  const empty = await nm.datasets.readNpy(npyFloat64([], [0, 4]), 'e.npy');
  assert.equal(empty.shape, [0, 4]);
});

test('.npy: a file cut anywhere, and a format version other than 1–3, are FormatErrors', async () => {
  const v1 = npyFloat64([1, 2, 3], [3]);
  // The same array in format 2.0: a 4-byte header length at offset 8 instead of 2 bytes.
  const v2 = new Uint8Array(v1.length + 2);
  v2.set(v1.subarray(0, 8)); v2[6] = 2;
  new DataView(v2.buffer).setUint32(8, v1[8] | (v1[9] << 8), true);
  v2.set(v1.subarray(10), 12);
  assert.equal(Array.from((await nm.datasets.readNpy(v2, 'v2.npy')).data), [1, 2, 3]);
  for (const [name, file] of [['v1', v1], ['v2', v2]]) {
    for (let n = 0; n < file.length; n++) await rejects(nm.datasets.readNpy(file.slice(0, n), `${name}.npy`), null, `${name} cut at ${n} of ${file.length} bytes`);
  }
  for (const major of [0, 4, 255]) {
    const f = v1.slice(); f[6] = major;
    await rejects(nm.datasets.readNpy(f, 'v.npy'), /format version/, `version ${major}`);
  }
});

test('.npz: an entry named __proto__.npy is an ordinary key, not the prototype', async () => {
  const zip = zipSync({ '__proto__.npy': npyFloat64([7], [1]) });
  const out = await nm.datasets.readNpz(zip, 'p.npz');
  assert.ok(Object.hasOwn(out, '__proto__'), 'own key');
  assert.is(Object.getPrototypeOf(out), Object.prototype);
});

const enc = new TextEncoder();
/** An object .npy whose pickle is the numpy ndarray preamble + `items` (raw opcodes) + the postamble. */
function objectNpy(itemOps, n = 1) {
  const b = [];
  const str = (s) => b.push(...enc.encode(s));
  const unicode = (s) => { const e = enc.encode(s); b.push(0x58, e.length, 0, 0, 0, ...e); };
  b.push(0x80, 3, 0x63); str('numpy._core.multiarray\n_reconstruct\n');
  b.push(0x63); str('numpy\nndarray\n');
  b.push(0x4b, 0, 0x85, 0x43, 1, 0x62, 0x87, 0x52);
  b.push(0x28, 0x4b, 1, 0x4b, n, 0x85);
  b.push(0x63); str('numpy\ndtype\n'); unicode('O8'); b.push(0x89, 0x88, 0x87, 0x52);
  b.push(0x28, 0x4b, 3); unicode('|'); b.push(0x4e, 0x4e, 0x4e, 0x4a, 255, 255, 255, 255, 0x4a, 255, 255, 255, 255, 0x4b, 63, 0x74, 0x62);
  b.push(0x89);
  b.push(...itemOps);
  b.push(0x74, 0x62, 0x2e);
  let header = `{'descr': '|O', 'fortran_order': False, 'shape': (${n},), }`;
  header += ' '.repeat((64 - ((11 + header.length) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + b.length);
  out.set([0x93, ...enc.encode('NUMPY'), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(enc.encode(header), 10);
  out.set(b, 10 + header.length);
  return out;
}

test('object-array pickles: a valid one reads; APPEND/SETITEM onto the wrong type, cycles, deep nesting, unknown opcodes are FormatErrors', async () => {
  const good = await nm.datasets.readNpy(objectNpy([0x5d, 0x5d, 0x28, 0x4b, 1, 0x4b, 2, 0x65, 0x61]), 'good.npy'); // [[1, 2]]
  assert.equal(good.data, [[1, 2]]);
  const cases = {
    'append onto an int': [0x4b, 5, 0x4b, 6, 0x61],
    'append onto a tuple': [0x29, 0x4b, 6, 0x61],
    'setitem onto a list': [0x5d, 0x4b, 1, 0x4b, 2, 0x73],
    'appends without a mark': [0x5d, 0x65],
    'a list that contains itself': [0x5d, 0x71, 0, 0x68, 0, 0x61],
    'memo never stored': [0x68, 9],
    'lists nested 5,000 deep': [...Array(5000).fill(0x5d), ...Array(4999).fill(0x61)],
    'an unknown opcode': [0xff],
    'reduce of a non-global': [0x4b, 1, 0x29, 0x52],
  };
  for (const [what, ops] of Object.entries(cases)) {
    await rejects(nm.datasets.readNpy(objectNpy(ops), 'bad.npy'), null, what);
  }
  // The specific messages name what went wrong.
  await rejects(nm.datasets.readNpy(objectNpy(cases['append onto an int']), 'bad.npy'), /append onto a number, not a list/, 'message');
  await rejects(nm.datasets.readNpy(objectNpy(cases['setitem onto a list']), 'bad.npy'), /setitem onto a list or tuple, not a dict/, 'message');
  await rejects(nm.datasets.readNpy(objectNpy(cases['a list that contains itself']), 'bad.npy'), /contains itself/, 'message');
  await rejects(nm.datasets.readNpy(objectNpy([...Array(200).fill(0x5d), ...Array(199).fill(0x61)]), 'bad.npy'), /more than 100 deep/, 'message');
});

test.run();
