// Module Web Worker for the browser runner: runs the suite the page sends, posts the result.
import { runSuites } from './harness.js';

self.onmessage = async (e) => {
  try {
    self.postMessage({ result: await runSuites({ ...e.data, echo: false }) });
  } catch (err) {
    self.postMessage({ error: String(err?.stack ?? err) });
  }
};
