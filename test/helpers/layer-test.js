// runLayerTest: the checks every layer gets from one call (Keras's run_layer_test, extended):
//   config   getConfig → JSON → a model config loaded back → the same config, and the rebuilt
//            layer (given the same weights) computes the same values
//   build    build() on the batch shape makes the layer built, with the weights it should have
//   symbolic apply() on Input() gives the shape computeOutputShape() gives (and the eager shape)
//   traced   eager output == model.predict() (the traced plan); one fit step (trainOnBatch, SGD)
//            moves the trainable weights exactly as an eager GradientTape step of the same loss
//   trains   that step changes every trainable weight
//   save     .keras, .h5 and TF.js round trips predict the same values
//   gradient the tape gradient of the output w.r.t. the input and the weights against central
//            differences (test/helpers/gradcheck.js)
// Runs everywhere (no Node built-ins). Throws an assertion naming the layer and the check.
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng, gradCheck, maxDiff } from './gradcheck.js';

const LR = 0.1;

/**
 * @param LayerClass  the layer's class (registered for loading)
 * @param opts.args        constructor arguments, e.g. [4, {activation: 'tanh'}], or a function
 *                         returning them (wrappers: a fresh inner layer each time)
 * @param opts.inputShape  the batch input shape, e.g. [2, 3]; a list of shapes for a list input
 * @param opts.inputDtype  'float32' (default) or 'int32'
 * @param opts.inputData   a function (shape, i) → flat values, default seeded uniform in [-1, 1)
 * @param opts.expectedOutputShape  batch output shape (checked against the eager output)
 * @param opts.trainableWeights / nonTrainableWeights  how many the built layer has
 * @param opts.stochastic  the training-mode output is random (Dropout): no eager/fit comparison
 * @param opts.grad  false to skip, or {input, weights, eps, tol, samples, training}
 * @param opts.formats     save formats, default ['keras', 'h5', 'tfjs']
 * @param opts.tol         tolerance of eager vs traced (default 1e-5, relative to max(1, |x|))
 */
export async function runLayerTest(LayerClass, opts) {
  const {
    args = [], inputShape, inputDtype = 'float32', inputData, expectedOutputShape,
    trainableWeights, nonTrainableWeights, stochastic = false, grad = {}, formats = ['keras', 'h5', 'tfjs'], tol = 1e-5,
  } = opts;
  const argList = () => (typeof args === 'function' ? args() : args);
  const who = `${LayerClass.className}(${typeof args === 'function' ? '…' : JSON.stringify(args)})`;
  const make = () => new LayerClass(...argList());
  const list = Array.isArray(inputShape[0]);
  const shapes = list ? inputShape : [inputShape];
  const draw = rng(11);
  const data = (s, i) => (inputData ? inputData(s, i) : draw(s.reduce((a, b) => a * b, 1)));
  const xs = shapes.map((s, i) => nm.tensor(data(s, i), s, inputDtype));
  const x = list ? xs : xs[0];
  const symShapes = shapes.map((s) => [null, ...s.slice(1)]);

  // config: the layer's config survives JSON and the loader's registry.
  const layer = make();
  const model = oneLayerModel(layer, shapes, inputDtype, list);
  const config = layer.getConfig();
  const seqConfig = JSON.parse(JSON.stringify({ class_name: 'Functional', config: model.getConfig() }));
  const back = nm.modelFromConfig(seqConfig);
  const backLayer = back.layers.find((l) => l.name === layer.name);
  assert.ok(backLayer, `${who} config: the reloaded model has no layer '${layer.name}'`);
  assert.is(backLayer.className, layer.className, `${who} config: class`);
  assert.equal(backLayer.getConfig(), JSON.parse(JSON.stringify(config)), `${who} config: getConfig → fromConfig → getConfig`);
  // …and the config holds every option: the rebuilt layer with the same weights computes the same.
  backLayer.setWeights(layer.getWeights());
  const same = relDiff(Array.from(back.predict(x).dataSync()), Array.from(model.predict(x).dataSync()));
  assert.ok(same <= tol, `${who} config: the layer rebuilt from its config computes other values (worst ${same}): an option is missing from getConfig`);

  // build: building on the symbolic shape makes the weights.
  const fresh = make();
  fresh.build(list ? symShapes : symShapes[0]);
  assert.ok(fresh.built, `${who} build: built`);
  if (trainableWeights !== undefined) assert.is(fresh.trainableWeights.length, trainableWeights, `${who} build: trainable weights`);
  if (nonTrainableWeights !== undefined) assert.is(fresh.nonTrainableWeights.length, nonTrainableWeights, `${who} build: non-trainable weights`);
  assert.equal(fresh.weights.map((w) => w.shape), layer.weights.map((w) => w.shape), `${who} build: the same weight shapes as when called`);

  // symbolic: the graph's output shape is computeOutputShape's, and the eager output's.
  const symOut = model.outputs[0].shape;
  const computed = layer.computeOutputShape(list ? symShapes : symShapes[0]);
  assert.equal(symOut, computed, `${who} symbolic: call shape vs computeOutputShape`);
  const eager = layer.apply(x);
  assert.equal(eager.shape.slice(1), symOut.slice(1), `${who} symbolic: eager output shape vs symbolic`);
  if (expectedOutputShape) assert.equal(eager.shape, expectedOutputShape, `${who} output shape`);

  // traced: predict() replays a plan; it gives the eager values.
  const eagerValues = Array.from(eager.dataSync());
  const predicted = Array.from(model.predict(x).dataSync());
  assert.ok(relDiff(predicted, eagerValues) <= tol, `${who} traced: predict() vs eager, worst ${relDiff(predicted, eagerValues)}`);

  // traced training step == eager tape step (SGD, mse), and it changes every trainable weight.
  const target = nm.tensor(rng(5)(eager.size), eager.shape);
  const vars = model.trainableWeights;
  if (vars.length > 0) {
    const before = vars.map((v) => Float32Array.from(v.dataSync()));
    let expected = null;
    if (!stochastic) {
      const tape = new nm.GradientTape();
      const loss = tape.record(() => {
        const out = model.apply(x, { training: true });
        // An output with a Keras mask (Embedding(maskZero), Masking) has Keras's masked loss: the mean over unmasked steps.
        const mask = nm.layers.getKerasMask(out);
        if (!mask) return nm.mean(nm.square(nm.sub(out, target)));
        const perStep = nm.mean(nm.square(nm.sub(out, target)), -1), m = nm.cast(mask, 'float32');
        return nm.div(nm.sum(nm.mul(perStep, m)), nm.sum(m));
      });
      expected = tape.gradient(loss, vars).map((g, i) => before[i].map((w, j) => Math.fround(w - Math.fround(LR * g.dataSync()[j]))));
    }
    model.compile({ optimizer: new nm.optimizers.SGD({ learningRate: LR }), loss: 'mse' });
    model.trainOnBatch(x, target);
    vars.forEach((v, i) => {
      const now = Array.from(v.dataSync());
      assert.ok(maxDiff(now, Array.from(before[i])) > 0, `${who} trains: '${v.name}' did not change in a training step`);
      if (expected) {
        const d = relDiff(now, Array.from(expected[i]));
        assert.ok(d <= 1e-4, `${who} traced: '${v.name}' after one fit step vs the eager tape step, worst ${d}`);
      }
    });
  }

  // save: every format predicts what the model predicts.
  const want = Array.from(model.predict(x).dataSync());
  for (const format of formats) {
    const files = await model.toFiles(format);
    const loaded = await nm.loadModel(format === 'tfjs' ? files : Object.values(files)[0]);
    assert.equal(Array.from(loaded.predict(x).dataSync()), want, `${who} save: ${format} round trip predicts the same`);
  }

  // gradient: d(output)/d(input) and d(output)/d(weights) against central differences.
  if (grad !== false) {
    const g = { input: inputDtype === 'float32', weights: true, eps: 1e-2, tol: 1e-2, samples: 10, training: false, ...grad };
    const gl = make();
    const xv = xs.map((t) => new nm.Variable(t));
    gl.apply(list ? xv : xv[0]); // build
    const sources = [...(g.input ? xv : []), ...(g.weights ? gl.trainableWeights : [])];
    if (sources.length) {
      const worst = gradCheck(() => gl.apply(list ? xv : xv[0], { training: g.training }), sources, { eps: g.eps, samples: g.samples });
      assert.ok(worst < g.tol, `${who} gradient: worst relative error ${worst} ≥ ${g.tol}`);
    }
  }
}

function oneLayerModel(layer, shapes, dtype, list) {
  const inputs = shapes.map((s) => nm.Input({ shape: s.slice(1), dtype }));
  const out = layer.apply(list ? inputs : inputs[0]);
  return new nm.Model({ inputs: list ? inputs : inputs[0], outputs: out });
}

function relDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}
