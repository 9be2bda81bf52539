// The second wasm module's exports: the convolution, pooling and recurrent-cell kernels. It is
// loaded with the layer families outside the page entry (sdk/engine/conv-kernels.ts), over the
// same memory; its static data sits at its own offset (build/kernels.js: --memoryBase), clear of
// the main module's.
export { im2col, col2im, conv2d_direct, conv2d_direct_weight_grad, pool2d, max_pool2d_backward, avg_pool_backward } from "./conv";
export { lstm_cell, lstm_cell_backward, gru_cell, gru_cell_backward } from "./recurrent";
