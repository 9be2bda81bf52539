// The JS side of the wasm contract (sdk/generated/kernels.ts: kernel signatures and op codes) is
// generated from assembly/; this fails when a kernel or a code changed without regenerating it,
// and checks that each built module exports exactly the kernels the contract names.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

test('the generated kernel contract is up to date with assembly/', () => {
  const out = execFileSync(process.execPath, ['build/gen-kernel-contract.js', '--check'], { encoding: 'utf8' });
  assert.match(out, /up to date/);
});

test('each compiled wasm module exports every kernel of its part of the contract, with its arity', async () => {
  const contract = readFileSync('sdk/generated/kernels.ts', 'utf8');
  const part = (iface) => contract.slice(contract.indexOf(`export interface ${iface} {`), contract.indexOf('\n}', contract.indexOf(`export interface ${iface} {`)));
  // Both modules run over one memory; each imports only it (declared unshared; the threaded build
  // is derived at load time), and has exactly its kernels.
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536 });
  for (const [iface, file, least] of [['Kernels', 'build/out/simd.wasm', 30], ['ConvKernels', 'build/out/conv-simd.wasm', 5]]) {
    const declared = [...part(iface).matchAll(/^ {2}(\w+)\(([^)]*)\): \w+;$/gm)].map(([, name, params]) => [name, params ? params.split(',').length : 0]);
    assert.ok(declared.length >= least, `${declared.length} kernels of ${iface} parsed from the contract`);
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { env: { memory } });
    for (const [name, arity] of declared) {
      assert.ok(name in exports, `${file} exports ${name}`);
      assert.is(exports[name].length, arity, `${name}: arity`);
    }
    const functions = Object.keys(exports).filter((k) => typeof exports[k] === 'function');
    assert.equal(functions.sort(), declared.map(([n]) => n).sort(), `${file} exports only ${iface}`);
  }
});

test.run();
