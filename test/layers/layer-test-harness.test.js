// runLayerTest can fail: layers broken on purpose are each caught by the check meant for them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

async function failsWith(promise, pattern) {
  try { await promise; } catch (e) { assert.match(String(e.message), pattern); return; }
  assert.unreachable('runLayerTest passed a broken layer');
}

/** Scales by a factor it forgets to put in its config. */
class ForgetsConfig extends nm.Layer {
  static className = 'ForgetsConfig';
  constructor(args = {}) { super(args); this.factor = args.factor ?? 1; }
  call(x) { return nm.mul(x, this.factor); }
}
nm.registerLayer(ForgetsConfig);

/** Says its output has one column more than it has. */
class WrongShape extends nm.Layer {
  static className = 'WrongShape';
  computeOutputShape(s) { return [s[0], s[1] + 1]; }
  call(x) { return x; }
}
nm.registerLayer(WrongShape);

/** Has a weight its call never uses, so training cannot move it. */
class UnusedWeight extends nm.Layer {
  static className = 'UnusedWeight';
  build(s) { this.w = this.addWeight('w', [s[1]], 'ones'); this.unused = this.addWeight('unused', [1], 'ones'); super.build(s); }
  call(x) { return nm.mul(x, this.w); }
}
nm.registerLayer(UnusedWeight);

test('a config that loses an option fails the config check', () => failsWith(runLayerTest(ForgetsConfig, { args: [{ factor: 3 }], inputShape: [2, 3] }), /config: the layer rebuilt from its config computes other values/));
test('a wrong computeOutputShape fails the symbolic check', () => failsWith(runLayerTest(WrongShape, { inputShape: [2, 3] }), /symbolic/));
test('a weight training cannot move fails the training check', () => failsWith(runLayerTest(UnusedWeight, { inputShape: [2, 3] }), /trains: '.*unused' did not change/));

test.run();
