// `node --import ./test/helpers/src-loader.js …`: the tests' imports of dist/neurasm.js (and -core, -io) load the
// quick build of sdk/*.ts (build/out/dev/) instead; see src-hooks.js and test/run-node.js --src.
import { register } from 'node:module';

register('./src-hooks.js', import.meta.url);
