import { dts } from 'rollup-plugin-dts';

export default {
  input: 'build/out/types/index.d.ts',
  output: { file: process.env.NEURASM_DTS_OUT ?? 'dist/neurasm.d.ts', format: 'es' },
  plugins: [dts()],
};
