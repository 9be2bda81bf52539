// sdk/registry.ts: every kind's names in one registry. Lookups see registered names only (never
// an object's built-ins), one naming rule holds for every kind, unknown names get a did-you-mean,
// serialize → deserialize gives the same object back for each kind, and user-registered layers,
// losses and metrics survive a saved .keras file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../dist/neurasm.js';

const { registry, layers, losses, metrics, initializers, regularizers, constraints, optimizers } = nm;
const KINDS = ['layer', 'loss', 'metric', 'activation', 'initializer', 'regularizer', 'constraint', 'optimizer', 'schedule'];
const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const unknown = (f, what) => assert.throws(f, (e) => e instanceof nm.UnknownIdentifierError, what);
const json = (v) => JSON.parse(JSON.stringify(v));

test('own-property lookup: prototype keys are unknown names for every kind, by name and by class_name', () => {
  for (const kind of KINDS) {
    for (const name of PROTO) {
      unknown(() => registry.get(kind, name), `get('${kind}', '${name}')`);
      unknown(() => registry.deserialize(kind, { class_name: name, config: {} }), `deserialize('${kind}', ${name})`);
      assert.is(registry.has(kind, name), false, `has('${kind}', '${name}')`);
    }
  }
  // The public lookups are the registry's.
  for (const name of PROTO) {
    unknown(() => regularizers.getRegularizer(name), `regularizer ${name}`);
    unknown(() => constraints.getConstraint({ class_name: name, config: {} }), `constraint ${name}`);
    unknown(() => initializers.getInitializer({ class_name: name, config: {} }), `initializer class ${name}`);
    unknown(() => optimizers.optimizerFromConfig(name, {}), `optimizer class ${name}`);
  }
  // Nothing above reached Object.prototype.
  assert.is(Object.prototype.units, undefined);
  assert.equal(nm.exp(nm.tensor([0])).dataSync()[0], 1);
});

test('one naming rule for every kind: snake_case, camelCase and class names are one name', () => {
  const same = {
    loss: [['categorical_crossentropy', 'categoricalCrossentropy', 'CategoricalCrossentropy'], (l) => l.name],
    metric: [['binary_accuracy', 'binaryAccuracy', 'BinaryAccuracy'], (m) => m.className],
    activation: [['leaky_relu', 'leakyRelu', 'LeakyReLU'], (a) => a.name],
    initializer: [['glorot_uniform', 'glorotUniform', 'GlorotUniform'], (i) => i.className],
    regularizer: [['l1_l2', 'l1l2', 'L1L2'], (r) => r.className],
    constraint: [['max_norm', 'maxNorm', 'MaxNorm'], (c) => c.className],
    optimizer: [['rmsprop', 'RMSprop', 'rms_prop'], (o) => o.className],
    layer: [['Dense', 'dense'], (l) => l.className, { units: 2 }],
    schedule: [['ExponentialDecay', 'exponential_decay', 'exponentialDecay'], (s) => s.className, { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.5 }],
  };
  for (const [kind, [names, id, config = {}]] of Object.entries(same)) {
    const got = names.map((n) => id(registry.get(kind, n, config)));
    assert.equal(got, names.map(() => got[0]), `${kind}: ${names.join(' ≡ ')}`);
  }
  // ... and the public functions, which are thin wrappers over it.
  assert.is(losses.getLoss('KLDivergence').name, 'kl_divergence');
  assert.is(initializers.getInitializer('heNormal').className, 'HeNormal');
  assert.is(optimizers.getOptimizer('adamW').className, 'AdamW');
  assert.is(metrics.getMetric('rootMeanSquaredError', { yTrueShape: [null, 1], yPredShape: [null, 1] }).className, 'RootMeanSquaredError');
  assert.is(constraints.getConstraint({ class_name: 'non_neg', config: {} }).className, 'NonNeg');
  assert.is(nm.activations.getActivation('hardSigmoid').name, 'hard_sigmoid');
  assert.is(optimizers.optimizerFromConfig('adam', {}).className, 'Adam');
});

test('did-you-mean: an unknown name says what was meant and lists the valid names', () => {
  const cases = [
    ['loss', 'categorical_crossentropyy', 'categorical_crossentropy'], ['initializer', 'glorot_unifrom', 'glorot_uniform'],
    ['optimizer', 'adamm', 'Adam'], ['metric', 'precisoin', 'precision'], ['activation', 'relux', 'relu'],
    ['constraint', 'non_negative', 'non_neg'], ['layer', 'Dens', 'Dense'], ['schedule', 'CosineDecy', 'CosineDecay'],
  ];
  for (const [kind, typo, meant] of cases) {
    try {
      registry.get(kind, typo);
      assert.unreachable(`${kind} '${typo}'`);
    } catch (e) {
      assert.instance(e, nm.UnknownIdentifierError);
      assert.ok(e.suggestions.includes(meant), `${kind} '${typo}': ${e.message}`);
      assert.ok(e.message.includes(`Unknown `) && e.message.includes(`'${typo}'`) && e.message.includes(`Did you mean '${meant}'`), e.message);
    }
  }
  assert.throws(() => registry.get('loss', 42), (e) => e instanceof nm.ValueError && !(e instanceof nm.UnknownIdentifierError) && /loss name/.test(e.message));
  assert.throws(() => registry.get('gadget', 'x'), (e) => e instanceof nm.ValueError && /no kind 'gadget'/.test(e.message));
});

test('serialize → JSON → deserialize gives the same config back, for every kind', () => {
  const objects = {
    layer: new layers.Dense(3, { activation: 'tanh', useBias: false, kernelInitializer: 'heUniform', name: 'd' }),
    loss: new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1, reduction: 'sum' }),
    metric: new metrics.Precision({ thresholds: 0.3, topK: 2, name: 'p' }),
    initializer: new initializers.RandomNormal(0.5, 2, 7),
    regularizer: new regularizers.L1L2(0.1, 0.2),
    constraint: new constraints.MinMaxNorm(0.1, 2, 0.5, 1),
    optimizer: new optimizers.Adam({ learningRate: 0.01, beta1: 0.8, amsgrad: true, clipnorm: 1 }),
    schedule: new optimizers.CosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 5 }),
  };
  for (const [kind, obj] of Object.entries(objects)) {
    const s = json(nm.serialize(obj));
    assert.is(s.registered_name, null, `${kind}: a built-in has no registered_name`);
    // A metric is made by a factory, not a registered class: its module is not known.
    assert.is(s.module, kind === 'metric' ? null : `keras.${{ loss: 'losses', schedule: 'optimizers.schedules' }[kind] ?? `${kind}s`}`, kind);
    const back = registry.deserialize(kind, s);
    assert.is(Object.getPrototypeOf(back), Object.getPrototypeOf(obj), kind);
    assert.equal(json(nm.serialize(back)), s, kind);
  }
  // More metrics, and an optimizer whose learning rate is a schedule (its warm-up too).
  for (const m of [new metrics.BinaryAccuracy('b', 0.3), new metrics.AUC({ name: 'a', numThresholds: 50, curve: 'PR' }), new metrics.TopKCategoricalAccuracy(3, 't')]) {
    assert.equal(registry.deserialize('metric', json(nm.serialize(m))).getConfig(), m.getConfig(), m.className);
  }
  const sgd = new optimizers.SGD({ learningRate: objects.schedule, momentum: 0.5 });
  const back = optimizers.optimizerFromConfig('SGD', json(sgd.getConfig()));
  assert.equal(back.getConfig(), sgd.getConfig());
  assert.is(back.learningRate.call(2), objects.schedule.call(2));
  // Activations are Keras function references by name.
  assert.is(registry.deserialize('activation', 'swish').name, 'swish');
  assert.is(registry.deserialize('loss', null), null);
});

test('nothing in a config is evaluated: a Python lambda is refused for every kind, Lambda layers too', () => {
  for (const kind of KINDS) {
    assert.throws(() => registry.deserialize(kind, { class_name: '__lambda__', config: { value: 'print(1)' } }), (e) => e instanceof nm.ValueError && /never evaluates code/.test(e.message), kind);
  }
  assert.throws(() => registry.deserialize('layer', { class_name: 'Lambda', config: { name: 'l' } }), (e) => e instanceof nm.UnknownIdentifierError);
  assert.throws(() => nm.modelFromConfig({ class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Lambda', config: { name: 'l' } }] } }), /Refusing to load a Lambda layer/);
});

// The user's own objects: registered under explicit names (a minified bundle renames classes).
class Scale extends nm.Layer {
  static className = 'Scale';
  constructor(args = {}) { super(args); this.factor = args.factor ?? 2; }
  call(x) { return nm.mul(x, this.factor); }
  getConfig() { return { ...super.getConfig(), factor: this.factor }; }
}
nm.registerLayer(Scale);
const halfSquared = (yTrue, yPred) => nm.mul(nm.mean(nm.square(nm.sub(yPred, yTrue)), -1), 0.5);
registry.register('loss', 'half_squared_error', (c) => new losses.Loss(typeof c.name === 'string' ? c.name : 'half_squared_error', halfSquared));
const absMax = (yTrue, yPred) => nm.max(nm.abs(nm.sub(yPred, yTrue)), -1);
registry.register('metric', 'max_abs_error', (c) => new metrics.MeanMetricWrapper(c.name ?? 'max_abs_error', 'MaxAbsError', absMax), { aliases: ['mxae'] });

test('a user-registered object serializes with its registered_name and comes back', () => {
  const s = json(nm.serialize(new Scale({ factor: 3, name: 'sc' })));
  assert.is(s.class_name, 'Scale');
  assert.is(s.registered_name, 'Scale');
  assert.is(registry.deserialize('layer', s).factor, 3);
  // A Keras file names a custom class by 'package>Name'; class_name still finds it here.
  assert.is(registry.deserialize('layer', { ...s, registered_name: 'my_package>Scale' }).factor, 3);
  assert.is(metrics.getMetric('mxae', { yTrueShape: [null, 2], yPredShape: [null, 2] }).name, 'mxae');
});

test('a custom layer, loss and metric round-trip through a saved .keras file', async () => {
  nm.setSeed(3);
  const model = new nm.Sequential([nm.Input({ shape: [3] }), new layers.Dense(2, { name: 'd' }), new Scale({ factor: 0.5, name: 'sc' })]);
  model.compile({ optimizer: 'adam', loss: 'halfSquaredError', metrics: ['max_abs_error', 'mae'] });
  const x = nm.tensor([[1, 2, 3], [0, -1, 2], [3, 1, 0], [1, 1, 1]]), y = nm.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]);
  await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
  const file = (await model.toFiles('keras'))['model.keras']; // the bytes model.save('x.keras') writes
  const back = await nm.loadModel(file);
  assert.equal(back.layers.map((l) => l.className), ['Dense', 'Scale']);
  assert.is(back.layers[1].factor, 0.5);
  assert.equal(Array.from(back.predict(x).dataSync()), Array.from(model.predict(x).dataSync()));
  const want = await model.evaluate(x, y, { returnDict: true, verbose: 0 });
  const got = await back.evaluate(x, y, { returnDict: true, verbose: 0 });
  assert.equal(Object.keys(got), Object.keys(want));
  assert.ok('max_abs_error' in got, JSON.stringify(got));
  for (const k of Object.keys(want)) assert.ok(Math.abs(got[k] - want[k]) < 1e-6, `${k}: ${got[k]} vs ${want[k]}`);
  // The reloaded optimizer state continues the same training.
  await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
  await back.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
  assert.equal(Array.from(back.predict(x).dataSync()), Array.from(model.predict(x).dataSync()));
});

test.run();
