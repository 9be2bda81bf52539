// Generated stand-ins for the data files of the IMDB and Reuters examples, written in Keras's
// own .npz layout (object arrays of int lists, int64 labels) so the examples run end to end
// without the network. They are NOT the real data sets: whoever uses them says so.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npz, npyInt64, npyObjectLists } from '../helpers/npz.js';

const seqs = (n, salt) => Array.from({ length: n }, (_, i) => Array.from({ length: 5 + ((i * 3 + salt) % 11) }, (_, k) => ((i * 13 + k * 7 + salt) % 900) + 1));

/** Writes imdb.npz and reuters.npz into a new temporary folder; returns {dir, imdb, reuters}. */
export function writeExampleData() {
  const dir = mkdtempSync(join(tmpdir(), 'neurasm-example-data-'));
  const tr = seqs(300, 1), te = seqs(100, 2);
  const imdb = join(dir, 'imdb.npz'), reuters = join(dir, 'reuters.npz');
  writeFileSync(imdb, npz({ x_train: npyObjectLists(tr), y_train: npyInt64(tr.map((_, i) => i % 2)), x_test: npyObjectLists(te), y_test: npyInt64(te.map((_, i) => (i + 1) % 2)) }));
  const all = seqs(200, 3);
  writeFileSync(reuters, npz({ x: npyObjectLists(all), y: npyInt64(all.map((_, i) => i % 46)) }));
  return { dir, imdb, reuters };
}

/** The extra arguments each data-file example gets, and the note printed with its result. */
export function exampleDataArgs(files) {
  return {
    'examples/imdb.ts': { args: ['--path', files.imdb], note: "on a GENERATED imdb.npz in Keras's format, not the real reviews" },
    'examples/reuters.ts': { args: ['--path', files.reuters], note: "on a GENERATED reuters.npz in Keras's format, not the real newswires" },
    'examples/boston-housing.ts': { args: [], note: 'on the real 506 rows (npm package, or Keras\'s cached file)' },
  };
}
