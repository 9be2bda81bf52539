// The studio's Web Worker: owns the model. It opens model files, describes the model (summary,
// graph, weight histograms), predicts, fine-tunes (fit, Stop, Resume) and saves, all through
// neurasm's public API; the page (studio.js) only draws. One model at a time.
// The full entry (neurasm, not neurasm/core): the studio also draws the model graph (plotModel)
// and reads CSV training data (parseCsv), which are extras.
import * as nm from '../../dist/neurasm.js';

const post = (m, transfer = []) => self.postMessage(m, transfer);

let model = null;
let fileName = 'model';
let fit = null; // the fine-tune in progress or stopped: {x, y, epochs, batchSize, steps, nextEpoch, running}

// ---------- start: threads, and the io module loaded now so the page works offline ----------

async function start() {
  let threads = 1;
  // Threads need shared wasm memory: browsers give it to cross-origin-isolated pages only.
  if (nm.threadsSupported()) threads = await nm.setNumThreads(Math.max(1, Math.min(self.navigator?.hardwareConcurrency ?? 1, 4)));
  // The io module (loading, saving, .npz) is imported on first use; use it once now, so a page
  // that goes offline after loading can still open and save models.
  await nm.datasets.readNpy(new Uint8Array(0), 'warm-up').catch(() => {});
  post({ type: 'ready', threads, isolated: self.crossOriginIsolated === true, kernels: nm.getBackend().kernels });
}

// ---------- opening a model ----------

async function open(files) {
  if (fit?.running) throw new nm.StateError('a fine-tune is running: stop it before opening another model.');
  const json = files.find((f) => /\.json$/i.test(f.name));
  let source;
  if (json) {
    // TF.js: model.json names its shards; the other files picked with it are the shards.
    // A picked file has its name only, so a shard path with folders ('w/group1.bin') is matched by name.
    source = { 'model.json': json.bytes };
    for (const f of files) if (f !== json) source[f.name] = f.bytes;
    for (const p of shardPaths(json.bytes)) {
      const f = files.find((x) => x !== json && x.name === p.split('/').pop());
      if (f) source[p] = f.bytes;
    }
  } else if (files.length === 1 && /\.(keras|h5|hdf5)$/i.test(files[0].name)) source = files[0].bytes;
  else throw new nm.ValueError(`expected one .keras or .h5 file, or a TF.js model.json with its .bin shards; got ${files.map((f) => f.name).join(', ')}.`);
  const m = await nm.loadModel(source);
  model = m;
  fit = null;
  fileName = (json ? model.name : files[0].name.replace(/\.[^.]*$/, '')) || 'model';
  post({ type: 'model', ...describe(m), fileName: files.map((f) => f.name).join(', ') });
}

function shardPaths(bytes) {
  try { return JSON.parse(new TextDecoder().decode(bytes)).weightsManifest.flatMap((g) => g.paths).filter((p) => typeof p === 'string'); } catch { return []; }
}

function describe(m) {
  const inputs = m.inputs.map((t) => {
    const shape = [...t.shape];
    return { name: t.sourceLayer.name, shape, dtype: t.dtype, kind: inputKind(m, t, shape) };
  });
  const outputs = m.outputs.map((t, i) => ({ name: m.outputNames[i], shape: [...t.shape], activation: activationOf(m, m.outputNames[i]) }));
  let graph = null;
  try { graph = nm.plotModel(m, { showShapes: true, showLayerNames: true }); } catch (e) { graph = null; post({ type: 'log', line: `(no graph: ${e.message})` }); }
  return {
    name: m.name, summary: m.summary({ printFn: null }), graph, histograms: histograms(m), inputs, outputs,
    compiled: describeCompile(m),
  };
}

/** What the page asks for: an image pad (H×W or H×W×C), integer sequences, or a row of numbers. */
function inputKind(m, t, shape) {
  const row = shape.slice(1);
  // Integer inputs, or the one input of a model that starts with an Embedding (token ids).
  if (t.dtype === 'int32' || (m.inputs.length === 1 && m.layers.some((l) => l.className === 'Embedding'))) return 'sequence';
  if (row.length === 2 || (row.length === 3 && [1, 3].includes(row[2]))) {
    if (row[0] >= 8 && row[1] >= 8) return 'image';
  }
  return 'tabular';
}

function activationOf(m, layerName) {
  try { return m.layers.find((l) => l.name === layerName)?.getConfig().activation ?? null; } catch { return null; }
}

function describeCompile(m) {
  const c = m.compileConfig();
  if (!c) return null;
  const optimizer = c.optimizer?.class_name ?? c.optimizer?.config?.name ?? String(c.optimizer);
  return { optimizer, loss: c.loss, metrics: c.metrics ?? null };
}

/** Per weight: shape, statistics and a 32-bin histogram. */
function histograms(m) {
  const out = [];
  for (const layer of m.layers) {
    for (const v of layer.weights) {
      const d = v.dataSync(), n = d.length;
      let lo = Infinity, hi = -Infinity, s = 0;
      for (const x of d) { if (x < lo) lo = x; if (x > hi) hi = x; s += x; }
      const mean = n ? s / n : 0;
      let q = 0;
      for (const x of d) q += (x - mean) ** 2;
      const bins = new Array(32).fill(0), w = hi > lo ? (hi - lo) / 32 : 1;
      for (const x of d) bins[Math.min(31, Math.floor((x - lo) / w))]++;
      out.push({ name: v.name, shape: [...v.shape], dtype: v.dtype, n, min: n ? lo : 0, max: n ? hi : 0, mean, std: n ? Math.sqrt(q / n) : 0, bins });
    }
  }
  return out;
}

// ---------- predict ----------

function inputTensors(values) {
  return model.inputs.map((t, i) => {
    const row = t.shape.slice(1), v = values[i];
    const known = row.every((d) => d !== null);
    const size = known ? row.reduce((a, b) => a * b, 1) : v.length;
    if (v.length !== size) throw new nm.ShapeError(`input '${t.sourceLayer.name}': expected ${size} values (shape [${row.map((d) => d ?? 'any')}]), got ${v.length}.`);
    return nm.tensor(v, [1, ...(known ? row : [v.length])], t.dtype === 'int32' ? 'int32' : 'float32');
  });
}

function predict(values) {
  const xs = inputTensors(values);
  let ys = model.predict(xs.length === 1 ? xs[0] : xs, { verbose: 0 });
  ys = Array.isArray(ys) ? ys : [ys];
  post({ type: 'prediction', input: values, outputs: ys.map((y, i) => ({ name: model.outputNames[i], shape: [...y.shape], values: Array.from(y.dataSync()) })) });
}

// ---------- fine-tuning ----------

const lossName = (l) => (typeof l === 'string' ? l : JSON.stringify(l ?? '')).toLowerCase();

/** Compiles an uncompiled model with a loss that suits its output (said in the log). */
function ensureCompiled(labelsPerRow) {
  if (model.compileConfig()) return;
  const act = model.outputs.length === 1 ? activationOf(model, model.outputNames[0]) : null;
  const units = model.outputs[0].shape.at(-1);
  const loss = act === 'softmax' ? (labelsPerRow === 1 && units > 1 ? 'sparse_categorical_crossentropy' : 'categorical_crossentropy')
    : act === 'sigmoid' ? 'binary_crossentropy' : 'mse';
  const metrics = loss === 'mse' ? ['mae'] : ['accuracy'];
  model.compile({ optimizer: 'adam', loss, metrics });
  post({ type: 'log', line: `The file has no training config: compiled with optimizer 'adam', loss '${loss}', metrics ${JSON.stringify(metrics)}.` });
  post({ type: 'compiled', compiled: describeCompile(model) });
}

/** x and y tensors from an uploaded CSV (features, then target columns) or .npz (x, y). */
async function trainingData(file) {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new nm.ValueError(`fine-tuning here takes models with one input and one output; this one has ${model.inputs.length} and ${model.outputs.length}.`);
  }
  const inT = model.inputs[0], row = inT.shape.slice(1), nOut = model.outputs[0].shape.slice(1).reduce((a, b) => a * (b ?? 1), 1);
  const nIn = row.every((d) => d !== null) ? row.reduce((a, b) => a * b, 1) : null;
  const xDtype = inT.dtype === 'int32' ? 'int32' : 'float32';
  let xv, yv, n;
  if (/\.npz$/i.test(file.name)) {
    const arrays = await nm.datasets.readNpz(file.bytes, file.name);
    const keys = Object.keys(arrays);
    const pick = (names, i) => names.find((k) => keys.includes(k)) ?? keys[i];
    const xa = arrays[pick(['x', 'x_train', 'X'], 0)], ya = arrays[pick(['y', 'y_train', 'Y'], 1)];
    if (!xa || !ya) throw new nm.ValueError(`${file.name}: expected two arrays, x and y (or x_train and y_train); it holds ${keys.join(', ') || 'none'}.`);
    n = xa.shape[0];
    if (ya.shape[0] !== n) throw new nm.ShapeError(`${file.name}: x has ${n} rows, y has ${ya.shape[0]}.`);
    xv = Array.from(xa.data, Number);
    yv = Array.from(ya.data, Number);
  } else if (/\.(csv|txt)$/i.test(file.name)) {
    const text = new TextDecoder().decode(file.bytes);
    const first = text.split(/\r?\n/, 1)[0] ?? '';
    const header = first.split(',').some((c) => c.trim() !== '' && !Number.isFinite(Number(c)));
    const t = nm.parseCsv(text, { skipRows: header ? 1 : 0 });
    if (t.shape.length !== 2) throw new nm.ShapeError(`${file.name}: expected rows of comma-separated numbers.`);
    const [rows, cols] = t.shape;
    const yCols = nIn !== null ? cols - nIn : null;
    const targetCols = yCols !== null && yCols >= 1 ? yCols : (nOut === 1 || /sparse/.test(lossName(model.compileConfig()?.loss)) ? 1 : nOut);
    if (nIn !== null && cols !== nIn + 1 && cols !== nIn + nOut) {
      throw new nm.ShapeError(`${file.name}: ${cols} columns; the model takes ${nIn} features, so a row needs ${nIn + 1} (features, label) or ${nIn + nOut} (features, ${nOut} targets).`);
    }
    const all = t.dataSync();
    n = rows;
    xv = []; yv = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) (c < cols - targetCols ? xv : yv).push(all[r * cols + c]);
    }
  } else throw new nm.ValueError(`cannot read training data from '${file.name}': expected a .csv (features, then targets, per row) or a .npz (x, y).`);
  const perRow = yv.length / n;
  ensureCompiled(perRow);
  const x = nm.tensor(xv, [n, ...(nIn !== null ? row : [xv.length / n])], xDtype);
  const loss = lossName(model.compileConfig().loss);
  let y;
  if (/sparse/.test(loss)) {
    if (perRow !== 1) throw new nm.ShapeError(`the loss '${loss}' takes one integer label per row; the data has ${perRow} target values per row.`);
    y = nm.tensor(yv.map(Math.round), [n], 'int32');
  } else if (perRow === 1 && nOut > 1) {
    y = nm.oneHot(nm.tensor(yv.map(Math.round), [n], 'int32'), nOut); // labels for a one-hot loss
  } else {
    if (perRow !== nOut) throw new nm.ShapeError(`the model has ${nOut} outputs per row; the data has ${perRow} target values per row.`);
    y = nm.tensor(yv, [n, ...model.outputs[0].shape.slice(1).map((d) => d ?? 1)]);
  }
  return { x, y, n };
}

async function startFit({ file, epochs, batchSize }) {
  if (fit?.running) throw new nm.StateError('a fine-tune is already running: stop it first.');
  const { x, y, n } = await trainingData(file);
  fit = { x, y, epochs, batchSize, steps: Math.ceil(n / batchSize), nextEpoch: 0, running: false };
  post({ type: 'log', line: `Fine-tuning on ${n} rows of ${file.name}: ${epochs} epochs, batch size ${batchSize}.` });
  await runFit();
}

async function runFit() {
  const f = fit;
  f.running = true;
  let epoch = f.nextEpoch, lastBatch = -1, stopRequested = false;
  f.requestStop = () => { stopRequested = true; model.stopTraining = true; };
  post({ type: 'fitStarted', epoch: f.nextEpoch, epochs: f.epochs, steps: f.steps });
  const cb = new nm.LambdaCallback({
    onEpochBegin: (e) => { epoch = e; lastBatch = -1; },
    onBatchEnd: (b, logs) => { lastBatch = b; post({ type: 'batch', epoch, batch: b, steps: f.steps, logs: plain(logs) }); },
    onEpochEnd: (e, logs) => {
      // An epoch cut short by Stop is run again from its start on Resume.
      if (lastBatch + 1 === f.steps) { f.nextEpoch = e + 1; post({ type: 'epoch', epoch: e, logs: plain(logs) }); }
    },
  });
  try {
    await model.fit(f.x, f.y, {
      epochs: f.epochs, initialEpoch: f.nextEpoch, batchSize: f.batchSize, verbose: 1,
      printFn: (line) => post({ type: 'log', line }), callbacks: [cb],
    });
  } finally {
    f.running = false;
  }
  const stopped = stopRequested && f.nextEpoch < f.epochs;
  if (stopped) {
    post({ type: 'log', line: f.nextEpoch > epoch ? `Stopped after epoch ${epoch + 1}/${f.epochs}; Resume starts epoch ${epoch + 2}.`
      : `Stopped in epoch ${epoch + 1}/${f.epochs}; Resume runs it again from its start.` });
  }
  post({ type: 'weights', histograms: histograms(model) });
  post({ type: 'fitDone', stopped, nextEpoch: f.nextEpoch, epochs: f.epochs });
}

const plain = (logs) => Object.fromEntries(Object.entries(logs ?? {}).filter(([, v]) => typeof v === 'number'));

// ---------- saving ----------

async function download(format) {
  const files = await model.toFiles(format);
  const ext = { keras: '.keras', h5: '.h5' }[format];
  const out = Object.entries(files).map(([name, v]) => ({
    name: ext ? `${fileName}${ext}` : name,
    bytes: v instanceof Uint8Array ? v : v instanceof ArrayBuffer ? new Uint8Array(v) : new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v)),
  }));
  post({ type: 'files', format, files: out }, out.map((f) => f.bytes.buffer));
}

// ---------- messages ----------

const needModel = () => { if (!model) throw new nm.StateError('open a model first.'); };

self.onmessage = async ({ data: m }) => {
  try {
    if (m.type === 'open') await open(m.files);
    else if (m.type === 'predict') { needModel(); predict(m.values); }
    else if (m.type === 'fit') { needModel(); await startFit(m); }
    else if (m.type === 'stop') fit?.requestStop?.();
    else if (m.type === 'resume') {
      needModel();
      if (!fit || fit.running || fit.nextEpoch >= fit.epochs) throw new nm.StateError('nothing to resume: start a fine-tune first.');
      await runFit();
    } else if (m.type === 'download') { needModel(); await download(m.format); }
  } catch (e) {
    if (m.type === 'fit' || m.type === 'resume') post({ type: 'fitDone', stopped: true, failed: true, nextEpoch: fit?.nextEpoch ?? 0, epochs: fit?.epochs ?? 0 });
    post({ type: 'error', during: m.type, message: `${e?.name ?? 'Error'}: ${e?.message ?? e}` });
  }
};

start().catch((e) => post({ type: 'error', during: 'start', message: `${e?.name ?? 'Error'}: ${e?.message ?? e}` }));
