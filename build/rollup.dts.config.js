// The types: one .d.ts from tsc's declarations of an entry (NEURASM_DTS_IN, default the full
// entry) into NEURASM_DTS_OUT. build/build.js runs it for sdk/index.ts (dist/neurasm.d.ts) and
// for sdk/core.ts, whose export list becomes dist/neurasm-core.d.ts (re-exports of neurasm.d.ts).
import { dts } from 'rollup-plugin-dts';

export default {
  input: process.env.NEURASM_DTS_IN ?? 'build/out/types/index.d.ts',
  output: { file: process.env.NEURASM_DTS_OUT ?? 'dist/neurasm.d.ts', format: 'es' },
  plugins: [dts()],
};
