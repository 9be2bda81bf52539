// getFile (keras.utils.get_file) against a local HTTP server on 127.0.0.1 serving generated
// files: download, cache hit, checksum mismatch refused, interrupted download, offline error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nm from '../../dist/neurasm.js';

const body = new Uint8Array(100_000).map((_, i) => (i * 7 + 3) & 255);
const sha256 = createHash('sha256').update(body).digest('hex');
const md5 = createHash('md5').update(body).digest('hex');
const hits = {};
const server = createServer((req, res) => {
  hits[req.url] = (hits[req.url] ?? 0) + 1;
  if (req.url === '/data.bin') { res.writeHead(200, { 'content-length': body.length }); res.end(body); return; }
  if (req.url === '/cut.bin') {
    // Announces the whole file, sends a third of it, then drops the connection.
    res.writeHead(200, { 'content-length': body.length });
    res.write(body.subarray(0, 33_000), () => setTimeout(() => res.socket.destroy(), 20));
    return;
  }
  res.writeHead(404); res.end('not here');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const cacheDir = mkdtempSync(join(tmpdir(), 'neurasm-getfile-'));
const quiet = { cacheDir, progress: false };

/** Runs f with process.stderr captured; returns [result, text]. */
async function captured(f) {
  const write = process.stderr.write;
  let text = '';
  process.stderr.write = (s) => { text += s; return true; };
  try { return [await f(), text]; } finally { process.stderr.write = write; }
}

test('downloads into {cacheDir}/datasets with a progress bar, checking the sha256', async () => {
  const [path, text] = await captured(() => nm.getFile('data.bin', `${base}/data.bin`, { cacheDir, fileHash: sha256, progress: true }));
  assert.is(path, join(cacheDir, 'datasets', 'data.bin'));
  assert.equal(new Uint8Array(readFileSync(path)), body);
  assert.match(text, `Downloading data from ${base}/data.bin`);
  assert.match(text, `100000/100000 ━━━━━━━━━━━━━━━━━━━━`);
  assert.equal(readdirSync(join(cacheDir, 'datasets')), ['data.bin']); // no temporary file left
});

test('a cached file with the right hash is not downloaded again (md5 too)', async () => {
  const before = hits['/data.bin'];
  const path = await nm.getFile('data.bin', `${base}/data.bin`, { ...quiet, fileHash: md5 });
  assert.is(path, join(cacheDir, 'datasets', 'data.bin'));
  assert.is(hits['/data.bin'], before);
});

test('a checksum mismatch is refused and the file is not kept', async () => {
  const wrong = '0'.repeat(64);
  try { await nm.getFile('other.bin', `${base}/data.bin`, { ...quiet, fileHash: wrong }); assert.unreachable(); }
  catch (e) {
    assert.instance(e, nm.ValueError);
    assert.match(e.message, /sha256 file hash/);
    assert.match(e.message, wrong);
    assert.match(e.message, sha256);
  }
  assert.not.ok(existsSync(join(cacheDir, 'datasets', 'other.bin')));
  assert.equal(readdirSync(join(cacheDir, 'datasets')), ['data.bin']);
});

test('a cached file whose hash does not match is downloaded again', async () => {
  const before = hits['/data.bin'];
  const [, text] = await captured(() => nm.getFile('data.bin', `${base}/data.bin`, { ...quiet, fileHash: sha256, forceDownload: false, cacheSubdir: 'datasets' }));
  assert.is(hits['/data.bin'], before); // still valid: no download
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(cacheDir, 'datasets', 'data.bin'), 'damaged');
  const [, text2] = await captured(() => nm.getFile('data.bin', `${base}/data.bin`, { ...quiet, fileHash: sha256 }));
  assert.is(hits['/data.bin'], before + 1);
  assert.is(text, '');
  assert.match(text2, /does not match the original value/);
  assert.equal(new Uint8Array(readFileSync(join(cacheDir, 'datasets', 'data.bin'))), body);
});

test('an interrupted download leaves no file', async () => {
  try { await nm.getFile('cut.bin', `${base}/cut.bin`, quiet); assert.unreachable(); }
  catch (e) { assert.instance(e, nm.ValueError); assert.match(e.message, /interrupted|stopped at/); }
  assert.equal(readdirSync(join(cacheDir, 'datasets')), ['data.bin']);
});

test('offline: the error names the URL to fetch by hand and where to put the file', async () => {
  const dead = createServer();
  await new Promise((r) => dead.listen(0, '127.0.0.1', r));
  const port = dead.address().port;
  await new Promise((r) => dead.close(r));
  const url = `http://127.0.0.1:${port}/imdb.npz`;
  try { await nm.getFile('imdb.npz', url, quiet); assert.unreachable(); }
  catch (e) {
    assert.instance(e, nm.ValueError);
    assert.match(e.message, `URL fetch failure on ${url}`);
    assert.match(e.message, `put it at ${join(cacheDir, 'datasets', 'imdb.npz')}`);
    assert.not.match(e.message, /\n/);
  }
  try { await nm.getFile('x.bin', `${base}/missing.bin`, quiet); assert.unreachable(); }
  catch (e) { assert.match(e.message, /HTTP 404/); }
  assert.equal(readdirSync(join(cacheDir, 'datasets')), ['data.bin']);
});

test('KERAS_HOME moves the cache, and fname must be a plain name', async () => {
  const home = mkdtempSync(join(tmpdir(), 'neurasm-kerashome-'));
  process.env.KERAS_HOME = home;
  try {
    const path = await nm.getFile('data.bin', `${base}/data.bin`, { progress: false });
    assert.is(path, join(home, 'datasets', 'data.bin'));
  } finally { delete process.env.KERAS_HOME; rmSync(home, { recursive: true, force: true }); }
  try { await nm.getFile('../escape.bin', `${base}/data.bin`, quiet); assert.unreachable(); }
  catch (e) { assert.instance(e, nm.ValueError); assert.match(e.message, /fname must be a file name/); }
  try { await nm.getFile('data.bin', `${base}/data.bin`, { ...quiet, fileHash: 'abc' }); assert.unreachable(); }
  catch (e) { assert.match(e.message, /32 \(md5\) or 64 \(sha256\) hex digits/); }
});

test('extract unpacks a .tar.gz into <name>_extracted/ and refuses paths outside it', async () => {
  const { gzipSync } = await import('node:zlib');
  const tar = (entries) => {
    const blocks = [];
    for (const [name, data] of entries) {
      const h = Buffer.alloc(512);
      h.write(name, 0); h.write('0000644\0', 100); h.write('0000000\0', 108); h.write('0000000\0', 116);
      h.write(data.length.toString(8).padStart(11, '0') + '\0', 124); h.write('00000000000\0', 136);
      h.write('0', 156); h.write('ustar\0', 257); h.write('00', 263);
      h.fill(' ', 148, 156);
      let sum = 0; for (const b of h) sum += b;
      h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
      blocks.push(h, Buffer.from(data), Buffer.alloc((512 - (data.length % 512)) % 512));
    }
    return gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
  };
  const good = tar([['pack/a.txt', 'alpha'], ['pack/sub/b.txt', 'beta']]), evil = tar([['../evil.txt', 'x']]);
  const srv = createServer((req, res) => res.end(req.url === '/pack.tar.gz' ? good : evil));
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const u = `http://127.0.0.1:${srv.address().port}`;
  try {
    const dir = await nm.getFile('pack.tar.gz', `${u}/pack.tar.gz`, { ...quiet, extract: true });
    assert.is(dir, join(cacheDir, 'datasets', 'pack_extracted'));
    assert.is(readFileSync(join(dir, 'pack/sub/b.txt'), 'utf8'), 'beta');
    try { await nm.getFile('evil.tar.gz', `${u}/evil.tar.gz`, { ...quiet, extract: true }); assert.unreachable(); }
    catch (e) { assert.instance(e, nm.ValueError); assert.match(e.message, /outside the extraction folder/); }
    assert.not.ok(existsSync(join(cacheDir, 'evil.txt')));
  } finally { srv.close(); }
});

test.after(() => { server.close(); rmSync(cacheDir, { recursive: true, force: true }); });
test.run();
