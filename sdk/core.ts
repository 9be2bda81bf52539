// neurasm/core (dist/neurasm-core.js): what a program needs to train and predict — tensors and
// ops, layers, models (compile, fit, evaluate, predict, summary, save and load), losses, metrics,
// optimizers, callbacks (with TensorBoard's summary writer). The entry a web page imports (its .min.js twin is the page-download
// budget, see ARCHITECTURE.md "Bundle"); sdk/index.ts (neurasm) is this plus the extras.
export {
  Tensor, tidy, keep, dispose, memory, isTensor,
  type DType, type Shape, type NestedArray, type TypedArray, type MemoryInfo,
} from './tensor/tensor.js';
export * from './tensor/ops/index.js';
export { SparseTensor, type SparseCOO, type SparseCSR } from './tensor/sparse-tensor.js';
export { Variable, variable, type VariableOptions } from './tensor/variable.js';
export { GradientTape, grad, grads, valueAndGrad, valueAndGrads, type GradientTapeOptions } from './tensor/tape.js';
export { setSeed } from './tensor/random.js';
export { setPrintOptions, getPrintOptions, type PrintOptions } from './tensor/format.js';
export { setBackendFlags, getBackend, type BackendFlags, type BackendInfo } from './engine/wasm.js';
export { setNumThreads, getNumThreads, threadsSupported } from './engine/threads.js';
export {
  NeurasmError, ShapeError, DTypeError, ValueError, UnknownIdentifierError, StateError, ResourceError, FormatError,
} from './errors.js';

// Internals for the SDK's own layers and for tests: tracing, planning, raw backprop. Left out of
// the .d.ts (stripInternal): not part of the typed API.
import { trace, Graph } from './tensor/graph.js';
import { Plan } from './tensor/plan.js';
import { backprop } from './tensor/tape.js';
import { runOp, run1 } from './tensor/op.js';
import { storageInternals } from './tensor/storage.js';
import { partition } from './tensor/ops/partition.js';
import { poolStats, poolTuning } from './engine/threads.js';
import { setSparseInputMode, sparseStats, sparseMaxDensity, weightGradSpec as sparseWeightGradSpec } from './tensor/ops/sparse-input.js';
/** @internal */
export const internal = { trace, Graph, Plan, backprop, runOp, run1, storage: storageInternals, partition, poolStats, poolTuning, setSparseInputMode, sparseStats, sparseMaxDensity, sparseWeightGradSpec };

// The Keras model API.
export * as layers from './layers/index.js';
export { Input, Layer, SymbolicTensor, type LayerArgs, type ShapeSpec } from './layers/index.js';
export { Model, type ModelArgs, type EvaluateResult, type PredictResult, type SymbolicTensors } from './models/functional.js';
export { Sequential, type SequentialArgs } from './models/sequential.js';
export type { CompileArgs, FitArgs, EvaluateArgs, PredictArgs, MetricsArg } from './models/training/index.js';
// The identifiers compile() and the layers take: Keras names (completed by editors) or objects.
export type { LossName, LossIdentifier } from './losses.js';
export type { MetricName, MetricIdentifier } from './metrics.js';
export type { OptimizerName, OptimizerIdentifier } from './optimizers/index.js';
export type { ActivationName, ActivationIdentifier } from './activations.js';
export type { InitializerName, InitializerIdentifier } from './initializers.js';
export type { RegularizerName, RegularizerIdentifier } from './regularizers.js';
export type { ConstraintName, ConstraintIdentifier } from './constraints.js';
export type { ModelData, ArrayData } from './models/data.js';
export * as callbacks from './callbacks.js';
export { Callback, History, EarlyStopping, TerminateOnNaN, ReduceLROnPlateau, LearningRateScheduler, LambdaCallback, CSVLogger, ModelCheckpoint, ProgbarLogger, TensorBoard, type Logs } from './callbacks.js';
// The TensorBoard callback's writer, as tf.summary (the sinks a browser passes to the callback).
export * as summary from './tensorboard/index.js';
export * as initializers from './initializers.js';
export * as regularizers from './regularizers.js';
export * as constraints from './constraints.js';
export { modelFromConfig, type ModelConfig } from './models/config.js';
export * as losses from './losses.js';
export * as metrics from './metrics.js';
export * as optimizers from './optimizers/index.js';
export * as activations from './activations.js';

// Saving and loading: sdk/io/ (dist/neurasm-io.js), imported on first use (see models/io-hook.ts).
export { loadModel } from './models/config.js';
export type { Format, LoadModelOptions, SaveOptions } from './io/index.js';
export type { Source, Files } from './io/handlers.js';
import { setIOLoader } from './models/io-hook.js';
// The bundler splits this import into dist/neurasm-io.js (shared code in shared chunks).
setIOLoader(async () => (await import('./io/index.js')).api);
export { registerLayer } from './layers/layer.js';
// Every kind's names and Keras's {class_name, config} form: register, get, serialize, deserialize.
export * as registry from './registry.js';
import { endBuiltins } from './registry.js';
// Registrations after this line are the user's (serialized with a registered_name).
endBuiltins();
