// The page: buttons, the live chart, the drawing pad. All training happens in worker.js.
const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const state = { points: [], mnistReady: false, busy: false };
window.neurasmPage = state; // read by the browser test

function setBusy(b) {
  state.busy = b;
  $('xor').disabled = b;
  $('mnist').disabled = b;
}

// ---------- chart: loss (left axis) and accuracy (right axis, 0–1) per batch ----------
function drawChart() {
  const c = $('chart'), g = c.getContext('2d');
  const W = c.width, H = c.height, L = 44, R = 44, T = 14, B = 26;
  g.clearRect(0, 0, W, H);
  g.font = '11px system-ui'; g.fillStyle = '#667085'; g.strokeStyle = '#dde1e8';
  const pts = state.points;
  const maxLoss = Math.max(1e-6, ...pts.map((p) => p.loss));
  for (let i = 0; i <= 4; i++) {
    const y = T + ((H - T - B) * i) / 4;
    g.beginPath(); g.moveTo(L, y); g.lineTo(W - R, y); g.stroke();
    g.textAlign = 'right'; g.fillText((maxLoss * (1 - i / 4)).toFixed(2), L - 6, y + 4);
    g.textAlign = 'left'; g.fillText((1 - i / 4).toFixed(2), W - R + 6, y + 4);
  }
  g.textAlign = 'center'; g.fillText('batches', (L + W - R) / 2, H - 6);
  const line = (key, max, color) => {
    if (pts.length < 2) return;
    g.strokeStyle = color; g.lineWidth = 2; g.beginPath();
    pts.forEach((p, i) => {
      const x = L + ((W - L - R) * i) / (pts.length - 1);
      const y = T + (H - T - B) * (1 - p[key] / max);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke(); g.lineWidth = 1;
  };
  line('loss', maxLoss, '#d9480f');
  line('accuracy', 1, '#3f66e0');
  g.fillStyle = '#d9480f'; g.textAlign = 'left'; g.fillText('■ loss', L + 6, T + 12);
  g.fillStyle = '#3f66e0'; g.fillText('■ accuracy', L + 56, T + 12);
}

// ---------- drawing pad ----------
const pad = $('pad'), pg = pad.getContext('2d');
function clearPad() { pg.fillStyle = '#000'; pg.fillRect(0, 0, pad.width, pad.height); $('prediction').textContent = '–'; renderProbs(null); }
clearPad();
let drawing = false, last = null;
const pos = (e) => { const r = pad.getBoundingClientRect(); return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height]; };
pad.addEventListener('pointerdown', (e) => { drawing = true; last = pos(e); pad.setPointerCapture(e.pointerId); stroke(last, last); });
pad.addEventListener('pointermove', (e) => { if (!drawing) return; const p = pos(e); stroke(last, p); last = p; });
pad.addEventListener('pointerup', () => { drawing = false; predict(); });
function stroke(a, b) {
  pg.strokeStyle = '#fff'; pg.lineWidth = 20; pg.lineCap = 'round';
  pg.beginPath(); pg.moveTo(a[0], a[1]); pg.lineTo(b[0], b[1]); pg.stroke();
}

/** MNIST-style preprocessing: crop to the ink, fit in 20×20, centre by mass in 28×28. */
function padPixels() {
  const src = pg.getImageData(0, 0, pad.width, pad.height).data;
  let x0 = pad.width, y0 = pad.height, x1 = -1, y1 = -1;
  for (let y = 0; y < pad.height; y++) for (let x = 0; x < pad.width; x++) {
    if (src[(y * pad.width + x) * 4] > 30) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
  }
  const out = new Float32Array(784);
  if (x1 < 0) return out;
  const size = Math.max(x1 - x0, y1 - y0) + 1;
  const tmp = document.createElement('canvas'); tmp.width = 28; tmp.height = 28;
  const tg = tmp.getContext('2d');
  const s = 20 / size;
  tg.drawImage(pad, x0, y0, x1 - x0 + 1, y1 - y0 + 1, 4 + (20 - (x1 - x0 + 1) * s) / 2, 4 + (20 - (y1 - y0 + 1) * s) / 2, (x1 - x0 + 1) * s, (y1 - y0 + 1) * s);
  const d = tg.getImageData(0, 0, 28, 28).data;
  let mx = 0, my = 0, m = 0;
  for (let i = 0; i < 784; i++) { const v = d[i * 4] / 255; out[i] = v; m += v; mx += v * (i % 28); my += v * Math.floor(i / 28); }
  const dx = Math.round(14 - mx / m), dy = Math.round(14 - my / m);
  const shifted = new Float32Array(784);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
    const sx = x - dx, sy = y - dy;
    if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) shifted[y * 28 + x] = out[sy * 28 + sx];
  }
  return shifted;
}

function predict() {
  if (!state.mnistReady) { $('prediction').textContent = 'train MNIST first'; return; }
  const px = padPixels();
  worker.postMessage({ type: 'predict', pixels: px }, [px.buffer]);
}

function renderProbs(probs) {
  const box = $('probs');
  box.innerHTML = '';
  const best = probs ? probs.indexOf(Math.max(...probs)) : -1;
  for (let k = 0; k < 10; k++) {
    const p = probs ? probs[k] : 0;
    box.insertAdjacentHTML('beforeend', `<span>${k}</span><div class="bar${k === best ? ' top' : ''}"><div style="width:${(p * 100).toFixed(1)}%"></div></div><span>${(p * 100).toFixed(1)}%</span>`);
  }
}
renderProbs(null);

// ---------- worker messages ----------
worker.onmessage = ({ data: m }) => {
  if (m.type === 'ready') { $('status').textContent = `ready (${m.backend})`; state.ready = true; }
  else if (m.type === 'summary') $('summary').textContent = m.text;
  else if (m.type === 'line') $('progress').textContent += m.line + '\n';
  else if (m.type === 'batch') {
    state.points.push(m.logs);
    $('status').textContent = `epoch ${m.epoch + 1} — batch ${m.batch + 1}/${m.steps}`;
    if (state.points.length % 4 === 0) drawChart();
  } else if (m.type === 'done') {
    drawChart();
    setBusy(false);
    $('status').textContent = m.message;
    if (m.task === 'mnist') { state.mnistReady = true; state.testAccuracy = m.testAccuracy; }
    if (m.task === 'xor') state.xorPredictions = m.predictions;
  } else if (m.type === 'prediction') {
    state.lastPrediction = m;
    $('prediction').textContent = String(m.digit);
    renderProbs(m.probs);
  } else if (m.type === 'error') { $('status').textContent = 'error: ' + m.message; setBusy(false); state.error = m.message; }
};

function start(task) {
  setBusy(true);
  state.points = [];
  $('progress').textContent = '';
  worker.postMessage({ type: task, epochs: Number($('epochs').value) || 3 });
}
$('xor').onclick = () => start('xor');
$('mnist').onclick = () => start('mnist');
$('clear').onclick = clearPad;
drawChart();
