// The models-dropped check in a fresh Worker (a browser's "fresh process": its own heap and its
// own wasm memory); test/tensor/models-dropped.test.js starts it where there is no child_process.
import { modelsDropped } from './models-dropped.js';

try {
  postMessage({ ok: true, ...(await modelsDropped()) });
} catch (e) {
  postMessage({ ok: false, error: String(e?.stack ?? e) });
}
