// Reads files from ../shared/fixtures/keras in every runtime: the file system in Node, Deno
// and Bun, fetch() in a browser (the browser runner serves the repo's parent folder).
const inBrowser = typeof window !== 'undefined' || (typeof self !== 'undefined' && typeof self.importScripts === 'function');

const base = new URL('../../../shared/fixtures/keras/', import.meta.url);
// Files generated for this repository live beside the tests.
const local = new URL('../fixtures/keras/', import.meta.url);
const LOCAL = new Set(['targets_weights_reference.json']);

export async function fixtureBytes(name) {
  const url = new URL(name, LOCAL.has(name) ? local : base);
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
