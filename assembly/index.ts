// The main wasm module's exports: every kernel the SDK calls but the convolution and pooling
// ones, which are a module of their own (conv-index.ts) that travels with the layers using them.
export { act_forward, act_backward } from "./activations";
export { unary, clip, affine, fill, fill_i32, binary, binary_flat, copy_strided, cast, gather, scatter_add, one_hot, where } from "./elementwise";
export { reduce, arg_reduce } from "./reduce";
export { softmax, log_softmax, softmax_backward, log_softmax_backward, sparse_xent_probs } from "./nn";
export { gemm, gemm_scratch_bytes, epilogue, col_sum } from "./gemm";
export { random_uniform, random_normal, dropout_mask } from "./random";
export { sgd, sgd_momentum, rmsprop, adam, weight_decay, adagrad, adadelta, adamax, nadam } from "./optim";
export { csr_build, csr_matmul, csr_transpose, csr_rows } from "./sparse";
