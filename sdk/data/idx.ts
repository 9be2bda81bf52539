// IDX files (the MNIST format) and the shape of the data sets loadData() returns.
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from '../tensor/ops/creation.js';

export type Split = [Tensor, Tensor];
export type Dataset = [Split, Split];

/** Parse an IDX file (the MNIST format): magic 0x0803 images / 0x0801 labels, big-endian dims. */
export function parseIdx(bytes: Uint8Array, what = 'IDX file'): Tensor {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08) {
    throw new ValueError(`${what}: not an unsigned-byte IDX file (bad magic number).`);
  }
  const rank = bytes[3];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(dv.getUint32(4 + 4 * i, false));
  const start = 4 + 4 * rank;
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.length < start + size) throw new ValueError(`${what}: truncated (${bytes.length - start} of ${size} bytes).`);
  return fromValues(bytes.subarray(start, start + size), shape, 'uint8');
}
