// Where models go and come from: file paths (Node, Deno, Bun), URLs (fetch), browser storage
// (indexeddb://, localstorage://), downloads://, and memory (bytes, or an object of files).
// File and network failures become typed errors that keep the cause; a save writes a temporary
// file and renames it, and removes the temporaries an interrupted earlier save left behind.
import { ResourceError, ValueError } from '../errors.js';
import { FormatError } from './errors.js';
import type { Files, Source } from '../models/contracts.js';

export type { Files, Source };

const g = globalThis as unknown as {
  Deno?: unknown; window?: unknown; localStorage?: Storage; indexedDB?: IDBFactory; document?: Document;
};

type FS = {
  readFile(p: string | URL): Promise<Uint8Array>;
  writeFile(p: string, d: Uint8Array | string): Promise<void>;
  rename(a: string, b: string): Promise<void>;
  unlink(p: string): Promise<void>;
  readdir(p: string): Promise<string[]>;
};
async function fs(): Promise<FS> { return (await import('node:fs/promises' as string)) as FS; }

export function scheme(s: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s);
  return m ? m[1].toLowerCase() : null;
}

const isBrowser = typeof g.window !== 'undefined' || typeof (globalThis as { importScripts?: unknown }).importScripts === 'function';

/** Bytes of one file from a path or URL. */
export async function readSource(s: string): Promise<Uint8Array> {
  const sc = scheme(s);
  if (sc === 'http' || sc === 'https' || sc === 'blob' || sc === 'data' || (isBrowser && sc === null)) {
    let r: Response;
    try { r = await fetch(s); } catch (e) { throw new ValueError(`Cannot load ${s}: the request failed (${(e as Error)?.message ?? e}); check the URL and the network.`, { cause: e }); }
    if (!r.ok) throw new ValueError(`Cannot load ${s}: HTTP ${r.status}.`);
    try { return new Uint8Array(await r.arrayBuffer()); } catch (e) { throw new ValueError(`Cannot load ${s}: the download broke off (${(e as Error)?.message ?? e}).`, { cause: e }); }
  }
  if (sc === 'indexeddb') return idbGet(s.slice('indexeddb://'.length));
  if (sc === 'localstorage') {
    const v = g.localStorage?.getItem(`neurasm:${s.slice('localstorage://'.length)}`);
    if (v == null) throw new ValueError(`Nothing saved at ${s}.`);
    return Uint8Array.from(atob(v), (c) => c.charCodeAt(0));
  }
  if (sc !== null && sc !== 'file') throw new ValueError(`Unsupported location '${s}': use a file path, file://, http(s)://, indexeddb://, localstorage:// or bytes.`);
  const f = await fs();
  try { return new Uint8Array(await f.readFile(sc === 'file' ? new URL(s) : s)); }
  catch (e) { throw fileError('read', s, e); }
}

/** Write bytes; paths get a temporary file and a rename so a crash never leaves half a file. */
export async function writeTarget(s: string, bytes: Uint8Array, mime = 'application/octet-stream'): Promise<void> {
  const sc = scheme(s);
  if (sc === 'indexeddb') return idbPut(s.slice('indexeddb://'.length), bytes);
  if (sc === 'localstorage') {
    if (!g.localStorage) throw new ValueError('localstorage:// needs a browser with localStorage.');
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    g.localStorage.setItem(`neurasm:${s.slice('localstorage://'.length)}`, btoa(bin));
    return;
  }
  if (sc === 'downloads') {
    if (!g.document) throw new ValueError('downloads:// needs a browser page.');
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
    const a = g.document.createElement('a');
    a.href = url;
    a.download = s.slice('downloads://'.length);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    return;
  }
  if (sc === 'http' || sc === 'https') throw new ValueError(`Saving to ${s} is not supported: save to bytes and upload them yourself.`);
  if (isBrowser && sc === null) throw new ValueError(`Cannot save to a path in a browser: use indexeddb://, localstorage:// or downloads://.`);
  const path = sc === 'file' ? decodeURIComponent(new URL(s).pathname) : s;
  const f = await fs();
  await removeStaleTemps(f, path);
  const tmp = `${path}.${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}.tmp`;
  try {
    await f.writeFile(tmp, bytes);
    await f.rename(tmp, path);
  } catch (e) {
    await f.unlink(tmp).catch(() => {});
    throw fileError('save to', path, e);
  }
}

/** The folder part and the name part of a path ('/' or '\\' separated). */
function splitPath(path: string): [string, string] {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? ['.', path] : [path.slice(0, i) || '/', path.slice(i + 1)];
}

/** Temporaries of `path` (`<name>.<base36>.tmp`) left by a save that was killed mid-write. */
async function removeStaleTemps(f: FS, path: string): Promise<void> {
  const [dir, name] = splitPath(path);
  let entries: string[];
  try { entries = await f.readdir(dir); } catch { return; } // a missing folder fails in the write, with its own message
  const prefix = `${name}.`;
  for (const e of entries) {
    if (e.startsWith(prefix) && /^[0-9a-z]+\.tmp$/.test(e.slice(prefix.length))) await f.unlink(`${dir}/${e}`).catch(() => {});
  }
}

/** A typed error for a failed file operation, naming the path and the reason; keeps the cause. */
export function fileError(verb: string, path: string, e: unknown): Error {
  const code = (e as { code?: string })?.code;
  const [dir] = splitPath(path);
  const why = code === 'ENOENT' ? (verb === 'read' ? 'no such file' : `the folder '${dir}' does not exist (create it first)`)
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a folder'
    : code === 'ENOTDIR' ? 'a part of the path is not a folder'
    : code === 'ENOSPC' ? 'no space left on the device'
    : (e as Error)?.message ?? String(e);
  const msg = `Cannot ${verb} ${path}: ${why}.`;
  return code === 'ENOSPC' ? new ResourceError(msg, { cause: e }) : new ValueError(msg, { cause: e });
}

function idbOpen(): Promise<IDBDatabase> {
  if (!g.indexedDB) return Promise.reject(new ValueError('indexeddb:// needs a browser with IndexedDB.'));
  return new Promise((resolve, reject) => {
    const r = g.indexedDB!.open('neurasm-models', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('models');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
async function idbPut(key: string, bytes: Uint8Array): Promise<void> {
  const db = await idbOpen();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('models', 'readwrite');
    tx.objectStore('models').put(bytes, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}
async function idbGet(key: string): Promise<Uint8Array> {
  const db = await idbOpen();
  return new Promise((resolve, reject) => {
    const r = db.transaction('models').objectStore('models').get(key);
    r.onsuccess = () => (r.result ? resolve(new Uint8Array(r.result)) : reject(new ValueError(`Nothing saved at indexeddb://${key}.`)));
    r.onerror = () => reject(r.error);
  });
}

export function toBytes(v: Uint8Array | ArrayBuffer | string | object): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (typeof v === 'string') return new TextEncoder().encode(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return new TextEncoder().encode(JSON.stringify(v));
}

/** What kind of model file bytes hold: 'keras' (zip), 'h5', or 'tfjs' (model.json). */
export function sniff(bytes: Uint8Array): 'keras' | 'h5' | 'tfjs' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'keras';
  if (bytes[0] === 0x89 && bytes[1] === 0x48 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'h5';
  if (bytes[0] === 0x7b || bytes[0] === 0x20 || bytes[0] === 0x0a) return 'tfjs';
  throw new FormatError('Unrecognised model file: not a .keras zip, an HDF5 file or a TF.js model.json.');
}
