// Reading files in every runtime: the file system in Node, Deno and Bun (node:fs, imported
// only when needed so the browser import never touches it), fetch() for URLs.
import { ValueError } from '../errors.js';

export const isBrowser = typeof (globalThis as { window?: unknown }).window !== 'undefined' ||
  (typeof (globalThis as { importScripts?: unknown }).importScripts === 'function');

type FS = { readFile(p: string | URL): Promise<Uint8Array>; stat(p: string): Promise<{ isDirectory(): boolean }> };

export async function nodeFs(): Promise<FS> {
  return (await import('node:fs/promises' as string)) as FS;
}

export function isUrl(s: string): boolean { return /^(https?|blob|data):/i.test(s) || (isBrowser && !s.startsWith('file:')); }

/** Bytes of a file path or URL. */
export async function readBytes(source: string): Promise<Uint8Array> {
  if (typeof source !== 'string') throw new ValueError(`Expected a file path or URL string, got ${typeof source}.`);
  if (isUrl(source)) {
    let r: Response;
    try { r = await fetch(source); } catch (e) { throw new ValueError(`Cannot fetch ${source}: the request failed (${(e as Error)?.message ?? e}); check the URL and the network.`, { cause: e }); }
    if (!r.ok) throw new ValueError(`Cannot fetch ${source}: HTTP ${r.status}.`);
    return new Uint8Array(await r.arrayBuffer());
  }
  const fs = await nodeFs();
  const path = source.startsWith('file:') ? new URL(source) : source;
  try {
    return new Uint8Array(await fs.readFile(path));
  } catch (e) {
    throw await fileError(e, path);
  }
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file', EACCES: 'permission denied', EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file', ENOTDIR: 'a part of the path is not a folder', EMFILE: 'too many open files',
};

/** A raw file-system error as a ValueError naming the absolute path, the original as `cause`. */
async function fileError(e: unknown, path: string | URL): Promise<ValueError> {
  const code = (e as { code?: string })?.code;
  let abs = String(path);
  try {
    const { resolve } = (await import('node:path' as string)) as { resolve(p: string): string };
    const { fileURLToPath } = (await import('node:url' as string)) as { fileURLToPath(u: URL): string };
    abs = resolve(path instanceof URL ? fileURLToPath(path) : path);
  } catch { /* keep the path as given */ }
  const why = (code && FS_REASONS[code]) ?? (e as Error)?.message ?? String(e);
  const err = new ValueError(`Cannot read ${abs}: ${why}${code ? ` (${code})` : ''}.`);
  Object.defineProperty(err, 'cause', { value: e, writable: true, configurable: true });
  return err;
}

export async function exists(path: string): Promise<boolean> {
  if (isBrowser) return false;
  try { await (await nodeFs()).stat(path); return true; } catch { return false; }
}

/** node_modules/<pkg>, searched upwards from the working directory (Node, Deno, Bun). */
export async function findPackageDir(pkg: string): Promise<string | null> {
  if (isBrowser) return null;
  const g = globalThis as { process?: { cwd(): string }; Deno?: { cwd(): string } };
  let dir: string | undefined = g.Deno ? g.Deno.cwd() : g.process?.cwd();
  if (!dir) return null;
  for (;;) {
    const candidate = `${dir}/node_modules/${pkg}`;
    if (await exists(candidate)) return candidate;
    const parent: string = dir.replace(/\/[^/]*$/, '');
    if (parent === dir || parent === '') return null;
    dir = parent;
  }
}

/** Gunzip when the bytes are gzip (DecompressionStream exists in Node ≥ 18, Deno, Bun, browsers). */
export async function maybeGunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
