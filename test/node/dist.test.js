// dist/neurasm.js is one self-contained ES module that browsers can load: no static imports
// (the wasm is inline), no require(), and Node built-ins only behind lazy import() in
// features that need a file system. dist/neurasm.d.ts is one file too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';

const js = readFileSync(new URL('../../dist/neurasm.js', import.meta.url), 'utf8');
const dts = readFileSync(new URL('../../dist/neurasm.d.ts', import.meta.url), 'utf8');

test('no static imports in the bundle', () => {
  const staticImports = [...js.matchAll(/(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w$*{},\s]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
  assert.equal(staticImports, []);
});

test('no require(); dynamic imports only of node: built-ins', () => {
  assert.not.match(js, /\brequire\s*\(/);
  const dynamic = [...js.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  assert.equal(dynamic.filter((s) => !s.startsWith('node:')), []);
});

test('the bundle is an ES module with named exports', () => {
  assert.match(js, /export\s*\{[^}]*\btensor\b/);
});

test('the types are one file', () => {
  assert.not.match(dts, /from\s+['"]\.{1,2}\//);
  assert.match(dts, /declare class Tensor\b/);
});

test.run();
