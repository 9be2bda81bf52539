// The convolution and pooling kernels: a wasm module of their own (assembly/conv-index.ts), so
// the page entry, whose layers do not convolve, does not carry them. Loaded at import (top-level
// await) by the ops that use them (tensor/ops/conv.ts), over the same memory as the main kernels.
import packedConv from 'neurasm-wasm:conv-kernels.bin';
import type { ConvKernels } from '../generated/kernels.js';
import { loadKernelModule } from './wasm.js';
import { kernelModulesChanged } from './threads.js';

/** The convolution kernels of the active feature set: read it at call time, as K. */
export const convKernels = await loadKernelModule<ConvKernels>(packedConv);
kernelModulesChanged();
