// toString() as NumPy prints (test/fixtures/numpy/print-cases.json, made by NumPy itself with
// make_print_cases.py), under setPrintOptions({precision, threshold, edgeitems, suppress, linewidth}).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const inBrowser = typeof window !== 'undefined' || (typeof self !== 'undefined' && typeof self.importScripts === 'function');
async function cases() {
  const url = new URL('../fixtures/numpy/print-cases.json', import.meta.url);
  const text = inBrowser ? await (await fetch(url)).text() : new TextDecoder().decode(await (await import('node:fs/promises')).readFile(url));
  return JSON.parse(text).cases;
}
const num = (v) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

test('every NumPy case prints the same', async () => {
  const all = await cases();
  assert.ok(all.length >= 28);
  for (const c of all) {
    nm.setPrintOptions(null);
    nm.setPrintOptions(c.options);
    const t = c.dtype === 'bool' ? nm.tensor(c.values.map(Boolean), c.shape) : nm.tensor(c.values.map(num), c.shape, c.dtype);
    try {
      assert.fixture(t.toString(), c.expected, JSON.stringify({ shape: c.shape, options: c.options }));
    } finally {
      nm.setPrintOptions(null);
    }
  }
});

test('setPrintOptions keeps unspecified options, getPrintOptions reads them, null resets', () => {
  nm.setPrintOptions({ precision: 3 });
  nm.setPrintOptions({ suppress: true });
  assert.equal(nm.getPrintOptions(), { precision: 3, threshold: 1000, edgeitems: 3, suppress: true, linewidth: 75 });
  assert.is(nm.tensor([1 / 3, 1e-6]).toString(), '[0.333 0.   ]');
  nm.setPrintOptions(null);
  assert.is(nm.tensor([1 / 3, 1e-6]).toString(), '[3.3333334e-01 1.0000000e-06]');
});

test('bad print options are typed errors; nothing changes', () => {
  assert.throws(() => nm.setPrintOptions({ precision: -1 }), /precision must be a non-negative integer, got -1/);
  assert.throws(() => nm.setPrintOptions({ suppress: 1 }), (e) => e instanceof nm.ValueError);
  assert.throws(() => nm.setPrintOptions({ precision: 2, edgeItems: 2 }), /unknown option 'edgeItems'; valid options: precision, threshold, edgeitems/);
  assert.equal(nm.getPrintOptions().precision, 8);
});

test('0-d tensors print as NumPy scalars', () => {
  assert.is(nm.scalar(1).toString(), '1.0');
  assert.is(nm.scalar(0.1).toString(), '0.1');
  assert.is(nm.scalar(1e-5).toString(), '1e-05');
  assert.is(nm.scalar(3, 'int32').toString(), '3');
  assert.is(nm.scalar(true).toString(), 'True');
});

test.run();
