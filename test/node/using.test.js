// `using t = …` on tensors, as TypeScript users write it: esbuild lowers the declaration (Node 20
// cannot parse it) to Symbol.dispose calls, and the tensors are freed at the end of the block.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { transform } from 'esbuild';

test('`using` frees tensors at the end of the block, also when it throws', async () => {
  const src = `
    import * as nm from ${JSON.stringify(new URL('../../dist/neurasm.js', import.meta.url).href)};
    export function run() {
      let inner, outer;
      {
        using a = nm.ones([1000]);
        using b = a.mul(2);
        inner = [a, b];
        if (b.sum().item() !== 2000) throw new Error('wrong sum');
      }
      try {
        using c = nm.ones([10]);
        outer = c;
        throw new Error('boom');
      } catch (e) { if (e.message !== 'boom') throw e; }
      return { inner, outer };
    }`;
  const { code } = await transform(src, { loader: 'ts', format: 'esm', target: 'es2022' });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const { inner, outer } = mod.run();
  assert.ok(inner.every((t) => t.isDisposed), 'a and b are disposed after their block');
  assert.ok(outer.isDisposed, 'c is disposed when its block throws');
});

test.run();
