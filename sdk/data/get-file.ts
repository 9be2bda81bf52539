// getFile(): keras.utils.get_file for every runtime. Downloads a URL once into a cache folder
// (~/.keras/datasets, or $KERAS_HOME/datasets, or {cacheDir}; the Cache API in browsers), with
// a progress bar, checksum verification (sha256 or md5, as Keras's published hashes), atomic
// writes (a temporary file renamed into place) and an offline error that says what to fetch
// by hand and where to put it. Returns the file's path (its URL in browsers).
import { ValueError } from '../errors.js';
import { isBrowser } from './files.js';
import { md5Hex } from './md5.js';

export interface GetFileOptions {
  /** Expected sha256 (64 hex digits) or md5 (32) of the file, as Keras publishes them. */
  fileHash?: string;
  /** 'auto' (by length, Keras's rule), 'sha256' or 'md5'. */
  hashAlgorithm?: 'auto' | 'sha256' | 'md5';
  /** Base folder; default $KERAS_HOME, else ~/.keras (Keras's). */
  cacheDir?: string;
  /** Sub-folder of cacheDir; default 'datasets'. */
  cacheSubdir?: string;
  /** Unpack a .tar, .tar.gz or .tgz archive into `<name>_extracted/` and return that folder. */
  extract?: boolean;
  /** Download even when a valid copy is cached. */
  forceDownload?: boolean;
  /** Show the progress bar (default: when stderr is a terminal). */
  progress?: boolean;
}

type Proc = { env: Record<string, string | undefined>; pid: number; stderr?: { write(s: string): void; isTTY?: boolean } };
const proc = (): Proc | undefined => (globalThis as { process?: Proc }).process;
const envVar = (k: string): string | undefined => {
  const d = (globalThis as { Deno?: { env: { get(k: string): string | undefined } } }).Deno;
  try { return d ? d.env.get(k) : proc()?.env[k]; } catch { return undefined; }
};

const algorithmOf = (hash: string, a: GetFileOptions['hashAlgorithm'] = 'auto'): 'sha256' | 'md5' =>
  a !== 'auto' ? a : hash.length === 64 ? 'sha256' : 'md5';

/** The folder downloads go to: {cacheDir}/{cacheSubdir}, Keras's default ~/.keras/datasets. */
export async function cacheFolder(options: Pick<GetFileOptions, 'cacheDir' | 'cacheSubdir'> = {}): Promise<string> {
  const { homedir } = (await import('node:os' as string)) as { homedir(): string };
  const base = (options.cacheDir ?? envVar('KERAS_HOME') ?? `${homedir()}/.keras`).replace(/^~(?=\/|$)/, homedir());
  return `${base.replace(/\/+$/, '')}/${options.cacheSubdir ?? 'datasets'}`;
}

/** keras.utils.get_file(fname, origin, file_hash=, cache_dir=, extract=). */
export async function getFile(fname: string, origin: string, options: GetFileOptions = {}): Promise<string> {
  if (!origin || typeof origin !== 'string') throw new ValueError('getFile(): pass the URL to download (origin).');
  let url: URL;
  try { url = new URL(origin); } catch (e) { throw new ValueError(`getFile(): '${origin}' is not a URL.`, { cause: e }); }
  if (fname !== undefined && fname !== null && typeof fname !== 'string') throw new ValueError(`getFile(): fname must be a file name string, got ${typeof fname}.`);
  const name = fname || decodeURIComponent(url.pathname.split('/').pop() ?? '');
  if (!name) throw new ValueError(`getFile(): cannot tell the file name from '${origin}'; pass fname.`);
  if (/[/\\]/.test(name) || name === '.' || name === '..') {
    throw new ValueError(`getFile(): fname must be a file name, got '${name}'; choose the folder with {cacheDir}.`);
  }
  if (options.fileHash !== undefined && !/^([0-9a-f]{32}|[0-9a-f]{64})$/i.test(options.fileHash)) {
    throw new ValueError(`getFile(): fileHash must be 32 (md5) or 64 (sha256) hex digits, got '${options.fileHash}'.`);
  }
  if (isBrowser) return getFileBrowser(name, origin, options);
  const fs = (await import('node:fs/promises' as string)) as NodeFs;
  const dir = await cacheFolder(options);
  await fs.mkdir(dir, { recursive: true });
  const target = `${dir}/${name}`;
  const hash = options.fileHash?.toLowerCase();
  const algo = hash ? algorithmOf(hash, options.hashAlgorithm) : 'sha256';
  let cached = !options.forceDownload && (await fs.stat(target).then(() => true, () => false));
  if (cached && hash && (await hashFile(fs, target, algo)) !== hash) {
    log(`A local file was found, but it seems to be incomplete or outdated because the ${algo} file hash does not match the original value of ${hash} so we will re-download the data.\n`);
    cached = false;
  }
  if (!cached) await download(fs, origin, target, hash, algo, options);
  return options.extract ? extractTar(fs, target) : target;
}

interface FileHandle { write(b: Uint8Array): Promise<unknown>; close(): Promise<void> }
interface NodeFs {
  mkdir(p: string, o: { recursive: boolean }): Promise<unknown>;
  stat(p: string): Promise<{ size: number }>;
  open(p: string, flags: string): Promise<FileHandle>;
  rename(a: string, b: string): Promise<void>;
  rm(p: string, o: { force: boolean; recursive?: boolean }): Promise<void>;
  readFile(p: string): Promise<Uint8Array>;
  writeFile(p: string, b: Uint8Array): Promise<void>;
}

const log = (s: string) => { const e = proc()?.stderr; if (e) e.write(s); else console.log(s.replace(/\n$/, '')); };

/** A hasher over chunks: node:crypto where it exists (Node, Deno, Bun), else whole-buffer fallbacks. */
async function hasher(algo: 'sha256' | 'md5'): Promise<{ update(b: Uint8Array): void; hex(): Promise<string> }> {
  try {
    const c = (await import('node:crypto' as string)) as { createHash(a: string): { update(b: Uint8Array): void; digest(e: 'hex'): string } };
    const h = c.createHash(algo);
    return { update: (b) => h.update(b), hex: async () => h.digest('hex') };
  } catch {
    const parts: Uint8Array[] = [];
    return { update: (b) => parts.push(b.slice()), hex: async () => hexDigest(concat(parts), algo) };
  }
}

async function hexDigest(bytes: Uint8Array, algo: 'sha256' | 'md5'): Promise<string> {
  if (algo === 'md5') return md5Hex(bytes);
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function hashFile(fs: NodeFs, path: string, algo: 'sha256' | 'md5'): Promise<string> {
  const h = await hasher(algo);
  h.update(await fs.readFile(path));
  return h.hex();
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function offlineError(origin: string, target: string, why: string, hash?: string): ValueError {
  return new ValueError(`URL fetch failure on ${origin}: ${why}. Without network, download it by hand ` +
    `(curl -L -o '${target}' '${origin}') and put it at ${target}` + (hash ? ` (its hash is ${hash}).` : '.'));
}

/** Streams origin into `<target>.<pid>.part`, hashing as it goes; renames it into place only when complete and valid. */
async function download(fs: NodeFs, origin: string, target: string, hash: string | undefined, algo: 'sha256' | 'md5', options: GetFileOptions): Promise<void> {
  log(`Downloading data from ${origin}\n`);
  let res: Response;
  try { res = await fetch(origin); } catch (e) { throw offlineError(origin, target, (e as { cause?: Error }).cause?.message ?? (e as Error).message, hash); }
  if (!res.ok || !res.body) throw offlineError(origin, target, `HTTP ${res.status} ${res.statusText}`.trim(), hash);
  const total = Number(res.headers.get('content-length') ?? NaN);
  const bar = progressBar(Number.isFinite(total) ? total : null, options.progress ?? !!proc()?.stderr?.isTTY);
  const part = `${target}.${proc()?.pid ?? Date.now()}.part`;
  const h = await hasher(algo);
  const fh = await fs.open(part, 'w');
  let got = 0;
  try {
    const reader = res.body.getReader();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try { chunk = await reader.read(); } catch (e) { throw offlineError(origin, target, `the download was interrupted after ${got} bytes (${(e as Error).message})`, hash); }
      if (chunk.done) break;
      await fh.write(chunk.value);
      h.update(chunk.value);
      got += chunk.value.length;
      bar(got);
    }
    await fh.close();
    if (Number.isFinite(total) && got !== total) throw offlineError(origin, target, `the download stopped at ${got} of ${total} bytes`, hash);
    if (hash) {
      const actual = await h.hex();
      if (actual !== hash) {
        throw new ValueError(`Incomplete or corrupted file detected. The ${algo} file hash of ${origin} does not match the original value of ${hash} (got ${actual}); the file was not kept.`);
      }
    }
    await fs.rename(part, target);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.rm(part, { force: true });
    throw e;
  }
}

/** `got/total ━━━━━━━━━━━━━━━━━━━━ 3s`: Keras's download bar, redrawn on a terminal. */
function progressBar(total: number | null, show: boolean): (got: number) => void {
  if (!show) return () => undefined;
  const t0 = Date.now();
  let last = 0;
  return (got) => {
    const now = Date.now();
    const done = total !== null && got >= total;
    if (!done && now - last < 100) return;
    last = now;
    const width = 20, fill = total ? Math.min(width, Math.floor((got / total) * width)) : 0;
    const bar = total ? `${'━'.repeat(fill)}${'─'.repeat(width - fill)}` : '';
    const s = `\r${total ? `${got}/${total}` : got} ${bar} ${Math.round((now - t0) / 1000)}s`;
    log(done ? `${s}\n` : s);
  };
}

/** Unpacks a (gzipped) tar next to it, into `<name before the first dot>_extracted/`, as Keras 3 does. */
async function extractTar(fs: NodeFs, archive: string): Promise<string> {
  const base = archive.slice(archive.lastIndexOf('/') + 1);
  const dir = `${archive.slice(0, archive.lastIndexOf('/'))}/${base.includes('.') ? `${base.slice(0, base.indexOf('.'))}_extracted` : base}`;
  if (!/\.(tar|tar\.gz|tgz)$/i.test(base)) throw new ValueError(`getFile(): extract supports .tar, .tar.gz and .tgz archives, got '${base}'.`);
  let bytes = await fs.readFile(archive);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    bytes = new Uint8Array(await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  }
  const files: [string, Uint8Array][] = [];
  const text = (a: number, n: number) => new TextDecoder().decode(bytes.subarray(a, a + n)).replace(/\0.*$/s, '');
  for (let o = 0; o + 512 <= bytes.length;) {
    const name = text(o + 345, 155) ? `${text(o + 345, 155)}/${text(o, 100)}` : text(o, 100);
    if (!name) break;
    const size = parseInt(text(o + 124, 12).trim() || '0', 8), type = text(o + 156, 1) || '0';
    if (!Number.isFinite(size) || o + 512 + size > bytes.length) throw new ValueError(`getFile(): ${archive} is a truncated tar archive.`);
    const parts = name.split('/').filter((p) => p && p !== '.');
    if (name.startsWith('/') || parts.includes('..')) throw new ValueError(`getFile(): ${archive} holds '${name}', which points outside the extraction folder; refused.`);
    if (type === '0' || type === '7') files.push([parts.join('/'), bytes.subarray(o + 512, o + 512 + size)]);
    o += 512 + Math.ceil(size / 512) * 512;
  }
  const tmp = `${dir}.${proc()?.pid ?? 0}.part`;
  await fs.rm(tmp, { force: true, recursive: true });
  for (const [p, data] of files) {
    await fs.mkdir(`${tmp}/${p}`.replace(/\/[^/]*$/, ''), { recursive: true });
    await fs.writeFile(`${tmp}/${p}`, data);
  }
  await fs.mkdir(tmp, { recursive: true });
  await fs.rm(dir, { force: true, recursive: true });
  await fs.rename(tmp, dir);
  return dir;
}

/** Browsers: the Cache API holds the verified response under its URL. */
async function getFileBrowser(name: string, origin: string, options: GetFileOptions): Promise<string> {
  if (options.extract) throw new ValueError('getFile(): extract is not available in browsers.');
  const cache = typeof caches !== 'undefined' ? await caches.open(`neurasm-${options.cacheSubdir ?? 'datasets'}`) : null;
  const hash = options.fileHash?.toLowerCase();
  const algo = hash ? algorithmOf(hash, options.hashAlgorithm) : 'sha256';
  const hit = !options.forceDownload && cache ? await cache.match(origin) : undefined;
  if (hit) {
    if (!hash || (await hexDigest(new Uint8Array(await hit.clone().arrayBuffer()), algo)) === hash) return origin;
  }
  let res: Response;
  const fail = (why: string) => new ValueError(`URL fetch failure on ${origin}: ${why}. In a browser the file is kept in the Cache API ` +
    `(store 'neurasm-${options.cacheSubdir ?? 'datasets'}') once fetched; offline, serve a copy of ${name} from your own site and pass its URL as {path}.`);
  try { res = await fetch(origin); } catch (e) { throw fail((e as Error).message); }
  if (!res.ok) throw fail(`HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (hash) {
    const actual = await hexDigest(bytes, algo);
    if (actual !== hash) throw new ValueError(`Incomplete or corrupted file detected. The ${algo} file hash of ${origin} does not match the original value of ${hash} (got ${actual}); the file was not kept.`);
  }
  if (cache) await cache.put(origin, new Response(bytes as BodyInit));
  return origin;
}

/** The bytes getFile() fetched: from the file system, or from the Cache API in browsers. */
export async function readFetched(location: string): Promise<Uint8Array> {
  if (isBrowser) {
    const hit = typeof caches !== 'undefined' ? await (await caches.open('neurasm-datasets')).match(location) : undefined;
    return new Uint8Array(await (hit ?? (await fetch(location))).arrayBuffer());
  }
  const fs = (await import('node:fs/promises' as string)) as NodeFs;
  return new Uint8Array(await fs.readFile(location));
}
