#!/usr/bin/env node
// `npx neurasm` (also `deno run -A npm:neurasm`, `bunx neurasm`): look inside, convert, run and
// plot Keras models — .keras, .h5 and TF.js model.json — without Python. Built only on the
// package's public API (plus node:fs), so it doubles as an example of it. Every failure is one
// readable line on stderr and exit status 1.
import * as nm from '../dist/neurasm.js';
import { readFile, writeFile, rename, rm, mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, basename } from 'node:path';

/** A mistake in the command line (as opposed to in the model or the data). */
class UsageError extends Error {}

const COMMANDS = {
  summary: {
    usage: 'neurasm summary MODEL [--json]',
    about: "Prints Keras's model.summary() table for a .keras, .h5 or TF.js model.json (a path or an http(s) URL).",
    flags: ['json'],
    run: summary,
  },
  convert: {
    usage: 'neurasm convert MODEL OUT [--no-optimizer] [--shard-size BYTES] [--quantize float16|uint8] [--json]',
    about: 'Converts between .keras (Keras 3), .h5 (legacy Keras) and the TF.js layers format (OUT ends in .json, or is a folder).\n' +
      '  --no-optimizer   leave out the optimizer state and the training config\n' +
      '  --shard-size N   TF.js weight shards of at most N bytes (suffixes KB, MB; default 4194304, as the TF.js converter)\n' +
      "  --quantize T     TF.js weights stored as float16 or uint8 (affine, as the TF.js converter's); tf.loadLayersModel dequantizes",
    flags: ['no-optimizer', 'shard-size=', 'quantize=', 'json'],
    run: convert,
  },
  predict: {
    usage: 'neurasm predict MODEL INPUT [--out OUT.npy] [--batch-size N] [--json]',
    about: 'Runs model.predict on INPUT (.npy, .npz, .csv or .json; for several inputs a .npz or a JSON object keyed by input name).\n' +
      '  Prints the predictions as JSON (an object keyed by output name for several outputs), or writes them to a .npy with --out.',
    flags: ['out=', 'batch-size=', 'json'],
    run: predict,
  },
  evaluate: {
    usage: 'neurasm evaluate MODEL X Y [--batch-size N] [--json]',
    about: 'Runs model.evaluate(X, Y) with the loss and metrics the model was compiled with (X, Y as for predict).',
    flags: ['batch-size=', 'json'],
    run: evaluate,
  },
  plot: {
    usage: 'neurasm plot MODEL OUT.svg',
    about: "Draws the model's graph (keras.utils.plot_model with show_shapes) as SVG.",
    flags: [],
    run: plot,
  },
  inspect: {
    usage: 'neurasm inspect MODEL [--json]',
    about: 'Lists layers, weights (shapes, dtypes, statistics), the optimizer and its state, the training config,\n' +
      '  the Keras version that wrote the file, and anything that cannot be loaded, with the reason (still exit status 0).',
    flags: ['json'],
    run: inspect,
  },
};

const HELP = `neurasm ${await version()}: Keras models without Python.

Usage: neurasm <command> [options]   (neurasm <command> --help for one command)

${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}

MODEL is a .keras, .h5/.hdf5 or TF.js model.json file, or an http(s) URL of one.
Errors are one line on stderr with exit status 1; --json prints machine-readable output.`;

// ---------- the command line ----------

function parseArgs(argv, spec) {
  const flags = {}, positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || a === '--') { positional.push(a); continue; }
    const [name, inline] = a.slice(2).split(/=(.*)/s);
    if (spec.includes(name)) { flags[name] = true; continue; }
    if (spec.includes(`${name}=`)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value.`);
      flags[name] = v;
      continue;
    }
    const valid = spec.map((s) => `--${s.replace(/=$/, ' VALUE')}`);
    throw new UsageError(`unknown option --${name}${valid.length ? ` (valid: ${valid.join(', ')}, --help)` : ' (this command takes none but --help)'}.`);
  }
  return { flags, positional };
}

function need(positional, names, usage) {
  if (positional.length !== names.length) {
    throw new UsageError(`expected ${names.join(' ')}, got ${positional.length ? positional.map((p) => `'${p}'`).join(' ') : 'nothing'}. Usage: ${usage}`);
  }
  return positional;
}

async function main(argv) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { console.log(HELP); return; }
  if (name === '--version' || name === '-v') { console.log(await version()); return; }
  const cmd = COMMANDS[name];
  if (!cmd) throw new UsageError(`unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')} (neurasm --help).`);
  if (rest.includes('--help') || rest.includes('-h')) { console.log(`Usage: ${cmd.usage}\n\n${cmd.about}`); return; }
  const { flags, positional } = parseArgs(rest, cmd.flags);
  await cmd.run(positional, flags, cmd.usage);
}

async function version() {
  try { return JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')).version; } catch { return '?'; }
}

const isUrl = (s) => /^https?:\/\//i.test(s);
const out = (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const progress = (flags, s) => { if (!flags.json) process.stderr.write(`${s}\n`); };

/** Bytes of a path or URL, with a readable error. */
async function readSource(src, what = 'file') {
  if (isUrl(src)) {
    let r;
    try { r = await fetch(src); } catch (e) { throw new nm.ValueError(`cannot fetch ${what} ${src}: ${e.cause?.message ?? e.message}.`); }
    if (!r.ok) throw new nm.ValueError(`cannot fetch ${what} ${src}: HTTP ${r.status}.`);
    return new Uint8Array(await r.arrayBuffer());
  }
  try { return new Uint8Array(await readFile(src)); } catch (e) {
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.code ?? e.message;
    throw new nm.ValueError(`cannot read ${what} ${resolve(src)}: ${why}.`);
  }
}

/** Writes bytes atomically (a temporary file renamed into place). */
async function writeAtomic(path, bytes) {
  await mkdir(dirname(resolve(path)), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try { await writeFile(tmp, bytes); await rename(tmp, path); } catch (e) {
    await rm(tmp, { force: true });
    throw new nm.ValueError(`cannot write ${resolve(path)}: ${e.code ?? e.message}.`);
  }
}

// ---------- models ----------

const formatOf = (p) => (/\.keras$/i.test(p) ? 'keras' : /\.(h5|hdf5)$/i.test(p) ? 'h5' : /\.json$/i.test(p) ? 'tfjs' : null);

/** The model at a path or URL; a TF.js model.json is read with its shards (loadModel expands quantized weights). */
async function openModel(src, { compile = true } = {}) {
  const format = formatOf(src.replace(/[?#].*$/, ''));
  if (!format) throw new nm.ValueError(`cannot tell the format of '${src}': expected a name ending in .keras, .h5, .hdf5 or .json (TF.js model.json).`);
  const bytes = await readSource(src, 'model');
  if (format !== 'tfjs') return { model: await nm.loadModel(bytes, { compile }), format, bytes };
  let json;
  try { json = JSON.parse(new TextDecoder().decode(bytes)); } catch { throw new nm.FormatError(`${src} is not valid JSON.`); }
  const base = src.replace(/[^/]*$/, '');
  const files = { 'model.json': bytes };
  for (const g of Array.isArray(json.weightsManifest) ? json.weightsManifest : []) {
    if (!Array.isArray(g?.paths)) throw new nm.FormatError('TF.js model.json: each weightsManifest group needs paths and weights.');
    for (const p of g.paths) {
      if (typeof p !== 'string' || (!isUrl(base) && (/^\/|^[a-z]+:/i.test(p) || p.split('/').includes('..')))) throw new nm.FormatError(`TF.js model.json: shard path '${p}' points outside the model's folder; refused.`);
      files[p] = await readSource(base + p, 'weight shard');
    }
  }
  return { model: await nm.loadModel(files, { compile }), format, bytes, modelJson: json };
}

function concat(parts) {
  const outBuf = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { outBuf.set(p, o); o += p.length; }
  return outBuf;
}

const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
/** float32 → IEEE half, round to nearest even (as NumPy's astype(float16)). */
function floatToHalf(v) {
  f32[0] = v;
  const x = u32[0], sign = (x >>> 16) & 0x8000, e = (x >>> 23) & 0xff, m = x & 0x7fffff;
  if (e === 0xff) return sign | 0x7c00 | (m ? 0x200 : 0);
  const ue = e - 127 + 15;
  if (ue >= 0x1f) return sign | 0x7c00;
  if (ue <= 0) {
    if (ue < -10) return sign;
    const mm = m | 0x800000, shift = 14 - ue, half = 1 << (shift - 1);
    let r = mm >>> shift;
    const rest = mm & ((1 << shift) - 1);
    if (rest > half || (rest === half && (r & 1))) r++;
    return sign | r;
  }
  let r = (ue << 10) | (m >>> 13);
  const rest = m & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (r & 1))) r++;
  return sign | r;
}

// ---------- summary ----------

async function summary(positional, flags, usage) {
  const [src] = need(positional, ['MODEL'], usage);
  const { model } = await openModel(src);
  if (!flags.json) { out(model.summary({ printFn: null })); return; }
  out(JSON.stringify({
    name: model.name, class: model.className,
    layers: model.layers.map((l) => ({ name: l.name, class: l.className, outputShape: shapeOf(l), params: count(l.weights) })),
    totalParams: count(model.weights), trainableParams: count(model.trainableWeights), nonTrainableParams: count(model.nonTrainableWeights),
    optimizerParams: count((model.optimizer?.variables() ?? []).map((v) => v.value)),
  }, null, 2));
}

const count = (vars) => vars.reduce((n, v) => n + v.shape.reduce((a, b) => a * b, 1), 0);
/** The shape(s) a layer's first call produced, null for the batch dimension. */
function shapeOf(layer) {
  const outs = layer.inboundNodes?.[0]?.outputs ?? [];
  return outs.length === 0 ? null : outs.length === 1 ? [...outs[0].shape] : outs.map((o) => [...o.shape]);
}

// ---------- convert ----------

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb)?$/i.exec(String(s).trim());
  if (!m) throw new UsageError(`--shard-size: expected a number of bytes (e.g. 4194304 or 4MB), got '${s}'.`);
  const mult = { b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase()];
  const n = Math.floor(Number(m[1]) * mult);
  if (n < 1) throw new UsageError(`--shard-size must be at least 1 byte, got '${s}'.`);
  return n;
}

async function convert(positional, flags, usage) {
  const [src, dst] = need(positional, ['MODEL', 'OUT'], usage);
  let target = dst, fmt = formatOf(dst);
  if (!fmt && !/\.[a-z0-9]+$/i.test(basename(dst))) { target = join(dst, 'model.json'); fmt = 'tfjs'; }
  if (!fmt) throw new UsageError(`cannot tell the output format of '${dst}': use a name ending in .keras, .h5 or .json (TF.js), or a folder for TF.js.`);
  if (fmt !== 'tfjs' && (flags['shard-size'] || flags.quantize)) throw new UsageError(`--shard-size and --quantize apply to TF.js output (OUT ending in .json or a folder), not to .${fmt}.`);
  if (flags.quantize && !['float16', 'uint8'].includes(flags.quantize)) throw new UsageError(`--quantize: expected float16 or uint8, got '${flags.quantize}'.`);
  const shardSize = flags['shard-size'] ? parseSize(flags['shard-size']) : 4 * 1024 * 1024;
  progress(flags, `reading ${src}`);
  const { model } = await openModel(src, { compile: !flags['no-optimizer'] });
  const files = await model.toFiles(fmt);
  const written = [];
  if (fmt !== 'tfjs') {
    const bytes = Object.values(files)[0];
    await writeAtomic(target, bytes);
    written.push({ path: target, bytes: bytes.length });
  } else {
    const mj = JSON.parse(new TextDecoder().decode(files['model.json']));
    const group = mj.weightsManifest[0];
    let data = files[group.paths[0]];
    if (flags.quantize) data = quantize(group.weights, data, flags.quantize);
    const n = Math.max(1, Math.ceil(data.length / shardSize));
    group.paths = Array.from({ length: n }, (_, i) => `group1-shard${i + 1}of${n}.bin`);
    const dir = dirname(target);
    for (let i = 0; i < n; i++) {
      const shard = data.subarray(i * shardSize, Math.min(data.length, (i + 1) * shardSize));
      await writeAtomic(join(dir, group.paths[i]), shard);
      written.push({ path: join(dir, group.paths[i]), bytes: shard.length });
      if (n > 4) progress(flags, `  shard ${i + 1}/${n}`);
    }
    mj.convertedBy = `neurasm ${await version()} CLI`;
    const json = new TextEncoder().encode(JSON.stringify(mj));
    await writeAtomic(target, json);
    written.unshift({ path: target, bytes: json.length });
  }
  if (flags.json) { out(JSON.stringify({ from: src, format: fmt, files: written }, null, 2)); return; }
  for (const w of written) out(`wrote ${w.path} (${w.bytes} bytes)`);
}

/** TF.js converter's weight quantization: float16, or uint8 affine with 0 exactly representable. */
function quantize(weights, data, dtype) {
  const parts = [];
  let off = 0;
  for (const w of weights) {
    const n = w.shape.reduce((a, b) => a * b, 1), raw = data.subarray(off, off + 4 * n);
    off += 4 * n;
    if (w.dtype !== 'float32') { parts.push(raw); continue; }
    const v = new Float32Array(raw.slice().buffer);
    if (dtype === 'float16') {
      const h = new Uint16Array(n);
      for (let i = 0; i < n; i++) h[i] = floatToHalf(v[i]);
      parts.push(new Uint8Array(h.buffer));
      w.quantization = { dtype: 'float16', original_dtype: 'float32' };
      continue;
    }
    let lo = Infinity, hi = -Infinity;
    for (const x of v) { if (x < lo) lo = x; if (x > hi) hi = x; }
    const q = new Uint8Array(n);
    let min, scale;
    if (lo === hi) { min = lo; scale = 1; } else {
      lo = Math.min(lo, 0); hi = Math.max(hi, 0);
      scale = (hi - lo) / 255;
      const zero = Math.round(-lo / scale);
      min = -zero * scale;
      const max = 255 * scale + min;
      for (let i = 0; i < n; i++) q[i] = Math.round((Math.min(Math.max(v[i], min), max) - min) / scale);
    }
    parts.push(q);
    w.quantization = { dtype: 'uint8', min, scale, original_dtype: 'float32' };
  }
  return concat(parts);
}

// ---------- data files ----------

/** Arrays from .npy, .npz, .csv or .json, keyed by name (for .npz and JSON objects) or in order. */
async function readArrays(src) {
  const bytes = await readSource(src, 'data');
  const ext = (/\.([a-z]+)$/i.exec(src.replace(/[?#].*$/, ''))?.[1] ?? '').toLowerCase();
  if (ext === 'npy') return [{ name: null, ...fromNpy(await nm.datasets.readNpy(bytes, basename(src))) }];
  if (ext === 'npz') return Object.entries(await nm.datasets.readNpz(bytes, basename(src))).map(([name, a]) => ({ name, ...fromNpy(a) }));
  const text = new TextDecoder().decode(bytes);
  if (ext === 'csv') {
    const first = text.split(/\r?\n/, 1)[0] ?? '';
    const header = first.split(',').some((c) => c.trim() !== '' && !Number.isFinite(Number(c)));
    const t = nm.parseCsv(text, { skipRows: header ? 1 : 0 });
    return [{ name: null, values: Array.from(t.dataSync()), shape: [...t.shape] }];
  }
  if (ext === 'json') {
    let j;
    try { j = JSON.parse(text); } catch (e) { throw new nm.FormatError(`${src} is not valid JSON (${e.message}).`); }
    if (j && typeof j === 'object' && !Array.isArray(j)) return Object.entries(j).map(([name, v]) => ({ name, ...fromNested(v, `${src}['${name}']`) }));
    return [{ name: null, ...fromNested(j, src) }];
  }
  throw new nm.ValueError(`cannot tell the format of data file '${src}': expected .npy, .npz, .csv or .json.`);
}

function fromNpy(a) {
  if (a.dtype === 'object') throw new nm.FormatError('object arrays (ragged lists) cannot be fed to a model; pad them first.');
  return { values: Array.from(a.data, Number), shape: [...a.shape] };
}

function fromNested(v, what) {
  const shape = [];
  for (let x = v; Array.isArray(x); x = x[0]) shape.push(x.length);
  const values = Array.isArray(v) ? v.flat(Infinity) : [v];
  if (values.length !== shape.reduce((a, b) => a * b, 1) || values.some((x) => typeof x !== 'number')) {
    throw new nm.ValueError(`${what}: expected a rectangular array of numbers (nested lists of equal length).`);
  }
  return { values, shape };
}

/** Tensors for the model's inputs (or outputs as targets), matched by name or order, rows reshaped to the model's shape. */
function toTensors(arrays, specs, what) {
  let chosen = arrays;
  if (arrays.length !== specs.length || arrays.some((a) => a.name !== null)) {
    const byName = specs.map((s) => arrays.find((a) => a.name === s.name));
    if (byName.every(Boolean)) chosen = byName;
    else if (arrays.length === specs.length) chosen = arrays;
    else {
      throw new nm.ValueError(`${what}: the model has ${specs.length} (${specs.map((s) => s.name).join(', ')}), the file holds ${arrays.length} array(s)` +
        `${arrays.some((a) => a.name) ? ` (${arrays.map((a) => a.name).join(', ')})` : ''}; name them after the model's or give them in order.`);
    }
  }
  return chosen.map((a, i) => {
    const s = specs[i], rowShape = s.shape.slice(1), row = rowShape.reduce((x, y) => x * (y ?? 1), 1);
    let shape = a.shape;
    if (rowShape.every((d) => d !== null) && a.shape.slice(1).join() !== rowShape.join()) {
      if (a.values.length % row !== 0) throw new nm.ShapeError(`${what} '${s.name}': ${a.values.length} values do not make rows of shape [${rowShape}] (the model expects [null, ${rowShape}]), got shape [${a.shape}].`);
      shape = [a.values.length / row, ...rowShape];
    }
    return nm.tensor(a.values, shape, s.dtype === 'int32' ? 'int32' : 'float32');
  });
}

const inputSpecs = (model) => model.inputs.map((t) => ({ name: t.sourceLayer.name, shape: [...t.shape], dtype: t.dtype }));
const outputSpecs = (model) => model.outputs.map((t, i) => ({ name: model.outputNames[i], shape: [...t.shape], dtype: 'float32' }));
const one = (xs) => (xs.length === 1 ? xs[0] : xs);

// ---------- predict / evaluate / plot ----------

async function predict(positional, flags, usage) {
  const [src, input] = need(positional, ['MODEL', 'INPUT'], usage);
  const batchSize = flags['batch-size'] ? positiveInt(flags['batch-size'], '--batch-size') : undefined;
  if (flags.out && !/\.npy$/i.test(flags.out)) throw new UsageError(`--out: expected a .npy file name, got '${flags.out}'.`);
  const { model } = await openModel(src, { compile: false });
  const xs = toTensors(await readArrays(input), inputSpecs(model), 'input');
  let ys = await model.predict(one(xs), { batchSize, verbose: 0 });
  ys = Array.isArray(ys) ? ys : [ys];
  if (flags.out) {
    if (ys.length !== 1) throw new nm.ValueError(`--out: the model has ${ys.length} outputs; a .npy holds one. Print them as JSON (leave out --out).`);
    await writeAtomic(flags.out, npyFloat32(ys[0]));
    if (!flags.json) out(`wrote ${flags.out} (shape [${ys[0].shape}], float32)`);
    else out(JSON.stringify({ out: flags.out, shape: ys[0].shape }));
    return;
  }
  const names = outputSpecs(model).map((s) => s.name);
  out(JSON.stringify(ys.length === 1 ? ys[0].arraySync() : Object.fromEntries(ys.map((y, i) => [names[i], y.arraySync()]))));
}

function npyFloat32(t) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((11 + header.length) % 64)) % 64) + '\n';
  const data = Float32Array.from(t.dataSync());
  const bytes = new Uint8Array(10 + header.length + data.byteLength);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  bytes.set(new TextEncoder().encode(header), 10);
  bytes.set(new Uint8Array(data.buffer), 10 + header.length);
  return bytes;
}

function positiveInt(s, what) {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${what}: expected a positive integer, got '${s}'.`);
  return n;
}

async function evaluate(positional, flags, usage) {
  const [src, xSrc, ySrc] = need(positional, ['MODEL', 'X', 'Y'], usage);
  const batchSize = flags['batch-size'] ? positiveInt(flags['batch-size'], '--batch-size') : undefined;
  const { model } = await openModel(src);
  if (!model.compileConfig()) throw new nm.StateError(`${src} holds no training config (it was saved uncompiled, or with --no-optimizer): evaluate needs the loss it was compiled with.`);
  const xs = toTensors(await readArrays(xSrc), inputSpecs(model), 'X');
  const ys = toTensors(await readArrays(ySrc), outputSpecs(model).map((s) => ({ ...s, shape: [null] })), 'Y');
  const logs = await model.evaluate(one(xs), one(ys), { batchSize, verbose: 0, returnDict: true });
  if (flags.json) out(JSON.stringify(logs));
  else out(Object.entries(logs).map(([k, v]) => `${k}: ${Number(v).toFixed(4)}`).join(' - '));
}

async function plot(positional, flags, usage) {
  const [src, dst] = need(positional, ['MODEL', 'OUT.svg'], usage);
  if (/\.png$/i.test(dst)) throw new UsageError('PNG needs a rasterizer this package does not ship: write OUT.svg (then e.g. rsvg-convert -o out.png out.svg).');
  if (!/\.svg$/i.test(dst)) throw new UsageError(`expected an output name ending in .svg, got '${dst}'.`);
  const { model } = await openModel(src, { compile: false });
  const svg = nm.plotModel(model, { showShapes: true, showLayerNames: true });
  await writeAtomic(dst, new TextEncoder().encode(svg));
  out(`wrote ${dst} (${model.layers.length} layers)`);
}

// ---------- inspect ----------

async function inspect(positional, flags, usage) {
  const [src] = need(positional, ['MODEL'], usage);
  const format = formatOf(src.replace(/[?#].*$/, ''));
  let opened = null, refused = null;
  try { opened = await openModel(src); } catch (e) {
    // A damaged or unreadable file is an error; a readable model with a part neurasm will not load is reported.
    if (!(e instanceof nm.NeurasmError) || e instanceof nm.FormatError || /cannot (read|fetch|tell)/.test(e.message)) throw e;
    refused = `${e.name}: ${e.message}`;
  }
  const bytes = opened?.bytes ?? (await readSource(src, 'model'));
  const file = { format, bytes: bytes.length, ...(await fileFacts(format, bytes)) };
  const report = { file: src, ...file, refused };
  if (opened) {
    const { model } = opened;
    report.model = { name: model.name, class: model.className, inputs: inputSpecs(model), outputs: outputSpecs(model).map(({ dtype, ...o }) => o) };
    report.layers = model.layers.map((l) => ({
      name: l.name, class: l.className, trainable: l.trainable, outputShape: shapeOf(l),
      weights: l.weights.map((v) => ({ name: v.name, shape: v.shape, dtype: v.dtype, trainable: l.trainableWeights.includes(v), ...stats(v) })),
    }));
    report.compile = model.compileConfig();
    const opt = model.optimizer;
    report.optimizer = opt ? {
      class: opt.className, config: opt.getConfig(), iterations: opt.iterations,
      variables: opt.variables().map(({ path, value }) => ({ path, shape: value.shape, dtype: value.dtype, ...stats(value) })),
    } : null;
  }
  if (flags.json) { out(JSON.stringify(report, null, 2)); return; }
  const lines = [`${src}: ${format}, ${bytes.length} bytes${file.kerasVersion ? `, written by Keras ${file.kerasVersion}` : ''}${file.savedBy ? ` (saved by ${file.savedBy})` : ''}`];
  if (file.layerClasses) lines.push(`layer classes in the file: ${file.layerClasses.join(', ')}`);
  if (refused) {
    lines.push(`refused: ${refused}`); // the report is the result: exit status 0
    out(lines.join('\n'));
    return;
  }
  const m = report.model;
  lines.push(`model "${m.name}" (${m.class})`);
  for (const i of m.inputs) lines.push(`  input  ${i.name}: [${i.shape.map(dim)}] ${i.dtype}`);
  for (const o of m.outputs) lines.push(`  output ${o.name}: [${o.shape.map(dim)}]`);
  lines.push('layers:');
  for (const l of report.layers) {
    lines.push(`  ${l.name} (${l.class})${l.outputShape ? ` → ${JSON.stringify(l.outputShape).replace(/null/g, 'None')}` : ''}${l.trainable ? '' : ' [frozen]'}`);
    for (const w of l.weights) lines.push(`    ${w.name} [${w.shape}] ${w.dtype}${w.trainable ? '' : ' non-trainable'}  ${fmtStats(w)}`);
  }
  lines.push(report.compile ? `compiled with: ${JSON.stringify({ loss: report.compile.loss, metrics: report.compile.metrics, loss_weights: report.compile.loss_weights })}` : 'not compiled (no training config in the file)');
  if (report.optimizer) {
    const o = report.optimizer;
    lines.push(`optimizer: ${o.class} ${JSON.stringify(o.config)}, iterations ${o.iterations}, ${o.variables.length} state variables`);
    for (const v of o.variables) lines.push(`    ${v.path} [${v.shape}] ${v.dtype}  ${fmtStats(v)}`);
  } else lines.push('optimizer: none');
  lines.push('refused: nothing');
  out(lines.join('\n'));
}

const dim = (d) => (d === null ? 'None' : d);

function stats(v) {
  const d = v.dataSync(), n = d.length;
  if (!n) return { min: null, max: null, mean: null, std: null };
  let lo = Infinity, hi = -Infinity, s = 0;
  for (const x of d) { if (x < lo) lo = x; if (x > hi) hi = x; s += x; }
  const mean = s / n;
  let q = 0;
  for (const x of d) q += (x - mean) ** 2;
  return { min: lo, max: hi, mean, std: Math.sqrt(q / n) };
}

const g4 = (x) => (x === null ? '-' : Number(x.toPrecision(4)).toString());
const fmtStats = (w) => `min ${g4(w.min)} max ${g4(w.max)} mean ${g4(w.mean)} std ${g4(w.std)}`;

/** What the file says about itself: the Keras version and, where readable, its layer classes. */
async function fileFacts(format, bytes) {
  try {
    if (format === 'tfjs') {
      const j = JSON.parse(new TextDecoder().decode(bytes));
      return { kerasVersion: j.modelTopology?.keras_version ?? null, savedBy: j.generatedBy ?? j.convertedBy ?? null, layerClasses: layerClasses(j.modelTopology?.model_config ?? j.modelTopology) };
    }
    if (format === 'keras') {
      const meta = await zipEntry(bytes, 'metadata.json'), config = await zipEntry(bytes, 'config.json');
      const m = meta ? JSON.parse(new TextDecoder().decode(meta)) : {};
      return { kerasVersion: m.keras_version ?? null, savedBy: m.saved_by ?? null, layerClasses: config ? layerClasses(JSON.parse(new TextDecoder().decode(config))) : null };
    }
    // HDF5 (legacy Keras): the root's keras_version attribute, and the model_config JSON.
    const text = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 24)));
    const cfgAt = text.indexOf('{"class_name"');
    let classes = null;
    if (cfgAt >= 0) { try { classes = layerClasses(JSON.parse(text.slice(cfgAt, text.indexOf('\0', cfgAt)))); } catch { classes = null; } }
    return { kerasVersion: h5StringAttr(bytes, text, 'keras_version'), layerClasses: classes };
  } catch { return {}; }
}

/** The layer classes of a Keras model config (nested models' layers included), in order of first use. */
function layerClasses(config) {
  const found = new Set();
  const walk = (c) => {
    if (!c || typeof c !== 'object' || typeof c.class_name !== 'string') return;
    found.add(c.class_name);
    for (const l of Array.isArray(c.config?.layers) ? c.config.layers : []) walk(l);
    if (c.config?.layer) walk(c.config.layer); // wrappers (Bidirectional, TimeDistributed)
  };
  walk(config);
  return found.size ? [...found] : null;
}

/**
 * A string attribute of an HDF5 file found by its name: stored inline (fixed length), or as
 * h5py writes it, a variable-length string {length u32, global-heap address u64, index u32}.
 */
function h5StringAttr(bytes, text, name) {
  const at = text.indexOf(`${name}\0`);
  if (at < 0) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = at + name.length + 1; k < Math.min(at + 160, bytes.length - 16); k++) {
    const len = dv.getUint32(k, true), addr = Number(dv.getBigUint64(k + 4, true)), idx = dv.getUint32(k + 12, true);
    if (len < 1 || len > 64 || addr + 16 > bytes.length || text.slice(addr, addr + 4) !== 'GCOL') continue;
    const end = addr + Number(dv.getBigUint64(addr + 8, true));
    for (let o = addr + 16; o + 16 <= Math.min(end, bytes.length);) {
      const id = dv.getUint16(o, true), size = Number(dv.getBigUint64(o + 8, true));
      if (id === 0) break;
      if (id === idx) return text.slice(o + 16, o + 16 + Math.min(len, size));
      o += 16 + Math.ceil(size / 8) * 8;
    }
  }
  const inline = /^[\s\S]{0,140}?(\d+\.\d+\.\d+[\w.+-]*)/.exec(text.slice(at + name.length + 1, at + 200));
  return inline ? inline[1] : null;
}

/** One entry of a zip archive (stored or deflated), found through the central directory. */
async function zipEntry(bytes, name) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) if (dv.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) return null;
  let p = dv.getUint32(eocd + 16, true);
  for (let k = dv.getUint16(eocd + 10, true); k > 0 && p + 46 <= bytes.length; k--) {
    const method = dv.getUint16(p + 10, true), size = dv.getUint32(p + 20, true);
    const nl = dv.getUint16(p + 28, true), el = dv.getUint16(p + 30, true), cl = dv.getUint16(p + 32, true), local = dv.getUint32(p + 42, true);
    if (new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nl)) === name) {
      const start = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
      const data = bytes.subarray(start, start + size);
      if (method === 0) return data;
      if (method === 8) return new Uint8Array(await new Response(new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer());
      return null;
    }
    p += 46 + nl + el + cl;
  }
  return null;
}

// ---------- run ----------

try {
  await main(process.argv.slice(2));
} catch (e) {
  const kind = e instanceof UsageError ? 'usage' : e instanceof nm.NeurasmError ? e.name : 'error';
  const msg = (e?.message ?? String(e)).replace(/\s*\n\s*/g, ' ');
  process.stderr.write(`neurasm: ${kind}: ${msg}\n`);
  process.exitCode = 1;
}
