// The studio page: file picking and drag-and-drop, the summary, graph and weight histograms, the
// input widgets (drawing pad, CSV row, integer sequence), the fine-tune log and chart, downloads.
// The model itself lives in worker.js; this module only talks to it and draws.
const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

// What the page knows, also read by the browser test (test/node/studio-page.test.js).
const state = { ready: false, model: null, points: [], epochEnds: [], fit: { running: false, done: false, stopped: false, runs: 0, startEpochs: [] }, downloads: [], errors: [] };
window.studio = state;

const send = (m, transfer) => worker.postMessage(m, transfer ?? []);
const readFile = async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });

function showError(msg) {
  state.errors.push(msg);
  $('error').textContent = msg;
}

// ---------- opening ----------

async function openFiles(list) {
  const files = [...list];
  if (!files.length) return;
  $('error').textContent = '';
  $('status').textContent = `opening ${files.map((f) => f.name).join(', ')}…`;
  const read = await Promise.all(files.map(readFile));
  send({ type: 'open', files: read }, read.map((f) => f.bytes.buffer));
}
$('modelFiles').addEventListener('change', (e) => openFiles(e.target.files));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); openFiles(e.dataTransfer.files); });
// A file dropped anywhere else should not navigate away from the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

function showModel(m) {
  state.model = m;
  state.lastPrediction = null;
  state.points = []; state.epochEnds = [];
  state.fit = { running: false, done: false, stopped: false, runs: 0, startEpochs: [] };
  $('status').textContent = `opened ${m.fileName}`;
  $('modelName').textContent = `Model “${m.name}”`;
  $('summary').textContent = m.summary;
  const graph = $('graph');
  graph.textContent = '';
  if (m.graph) {
    // An <img> of the SVG: the file's layer names are shown, never run.
    const img = new Image();
    img.alt = `graph of ${m.name}`;
    img.src = URL.createObjectURL(new Blob([m.graph], { type: 'image/svg+xml' }));
    graph.append(img);
  }
  drawHistograms(m.histograms);
  buildInputs(m.inputs);
  $('outputs').textContent = '';
  $('predictStatus').textContent = ''; $('saveStatus').textContent = '';
  $('log').textContent = ''; $('live').textContent = '';
  showCompiled(m.compiled);
  drawChart();
  for (const id of ['modelPanel', 'runPanel', 'fitPanel', 'savePanel']) $(id).classList.remove('hidden');
  updateFitButtons();
}

function showCompiled(c) {
  $('compiled').textContent = c
    ? `compiled: optimizer ${c.optimizer}, loss ${JSON.stringify(c.loss)}, metrics ${c.metrics?.length ? JSON.stringify(c.metrics) : 'none'}`
    : 'the file has no training config: fine-tuning compiles it with adam and a loss that suits the output';
}

// ---------- weight histograms ----------

const g4 = (x) => Number(x.toPrecision(4)).toString();

function drawHistograms(list) {
  const box = $('histograms');
  box.textContent = '';
  const shown = list.slice(0, 48);
  for (const h of shown) {
    const div = document.createElement('div');
    div.className = 'hist';
    const title = document.createElement('div');
    title.textContent = `${h.name} [${h.shape.join('×')}]`;
    const c = document.createElement('canvas');
    c.width = 200; c.height = 60;
    const stats = document.createElement('div');
    stats.textContent = `min ${g4(h.min)} max ${g4(h.max)} mean ${g4(h.mean)} std ${g4(h.std)}`;
    div.append(title, c, stats);
    box.append(div);
    const g = c.getContext('2d'), peak = Math.max(1, ...h.bins), bw = c.width / h.bins.length;
    g.fillStyle = '#3f66e0';
    h.bins.forEach((b, i) => { const bh = (b / peak) * (c.height - 4); g.fillRect(i * bw + 0.5, c.height - bh, bw - 1, bh); });
  }
  if (list.length > shown.length) box.insertAdjacentText('beforeend', `… and ${list.length - shown.length} more weights`);
  if (!list.length) box.textContent = 'no weights';
}

// ---------- inputs: a widget per model input ----------

let readers = []; // per input: () => number[]

function buildInputs(inputs) {
  const box = $('inputs');
  box.textContent = '';
  readers = inputs.map((inp, i) => {
    const wrap = document.createElement('div');
    const row = inp.shape.slice(1);
    const label = document.createElement('h3');
    label.textContent = `${inp.name}: shape (None, ${row.map((d) => d ?? 'None').join(', ')}) ${inp.dtype}`;
    wrap.append(label);
    box.append(wrap);
    if (inp.kind === 'image') return imageInput(wrap, row, i);
    return textInput(wrap, inp, row, i);
  });
}

const rowSize = (row) => (row.every((d) => d !== null) ? row.reduce((a, b) => a * b, 1) : null);

/** A box for a CSV row (tabular) or integers (sequences), plus a file to fill it from. */
function textInput(wrap, inp, row, i) {
  const n = rowSize(row);
  const seq = inp.kind === 'sequence';
  const t = document.createElement(seq ? 'input' : 'textarea');
  if (seq) t.type = 'text'; else t.rows = 2;
  t.id = `input${i}`;
  t.placeholder = seq ? `${n ?? 'some'} integers, e.g. 12 7 301 …` : `${n ?? 'the'} comma-separated numbers`;
  t.value = (seq ? Array.from({ length: n ?? 8 }, (_, k) => k + 1).join(' ') : Array(n ?? 1).fill(0).join(', '));
  const file = document.createElement('input');
  file.type = 'file'; file.accept = '.csv,.txt';
  file.title = 'fill from the first data row of a CSV file';
  file.addEventListener('change', async () => {
    const text = await file.files[0].text();
    const line = text.split(/\r?\n/).find((l) => l.trim() && l.split(/[,\s]+/).every((c) => c === '' || Number.isFinite(Number(c))));
    if (line) t.value = line.trim();
  });
  const r = document.createElement('div');
  r.className = 'row muted';
  r.append(seq ? 'integers (spaces or commas)' : 'a CSV row', file);
  wrap.append(t, r);
  return () => {
    const v = t.value.trim().split(seq ? /[,\s]+/ : /\s*,\s*|\s+/).filter((s) => s !== '').map(Number);
    const bad = v.findIndex((x) => !Number.isFinite(x) || (seq && !Number.isInteger(x)));
    if (bad >= 0) throw new Error(`${inp.name}: value ${bad + 1} is not ${seq ? 'an integer' : 'a number'}.`);
    return v;
  };
}

/** A drawing pad (white on black, as MNIST), scaled to the model's H×W(×C) grayscale. */
function imageInput(wrap, row, i) {
  const [H, W, C = 1] = row;
  const pad = document.createElement('canvas');
  pad.width = 280; pad.height = 280; pad.className = 'pad'; pad.id = `pad${i}`;
  const preview = document.createElement('canvas');
  preview.width = W; preview.height = H; preview.className = 'preview';
  const clear = document.createElement('button');
  clear.className = 'secondary'; clear.textContent = 'Clear';
  const r = document.createElement('div');
  r.className = 'row';
  r.append(pad, preview, clear);
  wrap.append(r);
  const pg = pad.getContext('2d', { willReadFrequently: true });
  const blank = () => { pg.fillStyle = '#000'; pg.fillRect(0, 0, pad.width, pad.height); };
  blank();
  let values = new Array(H * W * C).fill(0);
  const refresh = () => { values = padValues(pad, H, W, C); showPreview(preview, values, H, W, C); };
  refresh();
  clear.onclick = () => { blank(); refresh(); };
  let last = null;
  const pos = (e) => { const b = pad.getBoundingClientRect(); return [(e.clientX - b.left) * pad.width / b.width, (e.clientY - b.top) * pad.height / b.height]; };
  const stroke = (a, b) => { pg.strokeStyle = '#fff'; pg.lineWidth = 22; pg.lineCap = 'round'; pg.beginPath(); pg.moveTo(...a); pg.lineTo(...b); pg.stroke(); };
  pad.addEventListener('pointerdown', (e) => { last = pos(e); pad.setPointerCapture(e.pointerId); stroke(last, last); });
  pad.addEventListener('pointermove', (e) => { if (!last) return; const p = pos(e); stroke(last, p); last = p; });
  pad.addEventListener('pointerup', () => { last = null; refresh(); runPredict(); });
  return () => values.slice();
}

/** MNIST-style: the ink's bounding box fitted into the inner 20/28 of the frame, centred by mass; values 0–1. */
function padValues(pad, H, W, C) {
  const g = pad.getContext('2d', { willReadFrequently: true });
  const src = g.getImageData(0, 0, pad.width, pad.height).data;
  let x0 = pad.width, y0 = pad.height, x1 = -1, y1 = -1;
  for (let y = 0; y < pad.height; y++) for (let x = 0; x < pad.width; x++) {
    if (src[(y * pad.width + x) * 4] > 30) { if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y; }
  }
  const gray = new Float32Array(H * W);
  if (x1 >= 0) {
    const tmp = document.createElement('canvas');
    tmp.width = W; tmp.height = H;
    const tg = tmp.getContext('2d', { willReadFrequently: true });
    const bw = x1 - x0 + 1, bh = y1 - y0 + 1, s = Math.min((W * 20) / 28 / bw, (H * 20) / 28 / bh);
    tg.drawImage(pad, x0, y0, bw, bh, (W - bw * s) / 2, (H - bh * s) / 2, bw * s, bh * s);
    const d = tg.getImageData(0, 0, W, H).data;
    let m = 0, mx = 0, my = 0;
    for (let k = 0; k < H * W; k++) { const v = d[k * 4] / 255; gray[k] = v; m += v; mx += v * (k % W); my += v * Math.floor(k / W); }
    const dx = Math.round(W / 2 - mx / m), dy = Math.round(H / 2 - my / m);
    const shifted = new Float32Array(H * W);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const sx = x - dx, sy = y - dy;
      if (sx >= 0 && sx < W && sy >= 0 && sy < H) shifted[y * W + x] = gray[sy * W + sx];
    }
    gray.set(shifted);
  }
  const out = new Array(H * W * C);
  for (let k = 0; k < H * W; k++) for (let c = 0; c < C; c++) out[k * C + c] = gray[k];
  return out;
}

function showPreview(c, values, H, W, C) {
  const g = c.getContext('2d'), img = g.createImageData(W, H);
  for (let k = 0; k < H * W; k++) {
    const v = Math.round(values[k * C] * 255);
    img.data.set([v, v, v, 255], k * 4);
  }
  g.putImageData(img, 0, 0);
}

// ---------- predictions ----------

function runPredict() {
  if (!state.model) return;
  let values;
  try { values = readers.map((r) => r()); } catch (e) { $('predictStatus').textContent = e.message; return; }
  $('predictStatus').textContent = 'running…';
  send({ type: 'predict', values });
}
$('predict').onclick = runPredict;

function showPrediction(p) {
  state.lastPrediction = p;
  $('predictStatus').textContent = '';
  const box = $('outputs');
  box.textContent = '';
  p.outputs.forEach((o, i) => {
    const h = document.createElement('h3');
    h.textContent = `${o.name}: shape (${o.shape.join(', ')})`;
    box.append(h);
    const info = state.model.outputs[i];
    const classes = o.shape.length === 2 && o.shape[1] > 1 && info?.activation === 'softmax';
    if (classes) {
      const best = o.values.indexOf(Math.max(...o.values));
      const top = o.values.map((v, k) => [v, k]).sort((a, b) => b[0] - a[0]).slice(0, 10).sort((a, b) => a[1] - b[1]);
      const bars = document.createElement('div');
      bars.className = 'bars';
      for (const [v, k] of top) {
        const name = document.createElement('span'); name.textContent = `class ${k}`;
        const bar = document.createElement('div'); bar.className = `bar${k === best ? ' top' : ''}`;
        const fill = document.createElement('div'); fill.style.width = `${(v * 100).toFixed(1)}%`; bar.append(fill);
        const pct = document.createElement('span'); pct.textContent = `${(v * 100).toFixed(1)}%`;
        bars.append(name, bar, pct);
      }
      const verdict = document.createElement('div');
      verdict.innerHTML = '<span class="muted">predicted class</span> ';
      const b = document.createElement('b'); b.id = `class${i}`; b.textContent = String(best); b.style.fontSize = '22px';
      verdict.append(b);
      box.append(verdict, bars);
    }
    const pre = document.createElement('pre');
    pre.id = `output${i}`;
    pre.textContent = o.values.length > 64 ? `[${o.values.slice(0, 64).map(g4).join(', ')}, … ${o.values.length - 64} more]` : `[${o.values.map(g4).join(', ')}]`;
    box.append(pre);
  });
}

// ---------- fine-tuning ----------

function updateFitButtons() {
  const f = state.fit;
  $('fit').disabled = f.running || !$('dataFile').files.length;
  $('stop').disabled = !f.running;
  $('resume').disabled = f.running || !f.stopped;
}
$('dataFile').addEventListener('change', updateFitButtons);

$('fit').onclick = async () => {
  const file = $('dataFile').files[0];
  if (!file) return;
  const epochs = Math.max(1, Math.floor(Number($('epochs').value) || 1));
  const batchSize = Math.max(1, Math.floor(Number($('batchSize').value) || 32));
  state.points = []; state.epochEnds = [];
  $('log').textContent = ''; $('live').textContent = '';
  state.fit = { running: true, done: false, stopped: false, runs: state.fit.runs, startEpochs: state.fit.startEpochs };
  updateFitButtons();
  const data = await readFile(file);
  send({ type: 'fit', file: data, epochs, batchSize }, [data.bytes.buffer]);
};
$('stop').onclick = () => { send({ type: 'stop' }); $('stop').disabled = true; };
$('resume').onclick = () => {
  state.fit.running = true; state.fit.stopped = false;
  updateFitButtons();
  send({ type: 'resume' });
};

function logLine(line) {
  const log = $('log');
  log.textContent += `${line}\n`;
  log.scrollTop = log.scrollHeight;
}

/** A logged value as Keras's progress bar prints it: 4 decimals, or 4.1268e-04 when small. */
const kerasNumber = (v) => (Math.abs(v) > 1e-3 ? v.toFixed(4) : v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2'));

/** The running epoch as Keras's bar draws it on a terminal: steps, bar, logs. */
function liveLine(m) {
  const w = 20, done = Math.floor((w * (m.batch + 1)) / m.steps);
  const logs = Object.entries(m.logs).map(([k, v]) => ` - ${k}: ${kerasNumber(v)}`).join('');
  $('live').textContent = `Epoch ${m.epoch + 1}: ${String(m.batch + 1).padStart(String(m.steps).length)}/${m.steps} ${'━'.repeat(done)}${'─'.repeat(w - done)}${logs}`;
}

const tick = (v) => (Math.abs(v) >= 1e-3 || v === 0 ? Number(v.toPrecision(3)).toString() : v.toExponential(1));

// Loss (left axis) and the first metric (right axis) per batch; dashed lines at epoch ends.
function drawChart() {
  const c = $('chart'), g = c.getContext('2d');
  const W = c.width, H = c.height, L = 48, R = 48, T = 16, B = 26;
  g.clearRect(0, 0, W, H);
  g.font = '11px system-ui'; g.lineWidth = 1;
  const pts = state.points;
  const metric = pts.length ? Object.keys(pts[0]).find((k) => k !== 'loss') : undefined;
  const range = (key) => {
    const vs = pts.map((p) => p[key]).filter(Number.isFinite);
    let lo = Math.min(...vs), hi = Math.max(...vs);
    if (!vs.length) { lo = 0; hi = 1; }
    if (hi - lo < 1e-9) { hi += 0.5; lo -= 0.5; }
    return [lo, hi];
  };
  const [l0, l1] = range('loss'), [m0, m1] = metric ? range(metric) : [0, 1];
  g.strokeStyle = '#dde1e8'; g.fillStyle = '#667085';
  for (let i = 0; i <= 4; i++) {
    const y = T + ((H - T - B) * i) / 4;
    g.beginPath(); g.moveTo(L, y); g.lineTo(W - R, y); g.stroke();
    g.textAlign = 'right'; g.fillText(tick(l1 - ((l1 - l0) * i) / 4), L - 6, y + 4);
    if (metric) { g.textAlign = 'left'; g.fillText(tick(m1 - ((m1 - m0) * i) / 4), W - R + 6, y + 4); }
  }
  g.textAlign = 'center'; g.fillText(pts.length ? `batches (${pts.length})` : 'batches', (L + W - R) / 2, H - 6);
  const xAt = (i) => L + ((W - L - R) * i) / Math.max(1, pts.length - 1);
  g.setLineDash([3, 3]); g.strokeStyle = '#aab2c0';
  if (state.epochEnds.length <= 40) for (const e of state.epochEnds) { g.beginPath(); g.moveTo(xAt(e), T); g.lineTo(xAt(e), H - B); g.stroke(); }
  g.setLineDash([]);
  const line = (key, lo, hi, color) => {
    if (pts.length < 1) return;
    g.strokeStyle = color; g.lineWidth = 2; g.beginPath();
    pts.forEach((p, i) => { const y = T + (H - T - B) * (1 - (p[key] - lo) / (hi - lo)); if (i === 0) g.moveTo(xAt(i), y); else g.lineTo(xAt(i), y); });
    g.stroke(); g.lineWidth = 1;
  };
  line('loss', l0, l1, '#d9480f');
  if (metric) line(metric, m0, m1, '#3f66e0');
  g.textAlign = 'left';
  g.fillStyle = 'rgba(255,255,255,.85)'; g.fillRect(L + 2, T + 1, 150, 15);
  g.fillStyle = '#d9480f'; g.fillText('■ loss', L + 6, T + 12);
  if (metric) { g.fillStyle = '#3f66e0'; g.fillText(`■ ${metric}`, L + 56, T + 12); }
}

let chartQueued = false;
const queueChart = () => { if (chartQueued) return; chartQueued = true; requestAnimationFrame(() => { chartQueued = false; drawChart(); }); };

// ---------- downloads ----------

for (const [id, format] of [['saveKeras', 'keras'], ['saveH5', 'h5'], ['saveTfjs', 'tfjs']]) {
  $(id).onclick = () => { $('saveStatus').textContent = `saving ${format}…`; send({ type: 'download', format }); };
}

function saveFiles(m) {
  for (const f of m.files) {
    const url = URL.createObjectURL(new Blob([f.bytes], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url; a.download = f.name;
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }
  state.downloads.push({ format: m.format, names: m.files.map((f) => f.name) });
  $('saveStatus').textContent = `downloaded ${m.files.map((f) => `${f.name} (${f.bytes.length.toLocaleString('en-US')} bytes)`).join(', ')}`;
}

// ---------- the worker's messages ----------

worker.onmessage = ({ data: m }) => {
  if (m.type === 'ready') {
    state.ready = true; state.threads = m.threads; state.isolated = m.isolated;
    $('threads').textContent = `${m.kernels}, ${m.threads} thread${m.threads === 1 ? '' : 's'}` +
      (m.isolated ? ' (cross-origin isolated)' : ' (not cross-origin isolated: serve with COOP/COEP, e.g. node examples/studio/serve.js, for threads)');
    $('status').textContent = 'ready: open a model';
  } else if (m.type === 'model') showModel(m);
  else if (m.type === 'prediction') showPrediction(m);
  else if (m.type === 'weights') {
    // After a fine-tune: new histograms, and the shown prediction made again with the new weights.
    state.model.histograms = m.histograms;
    drawHistograms(m.histograms);
    if (state.lastPrediction) runPredict();
  } else if (m.type === 'compiled') { state.model.compiled = m.compiled; showCompiled(m.compiled); }
  else if (m.type === 'log') logLine(m.line);
  else if (m.type === 'fitStarted') { state.fit.runs++; state.fit.startEpochs.push(m.epoch); }
  else if (m.type === 'batch') { state.points.push(m.logs); liveLine(m); queueChart(); }
  else if (m.type === 'epoch') { state.epochEnds.push(state.points.length - 1); state.lastEpochLogs = m.logs; queueChart(); }
  else if (m.type === 'fitDone') {
    Object.assign(state.fit, { running: false, stopped: m.stopped && !m.failed, done: !m.stopped, nextEpoch: m.nextEpoch });
    updateFitButtons();
    drawChart();
  } else if (m.type === 'files') saveFiles(m);
  else if (m.type === 'error') {
    if (m.during === 'predict') $('predictStatus').textContent = '';
    if (m.during === 'download') $('saveStatus').textContent = '';
    if (m.during === 'open') $('status').textContent = 'could not open the model';
    showError(`${m.during}: ${m.message}`);
  }
};
worker.onerror = (e) => showError(`worker: ${e.message ?? 'failed to start'}`);

// Offline: a service worker keeps copies of the page and the modules (sw.js). Served from
// file:// or plain http on another host there is none, and the page still works online.
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register(new URL('./sw.js', import.meta.url))
    .then(() => navigator.serviceWorker.ready)
    .then(() => { state.offlineReady = true; })
    .catch((e) => { state.offlineReady = false; console.warn('studio: no offline copy:', e?.message ?? e); });
}
drawChart();
