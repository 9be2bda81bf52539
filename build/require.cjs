// require('neurasm') lands here (package.json "exports" → "require"). neurasm is an ES module
// only: it instantiates its WebAssembly kernels with a top-level await, which require() cannot
// wait for. Say so, and how to load it instead.
'use strict';
const err = new Error(
  "neurasm is an ES module only and cannot be loaded with require(). Use `import * as nm from 'neurasm'` " +
  "in an ES module (a .mjs file, or \"type\": \"module\" in package.json), or `const nm = await import('neurasm')` from CommonJS.");
err.code = 'ERR_REQUIRE_ESM';
throw err;
