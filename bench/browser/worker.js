// The Worker side of bench/browser-epoch.js.
import { mnistEpochs } from './epoch.js';
self.onmessage = async (e) => {
  try { self.postMessage({ result: await mnistEpochs(e.data) }); } catch (err) { self.postMessage({ error: String(err?.stack ?? err) }); }
};
