// Reads the real-Keras reference files in test/fixtures/keras/ in every runtime: the file
// system in Node, Deno and Bun, fetch() in a browser (the browser runner serves the repo).
const inBrowser = typeof window !== 'undefined' || (typeof self !== 'undefined' && typeof self.importScripts === 'function');

const base = new URL('../fixtures/keras/', import.meta.url);

export async function fixtureBytes(name) {
  const url = new URL(name, base);
  if (inBrowser) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`fixture ${name}: HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  }
  const fs = await import('node:fs/promises');
  return new Uint8Array(await fs.readFile(url));
}

export async function fixtureJSON(name) {
  return JSON.parse(new TextDecoder().decode(await fixtureBytes(name)));
}

export async function fixtureText(name) {
  return new TextDecoder().decode(await fixtureBytes(name));
}
