// The full entry's layers namespace (neurasm): the page entry's families (index.ts) and the rest (more.ts).
export * from './index.js';
export * from './more.js';
