// The JS side of the wasm contract (sdk/generated/kernels.ts: kernel signatures and op codes) is
// generated from assembly/; this fails when a kernel or a code changed without regenerating it,
// and checks that the built module exports exactly the kernels the contract names.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

test('the generated kernel contract is up to date with assembly/', () => {
  const out = execFileSync(process.execPath, ['build/gen-kernel-contract.js', '--check'], { encoding: 'utf8' });
  assert.match(out, /up to date/);
});

test('the compiled wasm exports every kernel of the contract, with its arity', async () => {
  const contract = readFileSync('sdk/generated/kernels.ts', 'utf8');
  const declared = [...contract.matchAll(/^ {2}(\w+)\(([^)]*)\): \w+;$/gm)].map(([, name, params]) => [name, params ? params.split(',').length : 0]);
  assert.ok(declared.length > 30, `${declared.length} kernels parsed from the contract`);
  // The module imports only its memory (declared unshared; the threaded build is derived at load time).
  const module = new WebAssembly.Module(readFileSync('build/out/simd.wasm'));
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  for (const [name, arity] of declared) {
    assert.ok(name in exports, `the module exports ${name}`);
    assert.is(exports[name].length, arity, `${name}: arity`);
  }
});

test.run();
