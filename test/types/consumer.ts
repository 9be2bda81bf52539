// A TypeScript user's Keras-style program, with no casts. test/node/types.test.js type-checks it
// with tsc --strict against the built dist/neurasm.d.ts, test/node/pack.test.js against the
// installed tarball. Each `@ts-expect-error` line must NOT type-check (tsc fails on an unused
// one), so the types are neither `any` nor too loose.
import * as nm from 'neurasm';
import { Input, Model, Sequential, layers, tensor, type Tensor, type Logs } from 'neurasm';

const x = tensor([[0, 0, 1, 1], [1, 1, 0, 0], [0, 1, 0, 1]]);
const y = tensor([[1, 0], [0, 1], [1, 0]]);

// ---- Sequential: one output, so predict() is one Tensor.
// The Keras form with Input() first, and every identifier as Keras spells it.
const model = new Sequential([
  Input({ shape: [4] }),
  new layers.Dense(8, { activation: 'relu', kernelInitializer: 'he_normal', kernelRegularizer: 'l2', kernelConstraint: 'max_norm' }),
  new layers.Dropout(0.5),
  new layers.Dense(2, { activation: 'softmax' }),
]);
model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
const history = await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
export const lastLoss: number = history.history.loss[history.history.loss.length - 1];
export const probabilities: Tensor = model.predict(x);
export const classes: Tensor = model.predict(x).argMax(1);
export const rows: number = model.predictOnBatch(x).shape[0];
export const stack = new Sequential({ layers: [Input({ shape: [4] }), new layers.Dense(1)], name: 'tfjs_form' });
export const another = new Sequential();
another.add(Input({ shape: [4] }));
another.add(new layers.Dense(3, { activation: 'tanh' }));
// A layer of another library's making is not a layer.
// @ts-expect-error Sequential takes layers (or Input()'s tensor), not numbers
export const notLayers = new Sequential([4, 2]);

// ---- evaluate(): the Logs by name with returnDict; else the loss or [loss, ...metrics].
const logs: Logs = await model.evaluate(x, y, { verbose: 0, returnDict: true });
export const accuracy: number = logs.accuracy;
const { loss: dictLoss } = await model.evaluate(x, y, { returnDict: true });
export const roundedLoss: string = dictLoss.toFixed(4);
const result = await model.evaluate(x, y, { verbose: 0 });
// Which of the two comes depends on compile() (metrics or none), so it is narrowed, not cast.
export const testAccuracy: number = Array.isArray(result) ? result[1] : Number.NaN;
export const sync: number | number[] = model.evaluateSync(x, y);
export const batchLogs: Logs = model.testOnBatch(x, y, { returnDict: true });
export const trained: number | number[] = model.trainOnBatch(x, y);
// @ts-expect-error with returnDict evaluate() resolves to Logs, not a number
export const notANumber: number = await model.evaluate(x, y, { returnDict: true });
// @ts-expect-error without returnDict it resolves to the loss or a list, not Logs
export const notLogs: Logs = await model.evaluate(x, y);
// @ts-expect-error testOnBatch with returnDict is Logs, not a list
export const notAList: number[] = model.testOnBatch(x, y, { returnDict: true });

// ---- Functional models: predict() follows the outputs given.
const inputs = Input({ shape: [4] });
const hidden = new layers.Dense(8, { activation: 'relu' }).apply(inputs);
const out = new layers.Dense(2, { activation: 'softmax' }).apply(hidden);
const single = new Model({ inputs, outputs: out, name: 'single' });
export const singlePrediction: Tensor = single.predict(x);
const positional = new Model(inputs, out);
export const positionalPrediction: Tensor = positional.predict(x);
const headA = new layers.Dense(1, { activation: 'sigmoid' }).apply(hidden);
const headB = new layers.Dense(3, { activation: 'softmax' }).apply(hidden);
const twoHeads = new Model({ inputs, outputs: [headA, headB] });
const [predA, predB] = twoHeads.predict(x);
export const predictions: Tensor[] = [predA, predB];
export const listOfOne: Tensor[] = new Model({ inputs, outputs: [headA] }).predict(x);
// @ts-expect-error a model with a list of outputs predicts a list, not one Tensor
export const notOneTensor: Tensor = twoHeads.predict(x);
// @ts-expect-error a single-output model predicts one Tensor, not a list
export const notAListOfTensors: Tensor[] = single.predict(x);
// Merge layers give one symbolic tensor, which the next layer takes.
const merged = new layers.Concatenate().apply([headA, headB]);
const mergedModel = new Model({ inputs, outputs: new layers.Dense(1).apply(merged) });
export const mergedPrediction: Tensor = mergedModel.predict(x);
// Layers and models are callable, as in Keras, with apply()'s types.
const called = new layers.Dense(4, { activation: 'relu' })(inputs);
const calledMerge = new layers.Add()([called, new layers.Dense(4)(inputs)]);
export const calledModel: Tensor = new Model({ inputs, outputs: new layers.Dense(1)(calledMerge) }).predict(x);
export const calledTensor: nm.SymbolicTensor = single(Input({ shape: [4] }));
// A model is a layer: nested in a Sequential, applied to a symbolic tensor.
export const nested: Tensor = new Sequential([Input({ shape: [4] }), single, new layers.Dense(1)]).predict(x);
export const applied: nm.SymbolicTensor = single.apply(Input({ shape: [4] }));
// A loaded model's outputs are not known before it loads.
export async function load(path: string): Promise<Tensor | Tensor[]> { return (await nm.loadModel(path)).predict(x); }

// ---- Identifiers: Keras's names are in the unions (editors complete them), other strings pass.
export const losses: nm.LossIdentifier[] = ['mse', 'sparse_categorical_crossentropy', 'categoricalCrossentropy', 'registered_elsewhere', new nm.losses.Huber()];
export const optimizers: nm.OptimizerIdentifier[] = ['adam', 'sgd', 'RMSprop', new nm.optimizers.SGD({ learningRate: 0.1 })];
export const metrics: nm.MetricIdentifier[] = ['accuracy', 'mae', 'precision', 'top_k_categorical_accuracy'];
export const activations: nm.ActivationIdentifier[] = ['relu', 'softmax', 'leakyRelu', (t: Tensor) => t.abs()];
export const initializers: nm.InitializerIdentifier[] = ['glorot_uniform', 'he_normal', 'GlorotUniform'];
export const regularizers: nm.RegularizerIdentifier[] = ['l1', 'l2', 'l1_l2', nm.regularizers.l2(0.001)];
export const constraints: nm.ConstraintIdentifier[] = ['max_norm', 'non_neg', nm.constraints.maxNorm(3)];
// The literal names survive in each union (a plain `string` would make these `never`).
export const lossName: Extract<nm.LossIdentifier, 'binary_crossentropy'> = 'binary_crossentropy';
export const optimizerName: Extract<nm.OptimizerIdentifier, 'adam'> = 'adam';
export const metricName: Extract<nm.MetricIdentifier, 'accuracy'> = 'accuracy';
export const activationName: Extract<nm.ActivationIdentifier, 'relu'> = 'relu';
export const initializerName: Extract<nm.InitializerIdentifier, 'he_normal'> = 'he_normal';
export const regularizerName: Extract<nm.RegularizerIdentifier, 'l2'> = 'l2';
export const constraintName: Extract<nm.ConstraintIdentifier, 'max_norm'> = 'max_norm';
// @ts-expect-error LossName holds Keras's own names only (camelCase is accepted by LossIdentifier)
export const notKerasName: nm.LossName = 'categoricalCrossentropy';
// @ts-expect-error an identifier is a name or an object, not a number
model.compile({ optimizer: 'adam', loss: 42 });

// ---- Internals are not part of the typed API.
// @ts-expect-error the training state is internal
export const trainer = model.trainer;
// @ts-expect-error the tracing and planning internals are not typed exports
export const internals = nm.internal;

// ---- A callback's this.model is the whole Model, as Keras's self.model is.
class PredictEachEpoch extends nm.callbacks.Callback {
  seen: Tensor[] = [];
  override onEpochEnd(_epoch: number): void {
    if (this.model) this.seen.push(this.model.predict(x) as Tensor);
    const stop: boolean = this.model?.stopTraining ?? false;
    void stop;
  }
}
await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [new PredictEachEpoch()] });
