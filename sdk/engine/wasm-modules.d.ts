// The build inlines the two kernel artifacts as byte arrays (see build/build.js).
declare module 'neurasm-wasm:*' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
