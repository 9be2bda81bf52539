// neurasm/core (dist/neurasm-core.js), the entry a web page imports: what a program needs to
// train and predict dense models — tensors and ops, the layers of dense models (layers/index.ts),
// models (compile, fit, evaluate, predict, summary, save and load), losses, metrics, optimizers,
// the callbacks that steer training. The other layer families with their convolution ops and
// kernels, and the callbacks that write files (CSVLogger, ModelCheckpoint, TensorBoard), are in
// the full entry (sdk/index.ts, neurasm): this plus them and the extras. loadModel loads any
// layer by itself. Its .min.js twin is the page-download budget (ARCHITECTURE.md "Bundle").
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
import { poolStats, poolTuning } from './engine/threads.js';
import { setSparseInputMode, sparseStats, sparseMaxDensity, weightGradSpec as sparseWeightGradSpec } from './tensor/ops/sparse-input.js';
/** @internal */
export const internal = { trace, Graph, Plan, backprop, runOp, run1, storage: storageInternals, poolStats, poolTuning, setSparseInputMode, sparseStats, sparseMaxDensity, sparseWeightGradSpec };

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
export { Callback, History, EarlyStopping, TerminateOnNaN, ReduceLROnPlateau, LearningRateScheduler, LambdaCallback, ProgbarLogger, type Logs } from './callbacks.js';
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
import { endBuiltins, registerElsewhere } from './registry.js';
import { MORE_LAYER_NAMES } from './layers/more-names.js';
// The layer families this entry leaves out (layers/more.ts) are known by name.
registerElsewhere('layer', MORE_LAYER_NAMES, "is in neurasm's full entry, not neurasm/core: import { layers } from 'neurasm' (loadModel() loads it by itself).");
// Registrations after this line are the user's (serialized with a registered_name).
endBuiltins();
